// aggregation-layer-off: the API server cannot proxy to metrics-server (no requestheader CA, authenticator errors).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AUTH_CONFIG, baseState, LOG, MANIFEST_ARGS, run, withLogs } from './fixtures';

test('aggregation layer: the missing requestheader CA and authenticator errors in the logs', () => {
  const { ['requestheader-client-ca-file']: _dropped, ...noCa } = AUTH_CONFIG;
  const [f] = run(withLogs([LOG.clusterNoRequestHeader, LOG.authX509], MANIFEST_ARGS, { authConfig: noCa }), 'aggregation-layer-off');
  assert.equal(f.severity, 'error');
  assert.match(f.evidence[0], /has no requestheader-client-ca-file/);
  assert.ok(f.evidence.includes(LOG.authX509));
  assert.ok(f.evidence.includes(LOG.clusterNoRequestHeader));
  assert.match(f.explanation, /--requestheader-client-ca-file/);
  // The authenticator's x509 error is not mistaken for a kubelet TLS problem.
  assert.deepEqual(run(withLogs([LOG.authX509]), 'metrics-server-kubelet-tls'), []);
  // Unreadable ConfigMap (forbidden): no claim about it.
  assert.deepEqual(run(baseState({ authConfig: undefined }), 'aggregation-layer-off'), []);
  // ConfigMap without the CA and no metrics API registered: a warning (nothing uses it yet).
  assert.equal(run(baseState({ authConfig: noCa, apiService: null }), 'aggregation-layer-off')[0].severity, 'warning');
});

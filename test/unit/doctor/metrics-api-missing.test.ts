// metrics-api-missing: no v1beta1.metrics.k8s.io APIService at all (not merely unreadable).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseState, repairIds, run } from './fixtures';

test('metrics API missing only when the APIService is really absent (not when it could not be read)', () => {
  const missing = baseState({
    apiService: null,
    apiServiceNotFound: 'apiservices.apiregistration.k8s.io "v1beta1.metrics.k8s.io" not found',
    metricsServer: { namespace: 'kube-system', deployment: null, replicaSets: [], pods: [], logs: [] },
  });
  const [f] = run(missing, 'metrics-api-missing');
  assert.deepEqual(f.evidence, ['apiservices.apiregistration.k8s.io "v1beta1.metrics.k8s.io" not found']);
  assert.deepEqual(repairIds(f), ['install-metrics-server']);
  assert.match(f.explanation, /No metrics-server Deployment was found/);
  assert.deepEqual(run(baseState({ apiService: undefined }), 'metrics-api-missing'), []);
});

// findingsOf as a whole: a healthy cluster has no findings, findings come sorted by severity, malformed
// objects never crash the doctor, and secure repairs come before insecure ones in every finding.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingsOf } from '../../src/core/doctor/diagnose';
import { baseState, LOG, node, run, withLogs } from './doctor/fixtures';

test('a healthy state has no findings', () => {
  assert.deepEqual(run(baseState({ metricsServer: { ...baseState().metricsServer!, logs: [{ pod: 'ms', container: 'metrics-server', lines: [LOG.serving] }] } })), []);
});

test('findings are sorted by severity and a malformed object never crashes the doctor', () => {
  const s = withLogs([LOG.noSuchHost('ksd-node-1')], ['--kubelet-preferred-address-types=Hostname'], {
    kubectl: { path: 'kubectl', major: 1, minor: 15, gitVersion: 'v1.15.0', raw: 'x' },
    hpas: [{} as never, { metadata: { name: 'weird' }, status: { conditions: [{ type: 'ScalingActive', status: 'False' }] } } as never],
    pendingPods: [{ status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] } } as never],
    scaledObjects: [{ metadata: {}, spec: {} } as never],
  });
  const fs = findingsOf(s);
  const order = { error: 0, warning: 1, info: 2 };
  assert.ok(
    fs.every((f, i) => i === 0 || order[fs[i - 1].severity] <= order[f.severity]),
    fs.map((f) => f.severity).join(),
  );
  assert.ok(fs.some((f) => f.id === 'metrics-server-node-dns'));
  assert.ok(fs.some((f) => f.id === 'kubectl-too-old'));
});

test('secure repairs come before insecure ones, and every repair is a known offer', () => {
  const s = withLogs([LOG.validFor('n1', '10.0.0.1', 'n1')], ['--kubelet-preferred-address-types=Hostname'], { nodes: [node('n1', '10.0.0.1')] });
  for (const f of findingsOf(s)) {
    const flags = f.repairs.map((r) => !!r.insecure);
    assert.deepEqual(
      flags,
      [...flags].sort((a, b) => Number(a) - Number(b)),
      f.id,
    );
    for (const r of f.repairs) assert.ok(r.title.length > 10, r.id);
  }
});

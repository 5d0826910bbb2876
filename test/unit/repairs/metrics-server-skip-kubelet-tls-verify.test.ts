// metrics-server-skip-kubelet-tls-verify (sets --kubelet-insecure-tls) against the fake API server:
// where the flag goes, already set, its warning, finding metrics-server by label.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planRepair } from '../../../src/core/doctor/repairs/index';
import { objects, kc, MS_PATH, metricsServer, tls, container, useFakeApiServer } from './helpers';

useFakeApiServer();

describe('metrics-server-skip-kubelet-tls-verify', () => {
  test('command without the flag and no args: appended to command', async () => {
    metricsServer({ command: ['/metrics-server', '--cert-dir=/tmp'] });
    const plan = await planRepair(kc, tls, 'metrics-server-skip-kubelet-tls-verify');
    assert.deepEqual(container(plan.changes[0].after).command, ['/metrics-server', '--cert-dir=/tmp', '--kubelet-insecure-tls']);
  });

  test('no args and no command: an args list is created', async () => {
    metricsServer({});
    const plan = await planRepair(kc, tls, 'metrics-server-skip-kubelet-tls-verify');
    assert.deepEqual(container(plan.changes[0].after).args, ['--kubelet-insecure-tls']);
  });

  test('flag already set: no change, and says so', async () => {
    metricsServer({ args: ['--kubelet-insecure-tls', '--cert-dir=/tmp'] });
    const plan = await planRepair(kc, tls, 'metrics-server-skip-kubelet-tls-verify');
    assert.equal(plan.changes.length, 0);
    assert.ok(
      plan.warnings.some((w) => /already runs metrics-server with --kubelet-insecure-tls/.test(w)),
      plan.warnings.join('\n'),
    );
  });

  test('insecure repair carries the warning with the secure alternative', async () => {
    metricsServer({ args: ['--cert-dir=/tmp'] });
    const plan = await planRepair(kc, tls, 'metrics-server-skip-kubelet-tls-verify');
    assert.ok(plan.warnings.some((w) => /serverTLSBootstrap/.test(w) && /kubelet-serving/.test(w)));
  });

  test('finds metrics-server by label in another namespace when kube-system has none', async () => {
    const d = metricsServer({ args: [] }, { name: 'ms', namespace: 'monitoring', labels: { 'k8s-app': 'metrics-server' } });
    objects.delete(MS_PATH);
    objects.set('/apis/apps/v1/namespaces/monitoring/deployments/ms', d);
    // The fake lists cluster-wide deployments from this path.
    objects.set('/apis/apps/v1/deployments/ms', d);
    const plan = await planRepair(kc, tls, 'metrics-server-skip-kubelet-tls-verify');
    assert.deepEqual(plan.changes[0].object, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'ms', namespace: 'monitoring' });
  });
});

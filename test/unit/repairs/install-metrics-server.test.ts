// install-metrics-server against the fake API server: the bundled manifest chosen by cluster version,
// existing objects kept, rollback of a failed install.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyPlan, unifiedDiff } from '../../../src/core/doctor/apply';
import { planRepair, RepairRefusedError } from '../../../src/core/doctor/repairs/index';
import { bundledObjects, manifestFor, parseKubeVersion } from '../../../src/core/doctor/repairs/install-metrics-server';
import { fake, objects, kc, finding, useFakeApiServer } from './helpers';

useFakeApiServer();

describe('install-metrics-server', () => {
  const missing = finding('metrics-api-missing');
  test('bundled manifest matched to the cluster version (v0.7.2 for 1.19+), older clusters refused', async () => {
    assert.deepEqual(parseKubeVersion({ gitVersion: 'v1.29.4-eks-abc' }), [1, 29]);
    assert.deepEqual(parseKubeVersion({ major: '1', minor: '27+' }), [1, 27]);
    assert.equal(manifestFor([1, 33])?.version, 'v0.7.2');
    assert.equal(manifestFor([1, 19])?.version, 'v0.7.2');
    assert.equal(manifestFor([1, 18]), undefined);
    fake.version = { major: '1', minor: '18', gitVersion: 'v1.18.20' };
    await assert.rejects(
      planRepair(kc, missing, 'install-metrics-server'),
      (e: Error) => e instanceof RepairRefusedError && /1\.18/.test(e.message) && /1\.19/.test(e.message) && /Install metrics-server v0\.5\.2 by hand/.test(e.message) && !/livez/.test(e.message),
    );
    // Article 001's kubeadm 1.12: v0.5.2 with the flag its README asks for below 1.16; before 1.8 no release fits.
    fake.version = { major: '1', minor: '12', gitVersion: 'v1.12.3' };
    await assert.rejects(planRepair(kc, missing, 'install-metrics-server'), (e: Error) => /v0\.5\.2 by hand .*--authorization-always-allow-paths=\/livez,\/readyz/.test(e.message));
    fake.version = { major: '1', minor: '7', gitVersion: 'v1.7.16' };
    await assert.rejects(planRepair(kc, missing, 'install-metrics-server'), (e: Error) => /No metrics-server release supports it/.test(e.message));
  });

  test('plans a create for every object of the release manifest; existing ones are kept', async () => {
    const objs = bundledObjects('metrics-server-v0.7.2.yaml');
    assert.deepEqual(
      objs.map((o) => o.kind),
      ['ServiceAccount', 'ClusterRole', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ClusterRoleBinding', 'Service', 'Deployment', 'APIService'],
    );
    objects.set('/api/v1/namespaces/kube-system/serviceaccounts/metrics-server', { kind: 'ServiceAccount', metadata: { name: 'metrics-server', namespace: 'kube-system' } });
    const plan = await planRepair(kc, missing, 'install-metrics-server');
    assert.equal(plan.changes.length, 8);
    assert.ok(plan.changes.every((c) => c.action === 'create' && c.before === '' && c.resourceVersion === ''));
    assert.ok(plan.warnings.some((w) => /ServiceAccount kube-system\/metrics-server/.test(w)));
    assert.match(plan.title, /v0\.7\.2 for Kubernetes 1\.33/);
    assert.ok(!plan.warnings.some((w) => /1\.27\+/.test(w)));
    fake.version = { major: '1', minor: '24', gitVersion: 'v1.24.17' };
    const old = await planRepair(kc, missing, 'install-metrics-server');
    assert.ok(
      old.warnings.some((w) => /0\.6\.x/.test(w) && /1\.24/.test(w)),
      old.warnings.join('\n'),
    );
    assert.match(unifiedDiff(plan), /^--- \/dev\/null\n\+\+\+ b\/ClusterRole\/system:aggregated-metrics-reader\n@@ -0,0 \+1,/);
  });

  test('a failed create rolls back what the install already created', async () => {
    const plan = await planRepair(kc, missing, 'install-metrics-server');
    fake.failCreate = true;
    await assert.rejects(applyPlan(kc, plan), /APIService is invalid/);
    assert.deepEqual([...objects.keys()], []);
  });
});

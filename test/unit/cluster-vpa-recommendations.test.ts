// VPA recommendations on pod rows: the amounts read from a VPA's status, which container gets which, and which VPA
// events change rows (the session redoes a workload's pods only when target, mode or recommendation changed).
// The real recommender writing them, read by a real session: test/cluster/vpa.test.mjs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as k8s from '@kubernetes/client-node';
import type { VerticalPodAutoscaler } from '../../src/core/cluster/objects';
import { containerRecommendation, podRow } from '../../src/core/cluster/rows';
import { VpaIndex } from '../../src/core/cluster/vpas';

const vpa = (name: string, target: string, extra: Partial<VerticalPodAutoscaler> = {}): VerticalPodAutoscaler => ({
  metadata: { name, namespace: 'shop' },
  spec: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target } },
  status: {
    recommendation: {
      containerRecommendations: [{ containerName: 'web', target: { cpu: '587m', memory: '262144k' }, lowerBound: { cpu: '25m', memory: '262144k' }, upperBound: { cpu: '2', memory: '1Gi' } }],
    },
  },
  ...extra,
});

const pod: k8s.V1Pod = {
  metadata: { name: 'web-1', namespace: 'shop' },
  spec: {
    containers: [
      { name: 'web', resources: { requests: { cpu: '250m', memory: '128Mi' } } },
      { name: 'proxy', resources: { requests: { cpu: '50m' } } },
    ],
  },
  status: { phase: 'Running' },
};

test('the recommendation goes beside the requests of the container it names, in millicores and bytes; other containers get none', () => {
  const row = podRow(pod, { workload: { kind: 'Deployment', name: 'web' }, vpa: vpa('web', 'web') });
  const [web, proxy] = row.containers;
  assert.deepEqual(web.request, { cpuMilli: 250, memoryBytes: 128 * 2 ** 20 });
  assert.deepEqual(web.recommendation, {
    vpa: 'web',
    updateMode: 'Recreate',
    target: { cpuMilli: 587, memoryBytes: 262_144_000 },
    lowerBound: { cpuMilli: 25, memoryBytes: 262_144_000 },
    upperBound: { cpuMilli: 2000, memoryBytes: 2 ** 30 },
  });
  assert.equal(proxy.recommendation, undefined);
  assert.equal(podRow(pod, { workload: { kind: 'Deployment', name: 'web' } }).containers[0].recommendation, undefined, 'no VPA: no recommendation');
});

test('a VPA without a recommendation yet, or with a malformed quantity, gives no invented amount', () => {
  assert.equal(containerRecommendation({ ...vpa('web', 'web'), status: {} }, 'web'), undefined);
  const odd = vpa('web', 'web', { spec: { targetRef: { kind: 'Deployment', name: 'web' }, updatePolicy: { updateMode: 'Off' } } });
  odd.status!.recommendation!.containerRecommendations![0].target = { cpu: 'lots' as string, memory: '1Gi' };
  assert.deepEqual(containerRecommendation(odd, 'web'), {
    vpa: 'web',
    updateMode: 'Off',
    target: { memoryBytes: 2 ** 30 },
    lowerBound: { cpuMilli: 25, memoryBytes: 262_144_000 },
    upperBound: { cpuMilli: 2000, memoryBytes: 2 ** 30 },
  });
});

test('VpaIndex: a workload finds its VPA; only changes to target, mode or recommendation report the workloads to redo', () => {
  const index = new VpaIndex();
  assert.deepEqual(index.set(vpa('web', 'web')), ['shop/Deployment/web']);
  assert.equal(index.forWorkload('shop', 'Deployment', 'web')?.metadata?.name, 'web');
  assert.equal(index.forWorkload('shop', 'Deployment', 'api'), undefined);
  // A status write that changes nothing shown (a new resourceVersion, a condition's time): no row to redo.
  const same = vpa('web', 'web');
  same.metadata!.resourceVersion = '2';
  same.status!.conditions = [{ type: 'RecommendationProvided', status: 'True' }];
  assert.deepEqual(index.set(same), []);
  const moved = vpa('web', 'web');
  moved.status!.recommendation!.containerRecommendations![0].target = { cpu: '600m', memory: '262144k' };
  assert.deepEqual(index.set(moved), ['shop/Deployment/web']);
  // Retargeted: both workloads' pods change.
  assert.deepEqual(index.set(vpa('web', 'api')), ['shop/Deployment/web', 'shop/Deployment/api']);
  assert.equal(index.forWorkload('shop', 'Deployment', 'web'), undefined);
  // Two VPAs on one workload: the first by name, whichever came first.
  index.set(vpa('b-web', 'api'));
  assert.equal(index.forWorkload('shop', 'Deployment', 'api')?.metadata?.name, 'b-web');
  assert.deepEqual(index.delete(vpa('b-web', 'api')), ['shop/Deployment/api']);
  assert.equal(index.forWorkload('shop', 'Deployment', 'api')?.metadata?.name, 'web');
  assert.deepEqual(index.delete(vpa('gone', 'api')), [], 'deleting a VPA never seen changes nothing');
});

// The request values the extension sends the language server (kubeScalingDoctor/liveRequests): the VPA target where a
// workload's VPA recommends one, else p95 of the usage samples of each container, one sample per metrics read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PodRow, Snapshot } from '../../src/core/cluster/types';
import { MAX_SAMPLES, MIN_SAMPLES, UsageRequests } from '../../src/extension/live/usageRequests';

const info = { context: 'kwok', cluster: 'kwok', server: 'https://127.0.0.1:6443', namespace: 'shop' };
const MI = 2 ** 20;

function pod(name: string, cpuMilli: number, memoryBytes: number, extra: Partial<PodRow['containers'][0]> = {}): PodRow {
  return {
    namespace: 'shop',
    name,
    workload: { kind: 'Deployment', name: 'web' },
    status: 'Running',
    restarts: 0,
    containers: [{ name: 'app', request: {}, usage: { cpuMilli, memoryBytes }, ...extra }],
    request: {},
    metrics: 'ok',
  };
}
const snap = (metricsAt: string | undefined, pods: PodRow[]): Snapshot => ({ info, nodes: [], pods, autoscalers: [], problems: [], ...(metricsAt ? { metricsAt } : {}) });

test('p95 of the samples, one per metrics read, once there are enough; rounded as requests are written', () => {
  const u = new UsageRequests();
  const reads = [
    [120, 90],
    [180, 95],
    [140, 100],
    [400, 99],
  ];
  reads.forEach(([cpu, mem], i) => {
    const s = snap(`2026-12-06T07:4${i}:00Z`, [pod('web-1', cpu, mem * MI), pod('web-2', cpu / 2, mem * MI)]);
    u.observe(s);
    u.observe(s); // the same read again (a pod event between reads) adds nothing
    const values = u.values(s);
    if ((i + 1) * 2 < MIN_SAMPLES) assert.deepEqual(values, {}, `read ${i}`);
  });
  const source = 'p95 of 8 usage samples from 2 pods since 2026-12-06 07:40 UTC';
  assert.deepEqual(u.values(snap('2026-12-06T07:43:00Z', [])), {
    'shop/Deployment/web/app': { cpu: { value: '400m', source }, memory: { value: '112Mi', source } },
  });
});

test('only the last MAX_SAMPLES samples count: the oldest go first, however many reads there were', () => {
  const u = new UsageRequests();
  // Reads of 20 pods each: 150 reads at 900m, then MAX_SAMPLES samples at 100m (less six reads', then those reads).
  let read = 0;
  const observe = (cpu: number) => {
    const at = new Date(Date.UTC(2026, 11, 6) + read++ * 15_000).toISOString();
    u.observe(
      snap(
        at,
        Array.from({ length: 20 }, (_, i) => pod(`web-${i}`, cpu, 64 * MI)),
      ),
    );
  };
  for (let i = 0; i < 150; i++) observe(900);
  for (let i = 0; i < MAX_SAMPLES / 20 - 6; i++) observe(100);
  const cpu = () => u.values(snap(undefined, []))['shop/Deployment/web/app']?.cpu;
  assert.equal(cpu()?.value, '900m', 'six reads of 900m samples left (6 %): the 95th percentile is one of them');
  for (let i = 0; i < 6; i++) observe(100);
  assert.deepEqual(cpu(), { value: '100m', source: `p95 of ${MAX_SAMPLES} usage samples from 20 pods since 2026-12-06 00:00 UTC` });
});

test('a VPA target wins over the samples, for the resources it recommends; the other comes from the samples', () => {
  const u = new UsageRequests();
  const recommendation = { vpa: 'web', updateMode: 'Off', target: { cpuMilli: 587 }, lowerBound: {}, upperBound: {} };
  for (let i = 0; i < 3; i++) u.observe(snap(`2026-12-06T07:4${i}:00Z`, [pod('web-1', 100, 64 * MI)]));
  const values = u.values(snap('2026-12-06T07:42:00Z', [pod('web-1', 100, 64 * MI, { recommendation })]));
  assert.deepEqual(values['shop/Deployment/web/app'], {
    cpu: { value: '600m', source: 'the target of VerticalPodAutoscaler shop/web, rounded up from 587m' },
    memory: { value: '64Mi', source: 'p95 of 3 usage samples from 1 pod since 2026-12-06 07:40 UTC' },
  });
});

test('no metrics read yet, or pods without a workload: nothing is offered', () => {
  const u = new UsageRequests();
  const bare = { ...pod('lonely', 100, MI), workload: undefined };
  u.observe(snap(undefined, [pod('web-1', 100, MI)]));
  for (let i = 0; i < 5; i++) u.observe(snap(`2026-12-06T07:4${i}:00Z`, [bare]));
  assert.deepEqual(u.values(snap('2026-12-06T07:45:00Z', [bare])), {});
});

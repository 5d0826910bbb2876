// The request values the extension sends the language server (kubeScalingDoctor/liveRequests): the VPA target where a
// workload's VPA recommends one, else p95 of the usage samples of each container, one sample per metrics read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { UsageSample } from '../../src/core/cluster/rows';
import type { PodRow } from '../../src/core/cluster/types';
import { MAX_SAMPLES, MIN_SAMPLES, UsageRequests, type PodUsageSource } from '../../src/extension/live/usageRequests';

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
/** Pods as a session gives them after a read: rows, and each pod's sample (its containers' usage, unless given apart). */
function snap(metricsAt: string | undefined, pods: PodRow[], samples = new Map<PodRow, UsageSample>()): PodUsageSource & { metricsAt?: string } {
  const sampleOf = (p: PodRow): UsageSample | undefined => {
    const containers = p.containers.flatMap((c) => (c.usage ? [{ name: c.name, usage: c.usage }] : []));
    return samples.get(p) ?? (containers.length ? { usage: containers[0].usage, containers } : undefined);
  };
  return {
    metricsAt,
    forEachPodSample: (fn) => pods.forEach((p) => sampleOf(p) && fn(p, sampleOf(p)!)),
    podRowsAsComputed: () => pods,
  };
}

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
    u.observe(s.metricsAt, s);
    u.observe(s.metricsAt, s); // the same read again (a pod event between reads) adds nothing
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
    const s = snap(
      at,
      Array.from({ length: 20 }, (_, i) => pod(`web-${i}`, cpu, 64 * MI)),
    );
    u.observe(s.metricsAt, s);
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
  for (let i = 0; i < 3; i++) u.observe(`2026-12-06T07:4${i}:00Z`, snap(undefined, [pod('web-1', 100, 64 * MI)]));
  const values = u.values(snap('2026-12-06T07:42:00Z', [pod('web-1', 100, 64 * MI, { recommendation })]));
  assert.deepEqual(values['shop/Deployment/web/app'], {
    cpu: { value: '600m', source: 'the target of VerticalPodAutoscaler shop/web, rounded up from 587m' },
    memory: { value: '64Mi', source: 'p95 of 3 usage samples from 1 pod since 2026-12-06 07:40 UTC' },
  });
});

test('no metrics read yet, or pods without a workload: nothing is offered', () => {
  const u = new UsageRequests();
  const bare = { ...pod('lonely', 100, MI), workload: undefined };
  u.observe(undefined, snap(undefined, [pod('web-1', 100, MI)]));
  for (let i = 0; i < 5; i++) u.observe(`2026-12-06T07:4${i}:00Z`, snap(undefined, [bare]));
  assert.deepEqual(u.values(snap('2026-12-06T07:45:00Z', [bare])), {});
});

test("a row whose usage alone changed is not computed by a read: its sample's usage counts, for the containers its row counts", () => {
  const u = new UsageRequests();
  // The row still shows 100m; the samples of three reads say 300m, and name a container the row does not count.
  const row = pod('web-1', 100, 64 * MI);
  const sample: UsageSample = {
    usage: { cpuMilli: 310, memoryBytes: 64 * MI },
    containers: [
      { name: 'app', usage: { cpuMilli: 300, memoryBytes: 64 * MI } },
      { name: 'istio-init', usage: { cpuMilli: 10, memoryBytes: MI } },
    ],
  };
  for (let i = 0; i < 3; i++) u.observe(`2026-12-06T07:4${i}:00Z`, snap(undefined, [row], new Map([[row, sample]])));
  const values = u.values(snap(undefined, [row]));
  assert.deepEqual(Object.keys(values), ['shop/Deployment/web/app']);
  assert.equal(values['shop/Deployment/web/app'].cpu?.value, '300m');
});

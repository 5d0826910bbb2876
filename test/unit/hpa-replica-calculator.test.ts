// The per-metric proposals of core/k8s/hpaController/replicaCalculator.ts, one table per rule, with the cases of
// pkg/controller/podautoscaler/replica_calculator_test.go (Kubernetes v1.33.13) named after their Go test.
// The Go harness: 2 containers per pod (request and level per container, so pod values are doubled: ratios
// are the same), Ready=True unless podReadiness says otherwise, no LastTransitionTime, start time zero unless
// hot (now) or cool (now − 3 min), samples at time zero with a 1 min window, the testing periods
// (cpu initialization 2 min, initial readiness delay 10 s), tolerance 0.1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { durationMs } from '../../src/core/cluster/hpaReplay';
import {
  averageValueMetricReplicas,
  defaultTolerances,
  groupPods,
  plainMetricReplicas,
  resourceUtilizationReplicas,
  valueMetricReplicas,
  type PodInput,
} from '../../src/core/k8s/hpaController/replicaCalculator';

const NOW = 10 * 365 * 24 * 3600 * 1000;
const HOT = NOW;
const COOL = NOW - 3 * 60 * 1000;
const OPTS = { now: NOW, cpuInitializationSeconds: 120, initialReadinessDelaySeconds: 10 };
const TOL = defaultTolerances();

interface Case {
  name: string;
  current: number;
  expected: number;
  /** Request per container in milli-units (× 2 containers). */
  requests: number[];
  /** Level per container in milli-units; shorter than requests = pods without metrics. */
  levels: number[];
  target: number;
  readiness?: ('True' | 'False')[];
  start?: number[];
  phase?: string[];
  deleting?: boolean[];
  expectedUtilization?: number;
}

function pods(c: Case): PodInput[] {
  const count = Math.max(c.requests.length, c.phase?.length ?? 0);
  return Array.from({ length: count }, (_, i) => ({
    name: `test-pod-${i}`,
    phase: c.phase?.[i] ?? 'Running',
    deleting: c.deleting?.[i] ?? false,
    ready: { status: c.readiness?.[i] ?? 'True' },
    startTime: c.start?.[i] ?? 0,
    request: 2 * (c.requests[i] ?? 0),
    metric: i < c.levels.length ? { value: 2 * c.levels[i], timestamp: 0, windowMs: 60_000 } : undefined,
  }));
}

// Resource metrics with a Utilization target (GetResourceReplicas).
const utilizationCases: Case[] = [
  { name: 'TestReplicaCalcScaleUp', current: 3, expected: 5, requests: [1000, 1000, 1000], levels: [300, 500, 700], target: 30, expectedUtilization: 50 },
  {
    name: 'TestReplicaCalcScaleUpUnreadyLessScale',
    current: 3,
    expected: 4,
    requests: [1000, 1000, 1000],
    levels: [300, 500, 700],
    target: 30,
    readiness: ['False', 'True', 'True'],
    expectedUtilization: 60,
  },
  { name: 'TestReplicaCalcScaleUpHotCpuLessScale', current: 3, expected: 4, requests: [1000, 1000, 1000], levels: [300, 500, 700], target: 30, start: [HOT, COOL, COOL], expectedUtilization: 60 },
  {
    name: 'TestReplicaCalcScaleUpUnreadyNoScale',
    current: 3,
    expected: 3,
    requests: [1000, 1000, 1000],
    levels: [400, 500, 700],
    target: 30,
    readiness: ['True', 'False', 'False'],
    expectedUtilization: 40,
  },
  {
    name: 'TestReplicaCalcScaleHotCpuNoScale',
    current: 3,
    expected: 3,
    requests: [1000, 1000, 1000],
    levels: [400, 500, 700],
    target: 30,
    readiness: ['True', 'False', 'False'],
    start: [COOL, HOT, HOT],
    expectedUtilization: 40,
  },
  {
    name: 'TestReplicaCalcScaleUpIgnoresFailedPods',
    current: 2,
    expected: 4,
    requests: [1000, 1000, 1000, 1000],
    levels: [500, 700],
    target: 30,
    readiness: ['True', 'True', 'False', 'False'],
    phase: ['Running', 'Running', 'Failed', 'Failed'],
    expectedUtilization: 60,
  },
  {
    name: 'TestReplicaCalcScaleUpIgnoresDeletionPods',
    current: 2,
    expected: 4,
    requests: [1000, 1000, 1000, 1000],
    levels: [500, 700],
    target: 30,
    readiness: ['True', 'True', 'True', 'True'],
    deleting: [false, false, true, true],
    expectedUtilization: 60,
  },
  { name: 'TestReplicaCalcScaleDown', current: 5, expected: 3, requests: [1000, 1000, 1000, 1000, 1000], levels: [100, 300, 500, 250, 250], target: 50, expectedUtilization: 28 },
  {
    name: 'TestReplicaCalcScaleDownExcludeUnreadyPods',
    current: 5,
    expected: 2,
    requests: [1000, 1000, 1000, 1000, 1000],
    levels: [100, 300, 500, 250, 250],
    target: 50,
    readiness: ['True', 'True', 'True', 'False', 'False'],
    expectedUtilization: 30,
  },
  {
    name: 'TestReplicaCalcScaleDownExcludeUnscheduledPods',
    current: 5,
    expected: 1,
    requests: [1000, 1000, 1000, 1000, 1000],
    levels: [100],
    target: 50,
    readiness: ['True', 'False', 'False', 'False', 'False'],
    phase: ['Running', 'Pending', 'Pending', 'Pending', 'Pending'],
    expectedUtilization: 10,
  },
  {
    name: 'TestReplicaCalcScaleDownIgnoreHotCpuPods',
    current: 5,
    expected: 2,
    requests: [1000, 1000, 1000, 1000, 1000],
    levels: [100, 300, 500, 250, 250],
    target: 50,
    start: [COOL, COOL, COOL, HOT, HOT],
    expectedUtilization: 30,
  },
  { name: 'TestReplicaCalcTolerance', current: 3, expected: 3, requests: [900, 1000, 1100], levels: [1010, 1030, 1020], target: 100, expectedUtilization: 102 },
  { name: 'TestReplicaCalcMissingMetricsNoChangeGt', current: 2, expected: 2, requests: [1000, 1000], levels: [1900], target: 100, expectedUtilization: 190 },
  { name: 'TestReplicaCalcMissingMetricsNoChangeLt', current: 2, expected: 2, requests: [1000, 1000], levels: [600], target: 100, expectedUtilization: 60 },
  {
    name: 'TestReplicaCalcMissingMetricsUnreadyChange',
    current: 3,
    expected: 3,
    requests: [1000, 1000, 1000],
    levels: [100, 450],
    target: 50,
    readiness: ['False', 'True', 'True'],
    expectedUtilization: 45,
  },
  { name: 'TestReplicaCalcMissingMetricsHotCpuNoChange', current: 3, expected: 3, requests: [1000, 1000, 1000], levels: [100, 450], target: 50, start: [HOT, COOL, COOL], expectedUtilization: 45 },
  {
    name: 'TestReplicaCalcMissingMetricsUnreadyScaleUp',
    current: 3,
    expected: 4,
    requests: [1000, 1000, 1000],
    levels: [100, 2000],
    target: 50,
    readiness: ['False', 'True', 'True'],
    expectedUtilization: 200,
  },
  {
    name: 'TestReplicaCalcMissingMetricsHotCpuScaleUp',
    current: 3,
    expected: 4,
    requests: [1000, 1000, 1000],
    levels: [100, 2000],
    target: 50,
    readiness: ['False', 'True', 'True'],
    start: [HOT, COOL, COOL],
    expectedUtilization: 200,
  },
  {
    name: 'TestReplicaCalcMissingMetricsUnreadyScaleDown',
    current: 4,
    expected: 3,
    requests: [1000, 1000, 1000, 1000],
    levels: [100, 100, 100],
    target: 50,
    readiness: ['False', 'True', 'True', 'True'],
    expectedUtilization: 10,
  },
  {
    name: 'TestReplicaCalcMissingMetricsScaleDownTargetOver100',
    current: 4,
    expected: 2,
    requests: [1000, 1000, 2000, 2000],
    levels: [200, 100, 100],
    target: 300,
    readiness: ['False', 'True', 'True', 'True'],
    expectedUtilization: 6,
  },
];

for (const c of utilizationCases) {
  test(`utilization: ${c.name} → ${c.expected}`, () => {
    const r = resourceUtilizationReplicas(c.current, c.target, pods(c), true, TOL, OPTS);
    assert.ok(r.ok, !r.ok ? r.error : '');
    assert.equal(r.proposal.replicas, c.expected);
    if (c.expectedUtilization !== undefined) assert.equal(r.proposal.current, c.expectedUtilization);
  });
}

test('utilization: the proposal says why it kept the count (tolerance, direction change)', () => {
  // TestReplicaCalcTolerance: 102 % of 100 % is within 10 %; ceil(1.02 × 3) = 4 is what it held back.
  const tol = resourceUtilizationReplicas(3, 100, pods(utilizationCases.find((c) => c.name === 'TestReplicaCalcTolerance')!), true, TOL, OPTS);
  assert.ok(tol.ok);
  assert.equal(tol.proposal.held, 'tolerance');
  assert.equal(tol.proposal.unheld, 4);
  // TestReplicaCalcMissingMetricsUnreadyChange: 45 % < 50 % asks to scale down, but the missing pod at 100 % turns it into a scale-up.
  const dir = resourceUtilizationReplicas(3, 50, pods(utilizationCases.find((c) => c.name === 'TestReplicaCalcMissingMetricsUnreadyChange')!), true, TOL, OPTS);
  assert.ok(dir.ok);
  assert.equal(dir.proposal.held, 'direction-change');
  assert.deepEqual(dir.proposal.groups?.missing, ['test-pod-2']);
});

test('utilization: errors as the controller words them (TestReplicaCalcEmptyMetrics, TestReplicaCalcEmptyCPURequest)', () => {
  const none = resourceUtilizationReplicas(4, 100, pods({ name: '', current: 4, expected: 0, requests: [1000, 1000, 1000, 1000], levels: [], target: 100 }), true, TOL, OPTS);
  assert.deepEqual(none, { ok: false, error: 'no metrics returned from resource metrics API' });
  const noRequest = resourceUtilizationReplicas(
    1,
    100,
    [{ name: 'p', phase: 'Running', ready: { status: 'True' }, startTime: 0, request: 'container1', metric: { value: 200, timestamp: 0 } }],
    true,
    TOL,
    OPTS,
  );
  assert.deepEqual(noRequest, { ok: false, error: 'missing request in container container1 of Pod p' });
});

// Pods metrics and Resource AverageValue targets (calcPlainMetricReplicas).
test('plain metrics: TestReplicaCalcScaleUpCM (qps 20/10/30 per pod, target 15 → 4)', () => {
  const ps = [20000, 10000, 30000].map((v, i): PodInput => ({ name: `p${i}`, phase: 'Running', ready: { status: 'True' }, startTime: 0, metric: { value: v } }));
  const r = plainMetricReplicas(3, 15000, ps, false, TOL, OPTS);
  assert.ok(r.ok);
  assert.equal(r.proposal.replicas, 4);
  assert.equal(r.proposal.current, 20000);
});

test('plain metrics: TestReplicaCalcScaleUpCMUnreadyHotCpuNoLessScale (unready pods are not skipped for non-CPU metrics → 6)', () => {
  const ready = ['True', 'True', 'False'];
  const ps = [50000, 10000, 30000].map((v, i): PodInput => ({ name: `p${i}`, phase: 'Running', ready: { status: ready[i] }, startTime: 0, metric: { value: v } }));
  const r = plainMetricReplicas(3, 15000, ps, false, TOL, OPTS);
  assert.ok(r.ok);
  assert.equal(r.proposal.replicas, 6);
});

test('plain metrics: TestReplicaCalcScaleDownCM (→ 3), TestReplicaCalcScaleUpCMExternal (a Pods metric despite its name: → 2) and TestPlainMetricReplicaCalcMissingMetricsNoChangeEq (→ 5)', () => {
  const down = [12000, 12000, 12000, 12000, 12000].map((v, i): PodInput => ({ name: `p${i}`, phase: 'Running', ready: { status: 'True' }, startTime: 0, metric: { value: v } }));
  const r = plainMetricReplicas(5, 20000, down, false, TOL, OPTS);
  assert.ok(r.ok);
  assert.equal(r.proposal.replicas, 3);
  const one = plainMetricReplicas(1, 4400, [{ name: 'p0', phase: 'Running', ready: { status: 'True' }, startTime: 0, metric: { value: 8600 } }], false, TOL, OPTS);
  assert.ok(one.ok);
  assert.equal(one.proposal.replicas, 2);
  // Five pods, three with samples averaging exactly the target: the two without samples change nothing.
  const eq = [20000, 19000, 21000, undefined, undefined].map((v, i): PodInput => ({
    name: `p${i}`,
    phase: 'Running',
    ready: { status: 'True' },
    startTime: 0,
    metric: v === undefined ? undefined : { value: v },
  }));
  const held = plainMetricReplicas(5, 20000, eq, false, TOL, OPTS);
  assert.ok(held.ok);
  assert.equal(held.proposal.replicas, 5);
});

// Object and External metrics with a Value target (getUsageRatioReplicaCount) and AverageValue targets.
const valueCases = [
  { name: 'TestReplicaCalcScaleUpCMObject', spec: 3, usage: 20000, target: 15000, ready: 3, expected: 4 },
  { name: 'TestReplicaCalcScaleUpCMObjectIgnoresUnreadyPods', spec: 3, usage: 50000, target: 10000, ready: 1, expected: 5 },
  { name: 'TestReplicaCalcScaleUpCMExternalIgnoresUnreadyPods', spec: 3, usage: 8600, target: 4400, ready: 1, expected: 2 },
  { name: 'TestReplicaCalcScaleDownCMObject', spec: 5, usage: 12000, target: 20000, ready: 5, expected: 3 },
  { name: 'TestReplicaCalcScaleDownCMExternal', spec: 5, usage: 8600, target: 14334, ready: 5, expected: 3 },
  { name: 'TestReplicaCalcToleranceCMObject', spec: 3, usage: 20666, target: 20000, ready: 3, expected: 3 },
  { name: 'TestReplicaCalcToleranceCMExternal', spec: 3, usage: 8600, target: 8888, ready: 3, expected: 3 },
];
for (const c of valueCases) {
  test(`value target: ${c.name} → ${c.expected}`, () => {
    const r = valueMetricReplicas(c.spec, c.usage, c.target, { total: c.spec, ready: c.ready }, TOL);
    assert.ok(r.ok);
    assert.equal(r.proposal.replicas, c.expected);
  });
}

test('value target: at 0 replicas the proposal is ceil(ratio), tolerance aside (scale from zero)', () => {
  const r = valueMetricReplicas(0, 1500, 1000, { total: 0, ready: 0 }, TOL);
  assert.ok(r.ok);
  assert.equal(r.proposal.replicas, 2);
});

const averageCases = [
  { name: 'TestReplicaCalcScaleUpCMPerPodObject', status: 3, usage: 20000, target: 5000, expected: 4, perPod: 6667 },
  { name: 'TestReplicaCalcScaleUpPerPodCMExternal', status: 3, usage: 8600, target: 2150, expected: 4, perPod: 2867 },
  { name: 'TestReplicaCalcScaleDownPerPodCMObject', status: 5, usage: 6000, target: 2000, expected: 3, perPod: 1200 },
  { name: 'TestReplicaCalcScaleDownPerPodCMExternal', status: 5, usage: 8600, target: 2867, expected: 3, perPod: 1720 },
  { name: 'TestReplicaCalcTolerancePerPodCMObject', status: 4, usage: 20166, target: 5000, expected: 4, perPod: 5042 },
  { name: 'TestReplicaCalcTolerancePerPodCMExternal', status: 3, usage: 8600, target: 2900, expected: 3, perPod: 2867 },
];
for (const c of averageCases) {
  test(`average value target: ${c.name} → ${c.expected}`, () => {
    const r = averageValueMetricReplicas(c.status, c.usage, c.target, TOL);
    assert.ok(r.ok);
    assert.equal(r.proposal.replicas, c.expected);
    assert.equal(r.proposal.current, c.perPod);
  });
}

// groupPods (TestGroupPods): which pods count, wait or miss.
test('groupPods: deleted and failed pods are ignored, pending ones unready, pods without a sample missing', () => {
  const g = groupPods(
    [
      { name: 'deleted', phase: 'Running', deleting: true, metric: { value: 1 } },
      { name: 'failed', phase: 'Failed', metric: { value: 1 } },
      { name: 'pending', phase: 'Pending' },
      { name: 'nometric', phase: 'Running', ready: { status: 'True' }, startTime: 0 },
      { name: 'ok', phase: 'Running', ready: { status: 'True' }, startTime: 0, metric: { value: 1, timestamp: 0, windowMs: 60_000 } },
    ],
    true,
    OPTS,
  );
  assert.deepEqual(g, { readyPodCount: 1, unready: ['pending'], missing: ['nometric'], ignored: ['deleted', 'failed'] });
});

test('groupPods: CPU of a pod inside its initialization period counts only after a full window since it became ready', () => {
  const becameReady = NOW - 90_000;
  const pod = (sampleAt: number): PodInput => ({
    name: 'p',
    phase: 'Running',
    ready: { status: 'True', lastTransitionTime: becameReady },
    startTime: NOW - 100_000,
    metric: { value: 1, timestamp: sampleAt, windowMs: 30_000 },
  });
  // TestGroupPods "count in a ready pod - CPU" / "ignore a ready pod without fresh metrics - CPU".
  assert.equal(groupPods([pod(becameReady + 30_000)], true, OPTS).readyPodCount, 1);
  assert.deepEqual(groupPods([pod(becameReady + 10_000)], true, OPTS).unready, ['p']);
  // Other resources never look at readiness (TestGroupPods "count in a ready pod - memory").
  assert.equal(groupPods([pod(becameReady + 10_000)], false, OPTS).readyPodCount, 1);
});

test('groupPods: after the initialization period an unready pod is skipped only if it never became ready (initial readiness delay)', () => {
  const start = NOW - 10 * 60_000;
  const pod = (transition: number): PodInput => ({ name: 'p', phase: 'Running', ready: { status: 'False', lastTransitionTime: transition }, startTime: start, metric: { value: 1 } });
  assert.deepEqual(groupPods([pod(start + 5_000)], true, OPTS).unready, ['p']);
  assert.equal(groupPods([pod(start + 60_000)], true, OPTS).readyPodCount, 1);
});

test("a sample's window as metrics-server writes it (metav1.Duration: Go's duration text)", () => {
  assert.equal(durationMs('10.5s'), 10_500);
  assert.equal(durationMs('1m0s'), 60_000);
  assert.equal(durationMs('1m30.25s'), 90_250);
  assert.equal(durationMs('150ms'), 150);
  assert.equal(durationMs('soon'), undefined);
});

// Pod rows: % of request over the containers the HPA counts, metrics state, kubectl's STATUS and RESTARTS.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as k8s from '@kubernetes/client-node';
import type { PodMetrics } from '../../src/core/cluster/objects';
import { podRow, podRowWithUsage, podStatus, podUsageChanged, podUsageNanos, sameSample, toAmounts, usageNanos, usageSample } from '../../src/core/cluster/rows';
import { container, pod } from './cluster-rows-fixtures';

const metrics = (containers: [string, string, string][]): PodMetrics => ({
  metadata: { name: 'p', namespace: 'ns' },
  containers: containers.map(([name, cpu, memory]) => ({ name, usage: { cpu, memory } })),
});

test('pod % of request sums counted containers (sidecars included, plain init containers not)', () => {
  const p = pod({
    initContainers: [container('init', { cpu: '5' }), container('proxy', { cpu: '50m', memory: '32Mi' }, { restartPolicy: 'Always' })],
    containers: [container('app', { cpu: '150m', memory: '96Mi' })],
  });
  const row = podRow(p, {
    metrics: metrics([
      ['app', '100m', '64Mi'],
      ['proxy', '100000000n', '16Mi'],
    ]),
  });
  assert.deepEqual(row.request, { cpuMilli: 200, memoryBytes: 128 * 2 ** 20 });
  assert.deepEqual(row.usage, { cpuMilli: 200, memoryBytes: 80 * 2 ** 20 });
  assert.equal(row.cpuPercentOfRequest, 100);
  assert.equal(row.memoryPercentOfRequest, 62);
  assert.equal(row.metrics, 'ok');
  assert.deepEqual(
    row.containers.map((c) => c.name),
    ['app', 'proxy'],
  );
});

test('a container without a request leaves the pod total undefined (the HPA cannot compute Utilization)', () => {
  const p = pod({ containers: [container('app', { cpu: '100m' }), container('sidecar', { memory: '64Mi' })] });
  const row = podRow(p, {
    metrics: metrics([
      ['app', '50m', '10Mi'],
      ['sidecar', '1m', '10Mi'],
    ]),
  });
  assert.equal(row.request.cpuMilli, undefined);
  assert.equal(row.request.memoryBytes, undefined);
  assert.equal(row.cpuPercentOfRequest, undefined);
  assert.equal(row.usage?.cpuMilli, 51);
  assert.deepEqual(row.containers[0].request, { cpuMilli: 100 });
});

test('odd quantities: exponents, decimals, nano and kilo units', () => {
  const p = pod({ containers: [container('a', { cpu: '1e-1', memory: '1e8' }), container('b', { cpu: '.05', memory: '100k' })] });
  const row = podRow(p, {
    metrics: metrics([
      ['a', '75000000n', '50000k'],
      ['b', '0', '0'],
    ]),
  });
  assert.deepEqual(row.request, { cpuMilli: 150, memoryBytes: 100_100_000 });
  assert.equal(row.cpuPercentOfRequest, 50);
  assert.equal(row.memoryPercentOfRequest, 49);
});

test('missing metrics: pending for a pod that started moments ago, unavailable otherwise', () => {
  const now = Date.parse('2026-01-01T00:01:00Z');
  const young = pod({ containers: [container('a', { cpu: '1' })] }, { phase: 'Running', startTime: new Date('2026-01-01T00:00:40Z') });
  const old = pod({ containers: [container('a', { cpu: '1' })] }, { phase: 'Running', startTime: new Date('2025-12-31T00:00:00Z') });
  const pending = pod({ containers: [container('a', { cpu: '1' })] }, { phase: 'Pending' });
  assert.equal(podRow(young, { now }).metrics, 'pending');
  assert.equal(podRow(old, { now }).metrics, 'unavailable');
  assert.equal(podRow(pending, { now }).metrics, 'unavailable');
  assert.equal(podRow(young, { now }).usage, undefined);
  // Watch events carry times as strings, lists as Dates: both work.
  const fromWatch = pod({ containers: [] }, { phase: 'Running', startTime: '2026-01-01T00:00:50Z' as unknown as Date });
  assert.equal(podRow(fromWatch, { now }).metrics, 'pending');
});

test('pod STATUS and RESTARTS as kubectl get pods prints them', () => {
  const cs = (state: k8s.V1ContainerState, extra: Partial<k8s.V1ContainerStatus> = {}): k8s.V1ContainerStatus => ({
    name: 'app',
    image: 'i',
    imageID: '',
    ready: false,
    restartCount: 0,
    state,
    ...extra,
  });
  assert.deepEqual(podStatus(pod({}, { phase: 'Running', containerStatuses: [cs({ running: {} }, { ready: true, restartCount: 2 })] })), { status: 'Running', restarts: 2 });
  assert.equal(podStatus(pod({}, { phase: 'Running', containerStatuses: [cs({ waiting: { reason: 'CrashLoopBackOff' } }, { restartCount: 7 })] })).status, 'CrashLoopBackOff');
  assert.equal(podStatus(pod({}, { phase: 'Succeeded', containerStatuses: [cs({ terminated: { exitCode: 0, reason: 'Completed' } })] })).status, 'Completed');
  assert.equal(podStatus(pod({}, { phase: 'Failed', containerStatuses: [cs({ terminated: { exitCode: 137 } })] })).status, 'ExitCode:137');
  assert.equal(podStatus(pod({}, { phase: 'Failed', reason: 'Evicted' })).status, 'Evicted');
  assert.equal(podStatus(pod({}, { phase: 'Pending' })).status, 'Pending');
  const init = pod(
    { initContainers: [container('migrate'), container('seed')] },
    { phase: 'Pending', initContainerStatuses: [cs({ terminated: { exitCode: 0 } }, { name: 'migrate' }), cs({ running: {} }, { name: 'seed', restartCount: 1 })] },
  );
  assert.deepEqual(podStatus(init), { status: 'Init:1/2', restarts: 1 });
  const initFailing = pod({ initContainers: [container('migrate')] }, { phase: 'Pending', initContainerStatuses: [cs({ waiting: { reason: 'CrashLoopBackOff' } }, { name: 'migrate' })] });
  assert.equal(podStatus(initFailing).status, 'Init:CrashLoopBackOff');
  const terminating = pod({}, { phase: 'Running', containerStatuses: [cs({ running: {} }, { ready: true })] }, { deletionTimestamp: new Date() });
  assert.equal(podStatus(terminating).status, 'Terminating');
  // A sidecar still running after the main container completed: NotReady (no Ready condition).
  const sidecarPod = pod(
    { initContainers: [container('proxy', undefined, { restartPolicy: 'Always' })], containers: [container('job')] },
    {
      phase: 'Running',
      conditions: [{ type: 'Initialized', status: 'True' }],
      initContainerStatuses: [cs({ running: {} }, { name: 'proxy', started: true, ready: true, restartCount: 3 })],
      containerStatuses: [cs({ terminated: { exitCode: 0, reason: 'Completed' } }, { name: 'job' })],
    },
  );
  assert.deepEqual(podStatus(sidecarPod), { status: 'Completed', restarts: 3 });
  assert.equal(podStatus(pod({}, { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] })).status, 'SchedulingGated');
});

test('pod % of limit (the table view): limits summed like requests; a container without a limit leaves the pod unbounded', () => {
  const limited = (requests: Record<string, string>, limits?: Record<string, string>) => ({ requests, ...(limits ? { limits } : {}) });
  const p = pod(
    {
      containers: [
        container('app', undefined, { resources: limited({ cpu: '100m', memory: '64Mi' }, { cpu: '400m', memory: '128Mi' }) }),
        container('proxy', undefined, { resources: limited({ cpu: '100m', memory: '64Mi' }, { cpu: '100m', memory: '128Mi' }) }),
      ],
    },
    { phase: 'Running' },
    { creationTimestamp: '2026-12-01T10:00:00Z' as unknown as Date },
  );
  const row = podRow(p, {
    metrics: metrics([
      ['app', '150m', '64Mi'],
      ['proxy', '50m', '32Mi'],
    ]),
  });
  assert.deepEqual(row.limit, { cpuMilli: 500, memoryBytes: 256 * 2 ** 20 });
  assert.equal(row.cpuPercentOfLimit, 40);
  assert.equal(row.memoryPercentOfLimit, 37);
  assert.equal(row.createdAt, '2026-12-01T10:00:00.000Z');
  const oneUnbounded = pod({ containers: [container('app', undefined, { resources: limited({ cpu: '100m' }, { cpu: '1' }) }), container('sidecar', { cpu: '10m' })] });
  const r2 = podRow(oneUnbounded, { metrics: metrics([['app', '100m', '1Mi']]) });
  assert.equal(r2.limit, undefined);
  assert.equal(r2.cpuPercentOfLimit, undefined);
  assert.equal(podRow(pod({ containers: [container('app')] }, { phase: 'Running' }, { creationTimestamp: 'not a time' as unknown as Date })).createdAt, undefined);
});

test('a metrics read changes a row as computing it from the pod would, and only when what it shows changes', () => {
  const limited = (requests: Record<string, string>, limits: Record<string, string>) => ({ requests, limits });
  const pods = [
    // A sidecar counted, a plain init container not; requests and limits on both.
    pod({
      initContainers: [
        container('init', { cpu: '5' }),
        container('proxy', undefined, { restartPolicy: 'Always', resources: limited({ cpu: '50m', memory: '32Mi' }, { cpu: '100m', memory: '64Mi' }) }),
      ],
      containers: [container('app', undefined, { resources: limited({ cpu: '150m', memory: '96Mi' }, { cpu: '1', memory: '256Mi' }) })],
    }),
    // No request on one container: no pod total, no percentage.
    pod({ containers: [container('app', { cpu: '100m' }), container('sidecar', { memory: '64Mi' })] }),
    // A VPA recommendation on the container stays.
    pod({ containers: [container('app', { cpu: '1e-1', memory: '1e8' })] }),
  ];
  const reads = [
    metrics([
      ['app', '10500000n', '64Mi'],
      ['proxy', '2m', '16Mi'],
      ['sidecar', '1m', '10Mi'],
    ]),
    // app 10.6m still shows 11m: nothing a row shows changes.
    metrics([
      ['app', '10600000n', '64Mi'],
      ['proxy', '2m', '16Mi'],
      ['sidecar', '1000000n', '10Mi'],
    ]),
    // The sidecar's usage is missing from this read; app's memory moved.
    metrics([
      ['app', '30m', '100Mi'],
      ['proxy', '2m', '16Mi'],
    ]),
    metrics([
      ['app', '0', '0'],
      ['proxy', '999999999n', '1Gi'],
      ['sidecar', '7u', '1Ki'],
    ]),
  ];
  const vpa = { target: { cpuMilli: 120, memoryBytes: 2 ** 27 } };
  for (const p of pods) {
    let row = podRow(p, { metrics: reads[0] });
    if (p === pods[2]) row = { ...row, containers: row.containers.map((c) => ({ ...c, recommendation: vpa as never })) };
    for (const next of reads.slice(1)) {
      const fromPod = podRow(p, { metrics: next });
      const fromRow = podRowWithUsage(row, usageSample(next));
      assert.deepEqual({ ...fromRow, containers: fromRow.containers.map(({ recommendation: _, ...c }) => c) }, fromPod);
      if (p === pods[2]) assert.deepEqual(fromRow.containers[0].recommendation, vpa, 'the recommendation is kept');
      assert.equal(podUsageChanged(row, usageSample(next)), JSON.stringify(fromRow) !== JSON.stringify(row), `changed for ${JSON.stringify(next.containers)}`);
      row = fromRow;
    }
  }
  const first = podRow(pods[0], { metrics: reads[0] });
  assert.equal(podUsageChanged(first, usageSample(reads[1])), false, '10.5m and 10.6m both show as 11m');
  assert.equal(podUsageChanged(first, usageSample(reads[2])), true);
  // Samples compare as shown: the same rounding, the containers in the same order.
  assert.equal(sameSample(usageSample(reads[0]), usageSample(reads[1])), true, 'app 10.5m and 10.6m both 11m; sidecar 1m either way');
  assert.equal(sameSample(usageSample(reads[1]), usageSample(reads[2])), false, 'a container fewer, app 30m');
  assert.equal(
    sameSample(
      usageSample(reads[0]),
      usageSample(
        metrics([
          ['app', '10500000n', '64Mi'],
          ['proxy', '2m', '16Mi'],
          ['sidecar', '1m', '11Mi'],
        ]),
      ),
    ),
    false,
    'one memory moved',
  );
});

test('a usage sample rounds as kubectl top reads the pod and each container, exact for any form a quantity takes', () => {
  const cases = [
    metrics([['app', '10500000n', '64Mi']]),
    // Forms off the plain path (exponents, fractions, past 2^53) take the exact one.
    metrics([['app', '1.5e-3', '1.5Gi']]),
    metrics([['app', '9007199254740993n', '9007199254740993']]),
    // Two containers: the pod's usage is their exact sum, rounded once (1.5m + 1.5m = 3m, not 2m + 2m).
    metrics([
      ['app', '1500000n', '1Ki'],
      ['proxy', '1500000n', '1023'],
    ]),
  ];
  for (const m of cases) {
    const sample = usageSample(m);
    assert.deepEqual(sample.usage, toAmounts(podUsageNanos(m)), JSON.stringify(m.containers));
    assert.deepEqual(
      sample.containers.map((c) => [c.name, c.usage]),
      m.containers.map((c) => [c.name, toAmounts(usageNanos(c.usage))]),
    );
  }
  assert.deepEqual(usageSample(cases[3]).usage, { cpuMilli: 3, memoryBytes: 2047 });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as k8s from '@kubernetes/client-node';
import {
  hpaRow, hpaTargets, isTerminated, nodeRow, percent, podRow, podSchedulingRequest, podStatus, quantityString, scaledObjectRow, toAmounts,
  usageNanos, workloadOf, ZERO, type PodMetrics, type ScaledObject,
} from '../../src/core/cluster/rows';

const container = (name: string, requests?: Record<string, string>, extra: Partial<k8s.V1Container> = {}): k8s.V1Container => ({
  name,
  ...(requests ? { resources: { requests } } : {}),
  ...extra,
});

function pod(spec: Partial<k8s.V1PodSpec>, status: k8s.V1PodStatus = { phase: 'Running' }, meta: Partial<k8s.V1ObjectMeta> = {}): k8s.V1Pod {
  return { metadata: { name: 'p', namespace: 'ns', ...meta }, spec: { containers: [], ...spec }, status };
}

const node = (alloc: Record<string, string>): k8s.V1Node => ({
  metadata: { name: 'n1' },
  status: { allocatable: alloc, conditions: [{ type: 'Ready', status: 'True' }] },
});

test('node percentages are computed as kubectl top computes them (truncated, on milli values)', () => {
  assert.equal(percent(503, 8000), 6);
  assert.equal(percent(799, 800), 99);
  assert.equal(percent(1, 0), undefined);
  const row = nodeRow(node({ cpu: '7910m', memory: '32Gi' }), { cpu: 410_000_000n, memory: 436_207_616n * 1_000_000_000n }, {
    metadata: { name: 'n1' },
    usage: { cpu: '503123456n', memory: '218103808Ki' },
  });
  assert.equal(row.usage?.cpuMilli, 504); // nanocores round up to millicores, like MilliValue()
  assert.equal(row.cpuPercent, Math.trunc((504 / 7910) * 100));
  assert.equal(row.usage?.memoryBytes, 218103808 * 1024);
  assert.equal(row.memoryPercent, Math.trunc(((218103808 * 1024) / (32 * 2 ** 30)) * 100));
  assert.equal(row.cpuRequestedPercent, 5);
  assert.equal(row.memoryRequestedPercent, 1);
  assert.equal(row.ready, true);
});

test('a node without metrics has no usage and no usage percentages, but requested ones', () => {
  const row = nodeRow(node({ cpu: '4', memory: '8Gi' }), { cpu: 2_000_000_000n, memory: 0n });
  assert.equal(row.usage, undefined);
  assert.equal(row.cpuPercent, undefined);
  assert.equal(row.cpuRequestedPercent, 50);
});

test('scheduling request: containers summed, init containers as peak, sidecars added, overhead added', () => {
  const p = pod({
    initContainers: [
      container('init-big', { cpu: '2', memory: '1Gi' }),
      container('sidecar', { cpu: '100m', memory: '64Mi' }, { restartPolicy: 'Always' }),
      container('init-small', { cpu: '50m' }),
    ],
    containers: [container('a', { cpu: '250m', memory: '128Mi' }), container('b', { cpu: '0.25' })],
    overhead: { cpu: '10m' },
  });
  const r = toAmounts(podSchedulingRequest(p));
  // max(500m + 100m sidecar, 2 CPU init) + 10m overhead
  assert.equal(r.cpuMilli, 2010);
  // max(128Mi + 64Mi, 1Gi) = 1Gi
  assert.equal(r.memoryBytes, 2 ** 30);
});

test('terminated pods hold no node resources', () => {
  assert.equal(isTerminated(pod({}, { phase: 'Succeeded' })), true);
  assert.equal(isTerminated(pod({}, { phase: 'Failed' })), true);
  assert.equal(isTerminated(pod({}, { phase: 'Running' })), false);
  assert.equal(isTerminated(pod({}, { phase: 'Pending' })), false);
});

const metrics = (containers: [string, string, string][]): PodMetrics => ({
  metadata: { name: 'p', namespace: 'ns' },
  containers: containers.map(([name, cpu, memory]) => ({ name, usage: { cpu, memory } })),
});

test('pod % of request sums counted containers (sidecars included, plain init containers not)', () => {
  const p = pod({
    initContainers: [container('init', { cpu: '5' }), container('proxy', { cpu: '50m', memory: '32Mi' }, { restartPolicy: 'Always' })],
    containers: [container('app', { cpu: '150m', memory: '96Mi' })],
  });
  const row = podRow(p, { metrics: metrics([['app', '100m', '64Mi'], ['proxy', '100000000n', '16Mi']]) });
  assert.deepEqual(row.request, { cpuMilli: 200, memoryBytes: 128 * 2 ** 20 });
  assert.deepEqual(row.usage, { cpuMilli: 200, memoryBytes: 80 * 2 ** 20 });
  assert.equal(row.cpuPercentOfRequest, 100);
  assert.equal(row.memoryPercentOfRequest, 62);
  assert.equal(row.metrics, 'ok');
  assert.deepEqual(row.containers.map((c) => c.name), ['app', 'proxy']);
});

test('a container without a request leaves the pod total undefined (the HPA cannot compute Utilization)', () => {
  const p = pod({ containers: [container('app', { cpu: '100m' }), container('sidecar', { memory: '64Mi' })] });
  const row = podRow(p, { metrics: metrics([['app', '50m', '10Mi'], ['sidecar', '1m', '10Mi']]) });
  assert.equal(row.request.cpuMilli, undefined);
  assert.equal(row.request.memoryBytes, undefined);
  assert.equal(row.cpuPercentOfRequest, undefined);
  assert.equal(row.usage?.cpuMilli, 51);
  assert.deepEqual(row.containers[0].request, { cpuMilli: 100 });
});

test('odd quantities: exponents, decimals, nano and kilo units', () => {
  const p = pod({ containers: [container('a', { cpu: '1e-1', memory: '1e8' }), container('b', { cpu: '.05', memory: '100k' })] });
  const row = podRow(p, { metrics: metrics([['a', '75000000n', '50000k'], ['b', '0', '0']]) });
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
    name: 'app', image: 'i', imageID: '', ready: false, restartCount: 0, state, ...extra,
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

test('workload: ReplicaSet resolved to its Deployment, with the pod-template-hash convention as fallback', () => {
  const owned = (kind: string, name: string, labels: Record<string, string> = {}) =>
    pod({}, { phase: 'Running' }, { labels, ownerReferences: [{ apiVersion: 'apps/v1', kind, name, uid: 'u', controller: true }] });
  const rsPod = owned('ReplicaSet', 'web-6df9cffb98', { 'pod-template-hash': '6df9cffb98' });
  assert.deepEqual(workloadOf(rsPod, () => ({ kind: 'Deployment', name: 'web' })), { kind: 'Deployment', name: 'web' });
  assert.deepEqual(workloadOf(rsPod, () => undefined), { kind: 'Deployment', name: 'web' });
  assert.deepEqual(workloadOf(rsPod, () => null), { kind: 'ReplicaSet', name: 'web-6df9cffb98' });
  // A hand-made ReplicaSet whose name does not end in the hash stays a ReplicaSet.
  assert.deepEqual(workloadOf(owned('ReplicaSet', 'legacy', { 'pod-template-hash': 'abc' })), { kind: 'ReplicaSet', name: 'legacy' });
  // The convention is not used when the ReplicaSet is known to belong to something else.
  assert.deepEqual(workloadOf(rsPod, () => ({ kind: 'Rollout', name: 'canary' })), { kind: 'Rollout', name: 'canary' });
  assert.deepEqual(workloadOf(owned('StatefulSet', 'db')), { kind: 'StatefulSet', name: 'db' });
  assert.deepEqual(workloadOf(owned('DaemonSet', 'kube-proxy')), { kind: 'DaemonSet', name: 'kube-proxy' });
  assert.equal(workloadOf(pod({})), undefined);
});

function hpa(metrics: k8s.V2MetricSpec[], current: (k8s.V2MetricStatus | undefined)[] = [], extra: Partial<k8s.V2HorizontalPodAutoscalerStatus> = {}): k8s.V2HorizontalPodAutoscaler {
  return {
    metadata: { name: 'web', namespace: 'shop' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 10, metrics },
    status: { currentReplicas: 3, desiredReplicas: 3, currentMetrics: current as k8s.V2MetricStatus[], ...extra },
  };
}

const cpuUtil = (target: number): k8s.V2MetricSpec => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } });
const memUtil = (target: number): k8s.V2MetricSpec => ({ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: target } } });
const cpuNow = (util: number, avg = '100m'): k8s.V2MetricStatus => ({ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: util, averageValue: avg } } });

test('TARGETS as kubectl get hpa prints them (Kubernetes 1.33 formatHPAMetrics)', () => {
  assert.equal(hpaTargets(hpa([cpuUtil(50)], [cpuNow(45)])), 'cpu: 45%/50%');
  assert.equal(hpaTargets(hpa([cpuUtil(80)])), 'cpu: <unknown>/80%');
  assert.equal(hpaTargets(hpa([cpuUtil(60), memUtil(80)], [cpuNow(50), { type: 'Resource', resource: { name: 'memory', current: { averageUtilization: 70, averageValue: '94371840' } } }])), 'cpu: 50%/60%, memory: 70%/80%');
  // AverageValue targets print quantities canonically.
  const memAvg: k8s.V2MetricSpec = { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '1024Mi' } } };
  assert.equal(hpaTargets(hpa([memAvg], [{ type: 'Resource', resource: { name: 'memory', current: { averageValue: '524288Ki' } } }])), 'memory: 512Mi/1Gi');
  const ext: k8s.V2MetricSpec = { type: 'External', external: { metric: { name: 'queue' }, target: { type: 'AverageValue', averageValue: '30' } } };
  const extNow: k8s.V2MetricStatus = { type: 'External', external: { metric: { name: 'queue' }, current: { averageValue: '12500m' } } };
  assert.equal(hpaTargets(hpa([ext], [extNow])), '12500m/30 (avg)');
  const obj: k8s.V2MetricSpec = { type: 'Object', object: { metric: { name: 'rps' }, describedObject: { kind: 'Ingress', name: 'web' }, target: { type: 'Value', value: '2k' } } };
  assert.equal(hpaTargets(hpa([obj])), '<unknown>/2k');
  const pods: k8s.V2MetricSpec = { type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '0.5' } } };
  assert.equal(hpaTargets(hpa([pods])), '<unknown>/500m');
  // Utilization without a number: `<auto>`; more than two metrics: `+ N more...`.
  const auto: k8s.V2MetricSpec = { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization' } } };
  assert.equal(hpaTargets(hpa([auto, memUtil(80), obj])), 'cpu: <unknown>/<auto>, memory: <unknown>/80% + 1 more...');
  assert.equal(hpaTargets(hpa([])), '<none>');
  // Statuses are matched by position, not by name, exactly as kubectl does.
  assert.equal(hpaTargets(hpa([cpuUtil(50), memUtil(80)], [undefined, cpuNow(10)])), 'cpu: <unknown>/50%, memory: 10%/80%');
});

test('quantityString prints like Quantity.String(), `<nil>` for a missing one', () => {
  assert.equal(quantityString('1.5'), '1500m');
  assert.equal(quantityString('2048Ki'), '2Mi');
  assert.equal(quantityString(undefined), '<nil>');
});

test('HPA row: replicas, conditions, the reason behind <unknown>, at max', () => {
  const failing = hpa([cpuUtil(70)], [], {
    currentReplicas: 2,
    conditions: [
      { type: 'AbleToScale', status: 'True', reason: 'SucceededGetScale', message: 'the HPA controller was able to get the target\'s current scale' },
      { type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric', message: 'the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container app of Pod web-1' },
    ],
  });
  const row = hpaRow(failing);
  assert.equal(row.targets, 'cpu: <unknown>/70%');
  assert.equal(row.metrics[0].text, 'cpu: <unknown>/70%');
  assert.match(row.metrics[0].unknownReason ?? '', /^FailedGetResourceMetric: .*missing request for cpu/);
  assert.equal(row.minReplicas, 2);
  assert.equal(row.maxReplicas, 10);
  assert.equal(row.currentReplicas, 2);
  assert.equal(row.atMax, false);
  assert.deepEqual(row.target, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' });

  const limited = hpaRow(hpa([cpuUtil(50)], [cpuNow(200)], { currentReplicas: 10, conditions: [{ type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' }] }));
  assert.equal(limited.atMax, true);
  assert.equal(limited.metrics[0].unknownReason, undefined);
  assert.equal(hpaRow(hpa([cpuUtil(50)], [cpuNow(20)], { currentReplicas: 10 })).atMax, true);
  const fresh = hpaRow({ metadata: { name: 'new', namespace: 'x' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'd' }, maxReplicas: 3, metrics: [cpuUtil(50)] } });
  assert.match(fresh.metrics[0].unknownReason ?? '', /not processed/);
  assert.equal(fresh.minReplicas, undefined);
});

test('ScaledObject row: triggers matched to the metrics of the HPA KEDA made', () => {
  const so: ScaledObject = {
    metadata: { name: 'orders', namespace: 'shop' },
    spec: {
      scaleTargetRef: { name: 'orders' },
      maxReplicaCount: 20,
      triggers: [
        { type: 'rabbitmq', metadata: { queueName: 'orders', value: '30' } },
        { type: 'cpu', metricType: 'Utilization', metadata: { value: '60' } },
      ],
    },
    status: { hpaName: 'keda-hpa-orders', conditions: [{ type: 'Ready', status: 'True' }] },
  };
  const kedaHpa: k8s.V2HorizontalPodAutoscaler = {
    metadata: { name: 'keda-hpa-orders', namespace: 'shop' },
    spec: {
      scaleTargetRef: { kind: 'Deployment', name: 'orders' },
      minReplicas: 1,
      maxReplicas: 20,
      metrics: [
        { type: 'External', external: { metric: { name: 's0-rabbitmq-orders' }, target: { type: 'AverageValue', averageValue: '30' } } },
        cpuUtil(60),
      ],
    },
    status: {
      currentReplicas: 4,
      desiredReplicas: 4,
      currentMetrics: [{ type: 'External', external: { metric: { name: 's0-rabbitmq-orders' }, current: { averageValue: '45' } } }, cpuNow(30)],
    },
  };
  const row = scaledObjectRow(so, kedaHpa);
  assert.equal(row.kind, 'ScaledObject');
  assert.equal(row.hpaName, 'keda-hpa-orders');
  assert.deepEqual(row.metrics.map((m) => m.text), ['45/30 (avg)', 'cpu: 30%/60%']);
  assert.equal(row.currentReplicas, 4);
  assert.equal(row.minReplicas, 0); // KEDA's default minReplicaCount
  assert.equal(row.maxReplicas, 20);
  assert.deepEqual(row.target, { kind: 'Deployment', name: 'orders' });
  const orphan = scaledObjectRow(so);
  assert.equal(orphan.hpaName, undefined);
  assert.match(orphan.metrics[0].unknownReason ?? '', /keda-hpa-orders/);
});

test('usage of a NodeMetrics item, missing fields as zero', () => {
  assert.deepEqual(usageNanos({ cpu: '1', memory: '1Ki' }), { cpu: 1_000_000_000n, memory: 1024_000_000_000n });
  assert.deepEqual(usageNanos(undefined), ZERO);
});

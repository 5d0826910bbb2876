// The cluster view's row text: what a default-width sidebar shows first (the numbers compared across rows, a
// status that needs action), and the screen-reader label (also the tooltip) that says everything.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AutoscalerRow, NodeRow, PodRow } from '../../src/core/cluster/types';
import { autoscalerText, containerText, nodeText, podText, rootText, ROW_CHARS, scalerOf, workloadText, type RowText } from '../../src/extension/explorer/rowText';

function pod(name: string, extra: Partial<PodRow> = {}): PodRow {
  return {
    namespace: 'shop',
    name,
    workload: { kind: 'Deployment', name: 'web' },
    status: 'Running',
    restarts: 0,
    containers: [],
    request: { cpuMilli: 100, memoryBytes: 128 * 1024 * 1024 },
    usage: { cpuMilli: 45, memoryBytes: 64 * 1024 * 1024 },
    cpuPercentOfRequest: 45,
    memoryPercentOfRequest: 50,
    metrics: 'ok',
    ...extra,
  };
}

const node: NodeRow = {
  name: 'kwok-node-0',
  ready: true,
  unschedulable: false,
  allocatable: { cpuMilli: 4000, memoryBytes: 8 * 1024 ** 3 },
  requested: { cpuMilli: 1400, memoryBytes: 1024 ** 3 },
  usage: { cpuMilli: 250, memoryBytes: 700 * 1024 * 1024 },
  cpuPercent: 6,
  memoryPercent: 8,
  cpuRequestedPercent: 35,
  memoryRequestedPercent: 12,
};

const hpa: AutoscalerRow = {
  kind: 'HorizontalPodAutoscaler',
  namespace: 'shop',
  name: 'web',
  target: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
  metrics: [{ name: 'cpu', text: 'cpu: 45%/50%', current: '45%', target: '50%' }],
  minReplicas: 1,
  maxReplicas: 3,
  currentReplicas: 3,
  conditions: [],
  atMax: true,
};

/** What the sidebar shows of a row `depth` levels below the root (two fewer characters per level past two). */
const visible = (t: RowText, depth: number) => `${t.label} ${t.description}`.slice(0, ROW_CHARS - 2 * (depth - 2));

test('root row: says whether it shows all namespaces or one, and no metrics time (it would go stale)', () => {
  const info = { context: 'kind-dev', cluster: 'dev', server: 'https://127.0.0.1:6443', namespace: 'default', version: 'v1.33.1' };
  const all = rootText({ ...info, allNamespaces: true }, true);
  assert.equal(all.description, 'v1.33.1 · all namespaces');
  assert.equal(all.aria, 'Context kind-dev, cluster dev at https://127.0.0.1:6443, Kubernetes v1.33.1, all namespaces');
  assert.equal(rootText({ ...info, namespace: 'shop' }, false).description, 'v1.33.1 · namespace shop');
  assert.doesNotMatch(all.description + all.aria, /metrics|\d+:\d+:\d+/);
});

test('node rows: % of allocatable first, within the visible width; absolute usage and requests in the label', () => {
  const t = nodeText(node);
  assert.equal(t.description, 'cpu 6% mem 8% · req cpu 35% mem 12%');
  assert.match(visible(t, 2), /cpu 6% mem 8%/);
  assert.equal(t.aria, 'Node kwok-node-0: CPU 250m, 6% of allocatable, 35% requested; memory 700Mi, 8% of allocatable, 12% requested; Ready');
  const down = nodeText({ ...node, usage: undefined, cpuPercent: undefined, memoryPercent: undefined, ready: false });
  assert.equal(down.description, 'NotReady · no metrics · req cpu 35% mem 12%');
  assert.match(down.aria, /no metrics; CPU 35% requested; memory 12% requested; NotReady/);
});

test('pod rows: % of request first for a running pod, the status first for one that is not', () => {
  const running = podText(pod('web-7d9f8b6c5-x2x9q', { restarts: 2 }));
  assert.equal(running.description, 'cpu 45% mem 50% · 2 restarts');
  // Under its workload's row the label is what tells the pods apart, so the numbers fit in the visible width.
  assert.equal(running.label, '7d9f8b6c5-x2x9q');
  assert.match(visible(running, 4), /^7d9f8b6c5-x2x9q cpu 45% /);
  assert.equal(visible(podText(pod('db-0', { workload: { kind: 'StatefulSet', name: 'db' } })), 4), '0 cpu 45% mem 50%');
  assert.equal(running.aria, 'Pod web-7d9f8b6c5-x2x9q in shop: Running, 2 restarts; CPU 45m 45% of request; memory 64Mi 50% of request');
  const crashing = podText(pod('web-7d9f8b6c5-x2x9q', { status: 'CrashLoopBackOff', restarts: 7 }));
  assert.match(crashing.description, /^CrashLoopBackOff · cpu 45% mem 50% · 7 restarts$/);
  const noRequest = podText(pod('x', { request: {}, cpuPercentOfRequest: undefined, memoryPercentOfRequest: undefined }));
  assert.equal(noRequest.description, 'cpu 45m mem 64Mi');
  assert.match(noRequest.aria, /CPU 45m \(no request\)/);
  assert.equal(podText(pod('new', { usage: undefined, metrics: 'pending' })).description, 'metrics pending');
});

test("pod rows: the label is the part of the name after the workload's; the full name stays in the aria label and tooltip", () => {
  const label = (name: string, workload?: PodRow['workload']) => podText(pod(name, { workload })).label;
  // Deployment: the ReplicaSet's pod-template-hash and the random suffix.
  assert.equal(label('checkout-7d9f8b6c5d-x2x4z', { kind: 'Deployment', name: 'checkout' }), '7d9f8b6c5d-x2x4z');
  // StatefulSet: the ordinal; DaemonSet and Job: the random suffix; a ReplicaSet without a Deployment likewise.
  assert.equal(label('db-12', { kind: 'StatefulSet', name: 'db' }), '12');
  assert.equal(label('kube-proxy-8xkqp', { kind: 'DaemonSet', name: 'kube-proxy' }), '8xkqp');
  assert.equal(label('backup-29012345-q7r2t', { kind: 'Job', name: 'backup-29012345' }), 'q7r2t');
  assert.equal(label('web-5c6b7-abcde', { kind: 'ReplicaSet', name: 'web-5c6b7' }), 'abcde');
  // No workload (the "(no workload)" group): the full name.
  assert.equal(label('debug-shell', undefined), 'debug-shell');
  // A name that does not start with the workload's (a generateName cut at 58 characters, a pod renamed by hand) or
  // that is the workload's name and a dash only: the full name, never an empty or wrong part.
  const long = 'a'.repeat(50);
  assert.equal(label(`${long.slice(0, 40)}-7d9f8b6c5d-x2x4z`, { kind: 'Deployment', name: long }), `${long.slice(0, 40)}-7d9f8b6c5d-x2x4z`);
  assert.equal(label('web-', { kind: 'Deployment', name: 'web' }), 'web-');
  assert.equal(label('webapp-x2x4z', { kind: 'Deployment', name: 'web-app' }), 'webapp-x2x4z');
  // Screen readers and the tooltip (the same text) get the full name.
  const t = podText(pod('checkout-7d9f8b6c5d-x2x4z', { workload: { kind: 'Deployment', name: 'checkout' } }));
  assert.match(t.aria, /^Pod checkout-7d9f8b6c5d-x2x4z in shop: Running, 0 restarts; /);
});

test('workload rows: the metrics its HPA scales on (memory too), then the running count', () => {
  const g = { namespace: 'shop', name: 'Deployment/web', pods: ['shop/a', 'shop/b'] };
  const pods = [pod('a'), pod('b', { usage: { cpuMilli: 55, memoryBytes: 32 * 1024 * 1024 }, status: 'Pending' })];
  const both = { ...hpa, metrics: [...hpa.metrics, { name: 'memory', text: 'memory: 37%/70%', current: '37%', target: '70%' }] };
  const t = workloadText(g, pods, both);
  assert.equal(t.label, 'web', 'the name; the kind comes last');
  assert.equal(t.description, 'cpu 50% mem 37% · 1/2 running · Deployment');
  assert.match(visible(t, 3), /^web cpu 50% mem 37%/);
  assert.equal(t.aria, 'Workload Deployment/web in shop: 2 pods, 1 running; CPU 100m 50% of request; memory 96Mi 37% of request; scaled by HorizontalPodAutoscaler web');
  assert.equal(workloadText(g, pods, hpa).description, 'cpu 50% · 1/2 running · Deployment', 'an HPA on cpu alone: cpu alone');
  assert.equal(workloadText(g, pods, { ...hpa, metrics: [{ name: 'memory', text: 'memory: 37%/70%', current: '37%', target: '70%' }] }).description, 'mem 37% · 1/2 running · Deployment');
  const queue = { ...hpa, metrics: [{ name: 'queue_depth', text: '12/10', current: '12', target: '10' }] };
  assert.equal(workloadText(g, pods, queue).description, 'queue_depth 12/10 · 1/2 running · Deployment');
  assert.equal(workloadText(g, pods).description, 'cpu 50% mem 37% · 1/2 running · Deployment', 'without an autoscaler: cpu and memory');
  const bare = workloadText({ ...g, name: '(no workload)' }, pods);
  assert.equal(bare.label, '(no workload)');
  assert.equal(bare.description, 'cpu 50% mem 37% · 1/2 running');
});

test('scalerOf finds the autoscaler of a workload group, the ScaledObject before the HPA KEDA made for it', () => {
  const g = { namespace: 'shop', name: 'Deployment/web', pods: [] };
  const so: AutoscalerRow = { ...hpa, kind: 'ScaledObject', name: 'web-so' };
  assert.equal(scalerOf(g, [hpa]), hpa);
  assert.equal(scalerOf(g, [{ ...hpa, name: 'keda-hpa-web-so' }, so]), so);
  assert.equal(scalerOf({ ...g, namespace: 'other' }, [hpa]), undefined);
  assert.equal(scalerOf({ ...g, name: 'StatefulSet/web' }, [hpa]), undefined);
});

test('autoscaler rows: each metric against its target first, then replicas; the kind last', () => {
  const t = autoscalerText(hpa, false);
  assert.equal(t.label, 'web');
  assert.equal(t.description, 'cpu 45%/50% · 3 (1–3) · at max · HPA');
  assert.match(visible(t, 2), /cpu 45%\/50% · 3 \(1–3\)/);
  assert.equal(t.aria, 'HorizontalPodAutoscaler web in shop, scales Deployment web: cpu: 45%/50%; replicas 3, min 1, max 3; at maxReplicas: it cannot scale further');
  assert.equal(autoscalerText(hpa, true).label, 'shop/web');
  const many = { ...hpa, atMax: false, metrics: ['a', 'b', 'c'].map((name) => ({ name, text: `${name}: 1/2`, current: '1', target: '2' })) };
  assert.equal(autoscalerText(many, false).description, 'a 1/2 b 1/2 +1 · 3 (1–3) · HPA');
  const unknown = autoscalerText({ ...hpa, atMax: false, metrics: [{ name: 'cpu', text: 'cpu: <unknown>/50%', target: '50%', unknownReason: 'FailedGetResourceMetric: no metrics' }] }, false);
  assert.equal(unknown.description, 'cpu ?/50% · 3 (1–3) · HPA');
  assert.match(unknown.aria, /cpu unknown: FailedGetResourceMetric: no metrics/);
});

test("a container's requests beside its VPA recommendation: the target in the row, bounds and mode in the label", () => {
  const recommendation = {
    vpa: 'web',
    updateMode: 'Recreate',
    target: { cpuMilli: 587, memoryBytes: 262_144_000 },
    lowerBound: { cpuMilli: 25, memoryBytes: 262_144_000 },
    upperBound: { cpuMilli: 2000, memoryBytes: 2 ** 30 },
  };
  const t = containerText({ name: 'web', request: { cpuMilli: 250, memoryBytes: 128 * 2 ** 20 }, recommendation });
  assert.deepEqual(t, {
    label: 'web',
    description: 'req cpu 250m mem 128Mi · VPA cpu 587m mem 250Mi',
    aria: 'Container web: requests CPU 250m, memory 128Mi; VerticalPodAutoscaler web (updateMode Recreate) recommends CPU 587m (lower bound 25m, upper bound 2000m), memory 250Mi (lower bound 250Mi, upper bound 1024Mi)',
  });
  const bare = containerText({ name: 'proxy', request: { cpuMilli: 50 } });
  assert.equal(bare.description, 'req cpu 50m mem ? · no VPA recommendation');
  assert.equal(bare.aria, 'Container proxy: requests CPU 50m, memory none; no VPA recommendation for it');
});

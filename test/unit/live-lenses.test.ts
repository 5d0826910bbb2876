import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AutoscalerRow, PodRow, Snapshot } from '../../src/core/cluster/types';
import { parseFile } from '../../src/core/manifest/model';
import { liveInterest, liveLenses, touches } from '../../src/extension/live/liveLenses';
import { ReplaySummaries } from '../../src/extension/live/replaySummaries';

function snapshot(parts: Partial<Snapshot> = {}, namespace = 'shop'): Snapshot {
  return {
    info: { context: 'kind-dev', cluster: 'dev', server: 'https://127.0.0.1:6443', namespace },
    nodes: [],
    pods: [],
    autoscalers: [],
    problems: [],
    ...parts,
  };
}

function hpaRow(over: Partial<AutoscalerRow> = {}): AutoscalerRow {
  return {
    kind: 'HorizontalPodAutoscaler',
    namespace: 'shop',
    name: 'web',
    target: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    metrics: [{ name: 'cpu', text: 'cpu: 45%/50%', current: '45%', target: '50%' }],
    minReplicas: 2,
    maxReplicas: 10,
    currentReplicas: 3,
    desiredReplicas: 3,
    conditions: [
      { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale' },
      { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound' },
      { type: 'ScalingLimited', status: 'False', reason: 'DesiredWithinRange' },
    ],
    atMax: false,
    ...over,
  };
}

function pod(name: string, over: Partial<PodRow> = {}): PodRow {
  return {
    namespace: 'shop',
    name,
    workload: { kind: 'Deployment', name: 'web' },
    status: 'Running',
    restarts: 0,
    containers: [],
    request: { cpuMilli: 200, memoryBytes: 256 * 2 ** 20 },
    usage: { cpuMilli: 80, memoryBytes: 128 * 2 ** 20 },
    metrics: 'ok',
    ...over,
  };
}

const HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
  namespace: shop
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 10
`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers: [{name: web, image: nginx}]
`;

const lenses = (text: string, snap: Snapshot) => liveLenses(parseFile('file:///w.yaml', text), snap);
/** The titles of the first live document's lenses, side by side. */
const titles = (text: string, snap: Snapshot) => {
  const all = lenses(text, snap);
  return all.filter((l) => l.docIndex === all[0]?.docIndex).map((l) => l.title);
};

test('an HPA that exists in the cluster: short lenses for replicas and each metric vs target, on its kind line; details in the hover', () => {
  const all = lenses(HPA, snapshot({ autoscalers: [hpaRow()] }));
  assert.deepEqual(
    all.map((l) => l.title),
    ['live: 3/10 replicas', 'cpu 45%/50%'],
  );
  for (const lens of all) {
    assert.equal(HPA.slice(lens.range.start, lens.range.end), 'kind');
    assert.deepEqual(lens.hpa, { namespace: 'shop', name: 'web' }, 'each lens opens the chart');
    assert.match(lens.tooltip, /min 2, max 10/);
    assert.match(lens.tooltip, /ScalingActive=True ValidMetricFound/, 'the normal condition is in the hover, not a lens');
  }
});

test('an HPA with an unknown metric names the failing condition; the tooltip carries the reason', () => {
  const row = hpaRow({
    metrics: [
      { name: 'cpu', text: 'cpu: <unknown>/50%', target: '50%', unknownReason: 'FailedGetResourceMetric: missing request for cpu in container web' },
      { name: 'memory', text: 'memory: 60%/80%', current: '60%', target: '80%' },
    ],
    conditions: [
      { type: 'AbleToScale', status: 'True', reason: 'SucceededGetScale' },
      {
        type: 'ScalingActive',
        status: 'False',
        reason: 'FailedGetResourceMetric',
        message: 'the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container web',
      },
    ],
  });
  const [lens] = lenses(HPA, snapshot({ autoscalers: [row] }));
  assert.deepEqual(titles(HPA, snapshot({ autoscalers: [row] })), ['live: ⚠ FailedGetResourceMetric', '3/10 replicas', 'cpu <unknown>/50%', 'memory 60%/80%'], 'the failure first');
  assert.match(lens.tooltip, /cpu: <unknown>\/50% — FailedGetResourceMetric: missing request for cpu in container web/);
  assert.match(lens.tooltip, /ScalingActive=False FailedGetResourceMetric: the HPA was unable/);
});

test('an HPA at maxReplicas says so once (TooManyReplicas is not repeated); a pending change shows the desired count', () => {
  const atMax = hpaRow({
    currentReplicas: 10,
    desiredReplicas: 10,
    atMax: true,
    metrics: [{ name: 'cpu', text: 'cpu: 180%/50%', current: '180%', target: '50%' }],
    conditions: [
      { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale' },
      { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound' },
      { type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas' },
    ],
  });
  assert.deepEqual(titles(HPA, snapshot({ autoscalers: [atMax] })), ['live: 10/10 replicas (at max)', 'cpu 180%/50%']);
  const scaling = hpaRow({ currentReplicas: 3, desiredReplicas: 5 });
  assert.deepEqual(titles(HPA, snapshot({ autoscalers: [scaling] })), ['live: 3/10 replicas (→5)', 'cpu 45%/50%']);
  const stabilized = hpaRow({ conditions: [{ type: 'AbleToScale', status: 'True', reason: 'ScaleDownStabilized' }] });
  assert.deepEqual(titles(HPA, snapshot({ autoscalers: [stabilized] })), ['live: 3/10 replicas', 'cpu 45%/50%', 'ScaleDownStabilized']);
});

test('many metrics are cut to three lenses; every lens stays short', () => {
  const metrics = ['cpu', 'memory', 'rps', 'queue'].map((name) => ({ name, text: `${name}: 1/2`, current: '1', target: '2' }));
  const all = titles(HPA, snapshot({ autoscalers: [hpaRow({ metrics })] }));
  assert.deepEqual(all, ['live: 3/10 replicas', 'cpu 1/2', 'memory 1/2', 'rps 1/2', '+1 more']);
});

test('no lens when the object is not in the cluster, or the kind or namespace differ', () => {
  assert.deepEqual(lenses(HPA, snapshot()), []);
  assert.deepEqual(lenses(HPA, snapshot({ autoscalers: [hpaRow({ namespace: 'other' })] })), []);
  assert.deepEqual(lenses(HPA, snapshot({ autoscalers: [hpaRow({ kind: 'ScaledObject' })] })), []);
  assert.deepEqual(lenses(HPA.replace('name: web', 'name: api'), snapshot({ autoscalers: [hpaRow()] })), []);
});

test('namespace resolution: metadata.namespace wins; without it the current namespace; a templated one gives no lens', () => {
  const noNs = HPA.replace('  namespace: shop\n', '');
  // The current namespace is `shop`: found.
  assert.equal(lenses(noNs, snapshot({ autoscalers: [hpaRow()] }, 'shop')).length, 2);
  // The current namespace is `default`: the doc means default/web, which does not exist.
  assert.equal(lenses(noNs, snapshot({ autoscalers: [hpaRow()] }, 'default')).length, 0);
  // An explicit namespace ignores the current one.
  assert.equal(lenses(HPA, snapshot({ autoscalers: [hpaRow()] }, 'default')).length, 2);
  const templated = HPA.replace('namespace: shop', 'namespace: {{ .Release.Namespace }}');
  assert.deepEqual(lenses(templated, snapshot({ autoscalers: [hpaRow({ namespace: 'default' })] }, 'default')), []);
});

test('a Deployment without metrics: pod counts only, and why there is no percentage', () => {
  const pods = [pod('web-1', { usage: undefined, metrics: 'unavailable' }), pod('web-2', { usage: undefined, metrics: 'unavailable', status: 'Pending' })];
  const [lens] = lenses(DEPLOYMENT, snapshot({ pods }));
  assert.deepEqual(titles(DEPLOYMENT, snapshot({ pods })), ['live: ⚠ 1 Pending', '1/2 pods running', 'no metrics'], 'the pods needing a look first');
  assert.equal(lens.hpa, undefined);
  const pending = pods.map((p) => ({ ...p, metrics: 'pending' as const }));
  assert.equal(titles(DEPLOYMENT, snapshot({ pods: pending })).at(-1), 'metrics pending');
  const missing = { kind: 'metrics-api-missing' as const, title: 'Metrics API not registered', message: '…' };
  assert.equal(titles(DEPLOYMENT, snapshot({ pods, problems: [missing] })).at(-1), 'no Metrics API');
  const unavailable = { ...missing, kind: 'metrics-api-unavailable' as const };
  assert.equal(titles(DEPLOYMENT, snapshot({ pods, problems: [unavailable] })).at(-1), 'Metrics API unavailable');
});

test('a Deployment with metrics: usage as a percent of request summed over pods, as the HPA controller computes it', () => {
  const pods = [
    pod('web-1', { usage: { cpuMilli: 100, memoryBytes: 100 * 2 ** 20 } }),
    pod('web-2', { usage: { cpuMilli: 61, memoryBytes: 100 * 2 ** 20 } }),
    // Another workload's pod and a pod in another namespace do not count.
    pod('api-1', { workload: { kind: 'Deployment', name: 'api' } }),
    pod('web-x', { namespace: 'other' }),
  ];
  const [lens] = lenses(DEPLOYMENT, snapshot({ pods, autoscalers: [hpaRow()] }));
  // cpu (100+61)/(200+200) = 40.25% → 40; memory 200/512 = 39.06% → 39
  assert.deepEqual(titles(DEPLOYMENT, snapshot({ pods, autoscalers: [hpaRow()] })), ['live: 2/2 pods running', 'cpu 40% of request', 'memory 39% of request']);
  assert.deepEqual(lens.hpa, { namespace: 'shop', name: 'web' }, 'a click opens the chart of the HPA that scales it');
  const noRequests = pods.slice(0, 2).map((p) => ({ ...p, request: {} }));
  assert.deepEqual(titles(DEPLOYMENT, snapshot({ pods: noRequests })), ['live: 2/2 pods running', 'no requests']);
  const oneWithout = [pods[0], { ...pods[1], request: { memoryBytes: 256 * 2 ** 20 } }];
  assert.deepEqual(titles(DEPLOYMENT, snapshot({ pods: oneWithout })), ['live: 2/2 pods running', 'cpu 50% of request', 'memory 39% of request'], 'cpu over the pods that request it');
});

test('a workload with no pods shows only when an autoscaler in the cluster targets it; a StatefulSet is matched by kind', () => {
  assert.deepEqual(lenses(DEPLOYMENT, snapshot()), []);
  assert.deepEqual(titles(DEPLOYMENT, snapshot({ autoscalers: [hpaRow()] })), ['live: no pods']);
  const sts = DEPLOYMENT.replace('kind: Deployment', 'kind: StatefulSet');
  assert.deepEqual(lenses(sts, snapshot({ pods: [pod('web-0')] })), []);
  assert.deepEqual(titles(sts, snapshot({ pods: [pod('web-0', { workload: { kind: 'StatefulSet', name: 'web' } })] })), ['live: 1/1 pod running', 'cpu 40% of request', 'memory 50% of request']);
});

test('a ScaledObject: its replicas and triggers, Active state, and a click opens the HPA KEDA made', () => {
  const so = `apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: worker, namespace: shop}\nspec:\n  scaleTargetRef: {name: worker}\n`;
  const row = hpaRow({
    kind: 'ScaledObject',
    name: 'worker',
    hpaName: 'keda-hpa-worker',
    maxReplicas: 20,
    currentReplicas: 4,
    desiredReplicas: 4,
    metrics: [{ name: 's0-rabbitmq-jobs', text: 's0-rabbitmq-jobs: 12/5 (avg)', current: '12', target: '5' }],
    conditions: [
      { type: 'Ready', status: 'True' },
      { type: 'Active', status: 'True' },
    ],
  });
  const [lens] = lenses(so, snapshot({ autoscalers: [row] }));
  assert.deepEqual(titles(so, snapshot({ autoscalers: [row] })), ['live: 4/20 replicas', 's0-rabbitmq-jobs 12/5', 'Active']);
  assert.deepEqual(lens.hpa, { namespace: 'shop', name: 'keda-hpa-worker' });
  const notReady = { ...row, conditions: [{ type: 'Ready', status: 'False', reason: 'ScaledObjectCheckFailed' }] };
  assert.equal(lenses(so, snapshot({ autoscalers: [notReady] }))[0].title, 'live: ⚠ not Ready: ScaledObjectCheckFailed');
});

test('multi-document files get one lens per live document; other kinds and broken YAML get none', () => {
  const text = `${HPA}---\n${DEPLOYMENT.replace('name: web', 'name: web\n  namespace: shop')}---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\n`;
  const result = lenses(text, snapshot({ autoscalers: [hpaRow()], pods: [pod('web-1')] }, 'default'));
  assert.deepEqual(
    result.filter((l) => l.title.startsWith('live: ')).map((l) => [l.docIndex, l.kind]),
    [
      [0, 'HorizontalPodAutoscaler'],
      [1, 'Deployment'],
    ],
  );
  assert.deepEqual(lenses('kind: [unclosed\n', snapshot({ autoscalers: [hpaRow()] })), []);
});

test("interest: only changes to the documents' autoscalers or to pods in their workloads' namespaces count", () => {
  const files = [parseFile('file:///a.yaml', HPA), parseFile('file:///b.yaml', DEPLOYMENT)];
  const interest = liveInterest(files, 'prod');
  assert.deepEqual([...interest.autoscalers], ['shop/web']);
  assert.deepEqual([...interest.workloadNamespaces], ['prod']);
  assert.equal(touches({ autoscalers: ['shop/web'] }, interest), true);
  assert.equal(touches({ autoscalers: ['shop/api'] }, interest), false);
  assert.equal(touches({ pods: ['prod/web-1'] }, interest), true);
  assert.equal(touches({ pods: ['shop/web-1'], nodes: ['n1'] }, interest), false);
  assert.equal(touches({ autoscalers: ['prod/web'] }, interest), true, 'an autoscaler beside a workload may be its scaler');
  assert.equal(touches({ info: true }, interest), true);
});

test('an HPA the controller has not processed yet: unknown replicas and values, no condition', () => {
  const fresh = hpaRow({ currentReplicas: undefined, desiredReplicas: undefined, conditions: [], metrics: [{ name: 'cpu', text: 'cpu: <unknown>/50%', target: '50%' }] });
  assert.deepEqual(titles(HPA, snapshot({ autoscalers: [fresh] })), ['live: ?/10 replicas', 'cpu <unknown>/50%']);
});

test("an HPA's replayed decision is a lens of its own after the metrics; the chain goes to the hover", () => {
  const replays = new Map([['shop/web', { summary: 'desired 5 · held at 6 by scale-down window until 14:32', chain: ['cpu 20 % / 60 % × 6 pods → 2', 'scale-down window 300 s → 6 until 14:32'] }]]);
  const all = liveLenses(parseFile('file:///w.yaml', HPA), snapshot({ autoscalers: [hpaRow()] }), (key) => replays.get(key));
  assert.deepEqual(
    all.map((l) => l.title),
    ['live: 3/10 replicas', 'cpu 45%/50%', 'desired 5 · held at 6 by scale-down window until 14:32'],
  );
  assert.match(all[0].tooltip, /\nWhy, as the controller computes it: cpu 20 % \/ 60 % × 6 pods → 2; scale-down window 300 s → 6 until 14:32$/);
  // Not read yet, or nothing to replay: no summary lens, nothing invented.
  assert.deepEqual(
    liveLenses(parseFile('file:///w.yaml', HPA), snapshot({ autoscalers: [hpaRow()] }), () => undefined).map((l) => l.title),
    ['live: 3/10 replicas', 'cpu 45%/50%'],
  );
});

test('cluster text in the summary cannot draw VS Code icons ($(name) in a lens title)', () => {
  const all = liveLenses(parseFile('file:///w.yaml', HPA), snapshot({ autoscalers: [hpaRow()] }), () => ({ summary: 'no replica count computed: $(alert) bad', chain: [] }));
  assert.equal(all[2].title, 'no replica count computed: $\u200b(alert) bad');
});

test('replay summaries: one read per HPA per interval; a changed summary notifies; a context switch drops late reads', async () => {
  let now = 0;
  const reads: string[] = [];
  let answer = 'desired 2 · steady';
  const pending: (() => void)[] = [];
  let changes = 0;
  const summaries = new ReplaySummaries(
    (namespace, name) =>
      new Promise((resolve) => {
        reads.push(`${namespace}/${name}`);
        const summary = answer;
        pending.push(() => resolve({ summary, chain: [] }));
      }),
    () => changes++,
    15_000,
    () => now,
  );
  const settle = async () => {
    for (const p of pending.splice(0)) p();
    await new Promise((r) => setImmediate(r));
  };
  assert.equal(summaries.get('shop/web'), undefined, 'nothing before the first read ends');
  summaries.get('shop/web');
  assert.deepEqual(reads, ['shop/web'], 'one read while one is running');
  await settle();
  assert.equal(summaries.get('shop/web')?.summary, 'desired 2 · steady');
  assert.equal(changes, 1);
  now = 10_000;
  summaries.get('shop/web');
  assert.equal(reads.length, 1, 'no new read within the interval');
  now = 15_000;
  summaries.get('shop/web');
  assert.equal(reads.length, 2);
  await settle();
  assert.equal(changes, 1, 'the same summary again: no change');
  answer = 'desired 1 · held at 2 by minReplicas';
  now = 30_000;
  summaries.get('shop/web');
  await settle();
  assert.equal(summaries.get('shop/web')?.summary, 'desired 1 · held at 2 by minReplicas');
  assert.equal(changes, 2);
  now = 45_000;
  summaries.get('shop/web');
  summaries.clear();
  await settle();
  assert.equal(changes, 2, 'a read from before the switch is dropped');
});

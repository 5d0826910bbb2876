// The cluster view's data side: grouping pods by namespace and workload, the rows a change refreshes (row text:
// explorer-row-text.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AutoscalerRow, ClusterProblem, NodeRow, PodRow, Snapshot } from '../../src/core/cluster/types';
import { loadKubeConfig } from '../../src/core/cluster/connect';
import { childrenOf, PAGE, problemActions, shownProblem, vscodeWords } from '../../src/extension/explorer/children';
import { setLocale } from '../../src/core/l10n';
import { workloadText } from '../../src/extension/explorer/rowText';
import { autoscalerKey, blockingProblem, ids, patchIndex, patchIndexInSlices, REDRAW_ALL_OVER, rowsToRefresh, SnapshotIndex, BARE_PODS } from '../../src/extension/explorer/model';

const info = { context: 'kwok', cluster: 'kwok', server: 'https://127.0.0.1:6443', namespace: 'default' };

function pod(ns: string, name: string, workload?: string, extra: Partial<PodRow> = {}): PodRow {
  return {
    namespace: ns,
    name,
    workload: workload ? { kind: 'Deployment', name: workload } : undefined,
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

const node = (name: string): NodeRow => ({
  name,
  ready: true,
  unschedulable: false,
  allocatable: { cpuMilli: 4000, memoryBytes: 8 * 1024 ** 3 },
  requested: { cpuMilli: 1400, memoryBytes: 1024 ** 3 },
  usage: { cpuMilli: 250, memoryBytes: 700 * 1024 * 1024 },
  cpuPercent: 6,
  memoryPercent: 8,
  cpuRequestedPercent: 35,
  memoryRequestedPercent: 12,
});

const hpa: AutoscalerRow = {
  kind: 'HorizontalPodAutoscaler',
  namespace: 'shop',
  name: 'web',
  target: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
  metrics: [{ name: 'cpu', text: 'cpu: 45%/50%', current: '45%', target: '50%' }],
  minReplicas: 1,
  maxReplicas: 3,
  currentReplicas: 3,
  desiredReplicas: 3,
  conditions: [],
  atMax: true,
};

const snap = (pods: PodRow[], extra: Partial<Snapshot> = {}): Snapshot => ({ info, nodes: [node('n1'), node('n2')], pods, autoscalers: [hpa], problems: [], ...extra });

test('pods are grouped by namespace, then workload (sorted, bare pods last)', () => {
  const idx = new SnapshotIndex(snap([pod('shop', 'web-2', 'web'), pod('shop', 'lonely'), pod('kube-system', 'proxy-1', 'kube-proxy'), pod('shop', 'api-1', 'api'), pod('shop', 'web-1', 'web')]));
  assert.deepEqual([...idx.namespaces.keys()], ['kube-system', 'shop']);
  assert.deepEqual([...idx.namespaces.get('shop')!.keys()], ['Deployment/api', 'Deployment/web', BARE_PODS]);
  assert.deepEqual(idx.namespaces.get('shop')!.get('Deployment/web')!.pods, ['shop/web-1', 'shop/web-2']);
});

test('a metrics refresh refreshes only the shown rows whose values changed', () => {
  const before = new SnapshotIndex(snap([pod('shop', 'web-1', 'web'), pod('shop', 'web-2', 'web')]));
  const after = new SnapshotIndex(snap([pod('shop', 'web-1', 'web', { usage: { cpuMilli: 80, memoryBytes: 1 } }), pod('shop', 'web-2', 'web')]));
  const shown = new Set([ids.nodes, ids.node('n1'), ids.node('n2'), ids.pods, ids.namespace('shop'), ids.workload('shop', 'Deployment/web'), ids.pod('shop/web-1'), ids.pod('shop/web-2')]);
  const r = rowsToRefresh({ pods: ['shop/web-1'], nodes: ['n2'] }, before, after, (id) => shown.has(id));
  assert.equal(r.all, false);
  assert.deepEqual(new Set(!r.all ? r.ids : []), new Set([ids.node('n2'), ids.pod('shop/web-1'), ids.workload('shop', 'Deployment/web')]));
  // Rows never shown (a collapsed namespace) are not refreshed at all.
  const collapsed = rowsToRefresh({ pods: ['shop/web-1'] }, before, after, (id) => id === ids.pods || id === ids.namespace('shop'));
  assert.deepEqual(collapsed, { all: false, ids: [] });
});

test('a new pod refreshes its workload row; a new workload its namespace; a new namespace the Pods group', () => {
  const before = new SnapshotIndex(snap([pod('shop', 'web-1', 'web')]));
  const shownAll = (id: string) => id !== ids.pod('shop/web-2');
  const samePlace = rowsToRefresh({ pods: ['shop/web-2'] }, before, new SnapshotIndex(snap([pod('shop', 'web-1', 'web'), pod('shop', 'web-2', 'web')])), shownAll);
  assert.deepEqual(samePlace, { all: false, ids: [ids.workload('shop', 'Deployment/web')] });
  const newWorkload = rowsToRefresh({ pods: ['shop/api-1'] }, before, new SnapshotIndex(snap([pod('shop', 'web-1', 'web'), pod('shop', 'api-1', 'api')])), shownAll);
  assert.deepEqual(newWorkload, { all: false, ids: [ids.namespace('shop')] });
  const newNamespace = rowsToRefresh({ pods: ['dev/x'] }, before, new SnapshotIndex(snap([pod('shop', 'web-1', 'web'), pod('dev', 'x')])), shownAll);
  assert.deepEqual(newNamespace, { all: false, ids: [ids.pods] });
  // A deleted pod: its workload row (the count) when the workload stays.
  const gone = rowsToRefresh({ pods: ['shop/web-2'] }, new SnapshotIndex(snap([pod('shop', 'web-1', 'web'), pod('shop', 'web-2', 'web')])), before, () => true);
  assert.deepEqual(gone, { all: false, ids: [ids.workload('shop', 'Deployment/web')] });
});

test('info or problem changes refresh the root row; nothing shown yet redraws from the top', () => {
  const idx = new SnapshotIndex(snap([]));
  assert.deepEqual(
    rowsToRefresh({ info: true }, idx, idx, () => true),
    { all: false, ids: [ids.root] },
  );
  assert.deepEqual(
    rowsToRefresh({ problems: true }, idx, idx, () => true),
    { all: false, ids: [ids.root] },
  );
  assert.deepEqual(
    rowsToRefresh({ problems: true }, undefined, idx, () => true),
    { all: true },
  );
  assert.deepEqual(
    rowsToRefresh({ info: true }, idx, idx, () => false),
    { all: true },
  );
  assert.deepEqual(
    rowsToRefresh({ nodes: ['n3'] }, idx, new SnapshotIndex({ ...snap([]), nodes: [node('n1'), node('n2'), node('n3')] }), () => false),
    { all: true },
  );
});

test('a blocking problem empties the view only when there is no data at all', () => {
  const unreachable = { kind: 'unreachable' as const, title: 'Cannot reach the API server', message: 'connect ECONNREFUSED 127.0.0.1:1' };
  assert.equal(blockingProblem({ ...snap([]), nodes: [], autoscalers: [], problems: [unreachable] }, undefined), unreachable);
  assert.equal(blockingProblem({ ...snap([]), problems: [unreachable] }, undefined), undefined, 'stale data stays, with the problem as a row');
  const metrics = { kind: 'metrics-api-missing' as const, title: 'No metrics API', message: '' };
  assert.equal(blockingProblem({ ...snap([]), nodes: [], autoscalers: [], problems: [metrics] }, undefined), undefined);
  const kc = { kind: 'kubeconfig' as const, title: 'No kubeconfig', message: '' };
  assert.equal(blockingProblem(undefined, kc), kc);
});

test('long lists come in pages with a "more" row; the limit grows per list', () => {
  const pods = Array.from({ length: 1203 }, (_, i) => pod('load', `filler-${String(i).padStart(4, '0')}`, 'filler'));
  const idx = new SnapshotIndex(snap(pods));
  const workload = { kind: 'workload' as const, id: ids.workload('load', 'Deployment/filler'), namespace: 'load', workload: 'Deployment/filler' };
  const first = childrenOf(workload, idx, undefined);
  assert.equal(first.length, PAGE + 1);
  assert.deepEqual(first.at(-1), { kind: 'more', id: `${workload.id}:more`, parent: workload.id, shown: PAGE, total: 1203 });
  const all = childrenOf(workload, idx, undefined, (id) => (id === workload.id ? 1500 : PAGE));
  assert.equal(all.length, 1203);
  assert.equal(all.at(-1)!.kind, 'pod');
});

test('a blocking problem is the only top row; each problem offers the doctor, the docs and the fix for its kind', () => {
  const idx = new SnapshotIndex(snap([]));
  const unreachable = { kind: 'unreachable' as const, title: 'Cluster unreachable', message: 'connection refused' };
  const top = childrenOf(undefined, idx, unreachable);
  assert.deepEqual(top, [{ kind: 'problem', id: 'blocked:unreachable', problem: unreachable }]);
  const titles = (p: ClusterProblem) => problemActions(p, 'x').map((r) => (r.kind === 'action' ? `${r.title} → ${r.command.command}` : r.kind));
  assert.deepEqual(titles(unreachable), [
    'Run the Doctor → kube-scaling-doctor.diagnoseClusterProblem',
    'Switch context → kube-scaling-doctor.switchContext',
    'Retry → kube-scaling-doctor.refreshCluster',
    'Open the docs → kube-scaling-doctor.openClusterProblemDocs',
  ]);
  assert.deepEqual(titles({ kind: 'forbidden', title: 'Forbidden', message: '' }), [
    'Run the Doctor → kube-scaling-doctor.diagnoseClusterProblem',
    'Switch namespace → kube-scaling-doctor.switchNamespace',
    'Open the docs → kube-scaling-doctor.openClusterProblemDocs',
  ]);
  assert.deepEqual(titles({ kind: 'kubeconfig', title: 'No kubeconfig', message: '' }), [
    'Choose a kubeconfig file → kube-scaling-doctor.chooseKubeconfig',
    'Start the local cluster → kube-scaling-doctor.startLocalCluster',
    'Switch context → kube-scaling-doctor.switchContext',
    'Open the docs → kube-scaling-doctor.openClusterProblemDocs',
  ]);
  // No metrics API: the doctor's finding for it has the repair that installs metrics-server.
  assert.deepEqual(titles({ kind: 'metrics-api-missing', title: 'No metrics API', message: '' }), [
    "Install metrics-server (the doctor's repair) → kube-scaling-doctor.diagnoseClusterProblem",
    'Open the docs → kube-scaling-doctor.openClusterProblemDocs',
  ]);
  for (const kind of ['metrics-api-unavailable', 'metrics-pending'] as const) {
    assert.deepEqual(titles({ kind, title: kind, message: '' }), ['Run the Doctor → kube-scaling-doctor.diagnoseClusterProblem', 'Open the docs → kube-scaling-doctor.openClusterProblemDocs']);
  }
  // The problem travels with the action, so the doctor gets its diagnosis id.
  const withId = { kind: 'metrics-api-missing' as const, title: 't', message: '', doctorId: 'metrics-api-missing' };
  const doctor = problemActions(withId, 'x')[0];
  assert.ok(doctor.kind === 'action' && doctor.command.arguments?.[0] === withId);
  // Partial problems are rows under the root, before the groups.
  const root = childrenOf({ kind: 'root', id: ids.root }, new SnapshotIndex(snap([], { problems: [withId] })), undefined);
  assert.deepEqual(
    root.map((r) => r.kind),
    ['problem', 'nodes', 'pods', 'autoscalers'],
  );
});

function lookup(s: Snapshot) {
  return {
    node: (name: string) => s.nodes.find((n) => n.name === name),
    pod: (key: string) => s.pods.find((p) => `${p.namespace}/${p.name}` === key),
    usageOf: (key: string) => s.pods.find((p) => `${p.namespace}/${p.name}` === key)?.usage,
    autoscaler: (nsName: string, kind: AutoscalerRow['kind']) => s.autoscalers.find((a) => `${a.namespace}/${a.name}` === nsName && a.kind === kind),
  };
}

test('a metrics refresh patches the index in place and names only the shown rows it changed', () => {
  const idx = new SnapshotIndex(snap([pod('shop', 'web-1', 'web'), pod('shop', 'web-2', 'web')]));
  const next = snap([pod('shop', 'web-1', 'web', { usage: { cpuMilli: 99, memoryBytes: 1 }, cpuPercentOfRequest: 99 }), pod('shop', 'web-2', 'web')], {
    autoscalers: [{ ...hpa, currentReplicas: 2, atMax: false }],
  });
  const shown = new Set([ids.root, ids.nodes, ids.node('n1'), ids.workload('shop', 'Deployment/web'), ids.pod('shop/web-1'), ids.autoscaler(autoscalerKey(hpa))]);
  const r = patchIndex(idx, next, { pods: ['shop/web-1'], nodes: ['n1', 'n2'], autoscalers: ['shop/web'] }, lookup(next), (id) => shown.has(id));
  assert.deepEqual(new Set(r), new Set([ids.node('n1'), ids.pod('shop/web-1'), ids.workload('shop', 'Deployment/web'), ids.autoscaler('shop/HorizontalPodAutoscaler/web')]));
  assert.equal(idx.pods.get('shop/web-1')!.cpuPercentOfRequest, 99, 'the index holds the new row');
  assert.equal(idx.autoscalers.get('shop/HorizontalPodAutoscaler/web')!.currentReplicas, 2);
  assert.equal(idx.snapshot, next);
});

test("a change of usage alone reads only the shown pod rows; the workload sums take the others' usage from the session", () => {
  const at = (name: string, cpuMilli: number) => pod('shop', name, 'web', { usage: { cpuMilli, memoryBytes: 64 * 1024 * 1024 }, cpuPercentOfRequest: cpuMilli });
  const idx = new SnapshotIndex(snap([at('web-1', 10), at('web-2', 10)]));
  const next = snap([at('web-1', 50), at('web-2', 30)]);
  const read: string[] = [];
  const rows = { ...lookup(next), pod: (key: string) => (read.push(key), lookup(next).pod(key)) };
  const shown = new Set([ids.pods, ids.namespace('shop'), ids.workload('shop', 'Deployment/web'), ids.pod('shop/web-1')]);
  const keys = ['shop/web-1', 'shop/web-2'];
  const r = patchIndex(idx, next, { pods: keys, podUsageOnly: new Set(keys) }, rows, (id) => shown.has(id));
  assert.deepEqual(new Set(r), new Set([ids.workload('shop', 'Deployment/web'), ids.pod('shop/web-1')]));
  assert.deepEqual(read, ['shop/web-1'], 'the shown pod row alone is read');
  assert.equal(idx.pods.get('shop/web-2')!.usage!.cpuMilli, 10, 'the other keeps its old row');
  assert.equal(idx.usageOf('shop/web-2')!.cpuMilli, 30);
  const g = idx.namespaces.get('shop')!.get('Deployment/web')!;
  const { pods, usageOf } = idx.groupRows(g);
  assert.equal(workloadText(g, pods, hpa, usageOf).description, 'cpu 40% · 2/2 running · Deployment', '(50m + 30m) / 200m');
  // Shown later (its workload opened), the row is read then, once.
  assert.equal(idx.pod('shop/web-2')!.cpuPercentOfRequest, 30);
  assert.equal(idx.pod('shop/web-2')!.cpuPercentOfRequest, 30);
  assert.deepEqual(read, ['shop/web-1', 'shop/web-2']);
  // A usage-only change for a pod the index does not have: rebuilt.
  assert.equal(
    patchIndex(idx, next, { pods: ['shop/web-3'], podUsageOnly: new Set(['shop/web-3']) }, rows, () => true),
    undefined,
  );
});

test('a new, deleted or moved row cannot be patched: the index is rebuilt', () => {
  const base = () => new SnapshotIndex(snap([pod('shop', 'web-1', 'web')]));
  const added = snap([pod('shop', 'web-1', 'web'), pod('shop', 'web-2', 'web')]);
  assert.equal(
    patchIndex(base(), added, { pods: ['shop/web-2'] }, lookup(added), () => true),
    undefined,
  );
  const gone = snap([]);
  assert.equal(
    patchIndex(base(), gone, { pods: ['shop/web-1'] }, lookup(gone), () => true),
    undefined,
  );
  const moved = snap([pod('shop', 'web-1', 'api')]);
  assert.equal(
    patchIndex(base(), moved, { pods: ['shop/web-1'] }, lookup(moved), () => true),
    undefined,
  );
  const noHpa = snap([pod('shop', 'web-1', 'web')], { autoscalers: [] });
  assert.equal(
    patchIndex(base(), noHpa, { autoscalers: ['shop/web'] }, lookup(noHpa), () => true),
    undefined,
  );
  // Rebuilt, a deleted autoscaler refreshes the Autoscalers group (keys of changes are namespace/name).
  const r = rowsToRefresh({ autoscalers: ['shop/web'] }, base(), new SnapshotIndex(noHpa), () => true);
  assert.deepEqual(r, { all: false, ids: [ids.autoscalers] });
});

/** A big cluster's pods: load pods of 300 Deployments in 3 namespaces, a DaemonSet pod per node, a few bare pods. */
function bigSnapshot(cpu = 45): Snapshot {
  const pods: PodRow[] = [];
  for (let i = 0; i < 6_000; i++)
    pods.push(pod(['load-a', 'load-b', 'load-c'][i % 3], `filler-${i % 300}-${i.toString(36)}`, `filler-${i % 300}`, { usage: { cpuMilli: cpu + (i % 7), memoryBytes: 1 } }));
  for (let i = 0; i < 500; i++) pods.push(pod('kube-system', `kube-proxy-${i}`, undefined, { workload: { kind: 'DaemonSet', name: 'kube-proxy' } }));
  for (let i = 0; i < 5; i++) pods.push(pod('load-a', `debug-${i}`));
  pods.sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : 1));
  return snap(pods);
}

const mapLookup = (s: Snapshot) => {
  const pods = new Map(s.pods.map((p) => [`${p.namespace}/${p.name}`, p]));
  return { ...lookup(s), pod: (key: string) => pods.get(key), usageOf: (key: string) => pods.get(key)?.usage };
};

const shape = (idx: SnapshotIndex) => ({
  nodes: [...idx.nodes.keys()],
  pods: [...idx.pods.entries()],
  namespaces: [...idx.namespaces].map(([ns, groups]) => [ns, [...groups.values()]]),
  autoscalers: [...idx.autoscalers.keys()],
});

test('a big snapshot is indexed and patched in slices, the event loop running between them, with the result of doing it at once', async () => {
  const s = bigSnapshot();
  let turns = 0;
  const ticker = setInterval(() => turns++, 0);
  try {
    const built = await SnapshotIndex.build(s, 0);
    assert.ok(turns > 0, 'timers ran while the index was built');
    assert.deepEqual(shape(built), shape(new SnapshotIndex(s)));
    // A metrics read: every pod row changes, none moves.
    const next = bigSnapshot(60);
    const change = { pods: next.pods.map((p) => `${p.namespace}/${p.name}`) };
    const shownIds = new Set([ids.workload('load-b', 'Deployment/filler-7'), ids.pod(change.pods.find((k) => k.startsWith('load-b/filler-7-'))!), ids.pods]);
    const shown = (id: string) => shownIds.has(id);
    const atOnce = new SnapshotIndex(s);
    const turnsBefore = turns;
    const sliced = await patchIndexInSlices(built, next, change, mapLookup(next), shown, 0);
    assert.ok(turns > turnsBefore, 'timers ran while the index was patched');
    assert.deepEqual(new Set(sliced), new Set(patchIndex(atOnce, next, change, mapLookup(next), shown)));
    assert.deepEqual(new Set(sliced), new Set([...shownIds].filter((id) => id !== ids.pods)), 'only the shown rows it changed');
    assert.deepEqual(shape(built), shape(atOnce));
    assert.equal(built.pods.get(change.pods[0])!.usage!.cpuMilli, next.pods[0].usage!.cpuMilli);
    // A pod that moved to another workload: the index is left as it was, for a rebuild.
    const moved = bigSnapshot(70);
    moved.pods[moved.pods.length - 1] = { ...moved.pods[moved.pods.length - 1], workload: { kind: 'StatefulSet', name: 'other' } };
    const before = shape(built);
    assert.equal(await patchIndexInSlices(built, moved, { pods: moved.pods.map((p) => `${p.namespace}/${p.name}`) }, mapLookup(moved), shown, 0), undefined);
    assert.deepEqual(shape(built), before);
  } finally {
    clearInterval(ticker);
  }
});

test('a change of thousands of rows (a list applied) redraws the tree instead of naming rows', () => {
  const before = new SnapshotIndex(snap([pod('shop', 'web-1', 'web')]));
  const after = new SnapshotIndex(bigSnapshot());
  const keys = after.snapshot.pods.map((p) => `${p.namespace}/${p.name}`);
  assert.ok(keys.length > REDRAW_ALL_OVER);
  assert.deepEqual(
    rowsToRefresh({ pods: keys }, before, after, () => true),
    { all: true },
  );
  assert.deepEqual(
    rowsToRefresh({ pods: keys.slice(0, 3) }, before, after, (id) => id === ids.pods),
    { all: false, ids: [ids.pods] },
  );
});

test('the "No kubeconfig found" row has its actions although there is no data yet, and speaks VS Code, not --kubeconfig', () => {
  let problem: ClusterProblem;
  try {
    loadKubeConfig({}, { KUBECONFIG: '/nonexistent/ksd-test-kubeconfig' }, '/nonexistent-home');
    assert.fail('no kubeconfig, no config');
  } catch (err) {
    problem = (err as { problem: ClusterProblem }).problem;
  }
  assert.match(problem.message, /--kubeconfig/, 'the CLI message (src/core) names the flag');
  // The view before any snapshot: no index, the problem is the only row, and expanding it lists its next steps.
  const [top] = childrenOf(undefined, undefined, problem);
  assert.ok(top.kind === 'problem');
  assert.doesNotMatch(top.problem.message, /--kubeconfig/);
  assert.match(top.problem.message, /Choose your cluster's kubeconfig file \(Scaling Doctor: Choose Kubeconfig File\)/);
  const actions = childrenOf(top, undefined, problem).map((r) => (r.kind === 'action' ? r.command.command : r.kind));
  assert.deepEqual(actions, ['kube-scaling-doctor.chooseKubeconfig', 'kube-scaling-doctor.startLocalCluster', 'kube-scaling-doctor.switchContext', 'kube-scaling-doctor.openClusterProblemDocs']);
  assert.equal(
    vscodeWords('Cannot read the kubeconfig: x: EACCES. Check --kubeconfig, $KUBECONFIG or the kubeconfig setting.'),
    'Cannot read the kubeconfig: x: EACCES. Check the kubeScalingDoctor.kubeconfig setting and $KUBECONFIG, or choose another kubeconfig file.',
  );
});

test('the Cluster view shows a kubeconfig problem in VS Code words in the display language too', () => {
  let problem!: ClusterProblem;
  try {
    loadKubeConfig({}, { KUBECONFIG: '/nonexistent/ksd-test-kubeconfig' }, '/nonexistent-home');
    assert.fail('no kubeconfig, no config');
  } catch (err) {
    problem = (err as { problem: ClusterProblem }).problem;
  }
  setLocale('ja');
  try {
    const [top] = childrenOf(undefined, undefined, problem);
    assert.ok(top.kind === 'problem');
    assert.equal(top.problem.title, 'kubeconfig が見つかりません');
    assert.match(top.problem.message, /^\$KUBECONFIG（\/nonexistent\/ksd-test-kubeconfig）に存在するファイルがありません。クラスターの kubeconfig ファイル/);
    assert.match(top.problem.message, /（Scaling Doctor: kubeconfig ファイルを選択）/, 'the command as the Japanese palette names it');
    assert.doesNotMatch(top.problem.message, /--kubeconfig/, 'no CLI flag in VS Code');
    assert.equal(shownProblem(problem).message, top.problem.message);
  } finally {
    setLocale('en');
  }
  // In English the VS Code wording of the template equals vscodeWords of the CLI's text, as before.
  const [english] = childrenOf(undefined, undefined, problem);
  assert.ok(english.kind === 'problem');
  assert.equal(english.problem.message, vscodeWords(problem.message));
  assert.equal(english.problem.title, 'No kubeconfig found');
});

test("a pod opens on its containers only when its workload's VPA recommends something for them", () => {
  const recommendation = { vpa: 'web', updateMode: 'Off', target: { cpuMilli: 587 }, lowerBound: {}, upperBound: {} };
  const withVpa = pod('shop', 'web-1', 'web', {
    containers: [
      { name: 'web', request: { cpuMilli: 250 }, recommendation },
      { name: 'proxy', request: {} },
    ],
  });
  const without = pod('shop', 'api-1', 'api', { containers: [{ name: 'api', request: { cpuMilli: 250 } }] });
  const idx = new SnapshotIndex(snap([withVpa, without]));
  assert.deepEqual(childrenOf({ kind: 'pod', id: ids.pod('shop/web-1'), key: 'shop/web-1' }, idx, undefined), [
    { kind: 'container', id: 'pod:shop/web-1:container:web', key: 'shop/web-1', container: 'web' },
    { kind: 'container', id: 'pod:shop/web-1:container:proxy', key: 'shop/web-1', container: 'proxy' },
  ]);
  assert.deepEqual(childrenOf({ kind: 'pod', id: ids.pod('shop/api-1'), key: 'shop/api-1' }, idx, undefined), []);
});

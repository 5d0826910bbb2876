// The nodes-and-pods table's data: the session's rows as cells in kubectl's text with values to sort by, the
// filter and sort the webview applies, and kubectl's AGE text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NodeRow, PodRow, Snapshot } from '../../src/core/cluster/types';
import { podText } from '../../src/extension/explorer/rowText';
import { t } from '../../src/core/l10n';
import { humanDuration, matches, nodeTableRow, podColumns, podTableRow, sortRows, tableState } from '../../src/extension/table/tableModel';

const POD_COLUMNS = podColumns(t);

const NOW = Date.parse('2026-12-05T12:00:00Z');

function pod(name: string, extra: Partial<PodRow> = {}): PodRow {
  return {
    namespace: 'shop',
    name,
    workload: { kind: 'Deployment', name: 'web' },
    status: 'Running',
    restarts: 0,
    nodeName: 'kwok-node-0',
    containers: [],
    request: { cpuMilli: 100, memoryBytes: 128 * 2 ** 20 },
    limit: { cpuMilli: 500 },
    usage: { cpuMilli: 45, memoryBytes: 64 * 2 ** 20 },
    cpuPercentOfRequest: 45,
    memoryPercentOfRequest: 50,
    cpuPercentOfLimit: 9,
    createdAt: '2026-12-05T11:57:30Z',
    metrics: 'ok',
    ...extra,
  };
}

const node: NodeRow = {
  name: 'kwok-node-0',
  ready: true,
  unschedulable: true,
  allocatable: { cpuMilli: 4000, memoryBytes: 8 * 1024 ** 3 },
  requested: { cpuMilli: 1400, memoryBytes: 1024 ** 3 },
  usage: { cpuMilli: 250, memoryBytes: 700 * 2 ** 20 },
  cpuPercent: 6,
  memoryPercent: 8,
  cpuRequestedPercent: 35,
  memoryRequestedPercent: 12,
  createdAt: '2026-12-01T12:00:00Z',
};

const cell = (row: { cells: string[] }, title: string) => row.cells[POD_COLUMNS.findIndex((c) => c.title === title)];

test('pod cells: kubectl top text, % of request and of limit, `-` without a limit, `<unknown>` without usage, age', () => {
  const r = podTableRow(pod('web-1', { restarts: 3 }), NOW);
  assert.deepEqual(r.cells, ['shop', 'web-1', 'Running', '45m', '45%', '9%', '64Mi', '50%', '-', '3', 'kwok-node-0', '2m30s']);
  assert.equal(r.key, 'shop/web-1');
  assert.deepEqual(r.sort.slice(3, 10), [45, 45, 9, 64 * 2 ** 20, 50, null, 3]);
  const noMetrics = podTableRow(pod('new', { usage: undefined, cpuPercentOfRequest: undefined, memoryPercentOfRequest: undefined, cpuPercentOfLimit: undefined, createdAt: undefined }), NOW);
  assert.deepEqual(noMetrics.cells.slice(3, 9), ['<unknown>', '<unknown>', '<unknown>', '<unknown>', '<unknown>', '-']);
  assert.equal(cell(noMetrics, 'AGE'), '<unknown>');
});

test('the table shows the numbers the Cluster view shows for the same row (one data source)', () => {
  const p = pod('web-1');
  const tree = podText(p).aria;
  const r = podTableRow(p, NOW);
  assert.match(tree, new RegExp(`CPU ${cell(r, 'CPU')} ${cell(r, '%CPU/R')} of request; memory ${cell(r, 'MEM')} ${cell(r, '%MEM/R')} of request`));
});

test('node cells: usage, % of allocatable, requested %, status with SchedulingDisabled, age', () => {
  assert.deepEqual(nodeTableRow(node, NOW).cells, ['kwok-node-0', 'Ready,SchedulingDisabled', '250m', '6%', '35%', '700Mi', '8%', '12%', '4d']);
});

test('state: what the rows cover, when metrics were read, both tables', () => {
  const snap: Snapshot = {
    info: { context: 'kind-dev', cluster: 'dev', server: 'https://x', namespace: 'default', allNamespaces: true },
    nodes: [node],
    pods: [pod('a'), pod('b')],
    autoscalers: [],
    problems: [],
    metricsAt: '2026-12-05T11:59:50Z',
  };
  const s = tableState(snap, t, [], NOW);
  assert.equal(s.scope, 'all namespaces');
  assert.equal(s.metricsAt, '2026-12-05T11:59:50Z');
  assert.equal(s.pods.rows.length, 2);
  assert.equal(s.nodes.rows.length, 1);
  assert.equal(tableState({ ...snap, info: { ...snap.info, allNamespaces: false, namespace: 'shop' } }, t, [], NOW).scope, 'namespace shop');
});

test('sort: numbers numerically, empty values last either way, ties by key; filter: every word, any column, any case', () => {
  const rows = [
    pod('a', { usage: { cpuMilli: 9, memoryBytes: 1 } }),
    pod('b', { usage: { cpuMilli: 100, memoryBytes: 1 } }),
    pod('c', { usage: undefined }),
    pod('d', { usage: { cpuMilli: 100, memoryBytes: 1 } }),
  ].map((p) => podTableRow(p, NOW));
  const cpu = POD_COLUMNS.findIndex((c) => c.title === 'CPU');
  assert.deepEqual(
    sortRows(rows, cpu, true).map((r) => r.key),
    ['shop/b', 'shop/d', 'shop/a', 'shop/c'],
  );
  assert.deepEqual(
    sortRows(rows, cpu, false).map((r) => r.key),
    ['shop/a', 'shop/b', 'shop/d', 'shop/c'],
    '9m before 100m (not as text), the pod without usage last',
  );
  const crash = podTableRow(pod('web-x', { status: 'CrashLoopBackOff' }), NOW);
  assert.equal(matches(crash, 'crashloop'), true);
  assert.equal(matches(crash, 'shop web-x'), true);
  assert.equal(matches(crash, 'shop api'), false);
  assert.equal(matches(crash, '  '), true);
});

test('age as kubectl prints it (duration.HumanDuration of apimachinery)', () => {
  const s = 1000;
  const cases: [number, string][] = [
    [-5 * s, '<invalid>'],
    [-1 * s, '0s'],
    [119 * s, '119s'],
    [150 * s, '2m30s'],
    [300 * s, '5m'],
    [45 * 60 * s, '45m'],
    [(3 * 60 + 5) * 60 * s, '3h5m'],
    [20 * 3600 * s, '20h'],
    [(3 * 24 + 4) * 3600 * s, '3d4h'],
    [30 * 24 * 3600 * s, '30d'],
    [(3 * 365 + 10) * 24 * 3600 * s, '3y10d'],
    [9 * 365 * 24 * 3600 * s, '9y'],
  ];
  for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, `${ms} ms`);
});

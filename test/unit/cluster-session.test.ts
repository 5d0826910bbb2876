// Edge cases of the session's informers that a healthy real cluster does not produce on demand:
// paged lists, a watch answered with 410 Gone (re-list), a failing watch (restart with backoff), and
// dispose closing every watch and timer. A small hand-written API server plays the API server.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { loadKubeConfig } from '../../src/core/cluster/connect';
import { toProblem } from '../../src/core/cluster/problems';
import { getJson, KubeApiError, kubeRequest, MERGE_PATCH } from '../../src/core/cluster/request';
import { ClusterSession } from '../../src/core/cluster/session';
import type { SnapshotChange } from '../../src/core/cluster/types';
import { AUTOSCALING_DISCOVERY_PATH, AUTOSCALING_GROUP } from './autoscalingDiscovery';
import { tempDir } from '../tempDir';

const node = (name: string, rv: string) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, resourceVersion: rv },
  status: { allocatable: { cpu: '4', memory: '8Gi' }, conditions: [{ type: 'Ready', status: 'True' }] },
});

interface Scenario {
  /** Node lists served in turn (each paged by the client's limit). */
  nodeLists: { rv: string; items: ReturnType<typeof node>[] }[];
  /** What each successive node watch does. */
  nodeWatches: ((res: http.ServerResponse) => void)[];
  /** Pods listed (none when absent). */
  pods?: object[];
  /** metrics.k8s.io, when served: the PodMetrics and NodeMetrics items of the current read. */
  podMetrics?: () => object[];
  nodeMetrics?: () => object[];
  /** A namespace whose pods' metrics the user may not list: 403, and SelfSubjectAccessReviews deny it there only. */
  podMetricsForbiddenIn?: string;
}

let server: http.Server;
let port: number;
let scenario: Scenario;
const requests: string[] = [];
const openWatches = new Set<http.ServerResponse>();
let listIndex = 0;
let watchIndex = 0;

function json(res: http.ServerResponse, code: number, body: unknown) {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function keepOpen(res: http.ServerResponse) {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.flushHeaders();
  openWatches.add(res);
  res.on('close', () => openWatches.delete(res));
}

before(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const watch = url.searchParams.get('watch') === 'true';
    if (url.pathname === '/version') return json(res, 200, { gitVersion: 'v1.33.0-fake' });
    if (url.pathname === '/api/v1/namespaces/slow/pods') return; // never answers
    if (url.pathname === '/apis/apps/v1/namespaces/kube-system/deployments/echo') {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString('utf8')));
      req.on('end', () => json(res, 200, { method: req.method, contentType: req.headers['content-type'], dryRun: url.searchParams.get('dryRun'), body: JSON.parse(text) }));
      return;
    }
    if (url.pathname === '/apis/apps/v1/namespaces/kube-system/deployments/locked') {
      return json(res, 403, {
        kind: 'Status',
        status: 'Failure',
        reason: 'Forbidden',
        code: 403,
        message: 'deployments.apps "locked" is forbidden: User "dev" cannot patch resource "deployments" in API group "apps" in the namespace "kube-system"',
      });
    }
    if (url.pathname === '/api/v1/nodes') {
      if (watch) {
        const w = scenario.nodeWatches[watchIndex++] ?? keepOpen;
        return w(res);
      }
      const list = scenario.nodeLists[Math.min(listIndex, scenario.nodeLists.length - 1)];
      const limit = Number(url.searchParams.get('limit') || list.items.length);
      const start = Number(url.searchParams.get('continue') || 0);
      const page = list.items.slice(start, start + limit);
      const next = start + limit < list.items.length ? String(start + limit) : undefined;
      if (!next) listIndex++;
      return json(res, 200, { kind: 'NodeList', apiVersion: 'v1', metadata: { resourceVersion: list.rv, ...(next ? { continue: next } : {}) }, items: page });
    }
    if (url.pathname === AUTOSCALING_DISCOVERY_PATH) return json(res, 200, AUTOSCALING_GROUP);
    if (/^\/(api\/v1\/pods|apis\/apps\/v1\/replicasets|apis\/autoscaling\/v2\/horizontalpodautoscalers)$/.test(url.pathname)) {
      if (watch) return keepOpen(res);
      const items = url.pathname === '/api/v1/pods' ? (scenario.pods ?? []) : [];
      return json(res, 200, { kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items });
    }
    if (scenario.podMetrics && url.pathname === '/apis/metrics.k8s.io/v1beta1/pods') {
      return json(res, 200, { kind: 'PodMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items: scenario.podMetrics() });
    }
    const podMetricsOf = /^\/apis\/metrics\.k8s\.io\/v1beta1\/namespaces\/([^/]+)\/pods$/.exec(url.pathname);
    if (scenario.podMetrics && podMetricsOf && podMetricsOf[1] === scenario.podMetricsForbiddenIn) {
      const message = `pods.metrics.k8s.io is forbidden: User "dev" cannot list resource "pods" in API group "metrics.k8s.io" in the namespace "${podMetricsOf[1]}"`;
      return json(res, 403, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403, message });
    }
    if (url.pathname === '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews' && req.method === 'POST') {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString('utf8')));
      req.on('end', () => {
        const review = JSON.parse(text) as { spec: { resourceAttributes: { namespace?: string } } };
        const allowed = review.spec.resourceAttributes.namespace !== scenario.podMetricsForbiddenIn;
        json(res, 201, { ...review, status: { allowed, ...(allowed ? {} : { reason: 'no RBAC policy matched' }) } });
      });
      return;
    }
    if (scenario.podMetrics && podMetricsOf) {
      const items = scenario.podMetrics().filter((m) => (m as { metadata: { namespace?: string } }).metadata.namespace === podMetricsOf[1]);
      return json(res, 200, { kind: 'PodMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items });
    }
    if (scenario.podMetrics && url.pathname === '/apis/metrics.k8s.io/v1beta1/nodes') {
      return json(res, 200, { kind: 'NodeMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items: scenario.nodeMetrics?.() ?? [] });
    }
    json(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', code: 404 });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});

after(() => {
  for (const w of openWatches) w.destroy();
  server.close();
});

function kubeconfig(): string {
  const file = path.join(tempDir('ksd-fake-'), 'config');
  fs.writeFileSync(
    file,
    `clusters: [{name: fake, cluster: {server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: fake, context: {cluster: fake, user: u}}]
current-context: fake
`,
  );
  return file;
}

async function until<T>(what: string, fn: () => T | undefined | false, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('paged list, re-list after a 410 watch event, restart with backoff after a failed watch, clean dispose', async () => {
  const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  scenario = {
    nodeLists: [
      { rv: '10', items: [node('n1', '1'), node('n2', '2'), node('n3', '3')] },
      { rv: '20', items: [node('n1', '1'), node('n2', '2'), node('n4', '11')] },
    ],
    nodeWatches: [
      // The resourceVersion is too old: a watch ERROR event with code 410, then the stream ends.
      (res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', code: 410, reason: 'Expired', message: 'too old resource version: 10 (15)' } }) + '\n');
      },
      // A server error on the next watch.
      (res) => json(res, 500, { kind: 'Status', code: 500, message: 'etcd unavailable' }),
      // Then a working watch that delivers one more node.
      (res) => {
        keepOpen(res);
        res.write(JSON.stringify({ type: 'ADDED', object: node('n5', '21') }) + '\n');
      },
    ],
  };
  const session = new ClusterSession(loadKubeConfig({ kubeconfig: kubeconfig() }), { pageSize: 2, batchMs: 10 });
  const changes: SnapshotChange[] = [];
  session.onDidChange((c) => changes.push(c));
  await session.start();

  // Paged: limit=2, then continue=2.
  assert.ok(
    requests.some((r) => r.startsWith('GET /api/v1/nodes?limit=2') && !r.includes('continue')),
    requests.join('\n'),
  );
  assert.ok(
    requests.some((r) => /GET \/api\/v1\/nodes\?.*continue=2/.test(r)),
    requests.join('\n'),
  );
  // 410: listed again, n3 gone, n4 new; the failed watch: an error problem, then recovery and n5.
  const names = await until('n5 after the restart', () => {
    const n = session.snapshot().nodes.map((x) => x.name);
    return n.includes('n5') ? n : false;
  });
  assert.deepEqual(names, ['n1', 'n2', 'n4', 'n5']);
  assert.equal(requests.filter((r) => /^GET \/api\/v1\/nodes\?(?!.*watch)/.test(r)).length, 4, 'two paged lists of two pages');
  assert.ok(
    changes.some((c) => c.nodes?.includes('n3')),
    'the deleted node is reported',
  );
  // The error showed as a problem and is gone once the watch works again.
  assert.deepEqual(
    session.snapshot().problems.filter((p) => p.kind !== 'metrics-api-missing'),
    [],
  );
  assert.equal(session.snapshot().info.version, 'v1.33.0-fake');

  // Metrics: the API is not registered here.
  await session.refreshMetrics();
  const missing = session.snapshot().problems.find((p) => p.kind === 'metrics-api-missing');
  assert.equal(missing?.doctorId, 'metrics-api-missing');

  assert.ok(openWatches.size >= 4, `watches open: ${openWatches.size}`);
  session.setMetricsPolling(true);
  session.dispose();
  await until('every watch closed', () => openWatches.size === 0);
  await new Promise((r) => setTimeout(r, 50));
  const timersAfter = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  assert.ok(timersAfter <= timersBefore, `timers left: ${timersAfter} > ${timersBefore}`);
});

test('only changed rows are reported: an unchanged re-list or a repeated object produces no event', async () => {
  requests.length = 0;
  listIndex = 0;
  watchIndex = 0;
  scenario = {
    nodeLists: [{ rv: '30', items: [node('a', '1'), node('b', '2')] }],
    nodeWatches: [
      (res) => {
        keepOpen(res);
        // After the initial rows are out: the same resourceVersion as listed (no change), then a real change of b.
        setTimeout(() => {
          res.write(JSON.stringify({ type: 'MODIFIED', object: node('a', '1') }) + '\n');
          res.write(JSON.stringify({ type: 'MODIFIED', object: { ...node('b', '3'), spec: { unschedulable: true } } }) + '\n');
        }, 300);
      },
    ],
  };
  const session = new ClusterSession(loadKubeConfig({ kubeconfig: kubeconfig() }), { batchMs: 10 });
  await session.start();
  await until('both nodes', () => session.snapshot().nodes.length === 2);
  await new Promise((r) => setTimeout(r, 50));
  const changes: SnapshotChange[] = [];
  session.onDidChange((c) => changes.push(c));
  await until('b unschedulable', () => session.node('b')?.unschedulable);
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(
    changes.flatMap((c) => c.nodes ?? []),
    ['b'],
  );
  session.dispose();
  await until('every watch closed', () => openWatches.size === 0);
});

/** A running pod of namespace shop on node a, one container requesting `cpu` and 64Mi, started at `started`. */
const runningPod = (name: string, cpu: string, started: string, namespace = 'shop') => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, resourceVersion: '1', creationTimestamp: started },
  spec: { nodeName: 'a', containers: [{ name: 'app', resources: { requests: { cpu, memory: '64Mi' } } }] },
  status: { phase: 'Running', startTime: started, containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: { startedAt: started } } }] },
});

test('a metrics read changes the rows whose shown usage changed, each as a fresh read computes it', async (t) => {
  requests.length = 0;
  listIndex = 0;
  watchIndex = 0;
  const sample = (name: string, cpu: string, memory: string) => ({
    metadata: { name, namespace: 'shop' },
    timestamp: '2026-12-06T10:00:00Z',
    window: '15s',
    containers: [{ name: 'app', usage: { cpu, memory } }],
  });
  // p1 moves within one millicore (10.5m, 10.6m: kubectl shows 11m both times), p2 from 20m to 30m, p3 loses its metrics.
  const reads = [
    [sample('p1', '10500000n', '32Mi'), sample('p2', '20m', '32Mi'), sample('p3', '5m', '16Mi')],
    [sample('p1', '10600000n', '32Mi'), sample('p2', '30000000n', '32Mi')],
  ];
  let read = 0;
  // The node's sample is new with each read: metrics-server scrapes a node's pods with it.
  const nodeMetrics = () => [{ metadata: { name: 'a' }, timestamp: `2026-12-06T10:0${read}:00Z`, window: '15s', usage: { cpu: '100m', memory: '1Gi' } }];
  scenario = {
    nodeLists: [{ rv: '1', items: [node('a', '1')] }],
    nodeWatches: [],
    pods: ['p1', 'p2', 'p3'].map((n) => runningPod(n, '100m', '2026-12-01T10:00:00Z')),
    podMetrics: () => reads[read],
    nodeMetrics,
  };
  const kc = loadKubeConfig({ kubeconfig: kubeconfig() });
  const session = new ClusterSession(kc, { batchMs: 10 });
  const fresh = new ClusterSession(kc, { batchMs: 10 });
  t.after(() => {
    session.dispose();
    fresh.dispose();
  });
  await session.start();
  await until('three pods', () => session.snapshot().pods.length === 3);
  await session.refreshMetrics();
  assert.equal(session.pod('shop/p1')?.usage?.cpuMilli, 11);
  await new Promise((r) => setTimeout(r, 50));
  const changes: SnapshotChange[] = [];
  session.onDidChange((c) => changes.push(c));
  read = 1;
  await session.refreshMetrics();
  await until('the change', () => changes.some((c) => c.pods));
  assert.deepEqual(changes.flatMap((c) => c.pods ?? []).sort(), ['shop/p2', 'shop/p3'], 'p1 shows 11m before and after: not a change');
  // p2's usage alone changed: its row waits for a reader, its usage does not; p3's row changed in more than usage.
  assert.deepEqual(
    changes.flatMap((c) => [...(c.podUsageOnly ?? [])]),
    ['shop/p2'],
  );
  const asComputed = new Map([...session.podRowsAsComputed()].map((p) => [p.name, p.usage?.cpuMilli]));
  assert.equal(asComputed.get('p2'), 20, 'not computed by the read');
  assert.equal(asComputed.get('p3'), undefined, 'computed by the read: its metrics are gone');
  assert.equal(session.usageOf('shop/p2')?.cpuMilli, 30);
  const samples = new Map<string, number>();
  session.forEachPodSample((row, s) => samples.set(row.name, s.containers[0].usage.cpuMilli));
  assert.deepEqual(Object.fromEntries(samples), { p1: 11, p2: 30 });
  assert.equal(session.pod('shop/p2')?.cpuPercentOfRequest, 30);
  assert.equal([...session.podRowsAsComputed()].find((p) => p.name === 'p2')?.usage?.cpuMilli, 30, 'computed when read');
  assert.equal(session.pod('shop/p3')?.metrics, 'unavailable');
  // A session that reads only the second sample computes every row from its pod: the same rows.
  await fresh.start();
  await until('three pods', () => fresh.snapshot().pods.length === 3);
  listIndex = 0;
  await fresh.refreshMetrics();
  assert.deepEqual(session.snapshot().pods, fresh.snapshot().pods);
  session.dispose();
  fresh.dispose();
  await until('every watch closed', () => openWatches.size === 0);
});

test('pod metrics switched off: reads ask for nodes only and no pod is "too new"; switched on, a read of the pods starts at once', async (t) => {
  requests.length = 0;
  listIndex = 0;
  watchIndex = 0;
  const startedNow = new Date(Date.now() - 5_000).toISOString();
  const pod = (name: string) => runningPod(name, '100m', startedNow);
  // p2 has no metrics yet (started 5 s ago): too new for them once pods are read.
  const podMetrics = () => [{ metadata: { name: 'p1', namespace: 'shop' }, timestamp: '2026-12-06T10:00:00Z', window: '15s', containers: [{ name: 'app', usage: { cpu: '20m', memory: '32Mi' } }] }];
  const nodeMetrics = () => [{ metadata: { name: 'a' }, timestamp: '2026-12-06T10:00:00Z', window: '15s', usage: { cpu: '100m', memory: '1Gi' } }];
  scenario = { nodeLists: [{ rv: '1', items: [node('a', '1')] }], nodeWatches: [], pods: [pod('p1'), pod('p2')], podMetrics, nodeMetrics };
  const session = new ClusterSession(loadKubeConfig({ kubeconfig: kubeconfig() }), { batchMs: 10 });
  t.after(() => session.dispose());
  session.setPodMetrics(false);
  await session.start();
  await until('two pods', () => session.snapshot().pods.length === 2);
  await session.refreshMetrics();
  await session.refreshMetrics();
  const metricsReads = () => requests.filter((r) => r.includes('/apis/metrics.k8s.io/'));
  assert.ok(metricsReads().length >= 2 && metricsReads().every((r) => r.startsWith('GET /apis/metrics.k8s.io/v1beta1/nodes')), metricsReads().join(' | '));
  assert.equal(session.node('a')?.usage?.cpuMilli, 100, 'node usage is read');
  assert.equal(session.pod('shop/p1')?.usage, undefined);
  assert.deepEqual(
    session.snapshot().problems.map((p) => p.kind),
    [],
    'no pod is called too new for metrics that were not read',
  );
  session.setMetricsPolling(true);
  session.setPodMetrics(true);
  await until('p1 usage', () => session.pod('shop/p1')?.usage?.cpuMilli === 20);
  assert.ok(metricsReads().some((r) => r.startsWith('GET /apis/metrics.k8s.io/v1beta1/pods')));
  await until('p2 too new for metrics', () => session.snapshot().problems.some((p) => p.kind === 'metrics-pending'));
  assert.equal(session.pod('shop/p2')?.metrics, 'pending');
});

test("pod metrics of some namespaces: only theirs are read; the others keep their usage and are never 'too new'", async (t) => {
  requests.length = 0;
  listIndex = 0;
  watchIndex = 0;
  const startedNow = new Date(Date.now() - 5_000).toISOString();
  // metrics-server's cycle: a new one has new samples for the node and its pods.
  let cpu = '20m';
  let at = '2026-12-06T10:00:00Z';
  // shop/p2 and lab/q2 have no metrics yet (started 5 s ago).
  const sample = (name: string, namespace: string) => ({ metadata: { name, namespace }, timestamp: at, window: '15s', containers: [{ name: 'app', usage: { cpu, memory: '32Mi' } }] });
  const podMetrics = () => [sample('p1', 'shop'), sample('q1', 'lab')];
  const nodeMetrics = () => [{ metadata: { name: 'a' }, timestamp: at, window: '15s', usage: { cpu: '100m', memory: '1Gi' } }];
  const pods = [runningPod('p1', '100m', startedNow), runningPod('p2', '100m', startedNow), runningPod('q1', '100m', startedNow, 'lab'), runningPod('q2', '100m', startedNow, 'lab')];
  scenario = { nodeLists: [{ rv: '1', items: [node('a', '1')] }], nodeWatches: [], pods, podMetrics, nodeMetrics };
  const session = new ClusterSession(loadKubeConfig({ kubeconfig: kubeconfig() }), { batchMs: 10 });
  t.after(() => session.dispose());
  await session.start();
  await until('four pods', () => session.snapshot().pods.length === 4);
  await session.refreshMetrics();
  assert.equal(session.pod('lab/q1')?.usage?.cpuMilli, 20, 'every pod read at first (all namespaces)');

  session.setPodMetrics(['shop']);
  requests.length = 0;
  cpu = '40m';
  at = '2026-12-06T10:00:15Z';
  await session.refreshMetrics();
  const podReads = requests.filter((r) => /metrics\.k8s\.io\/v1beta1\/(namespaces\/[^/]+\/)?pods/.test(r));
  assert.deepEqual(
    podReads.map((r) => r.split('?')[0]),
    ['GET /apis/metrics.k8s.io/v1beta1/namespaces/shop/pods'],
  );
  assert.equal(session.pod('shop/p1')?.usage?.cpuMilli, 40);
  assert.equal(session.pod('lab/q1')?.usage?.cpuMilli, 20, 'lab was not read: its rows keep the last usage');
  const pending = session.snapshot().problems.find((p) => p.kind === 'metrics-pending');
  assert.ok(pending && /shop\/p2/.test(JSON.stringify(pending)) && !/lab\/q2/.test(JSON.stringify(pending)), JSON.stringify(pending));

  // Adding lab reads it at once (polling on); closing every namespace reads nodes only.
  session.setMetricsPolling(true);
  session.setPodMetrics(['lab', 'shop']);
  await until('lab read', () => session.pod('lab/q1')?.usage?.cpuMilli === 40);
  session.setMetricsPolling(false);
  session.setPodMetrics(false);
  requests.length = 0;
  await session.refreshMetrics();
  assert.deepEqual(
    requests.filter((r) => r.includes('/apis/metrics.k8s.io/')).map((r) => r.split('?')[0]),
    ['GET /apis/metrics.k8s.io/v1beta1/nodes'],
  );
});

test("a namespace whose pods' metrics the user may not read: the problem names the permission in that namespace, the others are read", async (t) => {
  listIndex = 0;
  watchIndex = 0;
  const startedNow = new Date(Date.now() - 60_000).toISOString();
  let cpu = '30m';
  const sample = (name: string, namespace: string) => ({
    metadata: { name, namespace },
    timestamp: '2026-12-06T10:00:00Z',
    window: '15s',
    containers: [{ name: 'app', usage: { cpu, memory: '32Mi' } }],
  });
  const pods = [runningPod('p1', '100m', startedNow), runningPod('q1', '100m', startedNow, 'lab')];
  scenario = {
    nodeLists: [{ rv: '1', items: [node('a', '1')] }],
    nodeWatches: [],
    pods,
    podMetrics: () => [sample('p1', 'shop'), sample('q1', 'lab')],
    nodeMetrics: () => [{ metadata: { name: 'a' }, timestamp: '2026-12-06T10:00:00Z', window: '15s', usage: { cpu: '100m', memory: '1Gi' } }],
    podMetricsForbiddenIn: 'lab',
  };
  const session = new ClusterSession(loadKubeConfig({ kubeconfig: kubeconfig() }), { batchMs: 10 });
  t.after(() => session.dispose());
  await session.start();
  await until('two pods', () => session.snapshot().pods.length === 2);
  session.setPodMetrics(['shop']);
  await session.refreshMetrics();
  assert.equal(session.pod('shop/p1')?.usage?.cpuMilli, 30);
  assert.deepEqual(session.snapshot().problems, [], 'shop alone reads fine');

  session.setPodMetrics(['lab', 'shop']);
  requests.length = 0;
  cpu = '50m';
  await session.refreshMetrics();
  assert.equal(session.pod('shop/p1')?.usage?.cpuMilli, 50, 'read after lab failed');
  assert.equal(session.pod('lab/q1')?.usage, undefined, 'no usage where it could not be read');
  const problem = session.snapshot().problems.find((p) => p.kind === 'forbidden');
  assert.ok(problem, JSON.stringify(session.snapshot().problems));
  assert.deepEqual(problem?.missingPermission, { verb: 'list', group: 'metrics.k8s.io', resource: 'pods', namespace: 'lab' });
  assert.match(problem.message, /Role in namespace lab granting "list" on "pods"/);
  assert.ok(requests.includes('POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews'), requests.join(' | '));
});

test('a request the server never answers times out as unreachable', async () => {
  const kc = loadKubeConfig({ kubeconfig: kubeconfig() });
  const err = await getJson(kc, '/api/v1/namespaces/slow/pods', {}, 200).then(
    () => undefined,
    (e: unknown) => e,
  );
  const p = toProblem(err, 'listing pods');
  assert.equal(p.kind, 'unreachable');
  assert.match(p.message, /timed out/);
  const notFound = await getJson(kc, '/apis/nothing/v1/things').then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.equal(toProblem(notFound, 'x').title, 'API error 404 NotFound');
});

test('a write sends its JSON body and content type, and a refusal carries the server message and the missing permission', async () => {
  const kc = loadKubeConfig({ kubeconfig: kubeconfig() });
  const echoed = await kubeRequest(kc, 'PATCH', '/apis/apps/v1/namespaces/kube-system/deployments/echo', {
    body: { metadata: { resourceVersion: '7' } },
    contentType: MERGE_PATCH,
    query: { dryRun: 'All' },
  });
  assert.deepEqual(echoed, { method: 'PATCH', contentType: MERGE_PATCH, dryRun: 'All', body: { metadata: { resourceVersion: '7' } } });

  const err = await kubeRequest(kc, 'PATCH', '/apis/apps/v1/namespaces/kube-system/deployments/locked', { body: {}, contentType: MERGE_PATCH }).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(err instanceof KubeApiError);
  assert.equal(err.status, 403);
  assert.equal(err.reason, 'Forbidden');
  assert.match(err.message, /^deployments\.apps "locked" is forbidden/);
  const p = toProblem(err, 'patching the metrics-server Deployment');
  assert.equal(p.kind, 'forbidden');
  assert.deepEqual(p.missingPermission, { verb: 'patch', resource: 'deployments', group: 'apps', namespace: 'kube-system' });
});

test('a server that does not serve karpenter.sh: Karpenter "not installed", no problem row and no NodePool watch', async () => {
  requests.length = 0;
  listIndex = 0;
  watchIndex = 0;
  scenario = { nodeLists: [{ rv: '1', items: [node('a', '1')] }], nodeWatches: [] };
  const session = new ClusterSession(loadKubeConfig({ kubeconfig: kubeconfig() }), { batchMs: 10 });
  try {
    await session.start();
    const karpenter = await until('Karpenter known', () => session.snapshot().nodeAutoscaling?.karpenter.installed === false && session.snapshot().nodeAutoscaling?.karpenter);
    assert.deepEqual(karpenter, { installed: false, nodePools: [], nodeClaims: [] });
    assert.ok(!session.snapshot().problems.some((p) => /karpenter|NodePool/i.test(p.title)));
    assert.ok(!requests.some((r) => /karpenter\.sh\/v1\/nodepools.*watch=true/.test(r)), 'no watch of an absent resource');
  } finally {
    session.dispose();
  }
  await until('every watch closed', () => openWatches.size === 0);
});

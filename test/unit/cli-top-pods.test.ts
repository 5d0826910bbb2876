// `top pods` shows metrics first, as `kubectl top pods` does (issue 12, target 4): by default it reads
// the pod metrics and nothing else, and prints kubectl's columns; `--requests` also lists the pods for
// % of request, restarts and status; when the metrics API fails or has no samples it lists the pods, so
// they still show. Against a fake API server that records what is asked. Uses dist/cli.js: build first.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PROTOBUF_CONTENT_TYPE } from '../../src/core/cluster/protobuf';
import { encode, protobufList, quantityMap, time } from './protobuf-fixtures';
import { tempDir } from '../tempDir';

const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
const dir = tempDir('ksd-top-pods-');

// A shop namespace: checkout with an Envoy sidecar, a web pod, and a cron job's pod in another namespace.
const USAGE = [
  { namespace: 'shop', name: 'web-7d4b9c-k8z2p', containers: [['nginx', '3012345n', '24576Ki']] },
  { namespace: 'batch', name: 'report-28913445-5xq7w', containers: [['report', '150000000n', '512Mi']] },
  {
    namespace: 'shop',
    name: 'checkout-6f9c7d-x2lqp',
    containers: [
      ['app', '412345678n', '187320Ki'],
      ['envoy', '9876543n', '40960Ki'],
    ],
  },
] as const;

const podJson = (namespace: string, name: string, requests: Record<string, string>) => ({
  metadata: { name, namespace, uid: name, creationTimestamp: '2026-12-05T09:00:00Z' },
  spec: { nodeName: 'node-1', containers: [{ name: 'main', resources: { requests } }] },
  status: { phase: 'Running', startTime: '2026-12-05T09:00:00Z', containerStatuses: [{ name: 'main', ready: true, restartCount: 2, state: { running: { startedAt: '2026-12-05T09:00:01Z' } } }] },
});

type Metrics = 'json' | 'protobuf' | 'missing' | 'empty';
let metrics: Metrics = 'json';
let asked: string[] = [];
let server: Server;
let kubeconfig = '';

function metricsJson(namespace?: string) {
  const items = USAGE.filter((p) => !namespace || p.namespace === namespace).map((p) => ({
    metadata: { name: p.name, namespace: p.namespace, creationTimestamp: '2026-12-05T17:40:00Z' },
    timestamp: '2026-12-05T17:39:58Z',
    window: '15.012s',
    containers: p.containers.map(([name, cpu, memory]) => ({ name, usage: { cpu, memory } })),
  }));
  return { kind: 'PodMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items: metrics === 'empty' ? [] : items };
}

function metricsProtobuf(namespace?: string): Buffer {
  const items = USAGE.filter((p) => !namespace || p.namespace === namespace).map((p) =>
    encode([
      [
        1,
        [
          [1, p.name],
          [3, p.namespace],
        ],
      ],
      [2, time('2026-12-05T17:39:58Z')],
      [3, [[1, 15_012_000_000]]],
      ...p.containers.map(([name, cpu, memory]): [number, Buffer] => [4, encode([[1, name], ...quantityMap(2, { cpu, memory })])]),
    ]),
  );
  return protobufList(items, '');
}

before(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '', 'http://x');
    asked.push(url.pathname);
    const json = (code: number, body: unknown) => {
      res.writeHead(code, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const m = /^\/apis\/metrics\.k8s\.io\/v1beta1(?:\/namespaces\/([^/]+))?\/pods$/.exec(url.pathname);
    if (m && metrics !== 'missing') {
      if (metrics === 'protobuf' && req.headers.accept?.startsWith(PROTOBUF_CONTENT_TYPE)) {
        res.writeHead(200, { 'Content-Type': PROTOBUF_CONTENT_TYPE });
        return res.end(metricsProtobuf(m[1]));
      }
      return json(200, metricsJson(m[1]));
    }
    const list = (items: unknown[]) => json(200, { kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: '7' }, items });
    if (url.pathname === '/api/v1/pods') return list([podJson('shop', 'web-7d4b9c-k8z2p', { cpu: '100m', memory: '64Mi' }), podJson('batch', 'report-28913445-5xq7w', { memory: '1Gi' })]);
    if (url.pathname === '/api/v1/namespaces/shop/pods') return list([podJson('shop', 'web-7d4b9c-k8z2p', { cpu: '100m', memory: '64Mi' })]);
    if (url.pathname.endsWith('/replicasets')) return list([]);
    json(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: `${url.pathname} not found` });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  kubeconfig = join(dir, 'kubeconfig.yaml');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters: [{name: fake, cluster: {server: "http://127.0.0.1:${(server.address() as AddressInfo).port}", insecure-skip-tls-verify: true}}]
users: [{name: dev, user: {token: not-a-real-token}}]
contexts: [{name: fake, context: {cluster: fake, user: dev, namespace: shop}}]
current-context: fake
`,
  );
});

after(() => server.close());

async function top(mode: Metrics, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string; asked: string[] }> {
  metrics = mode;
  asked = [];
  const r = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [cli, 'top', 'pods', '--kubeconfig', kubeconfig, ...args], { env: { ...process.env, KUBECONFIG: '', NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
  return { ...r, asked: asked.filter((p) => !p.startsWith('/apis/authorization')) };
}

test('top pods -A reads only the pod metrics and prints what kubectl top pods -A prints, in JSON and in protobuf', async () => {
  for (const mode of ['json', 'protobuf'] as const) {
    const r = await top(mode, '-A');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.asked, ['/apis/metrics.k8s.io/v1beta1/pods'], `${mode}: no pod list`);
    // Sorted by namespace and name; CPU as MilliValue of the containers' sum (412.35m + 9.88m → 423m), memory in whole MiB.
    assert.equal(
      r.stdout,
      [
        'NAMESPACE   NAME                    CPU(cores)   MEMORY(bytes)',
        'batch       report-28913445-5xq7w   150m         512Mi',
        'shop        checkout-6f9c7d-x2lqp   423m         222Mi',
        'shop        web-7d4b9c-k8z2p        4m           24Mi',
        '',
      ].join('\n'),
      mode,
    );
    assert.equal(r.stderr, '');
  }
});

test('top pods --format json without --requests: usage rows and requests: false', async () => {
  const r = await top('protobuf', '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.asked, ['/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods'], 'the context namespace');
  const out = JSON.parse(r.stdout);
  assert.equal(out.namespace, 'shop');
  assert.equal(out.requests, false);
  assert.deepEqual(out.pods, [
    { namespace: 'shop', name: 'checkout-6f9c7d-x2lqp', usage: { cpuMilli: 423, memoryBytes: (187320 + 40960) * 1024 } },
    { namespace: 'shop', name: 'web-7d4b9c-k8z2p', usage: { cpuMilli: 4, memoryBytes: 24576 * 1024 } },
  ]);
});

test('top pods --requests lists the pods too: % of request, restarts and status', async () => {
  const r = await top('json', '-A', '--requests');
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.asked.includes('/api/v1/pods') && r.asked.includes('/apis/metrics.k8s.io/v1beta1/pods'), r.asked.join(' '));
  const rows = r.stdout.trimEnd().split('\n');
  assert.match(rows[0], /^NAMESPACE\s+NAME\s+CPU\(cores\)\s+CPU\/REQ%\s+MEMORY\(bytes\)\s+MEM\/REQ%\s+RESTARTS\s+STATUS$/);
  // web: 4m of 100m, 24Mi of 64Mi; report: no CPU request, 512Mi of 1Gi.
  assert.match(
    rows.find((l) => l.includes('web-'))!,
    /^shop\s+web-7d4b9c-k8z2p\s+4m\s+4%\s+24Mi\s+37%\s+2\s+Running$/,
  );
  assert.match(
    rows.find((l) => l.includes('report-'))!,
    /^batch\s+report-28913445-5xq7w\s+150m\s+-\s+512Mi\s+50%\s+2\s+Running$/,
  );
  assert.equal(JSON.parse((await top('json', '-A', '--requests', '--format', 'json')).stdout).requests, true);
});

test('without metrics (API missing, or no samples yet) top pods lists the pods, as --requests does, so they still show', async () => {
  const missing = await top('missing', '-A');
  assert.equal(missing.code, 1, 'metrics API missing: exit 1');
  assert.match(missing.stderr, /Metrics API not installed/);
  assert.match(missing.stdout, /^shop\s+web-7d4b9c-k8z2p\s+<unknown>\s+<unknown>\s+<unknown>\s+<unknown>\s+2\s+Running$/m);
  const empty = await top('empty', '-n', 'shop');
  assert.equal(empty.code, 0, empty.stderr);
  assert.ok(empty.asked.includes('/api/v1/namespaces/shop/pods'), empty.asked.join(' '));
  assert.match(empty.stdout, /^web-7d4b9c-k8z2p\s+<unknown>/m);
});

test('--requests belongs to top pods', async () => {
  const r = await new Promise<number>((resolve) => spawn(process.execPath, [cli, 'top', 'nodes', '--requests', '--kubeconfig', kubeconfig]).on('close', (c) => resolve(c ?? -1)));
  assert.equal(r, 2);
});

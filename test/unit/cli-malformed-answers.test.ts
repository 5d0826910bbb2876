// `doctor` and `top` against an API server whose answers have the outer shape of Kubernetes objects
// but wrong insides (issue 11 review): malformed objects, a list answering an object GET, and
// multi-line cluster text. None may crash (exit 3), diagnose, or draw lines posing as the tool's output.
// Uses dist/cli.js: build first.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { AUTOSCALING_DISCOVERY_PATH, AUTOSCALING_GROUP } from './autoscalingDiscovery';
import { tempDir } from '../tempDir';

const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
const dir = tempDir('ksd-malformed-');
const noKubectl = join(dir, 'no-kubectl');

type Mode = 'malformed' | 'list-for-all' | 'multiline';
let mode: Mode = 'malformed';
let server: Server;
let port = 0;

const FAKE = 'ok\nContext fake: 0 findings\n\nNo problems found.\n';
const notFound = (path: string) => [404, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `${path} not found`, reason: 'NotFound', code: 404 }] as [number, unknown];
const list = (kind: string, items: unknown[]) => [200, { kind, apiVersion: 'v1', metadata: { resourceVersion: '1' }, items }] as [number, unknown];
const available = (status: string, message = 'all checks passed') => ({
  metadata: { name: 'v1beta1.metrics.k8s.io' },
  spec: { service: { namespace: 'kube-system', name: 'metrics-server' } },
  status: { conditions: [{ type: 'Available', status, reason: status === 'True' ? 'Passed' : 'FailedDiscoveryCheck', message }] },
});

function malformed(path: string): [number, unknown] {
  if (path === '/apis/apiregistration.k8s.io/v1/apiservices/v1beta1.metrics.k8s.io') return [200, available('True')];
  if (path === '/apis/apps/v1/namespaces/kube-system/deployments/metrics-server') {
    return [200, { kind: 'Deployment', metadata: { name: 'metrics-server', namespace: 'kube-system', uid: 'd1' }, spec: { selector: { matchLabels: { 'k8s-app': 'metrics-server' } } } }];
  }
  if (path === '/api/v1/namespaces/kube-system/pods') return list('PodList', [{ metadata: { name: 'ms-1', namespace: 'kube-system' }, spec: { containers: 'x' } }]);
  if (path === AUTOSCALING_DISCOVERY_PATH) return [200, AUTOSCALING_GROUP];
  if (path === '/apis/autoscaling/v2/horizontalpodautoscalers') {
    return list('HorizontalPodAutoscalerList', [
      { metadata: { name: 'bad', namespace: 'shop' }, spec: { metrics: [null], scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' } } },
      { metadata: { name: 'worse', namespace: 'shop' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'api' } }, status: { conditions: 'none' } },
    ]);
  }
  if (path === '/api/v1/nodes') return list('NodeList', [{ metadata: { name: 'n1' }, status: { addresses: 5 } }]);
  if (path.endsWith('/replicasets') || path === '/apis/metrics.k8s.io/v1beta1/nodes' || path === '/api/v1/pods') return list('List', []);
  return notFound(path);
}

function multiline(path: string): [number, unknown] {
  if (path === '/apis/apiregistration.k8s.io/v1/apiservices/v1beta1.metrics.k8s.io') return [200, available('False', FAKE)];
  if (path === '/api/v1/nodes') return list('NodeList', [{ metadata: { name: 'n1\nNo problems found.' }, status: { allocatable: { cpu: '2', memory: '4Gi' } } }]);
  if (path.startsWith('/apis/metrics.k8s.io/')) return [503, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: FAKE, reason: 'ServiceUnavailable', code: 503 }];
  if (path === AUTOSCALING_DISCOVERY_PATH) return [200, AUTOSCALING_GROUP];
  if (path.endsWith('/pods') || path.endsWith('/horizontalpodautoscalers') || path.endsWith('/replicasets') || path.endsWith('/events')) return list('List', []);
  return notFound(path);
}

before(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '', 'http://x');
    const [code, body] = mode === 'list-for-all' ? [200, { metadata: {}, items: [] }] : mode === 'malformed' ? malformed(url.pathname) : multiline(url.pathname);
    res.writeHead(code, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

after(() => server.close());

function kubeconfig(): string {
  const file = join(dir, 'kc.yaml');
  writeFileSync(
    file,
    `apiVersion: v1
kind: Config
clusters: [{name: fake, cluster: {server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]
users: [{name: dev, user: {token: not-a-real-token}}]
contexts: [{name: fake, context: {cluster: fake, user: dev}}]
current-context: fake
`,
  );
  return file;
}

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args, '--kubeconfig', kubeconfig()], { env: { ...process.env, KUBECONFIG: '', NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const CRASH = /TypeError|Cannot read properties|is not a function|internal error|\n\s+at /;

test('malformed objects (metrics [null], containers "x", conditions "none", addresses 5) are unexpected answers naming the object, never a crash', async () => {
  mode = 'malformed';
  const r = await runCli(['doctor', '--kubectl', noKubectl]);
  assert.doesNotMatch(r.stdout + r.stderr, CRASH);
  assert.equal(r.code, 1, 'the findings of the well-formed objects (no auth ConfigMap here) are still made: ' + r.stdout + r.stderr);
  assert.match(r.stdout + r.stderr, /HorizontalPodAutoscaler shop\/bad .*spec\.metrics\[0\]/);
  assert.match(r.stdout + r.stderr, /HorizontalPodAutoscaler shop\/worse .*status\.conditions/);
  assert.match(r.stdout + r.stderr, /Pod kube-system\/ms-1 .*spec\.containers/);
  assert.match(r.stdout + r.stderr, /Node n1 .*status\.addresses/);
  const json = await runCli(['doctor', '--format', 'json', '--kubectl', noKubectl]);
  assert.doesNotMatch(json.stdout + json.stderr, CRASH);
  assert.ok(
    JSON.parse(json.stdout).problems.some((p: { message: string }) => /HorizontalPodAutoscaler shop\/bad/.test(p.message)),
    json.stdout,
  );
});

test('a list answering every GET (an object GET included) is an unexpected answer, not a diagnosis or an empty cluster', async () => {
  mode = 'list-for-all';
  const r = await runCli(['doctor', '--kubectl', noKubectl]);
  assert.equal(r.code, 7, r.stdout + r.stderr);
  assert.doesNotMatch(r.stdout, /aggregation-layer-off|metrics-api/);
  assert.match(r.stderr, /GET \/api\/v1\/namespaces\/kube-system\/configmaps\/extension-apiserver-authentication /);
  for (const what of ['nodes', 'pods']) {
    const top = await runCli(['top', what]);
    assert.equal(top.code, 7, `top ${what}: ${top.stdout}${top.stderr}`);
    assert.doesNotMatch(top.stdout, /No (nodes|pods)/);
  }
});

test('multi-line cluster text never draws lines of its own in doctor text or top', async () => {
  mode = 'multiline';
  const r = await runCli(['doctor', '--kubectl', noKubectl]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const lines = r.stdout.split('\n');
  assert.equal(lines.filter((l) => l.startsWith('Context fake:')).length, 1, r.stdout);
  assert.ok(!lines.includes('No problems found.'), r.stdout);
  assert.match(r.stdout, /ok\\x0aContext fake: 0 findings/, 'a one-line field shows the newline as an escape');
  const top = await runCli(['top', 'nodes']);
  const all = (top.stdout + top.stderr).split('\n');
  assert.ok(!all.includes('No problems found.') && !all.some((l) => l.startsWith('Context fake:')), top.stdout + top.stderr);
});

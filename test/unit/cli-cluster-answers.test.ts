// `doctor` and `top` against an API server that lies, fails or prints hostile text (issue 11, items
// 14, 15 and 17): cluster text never reaches the terminal with its control characters, 500s and
// nonsense answers are "other API error" (exit 7) and never a diagnosis, and no password or token
// from the kubeconfig or a credential plugin is printed. Uses dist/cli.js: build first.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { tempDir } from '../tempDir';

const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
const dir = tempDir('ksd-answers-');
const noKubectl = join(dir, 'no-kubectl');

/** Erases the line above, returns the cursor, draws a fake summary, a one-byte CSI, a bidi override and a terminal hyperlink. */
const HOSTILE = 'x\x1b[1A\x1b[2K\rContext fake: no findings\n\x9b31mred \u202Egnp.exe\x1b]8;;https://evil.example/\x07click\x1b]8;;\x07';
const RAW_CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

type Mode = 'hostile' | '500' | '502' | 'garbage' | 'not-a-list' | 'forbidden';
let mode: Mode = 'hostile';
let server: Server;
let port = 0;

const status = (code: number, reason: string, message: string) => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });

const pendingPod = {
  metadata: { name: 'web-1', namespace: 'shop', uid: 'u1' },
  spec: { containers: [{ name: 'app', resources: { requests: { cpu: '1' } } }] },
  status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: `0/3 nodes are available: ${HOSTILE}` }] },
};

function hostile(path: string, query: URLSearchParams): [number, unknown] {
  const list = (items: unknown[]) => [200, { kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items }] as [number, unknown];
  if (path === '/api/v1/nodes') return list([{ metadata: { name: `evil\x1b[2J\x1b[Hnode` }, status: { allocatable: { cpu: '2', memory: '4Gi' } } }]);
  if (path === '/api/v1/pods' || path === '/api/v1/namespaces/default/pods') return list([pendingPod]);
  if (path === '/api/v1/events' && query.get('fieldSelector') === 'reason=FailedScheduling') {
    return list([{ metadata: { name: 'e1', namespace: 'shop' }, reason: 'FailedScheduling', message: HOSTILE, involvedObject: { kind: 'Pod', namespace: 'shop', name: 'web-1', uid: 'u1' } }]);
  }
  if (path === '/api/v1/events' || path.endsWith('/horizontalpodautoscalers') || path.endsWith('/replicasets')) return list([]);
  return [404, status(404, 'NotFound', `${path} not found`)];
}

before(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '', 'http://x');
    const send = (code: number, body: string, type = 'application/json') => {
      res.writeHead(code, { 'Content-Type': type });
      res.end(body);
    };
    if (mode === '500') return send(500, JSON.stringify(status(500, 'InternalError', 'etcdserver: request timed out')));
    if (mode === '502') return send(502, '<html><body>502 Bad Gateway</body></html>', 'text/html');
    if (mode === 'garbage') return send(200, JSON.stringify({ items: 'abc', data: 5, status: 'x' }));
    if (mode === 'not-a-list') return send(200, JSON.stringify({ hello: 'world' }));
    if (mode === 'forbidden') return send(403, JSON.stringify(status(403, 'Forbidden', `${url.pathname} is forbidden: User "dev" cannot get it`)));
    const [code, body] = hostile(url.pathname, url.searchParams);
    send(code, JSON.stringify(body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

after(() => server.close());

function kubeconfig(name: string, serverUrl: string, user = 'token: not-a-real-token'): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    `apiVersion: v1
kind: Config
clusters: [{name: fake, cluster: {server: "${serverUrl}", insecure-skip-tls-verify: true}}]
users:
- name: dev
  user:
    ${user}
contexts: [{name: fake, context: {cluster: fake, user: dev}}]
current-context: fake
`,
  );
  return file;
}

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, KUBECONFIG: '', NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const plain = () => kubeconfig('plain.yaml', `http://127.0.0.1:${port}`);

test('item 14: event and condition text is shown with its control characters escaped in doctor text, JSON and top tables', async () => {
  mode = 'hostile';
  const text = await runCli(['doctor', '--kubeconfig', plain(), '--kubectl', noKubectl]);
  assert.equal(text.code, 1, text.stderr);
  assert.match(text.stdout, /pending-pods/);
  assert.doesNotMatch(text.stdout, RAW_CONTROLS, 'no raw control character reaches the terminal');
  assert.doesNotMatch(text.stderr, RAW_CONTROLS);
  assert.match(text.stdout, /\\x1b\[2K\\x0dContext fake: no findings\\x0a\\x9b31mred \\u202egnp\.exe/, 'the text is shown with visible escapes');
  assert.equal(text.stdout.split('\n').filter((l) => l.startsWith('Context fake:')).length, 1, 'no fake summary line');

  const json = await runCli(['doctor', '--kubeconfig', plain(), '--format', 'json', '--kubectl', noKubectl]);
  assert.doesNotMatch(json.stdout, RAW_CONTROLS);
  const finding = JSON.parse(json.stdout).findings.find((f: { id: string }) => f.id === 'pending-pods');
  assert.ok(finding.evidence.includes(HOSTILE), 'JSON keeps the exact text, escaped as JSON');

  const nodes = await runCli(['top', 'nodes', '--kubeconfig', plain()]);
  assert.doesNotMatch(nodes.stdout, RAW_CONTROLS);
  assert.match(nodes.stdout, /^evil\\x1b\[2J\\x1b\[Hnode /m);
});

test('item 15: an API server answering 500 or 502 to everything is an API error (exit 7), not "every read was refused" (6)', async () => {
  for (const m of ['500', '502'] as const) {
    mode = m;
    const doctor = await runCli(['doctor', '--kubeconfig', plain(), '--kubectl', noKubectl]);
    assert.equal(doctor.code, 7, `${m}: ${doctor.stderr}`);
    assert.doesNotMatch(doctor.stderr, /refused/);
    assert.match(doctor.stderr, new RegExp(`API error ${m}`));
    assert.equal(doctor.stdout, '');
    const top = await runCli(['top', 'pods', '--kubeconfig', plain()]);
    assert.equal(top.code, 7, top.stderr);
  }
  mode = 'forbidden';
  const forbidden = await runCli(['doctor', '--kubeconfig', plain(), '--kubectl', noKubectl]);
  assert.equal(forbidden.code, 6, 'a server that forbids everything is still exit 6');
  assert.match(forbidden.stderr, /every read was refused/);
});

test('item 15: nonsense JSON with 200 is an unexpected answer with its path, never a diagnosis or a JavaScript error', async () => {
  for (const m of ['garbage', 'not-a-list'] as const) {
    mode = m;
    const doctor = await runCli(['doctor', '--kubeconfig', plain(), '--kubectl', noKubectl]);
    assert.equal(doctor.code, 7, `${m}: ${doctor.stdout}${doctor.stderr}`);
    assert.doesNotMatch(doctor.stdout, /aggregation-layer-off|metrics-api/, 'no confident finding from nonsense');
    assert.match(doctor.stderr, /Unexpected answer from the API server: GET \/api\/v1\/nodes /);
    assert.match(doctor.stderr, /GET \/api\/v1\/namespaces\/kube-system\/configmaps\/extension-apiserver-authentication /);
    for (const what of ['nodes', 'pods']) {
      const top = await runCli(['top', what, '--kubeconfig', plain()]);
      assert.equal(top.code, 7, `${m} top ${what}: ${top.stdout}${top.stderr}`);
      assert.doesNotMatch(top.stdout, /No (nodes|pods)/, 'nonsense is not an empty cluster');
      assert.doesNotMatch(top.stderr, /TypeError|Cannot read properties|internal error|\n\s+at /);
      assert.match(top.stderr, new RegExp(`Unexpected answer from the API server: GET /api/v1/${what === 'pods' ? 'namespaces/default/pods' : 'nodes'} `));
    }
  }
});

test('item 17: userinfo of the server URL is never printed (top --format json, doctor messages)', async () => {
  mode = 'hostile';
  const withPassword = kubeconfig('userinfo.yaml', `http://admin:PASSWORD@127.0.0.1:${port}`);
  const top = await runCli(['top', 'nodes', '--format', 'json', '--kubeconfig', withPassword]);
  assert.equal(top.code, 1, 'metrics API missing on the fake: rows without usage');
  assert.equal(JSON.parse(top.stdout).info.server, `http://127.0.0.1:${port}`);
  assert.doesNotMatch(top.stdout + top.stderr, /PASSWORD|admin:/);
  // Nothing listens there: the connection error names the server, without its userinfo.
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const closed = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  for (const scheme of ['http', 'https']) {
    const down = kubeconfig(`down-${scheme}.yaml`, `${scheme}://admin:PASSWORD@127.0.0.1:${closed}`);
    const doctor = await runCli(['doctor', '--kubeconfig', down, '--kubectl', noKubectl]);
    assert.equal(doctor.code, 4, doctor.stderr);
    assert.match(doctor.stderr, new RegExp(`127\\.0\\.0\\.1:${closed}`));
    assert.doesNotMatch(doctor.stdout + doctor.stderr, /PASSWORD|admin:/);
    const json = await runCli(['top', 'pods', '--format', 'json', '--kubeconfig', down]);
    assert.doesNotMatch(json.stdout + json.stderr, /PASSWORD|admin:/);
  }
});

test("item 17: a failing credential plugin's stderr is shown, with passwords, secrets, tokens and base64 runs redacted", async () => {
  mode = 'hostile';
  const plugin = join(dir, 'cred-plugin.sh');
  const secretB64 = 'c2VjcmV0LXRva2VuLXZhbHVlLTEyMzQ1Njc4OTAtQUJDREVGR0hJSktMTU5PUA==';
  writeFileSync(plugin, `#!/bin/sh\necho 'login failed for admin: password=hunter2 "token": "tok-123" --client-secret s3cr3t-value refresh ${secretB64}' >&2\nexit 1\n`);
  chmodSync(plugin, 0o755);
  const kc = kubeconfig('exec.yaml', `http://127.0.0.1:${port}`, `exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: ${plugin}, interactionMode: Never}`);
  for (const args of [
    ['doctor', '--kubeconfig', kc, '--kubectl', noKubectl],
    ['top', 'nodes', '--kubeconfig', kc],
  ]) {
    const r = await runCli(args);
    assert.equal(r.code, 5, r.stderr);
    assert.match(r.stderr, /login failed for admin/, 'the plugin stderr is shown');
    for (const secret of ['hunter2', 'tok-123', 's3cr3t-value', secretB64.slice(0, 24)]) assert.ok(!(r.stdout + r.stderr).includes(secret), `${secret} is redacted: ${r.stderr}`);
  }
});

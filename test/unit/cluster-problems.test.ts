import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import {
  localizedProblem,
  problemText,
  ClusterProblemError,
  credentialError,
  kubeconfigProblem,
  metricsPendingProblem,
  metricsUnavailableProblem,
  parseForbidden,
  permissionText,
  redact,
  toProblem,
  unexpectedAnswerProblem,
} from '../../src/core/cluster/problems';
import { KubeApiError } from '../../src/core/cluster/request';
import { msg } from '../../src/core/l10n';

const TOKEN = 'eyJhbGciOiJSUzI1NiIsImtpZCI6InNlY3JldCJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2lnbmF0dXJlLXNlY3JldA';

function apiError(code: number, body: object | string): k8s.ApiException<string> {
  return new k8s.ApiException(code, 'x', typeof body === 'string' ? body : JSON.stringify(body), {});
}

test('401 is unauthorized with a next step', () => {
  const p = toProblem(apiError(401, { kind: 'Status', message: 'Unauthorized', reason: 'Unauthorized', code: 401 }), 'listing nodes');
  assert.equal(p.kind, 'unauthorized');
  assert.match(p.message, /listing nodes/);
  assert.match(p.message, /refresh/);
  assert.ok(p.docsUrl);
});

test('403 names the missing permission from the server message', () => {
  const msg = 'nodes is forbidden: User "system:serviceaccount:healthy:viewer" cannot list resource "nodes" in API group "" at the cluster scope';
  const p = toProblem(apiError(403, { kind: 'Status', message: msg, reason: 'Forbidden', code: 403 }), 'listing nodes');
  assert.equal(p.kind, 'forbidden');
  assert.deepEqual(p.missingPermission, { verb: 'list', resource: 'nodes', group: '' });
  assert.match(p.title, /cannot list nodes/);
  const ns = parseForbidden('pods.metrics.k8s.io is forbidden: User "u" cannot list resource "pods" in API group "metrics.k8s.io" in the namespace "shop"');
  assert.deepEqual(ns, { verb: 'list', resource: 'pods', group: 'metrics.k8s.io', namespace: 'shop' });
  assert.equal(permissionText(ns!), 'list pods.metrics.k8s.io in namespace shop');
  assert.equal(toProblem(apiError(403, 'forbidden'), 'x').kind, 'forbidden');
});

test('other API errors keep the server message, without tokens', () => {
  const p = toProblem(apiError(500, { kind: 'Status', message: `etcd is slow; header Authorization: Bearer ${TOKEN}`, reason: 'InternalError' }), 'listing pods');
  assert.equal(p.kind, 'error');
  assert.match(p.title, /500 InternalError/);
  assert.ok(!p.message.includes(TOKEN));
  assert.match(p.message, /Bearer <redacted>/);
});

test('network failures are unreachable: refused, DNS, timeout, TLS', () => {
  const refused = new k8s.FetchError(
    'request to https://10.0.0.1:6443/api/v1/nodes failed, reason: connect ECONNREFUSED 10.0.0.1:6443',
    'system',
    Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
  );
  const p = toProblem(refused, 'listing nodes');
  assert.equal(p.kind, 'unreachable');
  assert.match(p.message, /https:\/\/10\.0\.0\.1:6443/);
  assert.match(p.message, /connection refused/);
  const dns = new k8s.FetchError('request to https://api.gone.example/api failed, reason: getaddrinfo ENOTFOUND api.gone.example', 'system', Object.assign(new Error('x'), { code: 'ENOTFOUND' }));
  assert.match(toProblem(dns, 'x').message, /host name not found/);
  const timeout = new k8s.AbortError('The user aborted a request.');
  assert.equal(toProblem(timeout, 'x').kind, 'unreachable');
  assert.match(toProblem(timeout, 'x').message, /timed out/);
  const tls = new k8s.FetchError(
    'request to https://k/api failed, reason: self-signed certificate in certificate chain',
    'system',
    Object.assign(new Error('x'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }),
  );
  assert.equal(toProblem(tls, 'x').kind, 'unreachable');
  assert.match(toProblem(tls, 'x').title, /TLS/);
});

test('credential plugin failures are unauthorized and never echo the plugin stdout', () => {
  const stderr = credentialError(new Error('An error occurred (ExpiredToken) when calling the AssumeRole operation'), 'eks-user');
  const p = toProblem(stderr, 'listing nodes');
  assert.equal(p.kind, 'unauthorized');
  assert.match(p.message, /ExpiredToken/);
  assert.match(p.message, /eks-user/);
  // JSON.parse errors quote the input, which is the token: only a generic text remains.
  let parseError: unknown;
  try {
    JSON.parse(`{"status": {"token": "${TOKEN}"`);
  } catch (e) {
    parseError = e;
  }
  const q = toProblem(credentialError(parseError, 'u'), 'x');
  assert.ok(!q.message.includes(TOKEN.slice(0, 20)));
  assert.match(q.message, /ExecCredential/);
  const missing = toProblem(credentialError(Object.assign(new Error('spawn aws ENOENT'), { code: 'ENOENT', path: 'aws' }), 'u'), 'x');
  assert.match(missing.message, /"aws" was not found/);
});

test('a ClusterProblemError carries its problem through', () => {
  const problem = kubeconfigProblem(msg('No current context'), msg('pick one'));
  assert.deepEqual(toProblem(new ClusterProblemError(problem), 'x'), problem);
});

test('unknown errors are kind error, one line, redacted', () => {
  const p = toProblem(new Error(`boom\nline two token: ${TOKEN}`), 'reading');
  assert.equal(p.kind, 'error');
  assert.ok(!p.message.includes('\n'));
  assert.ok(!p.message.includes(TOKEN));
  assert.equal(toProblem('just a string', 'x').kind, 'error');
  assert.equal(toProblem(undefined, 'x').kind, 'error');
});

test('metrics problems: unavailable keeps the APIService reason and message; pending lists the pods', () => {
  const u = metricsUnavailableProblem({ status: 'False', reason: 'ServiceNotFound', message: 'service/metrics-server in "kube-system" is not present' });
  assert.equal(u.kind, 'metrics-api-unavailable');
  assert.equal(u.apiService?.reason, 'ServiceNotFound');
  assert.match(u.message, /ServiceNotFound: service\/metrics-server/);
  assert.equal(u.doctorId, 'metrics-api-unavailable');
  const p = metricsPendingProblem(['a/1', 'a/2', 'a/3', 'a/4', 'a/5', 'a/6']);
  assert.equal(p.kind, 'metrics-pending');
  assert.match(p.message, /a\/1, a\/2, a\/3, a\/4, a\/5 and 1 more/);
});

test('redact removes bearer tokens and JWTs', () => {
  assert.equal(redact(`Authorization: Bearer ${TOKEN}`), 'Authorization: Bearer <redacted>');
  assert.equal(redact(`x ${TOKEN} y`), 'x <redacted-token> y');
  assert.equal(redact('"token": "abc123"'), '"token": "<redacted>"');
});

test('redact removes URL userinfo, password/secret/token key-values, token flags and long base64 runs; keeps the rest readable', () => {
  assert.equal(redact('request to https://admin:PASSWORD@10.0.0.1:6443/api failed'), 'request to https://10.0.0.1:6443/api failed');
  assert.equal(redact('login failed: password=hunter2 retry'), 'login failed: password=<redacted> retry');
  assert.equal(redact('{"client_secret": "s3cr3t", "user": "bob"}'), '{"client_secret": "<redacted>", "user": "bob"}');
  assert.equal(redact('exec aws --token abc123 --password "x y" -v'), 'exec aws --token <redacted> --password <redacted> -v');
  assert.equal(redact('key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY1 end'), 'key <redacted> end');
  const readable = 'the token is expired; uid 1b4e28ba-2fa1-11d2-883f-0016d3cca427, image registry.k8s.io/metrics-server/metrics-server:v0.7.2';
  assert.equal(redact(readable), readable);
});

test('problem messages quote server text on one line with control characters escaped', () => {
  const p = toProblem(new KubeApiError(500, 'x', undefined, JSON.stringify({ message: 'boom\x1b[2K\rfake line' })), 'listing nodes');
  assert.match(p.message, /boom\\x1b\[2K fake line/);
  assert.doesNotMatch(p.message, /\x1b/);
});

test('review item 1: a 1 MB server message and a 300 KB plugin stderr are cut before redaction, with a bounded message', () => {
  const body = JSON.stringify({ kind: 'Status', message: 'a-password-'.repeat(100_000) + 'x'.repeat(24), reason: 'InternalError' });
  const p = toProblem(new KubeApiError(500, 'x', undefined, body), 'listing nodes');
  assert.equal(p.kind, 'error');
  assert.ok(p.message.length < 1000, `bounded: ${p.message.length}`);
  const stderr = credentialError(new Error('-token' + ' password-'.repeat(30_000)), 'u');
  assert.ok(stderr.message.length < 1000, `bounded: ${stderr.message.length}`);
  // Texts that are not cut (the extension's output channel) are redacted in one pass too.
  for (const hostile of ['a.'.repeat(500_000), 'eyJ-'.repeat(250_000), '-password'.repeat(100_000), 'x_token'.repeat(150_000) + '=', '"token": "'.repeat(100_000)]) {
    assert.ok(redact(hostile).length <= 2 * hostile.length);
  }
});

test('review item 2: space-containing quoted values, known token prefixes, 64-hex secrets and key-then-value secrets are redacted', () => {
  assert.equal(redact('{"password": "hunter 18", "user": "bob"}'), '{"password": "<redacted>", "user": "bob"}');
  assert.equal(redact("password='hunter 19' ok"), "password='<redacted>' ok");
  const hex = 'a3f1c9e07b2d4c6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e';
  assert.equal(redact(`key ${hex} end`), 'key <redacted> end');
  assert.equal(redact('image nginx@sha256:' + hex), 'image nginx@sha256:' + hex, 'image digests stay readable');
  assert.equal(redact('using ghp_abcdefghijklmnopqrstuvwxyz0123456789 now'), 'using <redacted> now');
  assert.equal(redact('gho_abcdefghijklmnopqrstuvwx github_pat_11abcdefghijklmnopqrstuv'), '<redacted> <redacted>');
  assert.equal(redact('slack xoxb-1234567890-abcdefghij and xoxp-12345-67890abc'), 'slack <redacted> and <redacted>');
  assert.equal(redact('aws AKIAIOSFODNN7EXAMPLE key'), 'aws <redacted> key');
  assert.equal(redact('jwt eyJhbGciOiJIUzI1NiJ9 only'), 'jwt <redacted-token> only');
  assert.equal(redact('aws_session_token hunter10 expired'), 'aws_session_token <redacted> expired');
  assert.equal(redact('Token hunter25 rejected'), 'Token <redacted> rejected');
  assert.equal(redact('exec --pass hunter26 -v'), 'exec --pass <redacted> -v');
  assert.equal(redact('the token is expired; password 2 times wrong'), 'the token is expired; password 2 times wrong');
});

test('problems in Chinese and Japanese: the same English title and message, the templates beside them', () => {
  const forbidden = 'nodes is forbidden: User "u" cannot list resource "nodes" in API group "" at the cluster scope';
  const p = toProblem(apiError(403, { kind: 'Status', message: forbidden, reason: 'Forbidden', code: 403 }), msg('listing nodes'));
  assert.equal(p.title, 'Forbidden: cannot list nodes', 'English as before');
  assert.match(p.message, /^Your user may not list nodes \(needed for listing nodes\)\. Ask a cluster admin for a ClusterRole granting "list" on "nodes"/);
  assert.deepEqual(localizedProblem(p, 'en'), { title: p.title, message: p.message });
  const ja = localizedProblem(p, 'ja');
  assert.equal(ja.title, 'アクセス拒否: list nodes の権限がありません');
  assert.match(ja.message, /^現在のユーザーには list nodes の権限がありません（ノードの一覧取得に必要です）。/);
  assert.match(ja.message, /ClusterRole/, 'kinds stay');
  const zh = localizedProblem(p, 'zh-cn');
  assert.match(zh.message, /^当前用户没有 list nodes 的权限（“列出节点”需要它）。/);
  assert.equal(problemText(p, 'zh-cn'), `${zh.title}：${zh.message}`);

  const credential = toProblem(credentialError(Object.assign(new Error('spawn aws ENOENT'), { code: 'ENOENT', path: 'aws' }), 'admin'), msg('listing nodes'));
  assert.match(localizedProblem(credential, 'ja').message, /ユーザー「admin」の認証情報の取得に失敗しました: コマンド「aws」が見つかりません/);
  assert.match(credential.message, /"aws" was not found/);
});

test('a problem from an English-only activity or answer stays English in every language, never half translated', () => {
  const p = toProblem(apiError(500, { kind: 'Status', message: 'etcd is slow', reason: 'InternalError' }), 'listing widgets');
  assert.equal(p.l10n, undefined);
  assert.deepEqual(localizedProblem(p, 'ja'), { title: p.title, message: p.message });
  const unexpected = unexpectedAnswerProblem('GET /x', 'is odd', msg('listing nodes'));
  assert.equal(unexpected.l10n, undefined, 'a plain-string why keeps the problem English');
  const translated = unexpectedAnswerProblem('GET /x', msg('is a list, not one object'), msg('listing nodes'));
  assert.equal(
    translated.message,
    "GET /x is a list, not one object (while listing nodes). A Kubernetes API server does not answer this way: check the kubeconfig's server address and any proxy in front of it. Nothing was concluded from this answer.",
  );
  assert.match(localizedProblem(translated, 'ja').message, /^GET \/x の応答が 1 つのオブジェクトではなくリストです（ノードの一覧取得中）。/);
  // The pseudo-locale shows every piece is a template: nothing outside ⟦ ⟧ but the request.
  assert.match(localizedProblem(translated, 'qps-ploc').message, /^⟦GET \/x ⟦.*⟧ \(.*⟦.*⟧\)\..*⟧$/);
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { clusterInfo, displayServer, kubeconfigSource, loadKubeConfig } from '../../src/core/cluster/connect';
import { ClusterProblemError } from '../../src/core/cluster/problems';
import { tempDir } from '../tempDir';

const dir = tempDir('ksd-kubeconfig-');
function write(name: string, text: string): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
}

const first = write(
  'first.yaml',
  `apiVersion: v1
kind: Config
current-context: prod
clusters:
- name: prod
  cluster: {server: "https://prod.example:6443/", certificate-authority: ca.crt}
- name: shared
  cluster: {server: "https://first.example"}
users:
- name: admin
  user: {token: secret-one}
- name: eks
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: ./bin/get-token
      args: [--cluster, prod]
contexts:
- name: prod
  context: {cluster: prod, user: admin, namespace: shop}
- name: eks
  context: {cluster: prod, user: eks}
`,
);
const second = write(
  'second.yaml',
  `apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: shared
  cluster: {server: "https://second.example"}
- name: dev
  cluster: {server: "https://dev.example"}
users:
- name: admin
  user: {token: secret-two}
contexts:
- name: dev
  context: {cluster: dev, user: admin}
- name: prod
  context: {cluster: shared, user: admin}
`,
);

function problemOf(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ClusterProblemError, `expected a ClusterProblemError, got ${err}`);
    return err.problem;
  }
  assert.fail('expected a throw');
}

test('$KUBECONFIG files merge as kubectl merges them: the first file wins per name and for current-context', () => {
  const env = { KUBECONFIG: [path.join(dir, 'missing.yaml'), first, second].join(path.delimiter) };
  const kc = loadKubeConfig({}, env, dir);
  assert.equal(kc.getCurrentContext(), 'prod');
  assert.equal(kc.getCurrentCluster()?.server, 'https://prod.example:6443');
  assert.equal(kc.getCluster('shared')?.server, 'https://first.example');
  assert.equal(kc.getUser('admin')?.token, 'secret-one');
  assert.deepEqual(
    kc
      .getContexts()
      .map((c) => c.name)
      .sort(),
    ['dev', 'eks', 'prod'],
  );
  // Paths inside a file are relative to that file.
  assert.equal(kc.getCurrentCluster()?.caFile, path.join(dir, 'ca.crt'));
  assert.deepEqual(clusterInfo(kc), { context: 'prod', cluster: 'prod', server: 'https://prod.example:6443', namespace: 'shop' });
  assert.equal(clusterInfo(kc, 'other').namespace, 'other');
});

test('context override, unknown contexts and missing files are kubeconfig problems', () => {
  const env = { KUBECONFIG: [first, second].join(path.delimiter) };
  const kc = loadKubeConfig({ context: 'dev' }, env, dir);
  assert.equal(kc.getCurrentCluster()?.server, 'https://dev.example');
  assert.equal(clusterInfo(kc).namespace, 'default');
  const unknown = problemOf(() => loadKubeConfig({ context: 'nope' }, env, dir));
  assert.equal(unknown.kind, 'kubeconfig');
  assert.match(unknown.message, /Contexts: prod, eks, dev/);
  const explicit = problemOf(() => loadKubeConfig({ kubeconfig: path.join(dir, 'absent.yaml') }, {}, dir));
  assert.match(explicit.message, /no such file/);
  const none = problemOf(() => loadKubeConfig({}, { KUBECONFIG: path.join(dir, 'absent.yaml') }, dir));
  assert.equal(none.title, 'No kubeconfig found');
  const home = problemOf(() => loadKubeConfig({}, {}, path.join(dir, 'no-home')));
  assert.match(home.message, /\.kube\/config does not exist/);
});

test('an explicit path wins over $KUBECONFIG; ~/.kube/config is the last resort', () => {
  assert.deepEqual(kubeconfigSource({ kubeconfig: second }, { KUBECONFIG: first }, dir), { files: [second], from: 'explicit' });
  assert.deepEqual(kubeconfigSource({}, {}, '/home/u'), { files: [path.join('/home/u', '.kube', 'config')], from: 'home' });
  assert.equal(loadKubeConfig({ kubeconfig: second }, { KUBECONFIG: first }, dir).getCurrentContext(), 'dev');
});

test('an exec plugin path relative to the kubeconfig is resolved, and the plugin learns it is not interactive', () => {
  const kc = loadKubeConfig({ context: 'eks' }, { KUBECONFIG: first }, dir);
  const exec = kc.getCurrentUser()?.exec as { command: string; env: { name: string; value: string }[] };
  assert.equal(exec.command, path.join(dir, 'bin', 'get-token'));
  const info = JSON.parse(exec.env.find((e) => e.name === 'KUBERNETES_EXEC_INFO')!.value);
  assert.deepEqual(info, { kind: 'ExecCredential', apiVersion: 'client.authentication.k8s.io/v1beta1', spec: { interactive: false } });
});

test('invalid YAML is reported by position, never by quoting the file (it may hold tokens)', () => {
  const bad = write('bad.yaml', 'users:\n- name: u\n  user: {token: "super-secret-token"\n');
  const p = problemOf(() => loadKubeConfig({ kubeconfig: bad }, {}, dir));
  assert.equal(p.kind, 'kubeconfig');
  assert.match(p.message, /line \d+, column \d+/);
  assert.ok(!p.message.includes('super-secret-token'));
  const empty = write('empty.yaml', '');
  assert.equal(problemOf(() => loadKubeConfig({ kubeconfig: empty }, {}, dir)).title, 'No current context');
  const scalar = write('scalar.yaml', 'just text\n');
  assert.equal(problemOf(() => loadKubeConfig({ kubeconfig: scalar }, {}, dir)).kind, 'kubeconfig');
});

test('a context naming a cluster that does not exist is a kubeconfig problem', () => {
  const f = write('dangling.yaml', 'current-context: c\ncontexts:\n- name: c\n  context: {cluster: gone, user: u}\nusers:\n- name: u\n  user: {}\n');
  const p = problemOf(() => loadKubeConfig({ kubeconfig: f }, {}, dir));
  assert.match(p.title, /Cluster "gone" not found/);
});

test('review item 2: a server address that is not a URL (a space in the password) is shown without its userinfo', () => {
  assert.equal(displayServer('https://admin:hunter 17@10.0.0.1:6443'), 'https://10.0.0.1:6443');
  assert.equal(displayServer('https://admin:a@b c@host:6443/x'), 'https://host:6443/x');
  assert.equal(displayServer('https://admin:PASSWORD@10.0.0.1:6443'), 'https://10.0.0.1:6443');
  assert.equal(displayServer('https://10.0.0.1:6443'), 'https://10.0.0.1:6443');
});

// Which kubeconfig the cluster features use: our setting, then the Kubernetes extension's, then $KUBECONFIG,
// then ~/.kube/config; in an untrusted workspace only user-level settings count.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandPath, resolveKubeconfig } from '../../src/extension/cluster/kubeconfigSetting';

const home = '/home/dev';
const vsk = (p: string) => ({ 'vs-kubernetes.kubeconfig': p, 'vs-kubernetes.namespace': 'x' });

test('kubeScalingDoctor.kubeconfig comes first, then vs-kubernetes.kubeconfig, then $KUBECONFIG, then ~/.kube/config', () => {
  const env = { KUBECONFIG: '/a:/b' };
  assert.deepEqual(resolveKubeconfig({ trusted: true, ours: { globalValue: '/mine' }, vsKubernetes: { globalValue: vsk('/theirs') }, env, home }).path, '/mine');
  const theirs = resolveKubeconfig({ trusted: true, ours: { globalValue: '' }, vsKubernetes: { globalValue: vsk('/theirs') }, env, home });
  assert.equal(theirs.path, '/theirs');
  assert.equal(theirs.source, 'vs-kubernetes.kubeconfig');
  const fromEnv = resolveKubeconfig({ trusted: true, ours: {}, vsKubernetes: { globalValue: { 'vs-kubernetes.namespace': 'x' } }, env, home });
  assert.equal(fromEnv.path, undefined, 'the KUBECONFIG list is left to core, which merges its files');
  assert.equal(fromEnv.source, 'KUBECONFIG');
  const fallback = resolveKubeconfig({ trusted: true, env: {}, home });
  assert.equal(fallback.source, 'default');
  assert.equal(fallback.description, '/home/dev/.kube/config');
});

test('in a trusted workspace the most specific value wins', () => {
  const r = resolveKubeconfig({ trusted: true, ours: { globalValue: '/user', workspaceValue: '/ws', workspaceFolderValue: '/folder' }, env: {}, home });
  assert.equal(r.path, '/folder');
  assert.equal(resolveKubeconfig({ trusted: true, vsKubernetes: { globalValue: vsk('/user'), workspaceValue: vsk('/ws') }, env: {}, home }).path, '/ws');
});

test('an untrusted workspace cannot choose the kubeconfig through either setting', () => {
  const ws = { ours: { workspaceValue: '/evil/kubeconfig' }, vsKubernetes: { workspaceValue: vsk('/evil/vs-kubeconfig'), workspaceFolderValue: vsk('/evil/2') } };
  const r = resolveKubeconfig({ trusted: false, ...ws, env: { KUBECONFIG: '/env/config' }, home });
  assert.equal(r.path, undefined);
  assert.equal(r.source, 'KUBECONFIG');
  // User values still count.
  const user = resolveKubeconfig({
    trusted: false,
    ours: { globalValue: '', workspaceValue: '/evil' },
    vsKubernetes: { globalValue: vsk('~/.kube/work'), workspaceValue: vsk('/evil') },
    env: {},
    home,
  });
  assert.equal(user.path, '/home/dev/.kube/work');
  // Once trusted, the same workspace values apply.
  assert.equal(resolveKubeconfig({ trusted: true, ...ws, env: {}, home }).path, '/evil/kubeconfig');
});

test('paths: ~, ${userHome} and, only when trusted, ${workspaceFolder} are expanded', () => {
  assert.equal(expandPath('~/.kube/config', home), '/home/dev/.kube/config');
  assert.equal(expandPath('${userHome}/k', home), '/home/dev/k');
  assert.equal(expandPath(' ${workspaceFolder}/kubeconfig ', home, '/ws'), '/ws/kubeconfig');
  const untrusted = resolveKubeconfig({ trusted: false, ours: { globalValue: '${workspaceFolder}/kc' }, workspaceFolder: '/ws', env: {}, home });
  assert.equal(untrusted.path, '${workspaceFolder}/kc');
  const trusted = resolveKubeconfig({ trusted: true, ours: { globalValue: '${workspaceFolder}/kc' }, workspaceFolder: '/ws', env: {}, home });
  assert.equal(trusted.path, '/ws/kc');
});

test('values of the wrong type are ignored', () => {
  const r = resolveKubeconfig({ trusted: true, ours: { globalValue: 42 as unknown as string }, vsKubernetes: { globalValue: { 'vs-kubernetes.kubeconfig': ['a'] } }, env: {}, home });
  assert.equal(r.source, 'default');
});

// metrics-api-missing: no v1beta1.metrics.k8s.io APIService at all (not merely unreadable).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseState, node, repairIds, run } from './fixtures';

test('metrics API missing only when the APIService is really absent (not when it could not be read)', () => {
  const missing = baseState({
    apiService: null,
    apiServiceNotFound: 'apiservices.apiregistration.k8s.io "v1beta1.metrics.k8s.io" not found',
    metricsServer: { namespace: 'kube-system', deployment: null, replicaSets: [], pods: [], logs: [] },
  });
  const [f] = run(missing, 'metrics-api-missing');
  assert.deepEqual(f.evidence, ['apiservices.apiregistration.k8s.io "v1beta1.metrics.k8s.io" not found']);
  assert.deepEqual(repairIds(f), ['install-metrics-server']);
  assert.match(f.explanation, /No metrics-server Deployment was found/);
  assert.deepEqual(run(baseState({ apiService: undefined }), 'metrics-api-missing'), []);
});

test('who installs metrics-server, for the detected setup: k3s unless disabled, the managed add-on on AKS/GKE, yours on EKS and kubeadm', () => {
  const withKubelet = (kubeletVersion: string, labels: Record<string, string> = {}) => {
    const n = node('node-1');
    n.metadata!.labels = labels;
    n.status!.nodeInfo = { kubeletVersion } as never;
    return baseState({ apiService: null, metricsServer: { namespace: 'kube-system', deployment: null, replicaSets: [], pods: [], logs: [] }, nodes: [n], apiServerPods: [] });
  };
  const explanation = (s: ReturnType<typeof withKubelet>) => run(s, 'metrics-api-missing')[0].explanation;
  assert.match(explanation(withKubelet('v1.28.5+k3s1')), /Detected k3s .*`--disable=metrics-server`.*\/etc\/rancher\/k3s\/config\.yaml/);
  assert.match(explanation(withKubelet('v1.29.8-eks-a737599')), /Detected EKS .*does not install metrics-server by itself/);
  assert.match(explanation(withKubelet('v1.30.3', { 'kubernetes.azure.com/cluster': 'MC_rg_aks' })), /Detected AKS .*managed add-on was removed or is failing/);
  const kubeadm = withKubelet('v1.30.3');
  kubeadm.apiServerPods = [{ metadata: { name: 'kube-apiserver-cp1', namespace: 'kube-system' } }];
  assert.match(explanation(kubeadm), /Detected kubeadm \(static pod kube-system\/kube-apiserver-cp1\): neither kubeadm nor a hand-built control plane installs metrics-server/);
});

// front-proxy-name-not-allowed: the proxy client certificate's CN outside --requestheader-allowed-names
// (article 002: --requestheader-allowed-names=aggregator). The log line is k8s.io/apiserver's x509 verifier text
// (`x509: subject with cn=%s is not in the allowed list`) as metrics-server's authenticator logs it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AUTH_CONFIG, node, run, withLogs } from './fixtures';

const cnLine =
  'E0312 10:01:44.000417       1 authentication.go:63] "Unable to authenticate the request" err="[x509: subject with cn=front-proxy-client is not in the allowed list, verifying certificate SN=2952372582, SKID=, AKID= failed: x509: certificate signed by unknown authority]"';

test('front-proxy CN: names the CN and the published allowed names; not also reported as aggregation-layer-off', () => {
  const s = withLogs([cnLine], undefined, { authConfig: { ...AUTH_CONFIG, 'requestheader-allowed-names': '["aggregator"]' } });
  const [f, ...rest] = run(s, 'front-proxy-name-not-allowed');
  assert.equal(rest.length, 0);
  assert.match(f.message, /CN "front-proxy-client" is not in the allowed names \(aggregator\)/);
  assert.deepEqual(f.evidence, [cnLine, 'ConfigMap kube-system/extension-apiserver-authentication requestheader-allowed-names: ["aggregator"]']);
  assert.match(f.explanation, /--requestheader-allowed-names=front-proxy-client/);
  assert.match(f.explanation, /aggregator,front-proxy-client/);
  assert.deepEqual(run(s, 'aggregation-layer-off'), []);
});

test('front-proxy CN: the fix says where kube-apiserver flags live for the detected setup', () => {
  const base = withLogs([cnLine]);
  const kubeadm = run({ ...base, apiServerPods: [{ metadata: { name: 'kube-apiserver-k8s-master', namespace: 'kube-system' } }] }, 'front-proxy-name-not-allowed')[0];
  assert.match(kubeadm.explanation, /Detected kubeadm \(static pod kube-system\/kube-apiserver-k8s-master\).*\/etc\/kubernetes\/manifests\/kube-apiserver\.yaml/);
  const binary = run({ ...base, apiServerPods: [] }, 'front-proxy-name-not-allowed')[0];
  assert.match(binary.explanation, /binary\/systemd control plane.*kube-apiserver\.service.*systemctl daemon-reload/);
  const k3sNode = node('agent-1');
  k3sNode.status!.nodeInfo = { kubeletVersion: 'v1.28.5+k3s1' } as never;
  const k3s = run({ ...base, nodes: [k3sNode], apiServerPods: [] }, 'front-proxy-name-not-allowed')[0];
  assert.match(k3s.explanation, /Detected k3s.*kube-apiserver-arg: \["requestheader-allowed-names=front-proxy-client"\].*\/etc\/rancher\/k3s\/config\.yaml/);
  const eksNode = node('ip-192-168-54-141.us-east-2.compute.internal');
  eksNode.status!.nodeInfo = { kubeletVersion: 'v1.23.17-eks-0a21954' } as never;
  const eks = run({ ...base, nodes: [eksNode] }, 'front-proxy-name-not-allowed')[0];
  assert.match(eks.explanation, /Detected EKS.*cannot be set/);
});

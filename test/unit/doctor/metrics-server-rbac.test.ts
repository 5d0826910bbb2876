// metrics-server-rbac: metrics-server's ServiceAccount refused by the API server (lists) or by the kubelets (403).
// Log lines: metrics-server v0.3 reflector and summary forms (kubernetes-sigs/metrics-server issue reports, the
// RBAC edit of article 001), the v0.6+ `request failed, status: "403 Forbidden"` form (pkg/scraper/client/resource/client.go).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run, withLogs, MANIFEST_ARGS } from './fixtures';

const SA = 'system:serviceaccount:kube-system:metrics-server';
const listForbidden = (resource: string) =>
  `E1017 08:11:13.472612       1 reflector.go:205] github.com/kubernetes-incubator/metrics-server/metrics/util/util.go:52: Failed to list *v1.${resource === 'namespaces' ? 'Namespace' : 'Node'}: ${resource} is forbidden: User "${SA}" cannot list resource "${resource}" in API group "" at the cluster scope`;
const v03Kubelet =
  'E0616 09:58:05.013949       1 manager.go:111] unable to fully collect metrics: [unable to fully scrape metrics from source kubelet_summary:master: unable to fetch metrics from Kubelet master (10.168.67.6): request failed - "403 Forbidden", response: "Forbidden (user=system:serviceaccount:kube-system:metrics-server, verb=get, resource=nodes, subresource=stats)"]';
const v07Kubelet = (node: string) => `E1205 21:03:10.101010       1 scraper.go:149] "Failed to scrape node" err="request failed, status: \\"403 Forbidden\\"" node="${node}"`;

// metrics-server v0.7.2 on the local cluster, scenario metrics-server-rbac (its ServiceAccount token, ClusterRole without nodes).
const LOCAL_CLUSTER = [
  'W1205 21:46:06.794977    2583 reflector.go:539] k8s.io/client-go@v0.29.8/tools/cache/reflector.go:229: failed to list *v1.Node: nodes is forbidden: User "system:serviceaccount:kube-system:metrics-server" cannot list resource "nodes" in API group "" at the cluster scope',
  'E1205 21:46:06.795029    2583 reflector.go:147] k8s.io/client-go@v0.29.8/tools/cache/reflector.go:229: Failed to watch *v1.Node: failed to list *v1.Node: nodes is forbidden: User "system:serviceaccount:kube-system:metrics-server" cannot list resource "nodes" in API group "" at the cluster scope',
];

test("RBAC: the local cluster's v0.7.2 lines give one finding that names the nodes rule", () => {
  const [f, ...rest] = run(withLogs(LOCAL_CLUSTER), 'metrics-server-rbac');
  assert.equal(rest.length, 0);
  assert.match(f.message, /refused: list nodes$/);
  assert.match(f.explanation, /`list` \(with get, list, watch\) on nodes: a rule of ClusterRole system:metrics-server/);
});

test('RBAC: forbidden namespaces and nodes lists name the ClusterRole rule to restore', () => {
  const [f, ...rest] = run(withLogs([listForbidden('namespaces'), listForbidden('nodes'), listForbidden('nodes')]), 'metrics-server-rbac');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.match(f.message, /refused: list namespaces, list nodes/);
  assert.equal(f.evidence.length, 2);
  assert.match(f.explanation, /`list` \(with get, list, watch\) on namespaces: a rule of ClusterRole system:metrics-server/);
  assert.match(f.explanation, /kubectl auth can-i list nodes --as=system:serviceaccount:kube-system:metrics-server/);
  assert.equal(f.docs, 'docs/doctor/metrics-server-rbac.md');
});

test('RBAC: a kubelet 403 names nodes/stats from the kubelet text, nodes/metrics for v0.6+ that does not quote it', () => {
  const [old] = run(withLogs([v03Kubelet]), 'metrics-server-rbac');
  assert.match(old.explanation, /`get` on nodes\/stats \(the kubelet names it\)/);
  const [current] = run(withLogs([v07Kubelet('ksd-node-1'), v07Kubelet('ksd-node-2')], MANIFEST_ARGS), 'metrics-server-rbac');
  assert.match(current.message, /kubelet scrapes \(403\)/);
  assert.match(current.explanation, /`get` on nodes\/metrics \(metrics-server v0\.7 reads \/metrics\/resource\)/);
  assert.equal(current.evidence.length, 1, 'one line per error, not per node');
});

test('RBAC: a kubelet that sees system:anonymous needs webhook authentication, not a rule', () => {
  const line = v03Kubelet.replace(/user=system:serviceaccount:kube-system:metrics-server/, 'user=system:anonymous');
  const [f] = run(withLogs([line]), 'metrics-server-rbac');
  assert.match(f.explanation, /system:anonymous.*authentication\.webhook\.enabled: true/);
});

test('RBAC: the auth-reader ConfigMap refusal stays aggregation-layer-off; healthy logs give nothing', () => {
  const cm =
    'E0312 10:01:40.100100       1 configmap_cafile_content.go:243] kube-system/extension-apiserver-authentication failed with : configmaps "extension-apiserver-authentication" is forbidden: User "system:serviceaccount:kube-system:metrics-server" cannot get resource "configmaps" in API group "" in the namespace "kube-system"';
  assert.deepEqual(run(withLogs([cm]), 'metrics-server-rbac'), []);
  assert.equal(run(withLogs([cm]), 'aggregation-layer-off').length, 1);
});

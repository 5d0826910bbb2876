// metrics-server-kubelet-tls: metrics-server cannot verify the kubelets' serving certificates; stale log lines ignored.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOG, MANIFEST_ARGS, msReplicaSet, node, repairIds, run, withLogs } from './fixtures';

test('kubelet TLS, unknown authority: the failing nodes, one evidence line per node, only the insecure repair with its warning', () => {
  const lines = ['ksd-node-1', 'ksd-node-2', 'ksd-node-3', 'ksd-node-1', 'ksd-node-2'].map((n, i) => LOG.unknownAuthority(n, `00:47:${18 + i}.000000`));
  const [f, ...rest] = run(withLogs([LOG.serving, ...lines]), 'metrics-server-kubelet-tls');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.match(f.message, /certificate signed by unknown authority.*3 nodes: ksd-node-1, ksd-node-2, ksd-node-3/);
  assert.equal(f.evidence.length, 3, f.evidence.join('\n'));
  assert.ok(f.evidence.every((l) => l.includes('x509: certificate signed by unknown authority')));
  assert.deepEqual(repairIds(f), ['metrics-server-skip-kubelet-tls-verify']);
  assert.equal(f.repairs[0].insecure, true);
  assert.match(f.repairs[0].warning ?? '', /serverTLSBootstrap/);
  assert.match(f.explanation, /serverTLSBootstrap: true.*kubelet-serving/);
  assert.deepEqual(f.object, { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'kube-system', name: 'metrics-server' });
  assert.equal(f.docs, 'docs/doctor/metrics-server-kubelet-tls.md');
});

test('kubelet TLS, IP SANs after switching to InternalIP: blames the switch, never offers the address-type repair', () => {
  const s = withLogs([LOG.ipSans('node-a', '10.0.0.1'), LOG.ipSans('node-b', '10.0.0.2')]);
  s.metricsServer!.replicaSets.push(msReplicaSet(['--kubelet-preferred-address-types=Hostname'], '1'));
  const [f] = run(s, 'metrics-server-kubelet-tls');
  assert.match(f.message, /no IP SANs.*2 nodes: node-a, node-b/);
  assert.match(f.explanation, /previous revision of the Deployment used --kubelet-preferred-address-types=Hostname: switching to InternalIP is what caused this error/);
  assert.ok(!repairIds(f).includes('metrics-server-address-types'));
  assert.deepEqual(repairIds(f), ['metrics-server-skip-kubelet-tls-verify']);
  // Without a previous revision it still explains that InternalIP is the cause on such clusters.
  const [g] = run(withLogs([LOG.ipSans('node-a', '10.0.0.1')]), 'metrics-server-kubelet-tls');
  assert.match(g.explanation, /switching to InternalIP causes/);
});

test('kubelet TLS, "valid for <InternalIP>, not <name>": the secure address-type repair comes first', () => {
  const s = withLogs([LOG.validFor('n1', '10.0.0.1', 'n1')], ['--kubelet-preferred-address-types=Hostname,InternalIP'], { nodes: [node('n1', '10.0.0.1')] });
  const [f] = run(s, 'metrics-server-kubelet-tls');
  assert.deepEqual(repairIds(f), ['metrics-server-address-types', 'metrics-server-skip-kubelet-tls-verify']);
  assert.match(f.explanation, /valid for the nodes' InternalIP addresses/);
});

test('scrape errors about nodes that have metrics again are stale and ignored', () => {
  const s = withLogs([LOG.unknownAuthority('ksd-node-1')], MANIFEST_ARGS, { nodeMetrics: ['ksd-node-1', 'ksd-node-2', 'ksd-node-3'] });
  assert.deepEqual(run(s), []);
});

test('kubelet TLS, "valid for <another node\'s IP>" (article 003, verbatim): names that node, secure repair before --kubelet-insecure-tls', () => {
  // The article's line, cut off before the closing quote of node="k8s-node1" as it printed it.
  const line = 'Failed to scrape node" err="Get \\"https://192.168.10.51:10250/metrics/resource\\": x509: certificate is valid for 192.168.10.50, not 192.168.10.51" node="k8s-node1';
  const s = withLogs([line], MANIFEST_ARGS, {
    nodes: [node('k8s-master', '192.168.10.50'), node('k8s-node1', '192.168.10.51')],
    apiServerPods: [{ metadata: { name: 'kube-apiserver-k8s-master', namespace: 'kube-system' } }],
  });
  const [f] = run(s, 'metrics-server-kubelet-tls');
  assert.match(f.message, /The kubelet on k8s-node1 serves a certificate made for another node, k8s-master/);
  assert.match(f.explanation, /192\.168\.10\.50 is the address of node k8s-master/);
  const secure = f.explanation.indexOf('serverTLSBootstrap: true');
  assert.ok(secure > 0 && secure < f.explanation.indexOf('--kubelet-insecure-tls'), f.explanation);
  assert.match(f.explanation, /Detected kubeadm .*\/var\/lib\/kubelet\/config\.yaml.*kube-system\/kubelet-config/);
  assert.deepEqual(repairIds(f), ['metrics-server-skip-kubelet-tls-verify']);
});

// The doctor's checks on states built from real evidence: each diagnosis fires on its symptom with
// verbatim evidence and the right repairs (secure first), and stays silent on healthy or stale data.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingsOf } from '../../../src/core/doctor/diagnose';
import { parseScrapeErrors } from '../../../src/core/doctor/checks/scrapeErrors';
import type { DiagnosisId, DoctorFinding } from '../../../src/core/doctor/types';
import { AUTH_CONFIG, AVAILABLE, baseState, hpa, LOG, MANIFEST_ARGS, msDeployment, msReplicaSet, node, pod, withLogs } from './fixtures';
import type { DoctorState } from '../../../src/core/doctor/state';

const run = (s: DoctorState, id?: DiagnosisId): DoctorFinding[] => findingsOf(s).filter((f) => !id || f.id === id);
const repairIds = (f: DoctorFinding) => f.repairs.map((r) => r.id);

test('a healthy state has no findings', () => {
  assert.deepEqual(run(baseState({ metricsServer: { ...baseState().metricsServer!, logs: [{ pod: 'ms', container: 'metrics-server', lines: [LOG.serving] }] } })), []);
});

test('scrape errors: every form metrics-server prints, with node and address', () => {
  const e = parseScrapeErrors([
    LOG.unknownAuthority('ksd-node-1'),
    LOG.noSuchHost('ksd-node-2'),
    LOG.ipSans('minikube', '192.168.49.2'),
    LOG.validFor('n4', 'n4, n4.internal', '10.0.0.4'),
    LOG.timeout('n5', '10.0.0.5'),
    LOG.v03dns,
    LOG.authX509, // not a scrape error: aggregation-layer-off reads it
    LOG.serving,
  ]);
  assert.deepEqual(e.map((x) => [x.kind, x.node, x.address ?? null]), [
    ['tls-unknown-authority', 'ksd-node-1', null],
    ['dns', 'ksd-node-2', 'ksd-node-2'],
    ['tls-ip-sans', 'minikube', '192.168.49.2'],
    ['tls-wrong-name', 'n4', '10.0.0.4'],
    ['unreachable', 'n5', '10.0.0.5:10250'],
    ['dns', 'node-1', 'node-1'],
    ['dns', 'node-2', 'node-2'],
  ]);
  assert.deepEqual(e[3].validFor, ['n4', 'n4.internal']);
  assert.equal(e[1].detail, 'no such host');
});

test('kubelet TLS, unknown authority: the failing nodes, one evidence line per node, only the insecure repair with its warning', () => {
  const lines = ['ksd-node-1', 'ksd-node-2', 'ksd-node-3', 'ksd-node-1', 'ksd-node-2'].map((n, i) => LOG.unknownAuthority(n, `00:47:${18 + i}.000000`));
  const [f, ...rest] = run(withLogs([LOG.serving, ...lines]), 'metrics-server-kubelet-tls');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.match(f.message, /certificate signed by unknown authority.*3 nodes: ksd-node-1, ksd-node-2, ksd-node-3/);
  assert.equal(f.evidence.length, 3, f.evidence.join('\n'));
  assert.ok(f.evidence.every((l) => l.includes('x509: certificate signed by unknown authority')));
  assert.deepEqual(repairIds(f), ['metrics-server-insecure-tls']);
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
  assert.deepEqual(repairIds(f), ['metrics-server-insecure-tls']);
  // Without a previous revision it still explains that InternalIP is the cause on such clusters.
  const [g] = run(withLogs([LOG.ipSans('node-a', '10.0.0.1')]), 'metrics-server-kubelet-tls');
  assert.match(g.explanation, /switching to InternalIP causes/);
});

test('kubelet TLS, "valid for <InternalIP>, not <name>": the secure address-type repair comes first', () => {
  const s = withLogs([LOG.validFor('n1', '10.0.0.1', 'n1')], ['--kubelet-preferred-address-types=Hostname,InternalIP'], { nodes: [node('n1', '10.0.0.1')] });
  const [f] = run(s, 'metrics-server-kubelet-tls');
  assert.deepEqual(repairIds(f), ['metrics-server-address-types', 'metrics-server-insecure-tls']);
  assert.match(f.explanation, /valid for the nodes' InternalIP addresses/);
});

test('scrape errors about nodes that have metrics again are stale and ignored', () => {
  const s = withLogs([LOG.unknownAuthority('ksd-node-1')], MANIFEST_ARGS, { nodeMetrics: ['ksd-node-1', 'ksd-node-2', 'ksd-node-3'] });
  assert.deepEqual(run(s), []);
});

test('node DNS: address-type repair first when nodes have InternalIPs, then CoreDNS hosts; only CoreDNS when InternalIP is already first', () => {
  const [f] = run(withLogs([LOG.noSuchHost('ksd-node-1'), LOG.noSuchHost('ksd-node-2')], ['--kubelet-preferred-address-types=Hostname']), 'metrics-server-node-dns');
  assert.match(f.message, /cannot resolve node names \(2 nodes: ksd-node-1, ksd-node-2\): no such host/);
  assert.deepEqual(repairIds(f), ['metrics-server-address-types', 'coredns-node-hosts']);
  assert.match(f.explanation, /--kubelet-preferred-address-types=Hostname/);
  assert.match(f.explanation, /IP SANs/);
  const [g] = run(withLogs([LOG.v03dns], ['--kubelet-preferred-address-types=InternalIP,Hostname'], { nodes: [] }), 'metrics-server-node-dns');
  assert.deepEqual(repairIds(g), ['coredns-node-hosts']);
  assert.match(g.message, /node-1, node-2/);
  assert.equal(g.evidence.length, 1, 'one v0.3 line holds both nodes');
  // Without the flag metrics-server uses its default, Hostname first.
  const [h] = run(withLogs([LOG.noSuchHost('ksd-node-1')], ['--cert-dir=/tmp']), 'metrics-server-node-dns');
  assert.match(h.explanation, /Hostname,InternalDNS,InternalIP,ExternalDNS,ExternalIP \(its default\)/);
});

test('unreachable kubelets: timeouts name the nodes, no automatic repair', () => {
  const [f] = run(withLogs([LOG.timeout('ip-10-0-1-5', '10.0.1.5')]), 'metrics-server-unreachable-kubelets');
  assert.match(f.message, /1 node: ip-10-0-1-5 \(timeout\)/);
  assert.deepEqual(f.repairs, []);
  assert.match(f.explanation, /hostNetwork: true/);
});

test('metrics API missing only when the APIService is really absent (not when it could not be read)', () => {
  const missing = baseState({ apiService: null, apiServiceNotFound: 'apiservices.apiregistration.k8s.io "v1beta1.metrics.k8s.io" not found', metricsServer: { namespace: 'kube-system', deployment: null, replicaSets: [], pods: [], logs: [] } });
  const [f] = run(missing, 'metrics-api-missing');
  assert.deepEqual(f.evidence, ['apiservices.apiregistration.k8s.io "v1beta1.metrics.k8s.io" not found']);
  assert.deepEqual(repairIds(f), ['install-metrics-server']);
  assert.match(f.explanation, /No metrics-server Deployment was found/);
  assert.deepEqual(run(baseState({ apiService: undefined }), 'metrics-api-missing'), []);
});

test('metrics API unavailable: the Available reason is mapped to its cause, with the pods that are not ready', () => {
  const as = { ...AVAILABLE, status: { conditions: [{ type: 'Available', status: 'False', reason: 'MissingEndpoints', message: 'endpointslices for service/metrics-server in "kube-system" have no addresses with port name "https"' }] } };
  const s = baseState({ apiService: as });
  s.metricsServer!.pods = [pod('metrics-server-5d8b7c9f6-x2x9k', 'kube-system', {}, { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] } })];
  const [f] = run(s, 'metrics-api-unavailable');
  assert.match(f.message, /not available \(MissingEndpoints\)/);
  assert.equal(f.evidence[0], 'Available=False MissingEndpoints: endpointslices for service/metrics-server in "kube-system" have no addresses with port name "https"');
  assert.match(f.evidence[1], /metrics-server-5d8b7c9f6-x2x9k: Running, not Ready/);
  assert.match(f.explanation, /first successful scrape/);
  const gone = baseState({ apiService: { ...as, status: { conditions: [{ type: 'Available', status: 'False', reason: 'ServiceNotFound', message: 'service/metrics-server in "kube-system" is not present' }] } }, metricsServer: { namespace: 'kube-system', deployment: null, replicaSets: [], pods: [], logs: [] } });
  assert.deepEqual(repairIds(run(gone, 'metrics-api-unavailable')[0]), ['install-metrics-server']);
});

test('aggregation layer: the missing requestheader CA and authenticator errors in the logs', () => {
  const { ['requestheader-client-ca-file']: _dropped, ...noCa } = AUTH_CONFIG;
  const [f] = run(withLogs([LOG.clusterNoRequestHeader, LOG.authX509], MANIFEST_ARGS, { authConfig: noCa }), 'aggregation-layer-off');
  assert.equal(f.severity, 'error');
  assert.match(f.evidence[0], /has no requestheader-client-ca-file/);
  assert.ok(f.evidence.includes(LOG.authX509));
  assert.ok(f.evidence.includes(LOG.clusterNoRequestHeader));
  assert.match(f.explanation, /--requestheader-client-ca-file/);
  // The authenticator's x509 error is not mistaken for a kubelet TLS problem.
  assert.deepEqual(run(withLogs([LOG.authX509]), 'metrics-server-kubelet-tls'), []);
  // Unreadable ConfigMap (forbidden): no claim about it.
  assert.deepEqual(run(baseState({ authConfig: undefined }), 'aggregation-layer-off'), []);
  // ConfigMap without the CA and no metrics API registered: a warning (nothing uses it yet).
  assert.equal(run(baseState({ authConfig: noCa, apiService: null }), 'aggregation-layer-off')[0].severity, 'warning');
});

const MISSING_CPU = {
  type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric',
  message: 'the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container app of Pod orders-7988c9d946-w8wxz',
};

test('missing request: names every container of the live pods without a cpu request, injected sidecars marked', () => {
  const h = hpa('orders', 'shop', { conditions: [MISSING_CPU] });
  const template = { spec: { containers: [{ name: 'app' }, { name: 'log-shipper' }], initContainers: [{ name: 'migrate' }] } };
  const p = pod('orders-7988c9d946-w8wxz', 'shop', {
    containers: [
      { name: 'app', resources: { limits: { memory: '256Mi' }, requests: { memory: '256Mi' } } },
      { name: 'log-shipper', resources: { requests: { memory: '32Mi' } } },
      { name: 'istio-proxy', resources: {} },
      { name: 'metrics', resources: { requests: { cpu: '10m' } } },
    ],
    initContainers: [
      { name: 'migrate' }, // plain init container: not counted
      { name: 'vault-agent', restartPolicy: 'Always', resources: { requests: { cpu: '0' } } }, // native sidecar with a zero request
    ],
  });
  const s = baseState({ hpas: [h], targets: { 'shop/orders': { template, selector: 'app=orders', pods: [p] } } });
  const [f, ...rest] = run(s, 'hpa-missing-request');
  assert.equal(rest.length, 0);
  assert.match(f.message, /HPA shop\/orders cannot compute cpu utilization: containers app, log-shipper, istio-proxy \(injected, not in the template\), vault-agent \(injected, not in the template\) of Deployment orders have no cpu request/);
  assert.ok(!/migrate|metrics,/.test(f.message));
  assert.equal(f.evidence[0], `ScalingActive=False FailedGetResourceMetric: ${MISSING_CPU.message}`);
  assert.ok(f.evidence.includes('Pod shop/orders-7988c9d946-w8wxz: container "log-shipper" resources: {"requests":{"memory":"32Mi"}}'));
  assert.match(f.explanation, /admission webhook/);
  assert.equal(run(s, 'hpa-unknown-metric').length, 0, 'not also reported as an unknown metric');
});

test('missing request: ContainerResource counts only its container; a pod-level request satisfies Resource metrics', () => {
  const metrics = [{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', target: { type: 'Utilization', averageUtilization: 60 } } }];
  const p = pod('web-1', 'shop', { containers: [{ name: 'app', resources: { requests: { cpu: '100m' } } }, { name: 'sidecar' }] });
  const s = baseState({ hpas: [hpa('web', 'shop', { metrics })], targets: { 'shop/web': { pods: [p] } } });
  assert.deepEqual(run(s, 'hpa-missing-request'), []);
  const podLevel = pod('web-1', 'shop', { containers: [{ name: 'app' }], resources: { requests: { cpu: '1' } } } as never);
  assert.deepEqual(run(baseState({ hpas: [hpa('web', 'shop')], targets: { 'shop/web': { pods: [podLevel] } } }), 'hpa-missing-request'), []);
  // AverageValue targets need no request.
  const avg = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'AverageValue', averageValue: '100m' } } }];
  assert.deepEqual(run(baseState({ hpas: [hpa('web', 'shop', { metrics: avg })], targets: { 'shop/web': { pods: [pod('web-1', 'shop', { containers: [{ name: 'app' }] })] } } }), 'hpa-missing-request'), []);
});

test('unknown metric: each ScalingActive=False reason explained; ScalingDisabled is info', () => {
  const cond = (reason: string, message: string) => [{ type: 'ScalingActive', status: 'False', reason, message }];
  const s = baseState({
    hpas: [
      hpa('a', 'x', { conditions: cond('FailedGetResourceMetric', 'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)') }),
      hpa('b', 'x', { conditions: cond('FailedGetExternalMetric', 'the HPA was unable to compute the replica count: unable to get external metric x/s0-rabbitmq-orders/&LabelSelector{...}: unable to fetch metrics from external metrics API: the server is currently unable to handle the request') }),
      hpa('c', 'x', { conditions: cond('ScalingDisabled', 'scaling is disabled since the replica count of the target is zero') }),
      hpa('d', 'x', { conditions: [{ type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)' }] }),
    ],
  });
  const fs = run(s, 'hpa-unknown-metric');
  assert.deepEqual(fs.map((f) => [f.object?.name, f.severity]), [['a', 'error'], ['b', 'error'], ['c', 'info']]);
  assert.match(fs[0].explanation, /not registered/);
  assert.deepEqual(repairIds(fs[0]), ['install-metrics-server']);
  assert.match(fs[1].explanation, /external metrics API/);
});

test('autoscaler conflict: AmbiguousSelector between a hand-written HPA and a leftover keda-hpa', () => {
  const amb = { type: 'ScalingActive', status: 'False', reason: 'AmbiguousSelector', message: 'pods by selector app=cart are controlled by multiple HPAs: [autoscaler-conflict/keda-hpa-cart autoscaler-conflict/cart]' };
  const s = baseState({ hpas: [hpa('cart', 'autoscaler-conflict', { conditions: [amb] }), hpa('keda-hpa-cart', 'autoscaler-conflict', { target: 'cart', conditions: [amb], labels: { 'app.kubernetes.io/managed-by': 'keda-operator' } })] });
  const [f, ...rest] = run(s, 'autoscaler-conflict');
  assert.equal(rest.length, 0, 'one finding per workload');
  assert.match(f.message, /Deployment autoscaler-conflict\/cart has 2 autoscalers \(HPA cart, HPA keda-hpa-cart\)/);
  assert.equal(f.evidence.filter((l) => l.startsWith('ScalingActive=False AmbiguousSelector')).length, 1, 'condition deduplicated');
  assert.equal(run(s, 'hpa-unknown-metric').length, 0);
});

test('autoscaler conflict: HPA + ScaledObject on one Deployment; the ScaledObject\'s own HPA is not a second owner', () => {
  const so = { metadata: { name: 'cart', namespace: 'shop', uid: 'so-uid' }, spec: { scaleTargetRef: { name: 'cart' } } };
  const kedaHpa = hpa('keda-hpa-cart', 'shop', { target: 'cart' });
  kedaHpa.metadata!.ownerReferences = [{ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', name: 'cart', uid: 'so-uid' }];
  assert.deepEqual(run(baseState({ scaledObjects: [so], hpas: [kedaHpa] }), 'autoscaler-conflict'), []);
  const [f] = run(baseState({ scaledObjects: [so], hpas: [kedaHpa, hpa('cart-cpu', 'shop', { target: 'cart' })] }), 'autoscaler-conflict');
  assert.match(f.message, /2 autoscalers \(HPA cart-cpu, ScaledObject cart\)/);
  assert.ok(f.evidence.some((l) => l.includes('ScaledObject shop/cart scaleTargetRef Deployment/cart (its HPA: keda-hpa-cart)')));
});

test('HPA at max: ScalingLimited TooManyReplicas is a warning', () => {
  const h = hpa('checkout', 'healthy', { max: 4, status: { currentReplicas: 4, desiredReplicas: 4 }, conditions: [{ type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' }] });
  const [f] = run(baseState({ hpas: [h] }));
  assert.equal(f.id, 'hpa-at-max');
  assert.equal(f.severity, 'warning');
  assert.deepEqual(f.evidence, ['ScalingLimited=True TooManyReplicas: the desired replica count is more than the maximum replica count', 'currentReplicas=4 desiredReplicas=4 maxReplicas=4']);
});

const SCHED = '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
function pendingPod(name: string): ReturnType<typeof pod> {
  return pod(name, 'pending', { containers: [{ name: 'worker', resources: { requests: { cpu: '12' } } }] }, {
    metadata: { name, namespace: 'pending', uid: `uid-${name}`, labels: { 'pod-template-hash': '7c9d8f' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'batch-7c9d8f', uid: 'rs', controller: true }] },
    status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: SCHED }] },
  });
}
const event = (p: ReturnType<typeof pod>, reason: string, message: string, component: string) => ({
  metadata: { name: `${p.metadata!.name}.1` }, involvedObject: { kind: 'Pod', name: p.metadata!.name, namespace: 'pending', uid: p.metadata!.uid }, reason, message, source: { component },
});

test('pending pods: one finding per workload with the scheduler\'s words; error when nothing adds capacity', () => {
  const pods = ['batch-7c9d8f-a', 'batch-7c9d8f-b', 'batch-7c9d8f-c'].map(pendingPod);
  const [f, ...rest] = run(baseState({ pendingPods: pods, events: pods.map((p) => event(p, 'FailedScheduling', SCHED, 'default-scheduler')) }), 'pending-pods');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.equal(f.message, '3 pods of Deployment pending/batch cannot be scheduled: 0/3 nodes are available: 3 Insufficient cpu.');
  assert.deepEqual(f.evidence, [SCHED]);
  assert.match(f.explanation, /requests, not usage/);
  assert.match(f.explanation, /nothing will add capacity/);
});

test('pending pods: Cluster Autoscaler NotTriggerScaleUp and its status explained; TriggeredScaleUp and Karpenter Nominated make it a warning', () => {
  const p = pendingPod('batch-7c9d8f-a');
  const ca = "pod didn't trigger scale-up: 1 max node group size reached";
  const [f] = run(baseState({ pendingPods: [p], events: [event(p, 'NotTriggerScaleUp', ca, 'cluster-autoscaler')], clusterAutoscalerStatus: 'Cluster-autoscaler status at 2024-05-01 10:00:00:\nCluster-wide:\n  ScaleUp: NoActivity (ready=3 registered=3)\nNodeGroups:\n  Name: ng-1\n  ScaleUp: Backoff (ready=3 cloudProviderTarget=3)' }), 'pending-pods');
  assert.ok(f.evidence.includes(ca));
  assert.ok(f.evidence.some((l) => l.includes('cluster-autoscaler-status: ScaleUp: Backoff')));
  assert.match(f.explanation, /node groups are at their maximum size/);
  assert.equal(f.severity, 'error');
  const [g] = run(baseState({ pendingPods: [p], events: [event(p, 'TriggeredScaleUp', 'pod triggered scale-up: [{ng-1 3->4 (max: 10)}]', 'cluster-autoscaler')] }), 'pending-pods');
  assert.equal(g.severity, 'warning');
  const [k] = run(baseState({ pendingPods: [p], events: [event(p, 'Nominated', 'Pod should schedule on: nodeclaim/default-x7k2p', 'karpenter')] }), 'pending-pods');
  assert.equal(k.severity, 'warning');
  assert.match(k.explanation, /Karpenter nominated/);
  const [kf] = run(baseState({ pendingPods: [p], events: [event(p, 'FailedScheduling', 'Failed to schedule pod, incompatible with nodepool "default", daemonset overhead={"cpu":"150m"}, no instance type satisfied resources {"cpu":"12150m"}', 'karpenter')] }), 'pending-pods');
  assert.ok(kf.evidence.some((l) => l.startsWith('FailedScheduling: Failed to schedule pod, incompatible with nodepool')));
  assert.match(kf.explanation, /Karpenter cannot create a node/);
});

test('kubectl too old: 1.18 falls back to Heapster, 1.19 does not, no kubectl means no finding', () => {
  const k = (minor: number) => ({ path: '/usr/local/bin/kubectl', gitVersion: `v1.${minor}.3`, major: 1, minor, raw: `Client Version: v1.${minor}.3` });
  const [f] = run(baseState({ kubectl: k(18) }));
  assert.equal(f.id, 'kubectl-too-old');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /kubectl v1\.18\.3 \(\/usr\/local\/bin\/kubectl\) falls back to Heapster/);
  assert.equal(f.object, undefined);
  assert.match(run(baseState({ kubectl: k(7) }))[0].message, /only knows Heapster/);
  assert.deepEqual(run(baseState({ kubectl: k(19) })), []);
  assert.deepEqual(run(baseState({ kubectl: undefined })), []);
});

test('findings are sorted by severity and a malformed object never crashes the doctor', () => {
  const s = withLogs([LOG.noSuchHost('ksd-node-1')], ['--kubelet-preferred-address-types=Hostname'], {
    kubectl: { path: 'kubectl', major: 1, minor: 15, gitVersion: 'v1.15.0', raw: 'x' },
    hpas: [{} as never, { metadata: { name: 'weird' }, status: { conditions: [{ type: 'ScalingActive', status: 'False' }] } } as never],
    pendingPods: [{ status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] } } as never],
    scaledObjects: [{ metadata: {}, spec: {} } as never],
  });
  const fs = findingsOf(s);
  const order = { error: 0, warning: 1, info: 2 };
  assert.ok(fs.every((f, i) => i === 0 || order[fs[i - 1].severity] <= order[f.severity]), fs.map((f) => f.severity).join());
  assert.ok(fs.some((f) => f.id === 'metrics-server-node-dns'));
  assert.ok(fs.some((f) => f.id === 'kubectl-too-old'));
});

test('secure repairs come before insecure ones, and every repair is a known offer', () => {
  const s = withLogs([LOG.validFor('n1', '10.0.0.1', 'n1')], ['--kubelet-preferred-address-types=Hostname'], { nodes: [node('n1', '10.0.0.1')] });
  for (const f of findingsOf(s)) {
    const flags = f.repairs.map((r) => !!r.insecure);
    assert.deepEqual(flags, [...flags].sort((a, b) => Number(a) - Number(b)), f.id);
    for (const r of f.repairs) assert.ok(r.title.length > 10, r.id);
  }
  void msDeployment;
});

test('unknown metric right after metrics-server (re)started is a warning that says so; later it is an error', () => {
  const noMetrics = [{ type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric', message: 'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API' }];
  const at = (startedAgoS: number) => {
    const s = baseState({ now: '2026-11-22T01:00:00.000Z', hpas: [hpa('checkout', 'healthy', { conditions: noMetrics })] });
    s.metricsServer!.pods = [pod('metrics-server-1', 'kube-system', {}, { status: { phase: 'Running', containerStatuses: [{ name: 'metrics-server', ready: true, restartCount: 0, image: 'x', imageID: 'x', state: { running: { startedAt: new Date(Date.parse('2026-11-22T01:00:00.000Z') - startedAgoS * 1000) } } }] } })];
    return run(s, 'hpa-unknown-metric')[0];
  };
  const fresh = at(30);
  assert.equal(fresh.severity, 'warning');
  assert.match(fresh.explanation, /^metrics-server started 30 s ago/);
  const old = at(600);
  assert.equal(old.severity, 'error');
  assert.doesNotMatch(old.explanation, /started/);
});

test('metrics API unavailable because metrics-server is scaled to 0 (real FailedDiscoveryCheck text)', () => {
  const msg = 'failing or missing response from https://localhost:33763/apis/metrics.k8s.io/v1beta1: Get "https://localhost:33763/apis/metrics.k8s.io/v1beta1": dial tcp 127.0.0.1:33763: connect: connection refused';
  const s = baseState({ apiService: { ...AVAILABLE, status: { conditions: [{ type: 'Available', status: 'False', reason: 'FailedDiscoveryCheck', message: msg }] } }, nodeMetrics: undefined });
  s.metricsServer!.deployment!.spec!.replicas = 0;
  const [f] = run(s, 'metrics-api-unavailable');
  assert.deepEqual(f.evidence, [`Available=False FailedDiscoveryCheck: ${msg}`, 'Deployment kube-system/metrics-server has no pods (spec.replicas: 0)']);
  assert.match(f.explanation, /scaled to 0 replicas/);
  assert.deepEqual(f.repairs, []);
});

test('autoscaler conflict: a ScaledObject without spec (pruned by its CRD schema) is ignored, the HPAs still counted', () => {
  const s = baseState({ scaledObjects: [{ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', metadata: { name: 'cart', namespace: 'shop', uid: 'u' } } as never], hpas: [hpa('cart', 'shop'), hpa('cart-2', 'shop', { target: 'cart' })] });
  const fs = run(s);
  assert.deepEqual(s.problems, []);
  assert.match(only1(fs, 'autoscaler-conflict').message, /2 autoscalers \(HPA cart, HPA cart-2\)/);
});

function only1(fs: DoctorFinding[], id: DiagnosisId): DoctorFinding {
  const x = fs.filter((f) => f.id === id);
  assert.equal(x.length, 1, JSON.stringify(fs.map((f) => f.id)));
  return x[0];
}

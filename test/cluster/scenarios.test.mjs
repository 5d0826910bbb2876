// Integration tests against a REAL local cluster (kube-apiserver, etcd, kube-controller-manager,
// kube-scheduler, kwok nodes and a real metrics-server run by scripts/cluster). The cluster is
// brought up once (building the binaries on a machine's first run) and switched between
// scenarios; each scenario's symptom is checked through the API, then the repair is applied
// through the API and the symptom must go away.
//
// Env: KSD_TEST_CLUSTER (cluster name, default ksd-test); KSD_SKIP_CLUSTER_TESTS=1 skips.
import { test, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import * as k8s from '@kubernetes/client-node';
import { up, switchScenario, apis, kubectl, waitFor, metricsServerLogs, runnerStatus, HERE, VERSIONS } from '../../scripts/cluster/lib.mjs';
import { condition, nodeMetrics, podMetrics } from '../../scripts/cluster/scenarios.mjs';
import { skip } from './skip.mjs';

const NAME = process.env.KSD_TEST_CLUSTER || 'ksd-test';
const MIN = 60_000;
const log = (m) => process.stderr.write(`# [cluster] ${m}\n`);

let api;
const ctx = () => ({ apis: api });

async function hpa(namespace, name) {
  return api.autoscaling.readNamespacedHorizontalPodAutoscaler({ namespace, name });
}

async function waitHpa(namespace, name, pred, what, timeoutMs = 3 * MIN) {
  return waitFor(
    `HPA ${namespace}/${name}: ${what}`,
    async () => {
      const h = await hpa(namespace, name);
      return pred(h) ? h : false;
    },
    { timeoutMs, intervalMs: 1000 },
  );
}

const active = (h) => condition(h, 'ScalingActive');

async function nodeCount() {
  return (await api.core.listNode({ labelSelector: 'type=kwok' })).items.length;
}

async function waitMetricsFlow(timeoutMs = 3 * MIN) {
  const n = await nodeCount();
  await waitFor('node metrics from metrics-server for every node', async () => (await nodeMetrics(ctx())).length >= n, { timeoutMs, intervalMs: 1000 });
}

const mergePatch = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);
const jsonPatch = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch);

async function metricsServerArgs() {
  const d = await api.apps.readNamespacedDeployment({ name: 'metrics-server', namespace: 'kube-system' });
  return d.spec.template.spec.containers.find((c) => c.name === 'metrics-server').args;
}

async function setMetricsServerArgs(args) {
  await api.apps.patchNamespacedDeployment({ name: 'metrics-server', namespace: 'kube-system', body: [{ op: 'replace', path: '/spec/template/spec/containers/0/args', value: args }] }, jsonPatch);
}

/** Waits until the runner runs a different pod than `oldPod` (the Deployment rolled out). */
async function waitRunnerFollows(oldPod) {
  return waitFor(
    'the metrics-server runner to follow the new pod',
    () => {
      const st = runnerStatus({ name: NAME });
      return st?.pod && st.pod !== oldPod && st.pid ? st : false;
    },
    { timeoutMs: 2 * MIN, intervalMs: 1000 },
  );
}

function kubectlLogs() {
  return kubectl(['-n', 'kube-system', 'logs', 'deployment/metrics-server', '--tail=200'], { name: NAME, allowFail: true });
}

describe('local cluster scenarios', { skip, timeout: 120 * MIN }, () => {
  before(
    async () => {
      const r = await up({ scenario: 'healthy', name: NAME, log, profile: 'test' });
      assert.ok(path.isAbsolute(r.kubeconfig));
      api = apis({ name: NAME });
    },
    { timeout: 75 * MIN },
  );

  test('healthy: metrics flow, kubectl top works, HPAs show numbers and one scales up', { timeout: 8 * MIN }, async () => {
    await switchScenario('healthy', { name: NAME, log });
    // Real component versions.
    const v = kubectl(['version', '-o', 'json'], { name: NAME });
    assert.equal(JSON.parse(v.stdout).serverVersion.gitVersion, VERSIONS.KUBE_VERSION);
    // Metrics API available through the aggregation layer.
    const as = await api.apireg.readAPIService({ name: 'v1beta1.metrics.k8s.io' });
    assert.equal(as.status.conditions.find((c) => c.type === 'Available').status, 'True');
    const nm = await nodeMetrics(ctx());
    assert.equal(nm.length, await nodeCount());
    assert.match(nm[0].usage.cpu, /^\d+n?$/);
    const pm = await podMetrics(ctx(), 'healthy');
    assert.ok(pm.length >= 3, `pod metrics: ${pm.length}`);
    // kubectl top (real kubectl against the real metrics-server).
    const top = kubectl(['top', 'nodes'], { name: NAME });
    assert.match(top.stdout, /ksd-node-1\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%/);
    const topPods = kubectl(['top', 'pods', '-n', 'healthy'], { name: NAME });
    assert.match(topPods.stdout, /web-\S+\s+(99|10[0-3])m\s+90Mi/); // CPU is a rate: +-1m jitter
    // HPA with numbers: web = 100m of 200m = 50% cpu, 90Mi of 128Mi = 70% memory.
    const web = await waitHpa('healthy', 'web', (h) => active(h)?.reason === 'ValidMetricFound' && (h.status.currentMetrics || []).length === 2, 'ValidMetricFound with 2 metrics');
    const cpu = web.status.currentMetrics.find((m) => m.resource.name === 'cpu');
    assert.ok(Math.abs(cpu.resource.current.averageUtilization - 50) <= 2, `cpu utilization ${cpu.resource.current.averageUtilization}`);
    // checkout: 400m of 200m = 200% vs 50% target -> scales up to maxReplicas 4.
    await waitHpa('healthy', 'checkout', (h) => h.status.desiredReplicas === 4, 'desiredReplicas 4');
    await waitFor(
      'checkout Deployment at 4 ready replicas',
      async () => {
        const d = await api.apps.readNamespacedDeployment({ name: 'checkout', namespace: 'healthy' });
        return d.status.readyReplicas === 4;
      },
      { timeoutMs: 2 * MIN },
    );
    const ev = await api.core.listNamespacedEvent({ namespace: 'healthy', fieldSelector: 'involvedObject.name=checkout,reason=SuccessfulRescale' });
    assert.ok(
      ev.items.some((e) => /New size: \d+; reason: cpu resource utilization \(percentage of request\) above target/.test(e.message)),
      ev.items.map((e) => e.message).join('\n'),
    );
    // The metrics-server output is the pod's log (kwok Logs), visible with kubectl logs.
    const logs = kubectlLogs();
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(logs.stdout, /Serving securely on 127\.0\.0\.1:\d+|Generated self-signed cert/);
  });

  test('no-metrics-server: no metrics API, kubectl top fails, HPA FailedGetResourceMetric; installing metrics-server repairs it', { timeout: 8 * MIN }, async () => {
    await switchScenario('no-metrics-server', { name: NAME, log });
    const top = kubectl(['top', 'pods', '-n', 'no-metrics-server'], { name: NAME, allowFail: true });
    assert.notEqual(top.code, 0);
    assert.match(top.stderr, /error: Metrics API not available/);
    const h = await waitHpa('no-metrics-server', 'web', (x) => active(x)?.reason === 'FailedGetResourceMetric', 'FailedGetResourceMetric');
    assert.equal(active(h).status, 'False');
    assert.match(
      active(h).message,
      /the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource \(get pods\.metrics\.k8s\.io\)/,
    );
    assert.ok(!(h.status.currentMetrics || []).some((m) => m.resource?.current?.averageUtilization !== undefined), 'no current metric (<unknown>)');
    const wide = kubectl(['get', 'hpa', '-n', 'no-metrics-server', 'web'], { name: NAME });
    assert.match(wide.stdout, /cpu: <unknown>\/70%/);

    // Repair: install metrics-server from its manifest through the API.
    const objects = k8s.KubernetesObjectApi.makeApiClient(api.kc);
    const docs = YAML.parseAllDocuments(fs.readFileSync(path.join(HERE, 'manifests', `metrics-server-${VERSIONS.METRICS_SERVER_VERSION}.yaml`), 'utf8')).map((d) => d.toJSON());
    for (const d of docs) {
      if (d.kind === 'Deployment') d.spec.template.spec.containers[0].args.push('--kubelet-insecure-tls');
      try {
        await objects.create(d);
      } catch (e) {
        if (e.code !== 409) throw e; // like kubectl apply: objects that survived are fine
      }
    }
    await waitMetricsFlow();
    await waitHpa('no-metrics-server', 'web', (x) => active(x)?.reason === 'ValidMetricFound', 'ValidMetricFound after repair');
    const top2 = kubectl(['top', 'pods', '-n', 'no-metrics-server'], { name: NAME });
    assert.match(top2.stdout, /web-\S+\s+(119|12[0-3])m/);
  });

  test('metrics-server-tls: x509 errors in its logs and no metrics; adding --kubelet-insecure-tls to the Deployment repairs it', { timeout: 8 * MIN }, async () => {
    await switchScenario('metrics-server-tls', { name: NAME, log });
    const args = await metricsServerArgs();
    assert.ok(!args.includes('--kubelet-insecure-tls'));
    const logs = kubectlLogs();
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(
      logs.stdout,
      /"Failed to scrape node" err="Get \\"https:\/\/127\.0\.0\.1:\d+\/metrics\/nodes\/ksd-node-\d+\/metrics\/resource\\": tls: failed to verify certificate: x509: certificate signed by unknown authority"/,
    );
    assert.equal((await nodeMetrics(ctx())).length, 0);
    const top = kubectl(['top', 'nodes'], { name: NAME, allowFail: true });
    assert.match(top.stderr, /error: metrics not available yet/);
    await waitHpa('metrics-server-tls', 'web', (x) => active(x)?.reason === 'FailedGetResourceMetric', 'FailedGetResourceMetric');

    const before = runnerStatus({ name: NAME }).pod;
    await setMetricsServerArgs([...args, '--kubelet-insecure-tls']);
    const st = await waitRunnerFollows(before);
    assert.ok(st.originalArgs.includes('--kubelet-insecure-tls'));
    await waitMetricsFlow();
    await waitHpa('metrics-server-tls', 'web', (x) => active(x)?.reason === 'ValidMetricFound', 'ValidMetricFound after repair');
    assert.doesNotMatch(metricsServerLogs({ name: NAME }), /x509/);
  });

  test('metrics-server-dns: "no such host" with Hostname first; InternalIP first repairs it', { timeout: 8 * MIN }, async () => {
    await switchScenario('metrics-server-dns', { name: NAME, log });
    const logs = kubectlLogs();
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(
      logs.stdout,
      /"Failed to scrape node" err="Get \\"https:\/\/ksd-node-\d+:\d+\/metrics\/nodes\/ksd-node-\d+\/metrics\/resource\\": dial tcp: lookup ksd-node-\d+( on [^:]+:53)?: (no such host|server misbehaving)"/,
    );
    assert.equal((await nodeMetrics(ctx())).length, 0);

    const before = runnerStatus({ name: NAME }).pod;
    const args = (await metricsServerArgs()).map((a) => (a.startsWith('--kubelet-preferred-address-types=') ? '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname' : a));
    await setMetricsServerArgs(args);
    await waitRunnerFollows(before);
    await waitMetricsFlow();
    await waitHpa('metrics-server-dns', 'web', (x) => active(x)?.reason === 'ValidMetricFound', 'ValidMetricFound after repair');
  });

  test('missing-requests: "missing request for cpu"; adding CPU requests repairs it', { timeout: 8 * MIN }, async () => {
    await switchScenario('missing-requests', { name: NAME, log });
    const h = await hpa('missing-requests', 'orders');
    assert.equal(active(h).status, 'False');
    assert.equal(active(h).reason, 'FailedGetResourceMetric');
    assert.match(active(h).message, /failed to get cpu utilization: missing request for cpu in container (app|log-shipper) of Pod orders-[a-z0-9]+-[a-z0-9]+/);

    await api.apps.patchNamespacedDeployment(
      {
        name: 'orders',
        namespace: 'missing-requests',
        body: [
          { op: 'add', path: '/spec/template/spec/containers/0/resources/requests', value: { cpu: '100m', memory: '128Mi' } },
          { op: 'add', path: '/spec/template/spec/containers/1/resources/requests/cpu', value: '20m' },
        ],
      },
      jsonPatch,
    );
    const fixed = await waitHpa('missing-requests', 'orders', (x) => active(x)?.reason === 'ValidMetricFound', 'ValidMetricFound after repair');
    // 80m per container * 2 containers / (100m + 20m) = 133%
    const cpu = fixed.status.currentMetrics.find((m) => m.resource.name === 'cpu');
    assert.ok(cpu.resource.current.averageUtilization > 100, `utilization ${cpu.resource.current.averageUtilization}`);
  });

  test('autoscaler-conflict: AmbiguousSelector; deleting the second HPA repairs it', { timeout: 8 * MIN }, async () => {
    await switchScenario('autoscaler-conflict', { name: NAME, log });
    const hs = await Promise.all(['cart', 'keda-hpa-cart'].map((n) => hpa('autoscaler-conflict', n)));
    const amb = hs.map(active).find((c) => c?.reason === 'AmbiguousSelector');
    assert.ok(amb, JSON.stringify(hs.map(active)));
    assert.equal(amb.status, 'False');
    assert.match(amb.message, /pods by selector app=cart are controlled by multiple HPAs: \[autoscaler-conflict\/(cart|keda-hpa-cart) autoscaler-conflict\/(cart|keda-hpa-cart)\]/);

    await api.autoscaling.deleteNamespacedHorizontalPodAutoscaler({ name: 'keda-hpa-cart', namespace: 'autoscaler-conflict' });
    await waitHpa('autoscaler-conflict', 'cart', (x) => active(x)?.reason === 'ValidMetricFound', 'ValidMetricFound after repair');
  });

  test('pending: Insufficient cpu with FailedScheduling events; lowering the request repairs it', { timeout: 8 * MIN }, async () => {
    await switchScenario('pending', { name: NAME, log });
    const n = await nodeCount();
    const ev = await api.core.listNamespacedEvent({ namespace: 'pending', fieldSelector: 'reason=FailedScheduling' });
    const msg = ev.items.map((e) => e.message).find((m) => /Insufficient cpu/.test(m));
    assert.ok(msg, ev.items.map((e) => e.message).join('\n'));
    assert.match(msg, new RegExp(`^0/${n} nodes are available: ${n} Insufficient cpu\\. preemption: 0/${n} nodes are available: ${n} No preemption victims found for incoming pod\\.`));

    await api.apps.patchNamespacedDeployment(
      { name: 'batch', namespace: 'pending', body: { spec: { template: { spec: { containers: [{ name: 'worker', resources: { requests: { cpu: '500m' } } }] } } } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch),
    );
    await waitFor(
      'pending/batch: 3 pods Running after repair',
      async () => {
        const d = await api.apps.readNamespacedDeployment({ name: 'batch', namespace: 'pending' });
        return d.status.readyReplicas === 3 && d.status.updatedReplicas === 3 && !d.status.unavailableReplicas;
      },
      { timeoutMs: 3 * MIN, intervalMs: 1000 },
    );
  });

  test('runner follows the Deployment: rollout restart starts a new process with the new pod', { timeout: 5 * MIN }, async () => {
    const before = runnerStatus({ name: NAME });
    assert.ok(before?.pod && before.pid);
    await api.apps.patchNamespacedDeployment(
      {
        name: 'metrics-server',
        namespace: 'kube-system',
        body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString() } } } } },
      },
      mergePatch,
    );
    const after = await waitRunnerFollows(before.pod);
    assert.notEqual(after.pid, before.pid);
    await waitMetricsFlow();
  });
});

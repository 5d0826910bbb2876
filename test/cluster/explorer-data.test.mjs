// The explorer's data layer (src/core/cluster) and the CLI `top` against the REAL local cluster:
// rows equal what the bundled kubectl prints (`top nodes`, `top pods -A`, `describe node`,
// `get hpa`) at the same moment; each empty state appears for its real cause; the session reports
// only what changed; watches in protobuf read what JSON ones do; exec credential plugins work.
// Long (one suite, ~650 lines): the tests share one running cluster and switch scenarios in order; split files would each pay a cluster start.
//
// Env: KSD_TEST_CLUSTER (cluster name, default ksd-test); KSD_SKIP_CLUSTER_TESTS=1 skips.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import * as k8s from '@kubernetes/client-node';
import { up, switchScenario, apis, kubectl, waitFor, sleep, HERE } from '../../scripts/cluster/lib.mjs';
import { loadKubeConfig } from '../../src/core/cluster/connect.ts';
import { ClusterSession } from '../../src/core/cluster/session.ts';
import { topNodes, topPods } from '../../src/core/cluster/top.ts';
import { watchPath } from '../../src/core/cluster/watch.ts';
import { kubeRequest } from '../../src/core/cluster/request.ts';
import { nodeFromProtobuf, podFromProtobuf } from '../../src/core/cluster/protoObjects.ts';
import { trimNode, trimPod } from '../../src/core/cluster/trim.ts';
import { parseQuantity, wholeValue } from '../../src/core/k8s/quantity.ts';
import { skip } from './skip.mjs';

const NAME = process.env.KSD_TEST_CLUSTER || 'ksd-test';
const MIN = 60_000;
const ROOT = path.resolve(HERE, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const EXEC_PLUGIN = path.join(ROOT, 'test', 'fixtures', 'cluster', 'exec-credential.mjs');
const log = (m) => process.stderr.write(`# [explorer-data] ${m}\n`);
const mergePatch = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);

let api;
let kubeconfig;
let tmp;
/** A kubeconfig whose exec plugin logs in as a ServiceAccount that may read workloads and metrics, not APIServices. */
let readerKubeconfig;

/** `kube-scaling-doctor top …` as a user runs it. */
function cli(args, env = {}) {
  const r = spawnSync(process.execPath, [CLI, 'top', ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 2 * MIN });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** kubectl output rows (headers dropped) split into cells. */
function table(stdout, sep = /\s+/) {
  return stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => l.trim().split(sep));
}

/**
 * Runs `read` between two identical kubectl readings, so both saw the same metrics-server scrape
 * (its values change at every scrape); retries when a scrape happened in between.
 */
async function sameMoment(kubectlArgs, read) {
  for (let attempt = 1; attempt <= 8; attempt++) {
    const before = kubectl(kubectlArgs, { name: NAME }).stdout;
    const ours = await read();
    const after = kubectl(kubectlArgs, { name: NAME }).stdout;
    if (before === after) return { kubectl: before, ours };
    log(`a metrics scrape happened during attempt ${attempt}; reading again`);
    await sleep(1500);
  }
  throw new Error(`kubectl ${kubectlArgs.join(' ')} never gave the same output twice in a row`);
}

function writeKubeconfig(name, user) {
  const cluster = YAML.parse(fs.readFileSync(kubeconfig, 'utf8')).clusters[0];
  const file = path.join(tmp, `${name}.yaml`);
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': name,
    clusters: [{ name: 'local', cluster: cluster.cluster }],
    users: [{ name, user }],
    contexts: [{ name, context: { cluster: 'local', user: name, namespace: 'healthy' } }],
  };
  fs.writeFileSync(file, YAML.stringify(doc), { mode: 0o600 });
  return file;
}

async function serviceAccountToken(namespace, name) {
  const tr = await api.core.createNamespacedServiceAccountToken({ namespace, name, body: { spec: { expirationSeconds: 3600 } } });
  return tr.status.token;
}

async function applyObjects(docs) {
  for (const d of docs) {
    try {
      await api.objects.create(d);
    } catch (e) {
      if (e.code !== 409) throw e;
    }
  }
}

async function nodeCount() {
  return (await api.core.listNode()).items.length;
}

async function waitMetricsForAllNodes() {
  const n = await nodeCount();
  await waitFor('node metrics for every node', async () => (await api.custom.listClusterCustomObject({ group: 'metrics.k8s.io', version: 'v1beta1', plural: 'nodes' })).items.length >= n, {
    timeoutMs: 3 * MIN,
    intervalMs: 1000,
  });
}

/**
 * The healthy scenario at rest: `up` returns once checkout's HPA asks for more than one replica, but the new pods come
 * and get their first metrics afterwards. Under the scenario's load (200 % of the request, target 50 %) the HPA asks
 * for its maximum and stays there; once checkout has it and every pod of `healthy` has metrics, reads taken one after
 * another see the same pods. On a cluster some other test file used before, this is already so.
 */
async function waitHealthySettled() {
  await waitFor(
    'checkout at its HPA maximum with every pod of namespace healthy reporting metrics',
    async () => {
      const h = await api.autoscaling.readNamespacedHorizontalPodAutoscaler({ namespace: 'healthy', name: 'checkout' });
      const d = await api.apps.readNamespacedDeployment({ namespace: 'healthy', name: 'checkout' });
      const pods = (await api.core.listNamespacedPod({ namespace: 'healthy' })).items.filter((p) => !p.metadata.deletionTimestamp);
      const metrics = (await api.custom.listNamespacedCustomObject({ group: 'metrics.k8s.io', version: 'v1beta1', namespace: 'healthy', plural: 'pods' })).items;
      const max = h.spec.maxReplicas;
      return h.status?.desiredReplicas === max && d.status?.replicas === max && d.status?.readyReplicas === max && pods.every((p) => metrics.some((m) => m.metadata.name === p.metadata.name));
    },
    { timeoutMs: 4 * MIN },
  );
}

const READER_RULES = [
  { apiGroups: [''], resources: ['nodes', 'pods'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['apps'], resources: ['replicasets'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['metrics.k8s.io'], resources: ['nodes', 'pods'], verbs: ['get', 'list'] },
  { apiGroups: ['keda.sh'], resources: ['scaledobjects'], verbs: ['get', 'list', 'watch'] },
  // The VPA recommendations beside containers' requests (read when the VPA CRD is installed, as the crds component does).
  { apiGroups: ['autoscaling.k8s.io'], resources: ['verticalpodautoscalers'], verbs: ['get', 'list', 'watch'] },
];

describe('explorer data layer and CLI top against the local cluster', { skip, timeout: 30 * MIN }, () => {
  before(
    async () => {
      const r = await up({ scenario: 'healthy', name: NAME, log, profile: 'test' });
      kubeconfig = r.kubeconfig;
      api = apis({ name: NAME });
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ksd-explorer-'));
      await switchScenario('healthy', { name: NAME, log });
      await waitHealthySettled();
      if (!fs.existsSync(CLI)) spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
    },
    { timeout: 75 * MIN },
  );

  after(async () => {
    await api?.custom.deleteNamespacedCustomObject({ group: 'keda.sh', version: 'v1alpha1', namespace: 'healthy', plural: 'scaledobjects', name: 'worker' }).catch(() => undefined);
    for (const name of ['ksd-explorer-reader']) {
      await api?.objects.delete({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name } }).catch(() => undefined);
      await api?.objects.delete({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name } }).catch(() => undefined);
    }
    await api?.objects.delete({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'scaledobjects.keda.sh' } }).catch(() => undefined);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('healthy: top nodes equals kubectl top nodes, requested % equals kubectl describe node', { timeout: 6 * MIN }, async () => {
    await waitMetricsForAllNodes();
    const kc = loadKubeConfig({ kubeconfig });
    const { kubectl: text, ours } = await sameMoment(['top', 'nodes', '--no-headers'], () => topNodes(kc));
    assert.deepEqual(ours.problems, []);
    const rows = table(text);
    assert.equal(rows.length, await nodeCount());
    assert.deepEqual(
      ours.nodes.map((n) => n.name),
      rows.map((r) => r[0]).sort(),
    );
    for (const [name, cpu, cpuPct, mem, memPct] of rows) {
      const n = ours.nodes.find((x) => x.name === name);
      assert.deepEqual([`${n.usage.cpuMilli}m`, `${n.cpuPercent}%`, `${Math.floor(n.usage.memoryBytes / 2 ** 20)}Mi`, `${n.memoryPercent}%`], [cpu, cpuPct, mem, memPct], name);
    }
    // Requested: the "Allocated resources" of kubectl describe node.
    for (const n of ours.nodes) {
      const d = kubectl(['describe', 'node', n.name], { name: NAME }).stdout;
      const cpu = /^\s+cpu\s+(\S+) \((\d+)%\)/m.exec(d);
      const mem = /^\s+memory\s+(\S+) \((\d+)%\)/m.exec(d);
      assert.equal(`${n.requested.cpuMilli}m`, cpu[1], `${n.name} cpu requests`);
      assert.equal(n.cpuRequestedPercent, Number(cpu[2]));
      assert.equal(n.requested.memoryBytes, Number(wholeValue(parseQuantity(mem[1]))), `${n.name} memory requests`);
      assert.equal(n.memoryRequestedPercent, Number(mem[2]));
      assert.ok(n.requested.cpuMilli > 0);
    }
    // The CLI prints the same numbers.
    const again = await sameMoment(['top', 'nodes', '--no-headers'], async () => cli(['nodes', '--kubeconfig', kubeconfig]));
    assert.equal(again.ours.code, 0, again.ours.stderr);
    const cliRows = table(again.ours.stdout);
    assert.deepEqual(cliRows[0], ['NAME', 'CPU(cores)', 'CPU%', 'CPU-REQ%', 'MEMORY(bytes)', 'MEMORY%', 'MEMORY-REQ%']);
    for (const [name, cpu, cpuPct, mem, memPct] of table(again.kubectl)) {
      const r = cliRows.find((x) => x[0] === name);
      assert.deepEqual([r[1], r[2], r[4], r[5]], [cpu, cpuPct, mem, memPct], name);
    }
  });

  test('healthy: top pods -A equals kubectl top pods -A; paged reads (limit 2) give the same rows', { timeout: 6 * MIN }, async () => {
    const kc = loadKubeConfig({ kubeconfig });
    const { kubectl: text, ours } = await sameMoment(['top', 'pods', '-A', '--no-headers'], () => topPods(kc, { allNamespaces: true }));
    const rows = table(text);
    assert.ok(rows.length >= (await nodeCount()) + 3, text); // kube-proxy per node, web ×2, checkout
    for (const [ns, name, cpu, mem] of rows) {
      const p = ours.pods.find((x) => x.namespace === ns && x.name === name);
      assert.ok(p, `${ns}/${name} missing from our rows`);
      assert.equal(p.metrics, 'ok');
      assert.deepEqual([`${p.usage.cpuMilli}m`, `${Math.floor(p.usage.memoryBytes / 2 ** 20)}Mi`], [cpu, mem], `${ns}/${name}`);
    }
    const web = ours.pods.filter((p) => p.namespace === 'healthy' && p.name.startsWith('web-'));
    assert.equal(web.length, 2);
    for (const p of web) {
      assert.deepEqual(p.workload, { kind: 'Deployment', name: 'web' });
      assert.deepEqual(p.request, { cpuMilli: 200, memoryBytes: 128 * 2 ** 20 });
      assert.equal(p.cpuPercentOfRequest, Math.trunc((p.usage.cpuMilli / 200) * 100));
      assert.equal(p.status, 'Running');
      assert.equal(p.restarts, 0);
    }
    assert.deepEqual(ours.pods.find((p) => p.name.startsWith('kube-proxy-')).workload, { kind: 'DaemonSet', name: 'kube-proxy' });
    const paged = await topPods(kc, { allNamespaces: true }, { pageSize: 2 });
    assert.deepEqual(
      paged.pods.map((p) => `${p.namespace}/${p.name}`),
      ours.pods.map((p) => `${p.namespace}/${p.name}`),
    );
    // CLI, namespace from -n: kubectl's columns and numbers (metrics only); with --requests also % of request and status.
    const c = await sameMoment(['top', 'pods', '-n', 'healthy', '--no-headers'], async () => cli(['pods', '-n', 'healthy', '--kubeconfig', kubeconfig]));
    assert.equal(c.ours.code, 0, c.ours.stderr);
    const cliRows = table(c.ours.stdout);
    assert.deepEqual(cliRows[0], ['NAME', 'CPU(cores)', 'MEMORY(bytes)']);
    const byName = (rows) => rows.map((r) => r.join(' ')).sort();
    assert.deepEqual(byName(cliRows.slice(1)), byName(table(c.kubectl)));
    const req = await sameMoment(['top', 'pods', '-n', 'healthy', '--no-headers'], async () => cli(['pods', '-n', 'healthy', '--requests', '--kubeconfig', kubeconfig]));
    assert.equal(req.ours.code, 0, req.ours.stderr);
    const reqRows = table(req.ours.stdout);
    assert.deepEqual(reqRows[0], ['NAME', 'CPU(cores)', 'CPU/REQ%', 'MEMORY(bytes)', 'MEM/REQ%', 'RESTARTS', 'STATUS']);
    for (const [name, cpu, mem] of table(req.kubectl)) {
      const r = reqRows.find((x) => x[0] === name);
      assert.deepEqual([r[1], r[3]], [cpu, mem], name);
      assert.match(r[2], /^\d+%$/);
      assert.equal(r[6], 'Running');
    }
  });

  test('healthy: HPA rows equal kubectl get hpa (TARGETS, MINPODS, MAXPODS, REPLICAS); a change to one HPA is reported for that key only', { timeout: 6 * MIN }, async () => {
    const kc = loadKubeConfig({ kubeconfig });
    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const session = new ClusterSession(kc, { batchMs: 50 });
    await session.start();
    try {
      // checkout (400m of a 200m request) scales up to its maxReplicas 4; the row follows the watch.
      await waitFor('checkout at maxReplicas in the session', () => session.autoscaler('healthy/checkout')?.currentReplicas === 4, { timeoutMs: 4 * MIN, intervalMs: 500 });
      const { kubectl: text, ours } = await sameMoment(['get', 'hpa', '-A', '--no-headers'], async () => session.snapshot().autoscalers);
      const rows = table(text, /\s{2,}/);
      assert.ok(rows.length >= 2);
      for (const [ns, name, ref, targets, min, max, replicas] of rows) {
        const a = ours.find((x) => x.namespace === ns && x.name === name && x.kind === 'HorizontalPodAutoscaler');
        assert.ok(a, `${ns}/${name}`);
        assert.deepEqual(
          [`${a.target.kind}/${a.target.name}`, a.targets, String(a.minReplicas), String(a.maxReplicas), String(a.currentReplicas)],
          [ref, targets, min, max, replicas],
          `${ns}/${name}`,
        );
      }
      const checkout = ours.find((a) => a.name === 'checkout');
      assert.equal(checkout.atMax, true, 'checkout runs at maxReplicas 4');
      assert.equal(ours.find((a) => a.name === 'web').atMax, false);
      assert.equal(session.snapshot().info.version, 'v1.33.13');

      // Metrics: read twice within one scrape; the second read reports nothing (values unchanged).
      const metricChanges = [];
      const sub = session.onDidChange((c) => metricChanges.push(c));
      await session.refreshMetrics();
      await sleep(200);
      assert.ok(
        metricChanges.some((c) => c.pods?.length && c.nodes?.length),
        'the first metrics read changes rows',
      );
      assert.ok(session.snapshot().pods.find((p) => p.name.startsWith('web-')).usage);
      // A second read reports exactly the rows whose values differ (none, within one scrape).
      metricChanges.length = 0;
      const first = session.snapshot();
      await session.refreshMetrics();
      await sleep(200);
      const second = session.snapshot();
      const differ = (a, b, k) => {
        const old = new Map(a.map((r) => [k(r), JSON.stringify(r.usage)]));
        return b
          .filter((r) => old.get(k(r)) !== JSON.stringify(r.usage))
          .map(k)
          .sort();
      };
      const podKey = (p) => `${p.namespace}/${p.name}`;
      assert.deepEqual([...new Set(metricChanges.flatMap((c) => c.pods ?? []))].sort(), differ(first.pods, second.pods, podKey));
      assert.deepEqual(
        [...new Set(metricChanges.flatMap((c) => c.nodes ?? []))].sort(),
        differ(first.nodes, second.nodes, (n) => n.name),
      );
      sub.dispose();

      // Change one HPA in the cluster: that key is reported, and beside it only HPAs that really changed in the same
      // moment (the controller writes another HPA's status at its own sync, which may land in the same batch).
      const versions = async () =>
        new Map((await api.autoscaling.listNamespacedHorizontalPodAutoscaler({ namespace: 'healthy' })).items.map((h) => [`healthy/${h.metadata.name}`, h.metadata.resourceVersion]));
      const before = await versions();
      const events = [];
      const sub2 = session.onDidChange((c) => events.push(c));
      await api.autoscaling.patchNamespacedHorizontalPodAutoscaler({ namespace: 'healthy', name: 'web', body: { spec: { maxReplicas: 7 } } }, mergePatch);
      await waitFor('a change event for healthy/web', () => events.find((c) => c.autoscalers?.includes('healthy/web')), { timeoutMs: 30_000, intervalMs: 100 });
      const ev = events.find((c) => c.autoscalers?.includes('healthy/web'));
      const after = await versions();
      const unchangedButReported = ev.autoscalers.filter((k) => k !== 'healthy/web' && (!k.startsWith('healthy/') || before.get(k) === after.get(k)));
      assert.deepEqual(unchangedButReported, [], `reported with healthy/web: ${ev.autoscalers.join(', ')}`);
      assert.equal(session.autoscaler('healthy/web').maxReplicas, 7);
      sub2.dispose();
      await api.autoscaling.patchNamespacedHorizontalPodAutoscaler({ namespace: 'healthy', name: 'web', body: { spec: { maxReplicas: 6 } } }, mergePatch);
    } finally {
      session.dispose();
    }
    await sleep(100);
    const timersAfter = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    assert.ok(timersAfter <= timersBefore, `timers left after dispose: ${timersAfter} > ${timersBefore}`);
  });

  test('watches in protobuf give the objects JSON watches give, for a real node and pod change', { timeout: 3 * MIN }, async () => {
    const kc = loadKubeConfig({ kubeconfig });
    const node = kubectl(['get', 'nodes', '-o', 'jsonpath={.items[0].metadata.name}'], { name: NAME }).stdout.trim();
    const pod = kubectl(['get', 'pods', '-n', 'healthy', '-o', 'jsonpath={.items[0].metadata.name}'], { name: NAME }).stdout.trim();
    const kinds = [
      { path: '/api/v1/nodes', name: node, keep: trimNode, protobuf: nodeFromProtobuf },
      { path: '/api/v1/namespaces/healthy/pods', name: pod, keep: trimPod, protobuf: podFromProtobuf },
    ];
    const watches = [];
    try {
      for (const kind of kinds) {
        const { metadata } = await kubeRequest(kc, 'GET', kind.path, { query: { limit: 1 } });
        for (const read of [{ keep: kind.keep }, { keep: kind.keep, protobuf: kind.protobuf }]) {
          const w = { kind, modified: new Map(), ended: [] };
          const on = {
            object: (type, o) => type === 'MODIFIED' && o.metadata.name === kind.name && w.modified.set(o.metadata.resourceVersion, o),
            bookmark: () => undefined,
            error: (s) => w.ended.push(s),
            done: (err) => w.ended.push(err ?? 'closed'),
          };
          w.stream = await watchPath(kc, kind.path, { resourceVersion: metadata.resourceVersion, allowWatchBookmarks: 'true' }, read, on, 2 * MIN);
          assert.equal(w.stream.protobuf, read.protobuf !== undefined, `${kind.path}: the server chose ${w.stream.protobuf ? 'protobuf' : 'JSON'}`);
          watches.push(w);
        }
      }
      const mark = `w${Date.now()}`;
      kubectl(['label', 'node', node, `ksd-watch=${mark}`, '--overwrite'], { name: NAME });
      kubectl(['annotate', 'pod', '-n', 'healthy', pod, `ksd-watch=${mark}`, '--overwrite'], { name: NAME });
      await waitFor('both encodings to deliver the change', () => watches.every((w) => w.modified.size > 0), { timeoutMs: MIN, intervalMs: 200 });
      for (let i = 0; i < watches.length; i += 2) {
        const [json, protobuf] = [watches[i], watches[i + 1]];
        assert.deepEqual([json.ended, protobuf.ended], [[], []], `${json.kind.path}: neither watch ended`);
        // Each object decoded from protobuf equals its JSON trimmed, at every resourceVersion both have seen (a node's
        // heartbeats go on arriving meanwhile).
        const both = await waitFor('the same event in both', () => [...json.modified.keys()].filter((rv) => protobuf.modified.has(rv)).join(' '), { timeoutMs: MIN, intervalMs: 200 });
        for (const rv of both.split(' ')) assert.deepEqual(protobuf.modified.get(rv), json.modified.get(rv), `${json.kind.path} at ${rv}`);
      }
    } finally {
      for (const w of watches) w.stream.controller.abort();
      kubectl(['label', 'node', node, 'ksd-watch-'], { name: NAME, allowFail: true });
      kubectl(['annotate', 'pod', '-n', 'healthy', pod, 'ksd-watch-'], { name: NAME, allowFail: true });
    }
  });

  test('ScaledObjects (keda.sh/v1alpha1) appear when the CRD is served, with the HPA KEDA made', { timeout: 4 * MIN }, async () => {
    // kubectl, not KubernetesObjectApi: its serializer drops `x-kubernetes-preserve-unknown-fields`
    // given under its JSON name, and the API server would then prune every spec field.
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'scaledobjects.keda.sh' },
      spec: {
        group: 'keda.sh',
        scope: 'Namespaced',
        names: { kind: 'ScaledObject', plural: 'scaledobjects', singular: 'scaledobject', listKind: 'ScaledObjectList' },
        versions: [{ name: 'v1alpha1', served: true, storage: true, subresources: { status: {} }, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    };
    kubectl(['apply', '-f', '-'], { name: NAME, input: JSON.stringify(crd) });
    await waitFor(
      'the ScaledObject CRD to be served',
      async () => {
        try {
          await api.custom.listNamespacedCustomObject({ group: 'keda.sh', version: 'v1alpha1', namespace: 'healthy', plural: 'scaledobjects' });
          return true;
        } catch {
          return false;
        }
      },
      { timeoutMs: MIN },
    );
    await applyObjects([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'worker', namespace: 'healthy' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'worker' } },
          template: {
            metadata: { labels: { app: 'worker' }, annotations: { 'kwok.x-k8s.io/usage-cpu': '60m' } },
            spec: { containers: [{ name: 'worker', image: 'worker:1', resources: { requests: { cpu: '100m', memory: '64Mi' } } }] },
          },
        },
      },
      // What KEDA's operator would create for it (no operator runs here).
      {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'keda-hpa-worker', namespace: 'healthy', labels: { 'scaledobject.keda.sh/name': 'worker', 'app.kubernetes.io/managed-by': 'keda-operator' } },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'worker' },
          minReplicas: 1,
          maxReplicas: 5,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
        },
      },
    ]);
    // Through the custom objects API: KubernetesObjectApi would drop the spec of a kind it has no model for.
    const so = { group: 'keda.sh', version: 'v1alpha1', namespace: 'healthy', plural: 'scaledobjects', name: 'worker' };
    await api.custom.deleteNamespacedCustomObject(so).catch(() => undefined);
    await waitFor(
      'no ScaledObject worker left',
      () =>
        api.custom.getNamespacedCustomObject(so).then(
          () => false,
          () => true,
        ),
      { timeoutMs: MIN },
    );
    await api.custom.createNamespacedCustomObject({
      group: 'keda.sh',
      version: 'v1alpha1',
      namespace: 'healthy',
      plural: 'scaledobjects',
      body: {
        apiVersion: 'keda.sh/v1alpha1',
        kind: 'ScaledObject',
        metadata: { name: 'worker', namespace: 'healthy' },
        spec: { scaleTargetRef: { name: 'worker' }, minReplicaCount: 1, maxReplicaCount: 5, triggers: [{ type: 'cpu', metricType: 'Utilization', metadata: { value: '50' } }] },
      },
    });
    const kc = loadKubeConfig({ kubeconfig });
    const session = new ClusterSession(kc, { namespace: 'healthy', batchMs: 50 });
    try {
      await session.start();
      const row = await waitFor(
        'the ScaledObject row with its HPA',
        () => {
          const r = session.autoscaler('healthy/worker', 'ScaledObject');
          return r?.hpaName === 'keda-hpa-worker' ? r : false;
        },
        { timeoutMs: 30_000, intervalMs: 200 },
      );
      assert.equal(row.kind, 'ScaledObject');
      assert.deepEqual(row.target, { kind: 'Deployment', name: 'worker' });
      assert.equal(row.minReplicas, 1);
      assert.equal(row.maxReplicas, 5);
      assert.equal(row.metrics.length, 1);
      // The trigger's cell is the KEDA HPA's cell, as kubectl prints it for that HPA.
      const hpaCell = await waitFor(
        'kubectl and the session to agree on keda-hpa-worker',
        async () => {
          const line = kubectl(['get', 'hpa', '-n', 'healthy', 'keda-hpa-worker', '--no-headers'], { name: NAME }).stdout;
          const cell = table(line, /\s{2,}/)[0][2];
          return session.autoscaler('healthy/worker', 'ScaledObject').metrics[0].text === cell ? cell : false;
        },
        { timeoutMs: 2 * MIN, intervalMs: 1000 },
      );
      assert.match(hpaCell, /^cpu: (<unknown>|\d+%)\/50%$/);
      // A one-namespace view still counts every pod on a node for its requested %.
      await waitFor(
        'requested % of the namespaced session to equal top nodes',
        async () => {
          const all = (await topNodes(kc)).nodes.map((n) => [n.name, n.requested.cpuMilli, n.requested.memoryBytes]);
          const mine = session.snapshot().nodes.map((n) => [n.name, n.requested.cpuMilli, n.requested.memoryBytes]);
          return JSON.stringify(all) === JSON.stringify(mine);
        },
        { timeoutMs: MIN, intervalMs: 1000 },
      );
      assert.ok(session.snapshot().pods.every((p) => p.namespace === 'healthy'));
    } finally {
      session.dispose();
    }
  });

  test('metrics-pending: a freshly started pod is reported as too new for metrics, then gets them', { timeout: 5 * MIN }, async () => {
    const name = `fresh-${Date.now().toString(36)}`;
    await api.core.createNamespacedPod({
      namespace: 'healthy',
      body: {
        metadata: { name, annotations: { 'kwok.x-k8s.io/usage-cpu': '20m', 'kwok.x-k8s.io/usage-memory': '10Mi' } },
        spec: { containers: [{ name: 'app', image: 'app:1', resources: { requests: { cpu: '100m', memory: '32Mi' } } }] },
      },
    });
    await waitFor(`pod ${name} Running`, async () => (await api.core.readNamespacedPod({ namespace: 'healthy', name })).status?.phase === 'Running', { timeoutMs: 2 * MIN, intervalMs: 250 });
    // Pods too new for metrics are known from the pod list: --requests.
    const r = cli(['pods', '-n', 'healthy', '--requests', '--kubeconfig', kubeconfig, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.equal(json.pods.find((p) => p.name === name).metrics, 'pending');
    const problem = json.problems.find((p) => p.kind === 'metrics-pending');
    assert.ok(problem, JSON.stringify(json.problems));
    assert.match(problem.message, new RegExp(`healthy/${name}`));
    assert.match(r.stderr, /^note: \d+ pods? too new for metrics: No usage yet for .*healthy\/fresh-/m);
    const kc = loadKubeConfig({ kubeconfig });
    const later = await waitFor(
      `metrics for ${name}`,
      async () => {
        const t = await topPods(kc, { namespace: 'healthy' });
        return t.pods.find((p) => p.name === name)?.metrics === 'ok' ? t : false;
      },
      { timeoutMs: 2 * MIN, intervalMs: 1000 },
    );
    assert.ok(!later.problems.some((p) => p.kind === 'metrics-pending' && p.message.includes(name)), JSON.stringify(later.problems));
    const pct = later.pods.find((p) => p.name === name).cpuPercentOfRequest;
    assert.ok(Math.abs(pct - 20) <= 1, `20m of 100m: ${pct}% (CPU is a rate: ±1m)`);
    await api.core.deleteNamespacedPod({ namespace: 'healthy', name, gracePeriodSeconds: 0 });
  });

  test('forbidden: a ServiceAccount that may not list nodes gets missingPermission "list nodes"; its pods still show', { timeout: 3 * MIN }, async () => {
    await applyObjects([
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'pod-viewer', namespace: 'healthy' } },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'pod-viewer', namespace: 'healthy' },
        rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'pod-viewer', namespace: 'healthy' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-viewer' },
        subjects: [{ kind: 'ServiceAccount', name: 'pod-viewer', namespace: 'healthy' }],
      },
    ]);
    const token = await serviceAccountToken('healthy', 'pod-viewer');
    const file = writeKubeconfig('pod-viewer', { token });
    const kc = loadKubeConfig({ kubeconfig: file });
    const nodes = await topNodes(kc);
    assert.equal(nodes.fatal?.kind, 'forbidden');
    assert.deepEqual(nodes.fatal.missingPermission, { verb: 'list', group: '', resource: 'nodes' });
    assert.match(nodes.fatal.title, /list nodes/);
    assert.match(nodes.fatal.message, /SelfSubjectAccessReview/);
    const r = cli(['nodes', '--kubeconfig', file]);
    assert.equal(r.code, 6);
    assert.match(r.stderr, /Forbidden: cannot list nodes/);
    assert.ok(!r.stderr.includes(token) && !r.stdout.includes(token));
    assert.ok(!/\n\s+at /.test(r.stderr), 'no stack trace');
    // The session: nodes forbidden, pods of the namespace listed.
    const session = new ClusterSession(kc, { namespace: 'healthy', batchMs: 50 });
    try {
      await session.start();
      const snap = await waitFor(
        'the forbidden problem in the snapshot',
        () => {
          const s = session.snapshot();
          return s.problems.some((p) => p.kind === 'forbidden' && p.missingPermission?.resource === 'nodes') ? s : false;
        },
        { timeoutMs: 30_000, intervalMs: 200 },
      );
      const p = snap.problems.find((x) => x.missingPermission?.resource === 'nodes');
      assert.equal(p.missingPermission.verb, 'list');
      assert.ok(snap.pods.some((x) => x.name.startsWith('web-')));
      assert.equal(snap.nodes.length, 0);
      // Without permission on ReplicaSets the Deployment comes from the pod-template-hash convention.
      assert.deepEqual(snap.pods.find((x) => x.name.startsWith('web-')).workload, { kind: 'Deployment', name: 'web' });
    } finally {
      session.dispose();
    }
  });

  test('exec credential plugin kubeconfig works (aws eks get-token style); a failing plugin and a bad token are unauthorized', { timeout: 3 * MIN }, async () => {
    await applyObjects([
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'explorer', namespace: 'healthy' } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'ksd-explorer-reader' }, rules: READER_RULES },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'ksd-explorer-reader' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'ksd-explorer-reader' },
        subjects: [{ kind: 'ServiceAccount', name: 'explorer', namespace: 'healthy' }],
      },
    ]);
    const token = await serviceAccountToken('healthy', 'explorer');
    const tokenFile = path.join(tmp, 'token');
    fs.writeFileSync(tokenFile, token, { mode: 0o600 });
    const infoFile = path.join(tmp, 'exec-info.json');
    const file = writeKubeconfig('exec-user', {
      exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: process.execPath, args: [EXEC_PLUGIN, tokenFile, infoFile], interactiveMode: 'Never' },
    });
    assert.ok(!fs.readFileSync(file, 'utf8').includes(token), 'the kubeconfig holds no token');
    readerKubeconfig = file;
    const kc = loadKubeConfig({ kubeconfig: file });
    const viaExec = await topNodes(kc);
    assert.equal(viaExec.fatal, undefined, JSON.stringify(viaExec.problems));
    assert.equal(viaExec.nodes.length, await nodeCount());
    assert.ok(viaExec.nodes.every((n) => n.usage && n.requested.cpuMilli > 0));
    assert.deepEqual(JSON.parse(fs.readFileSync(infoFile, 'utf8')), { kind: 'ExecCredential', apiVersion: 'client.authentication.k8s.io/v1beta1', spec: { interactive: false } });
    const r = cli(['pods', '-A', '--kubeconfig', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /healthy\s+web-\S+\s+\d+m\s+\d+Mi/);
    // The session watches through the plugin too.
    const session = new ClusterSession(kc, { batchMs: 50 });
    try {
      await session.start();
      assert.equal(session.snapshot().nodes.length, await nodeCount());
      assert.deepEqual(session.snapshot().problems, []);
    } finally {
      session.dispose();
    }

    const failing = writeKubeconfig('exec-failing', { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: process.execPath, args: [EXEC_PLUGIN, '--fail'] } });
    const bad = await topNodes(loadKubeConfig({ kubeconfig: failing }));
    assert.equal(bad.fatal?.kind, 'unauthorized');
    assert.match(bad.fatal.message, /ExpiredToken/);
    const rf = cli(['nodes', '--kubeconfig', failing]);
    assert.equal(rf.code, 5);
    assert.match(rf.stderr, /Credential plugin failed/);

    const wrongToken = writeKubeconfig('wrong-token', { token: `${token.slice(0, -8)}AAAAAAAA` });
    const w = cli(['pods', '--kubeconfig', wrongToken]);
    assert.equal(w.code, 5, w.stderr);
    assert.match(w.stderr, /Unauthorized \(401\)/);
    assert.ok(!w.stderr.includes(token.slice(0, -8)));
  });

  test('unreachable: a kubeconfig pointing at a closed port', { timeout: 2 * MIN }, async () => {
    const cluster = YAML.parse(fs.readFileSync(kubeconfig, 'utf8')).clusters[0];
    const file = path.join(tmp, 'closed.yaml');
    const doc = YAML.parse(fs.readFileSync(kubeconfig, 'utf8'));
    doc.clusters[0].cluster.server = 'https://127.0.0.1:1';
    fs.writeFileSync(file, YAML.stringify(doc));
    assert.notEqual(cluster.cluster.server, 'https://127.0.0.1:1');
    const kc = loadKubeConfig({ kubeconfig: file });
    const r = await topPods(kc, { allNamespaces: true });
    assert.equal(r.fatal?.kind, 'unreachable');
    assert.match(r.fatal.message, /127\.0\.0\.1:1.*connection refused/);
    const c = cli(['nodes', '--kubeconfig', file]);
    assert.equal(c.code, 4);
    assert.match(c.stderr, /Cluster unreachable/);
    const session = new ClusterSession(kc, { batchMs: 20 });
    try {
      await session.start();
      const p = session.snapshot().problems;
      assert.ok(
        p.some((x) => x.kind === 'unreachable'),
        JSON.stringify(p),
      );
    } finally {
      session.dispose();
    }
  });

  test('metrics-api-unavailable: APIService pointing at a missing Service shows its condition reason and message', { timeout: 5 * MIN }, async () => {
    const name = 'v1beta1.metrics.k8s.io';
    const original = (await api.apireg.readAPIService({ name })).spec.service.name;
    await api.apireg.patchAPIService({ name, body: { spec: { service: { name: 'ksd-missing-service' } } } }, mergePatch);
    try {
      await waitFor('APIService not Available', async () => (await api.apireg.readAPIService({ name })).status?.conditions?.find((c) => c.type === 'Available')?.status === 'False', {
        timeoutMs: 2 * MIN,
        intervalMs: 1000,
      });
      const cond = (await api.apireg.readAPIService({ name })).status.conditions.find((c) => c.type === 'Available');
      const kc = loadKubeConfig({ kubeconfig });
      const r = await topNodes(kc);
      const p = r.problems.find((x) => x.kind === 'metrics-api-unavailable');
      assert.ok(p, JSON.stringify(r.problems));
      assert.equal(p.apiService.status, 'False');
      assert.equal(p.apiService.reason, cond.reason);
      assert.equal(p.apiService.message, cond.message);
      assert.match(p.message, new RegExp(cond.reason));
      assert.equal(p.doctorId, 'metrics-api-unavailable');
      assert.ok(r.nodes.length > 0 && r.nodes.every((n) => n.usage === undefined && n.requested.cpuMilli > 0), 'nodes listed with requests, without usage');
      const c = cli(['nodes', '--kubeconfig', kubeconfig]);
      assert.equal(c.code, 1);
      assert.match(c.stdout, /ksd-node-1\s+<unknown>\s+<unknown>\s+\d+%/);
      assert.match(c.stderr, /Metrics API unavailable/);
      const session = new ClusterSession(kc, { batchMs: 20 });
      try {
        await session.start();
        await session.refreshMetrics();
        assert.ok(session.snapshot().problems.some((x) => x.kind === 'metrics-api-unavailable' && x.apiService?.reason === cond.reason));
      } finally {
        session.dispose();
      }
      // A user who may not read APIServices: the answer comes from discovery and a probe request.
      assert.ok(readerKubeconfig, 'the exec plugin test ran first');
      const reader = await topNodes(loadKubeConfig({ kubeconfig: readerKubeconfig }));
      const rp = reader.problems.find((x) => x.kind === 'metrics-api-unavailable');
      assert.ok(rp, JSON.stringify(reader.problems));
      assert.match(rp.apiService.reason, /^HTTP 50\d$/);
    } finally {
      await api.apireg.patchAPIService({ name, body: { spec: { service: { name: original } } } }, mergePatch);
      await waitFor('APIService Available again', async () => (await api.apireg.readAPIService({ name })).status?.conditions?.find((c) => c.type === 'Available')?.status === 'True', {
        timeoutMs: 2 * MIN,
        intervalMs: 1000,
      });
    }
  });

  test('no-metrics-server: metrics-api-missing with the doctor offered; rows still show requests', { timeout: 5 * MIN }, async () => {
    await switchScenario('no-metrics-server', { name: NAME, log });
    const kc = loadKubeConfig({ kubeconfig });
    const r = await topNodes(kc);
    const p = r.problems.find((x) => x.kind === 'metrics-api-missing');
    assert.ok(p, JSON.stringify(r.problems));
    assert.equal(p.doctorId, 'metrics-api-missing');
    assert.ok(p.docsUrl);
    assert.ok(r.nodes.length > 0 && r.nodes.every((n) => n.usage === undefined));
    const c = cli(['pods', '-A', '--kubeconfig', kubeconfig]);
    assert.equal(c.code, 1);
    assert.match(c.stderr, /Metrics API not installed/);
    assert.match(c.stdout, /<unknown>/);
    const session = new ClusterSession(kc, { batchMs: 20 });
    try {
      session.setMetricsPolling(true);
      await session.start();
      await session.refreshMetrics();
      assert.ok(session.snapshot().problems.some((x) => x.kind === 'metrics-api-missing'));
      // The HPA's <unknown> comes with the controller's reason.
      const unknown = session
        .snapshot()
        .autoscalers.flatMap((a) => a.metrics)
        .find((m) => m.text.includes('<unknown>'));
      assert.ok(unknown, 'an HPA metric shows <unknown>');
      assert.match(unknown.unknownReason, /^FailedGetResourceMetric: .*could not find the requested resource \(get pods\.metrics\.k8s\.io\)/);
    } finally {
      session.dispose();
    }
  });
});

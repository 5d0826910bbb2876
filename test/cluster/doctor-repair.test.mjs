// The doctor's repairs against the REAL local cluster (scripts/cluster): the same planRepair → dryRun →
// applyPlan → verifyRepair → undoRepair calls the CLI `doctor --fix` and the VS Code Doctor make. Each
// failure scenario's symptom must clear end to end (metrics flow, kubectl top works, the HPA shows a
// number); a concurrent edit is detected and nothing is overwritten; undo restores the previous object.
//
// ConcurrentChangeError is checked by name: under tsx this .mjs file and the CommonJS-compiled core
// may load src/core/doctor/types.ts as two module instances.
//
// Env: KSD_TEST_CLUSTER (cluster name, default ksd-test); KSD_SKIP_CLUSTER_TESTS=1 skips.
import { spawnSync } from 'node:child_process';
import { test, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { up, switchScenario, apis, kubectl, waitFor, metricsServerLogs, BIN } from '../../scripts/cluster/lib.mjs';
import { condition } from '../../scripts/cluster/scenarios.mjs';
import { planRepair, REPAIR_OFFERS } from '../../src/core/doctor/repairs/index.ts';
import { dryRun, applyPlan, undoRepair, verifyRepair, unifiedDiff } from '../../src/core/doctor/apply.ts';
// The files themselves, not index.ts: Node's ESM loader does not see through index.ts's `export *` (tsx compiles it to CommonJS).
import { parseCorefile, isRootServerBlock } from '../../src/core/k8s/corefile/parse.ts';
import { hostsDirective, hasFallthrough } from '../../src/core/k8s/corefile/hosts.ts';
import { skip } from './skip.mjs';
import { tempDir } from '../tempDir.ts';

const NAME = process.env.KSD_TEST_CLUSTER || 'ksd-test';
const MIN = 60_000;
const log = (m) => process.stderr.write(`# [cluster] ${m}\n`);
const jsonPatch = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch);

let api;
let kc;
let kubeconfig;
const CLI = path.join(import.meta.dirname, '..', '..', 'dist', 'cli.js');

/** The CLI as users run it (dist/cli.js: run-tests.mjs builds it first). */
function cli(args) {
  const r = spawnSync(process.execPath, [CLI, 'doctor', '--kubeconfig', kubeconfig, '--kubectl', BIN.kubectl, ...args], { encoding: 'utf8', timeout: 8 * MIN });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * An HPA on an External metric: no external-metrics adapter is installed, so it can never get its metric.
 * It scales a Deployment of its own: two HPAs over the same pods would both report AmbiguousSelector instead.
 */
const EXTERNAL_HPA = `apiVersion: apps/v1
kind: Deployment
metadata: {name: queue, namespace: metrics-server-dns}
spec:
  replicas: 2
  selector:
    matchLabels: {app: queue}
  template:
    metadata:
      labels: {app: queue}
      annotations:
        kwok.x-k8s.io/usage-cpu: "50m"
    spec:
      containers:
      - name: worker
        image: busybox:1.36
        resources:
          requests: {cpu: 100m, memory: 64Mi}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: queue, namespace: metrics-server-dns}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: queue}
  minReplicas: 2
  maxReplicas: 5
  metrics:
  - type: External
    external:
      metric: {name: queue_depth}
      target: {type: AverageValue, averageValue: "10"}
`;

const finding = (id) => ({ id, severity: 'error', message: '', evidence: [], explanation: '', docs: '', repairs: [] });

async function msDeployment() {
  return api.apps.readNamespacedDeployment({ name: 'metrics-server', namespace: 'kube-system' });
}
const msArgs = async () => (await msDeployment()).spec.template.spec.containers.find((c) => c.name === 'metrics-server').args;

async function waitHpaNumber(namespace, name) {
  return waitFor(
    `HPA ${namespace}/${name} shows a current CPU utilization`,
    async () => {
      const h = await api.autoscaling.readNamespacedHorizontalPodAutoscaler({ namespace, name });
      const ok = condition(h, 'ScalingActive')?.reason === 'ValidMetricFound' && (h.status.currentMetrics || []).some((m) => typeof m.resource?.current?.averageUtilization === 'number');
      return ok ? h : false;
    },
    { timeoutMs: 3 * MIN, intervalMs: 1000 },
  );
}

/** Plan, check the preview, dry-run (nothing written), apply, verify; returns the undo record. */
async function repairEndToEnd(findingId, repairId) {
  const plan = await planRepair(kc, finding(findingId), repairId);
  assert.ok(plan.changes.length >= 1, `plan has changes: ${JSON.stringify(plan.warnings)}`);
  const diff = unifiedDiff(plan);
  assert.match(diff, /^--- /);
  const rvBefore = plan.changes[0].action === 'patch' ? (await msDeployment()).metadata.resourceVersion : undefined;
  await dryRun(kc, plan);
  if (rvBefore) assert.equal((await msDeployment()).metadata.resourceVersion, rvBefore, 'dry-run wrote nothing');
  const record = await applyPlan(kc, plan);
  const progress = [];
  const result = await verifyRepair(kc, plan, { onProgress: (d) => progress.push(d), timeoutMs: 4 * MIN });
  assert.ok(result.ok, `verify: ${result.detail}\nprogress:\n${progress.join('\n')}`);
  assert.ok(progress.length >= 1);
  assert.match(result.detail, /node metrics for (\d+) of \1 ready nodes; pod metrics available; every HPA on resource metrics has them/);
  return { plan, record, progress };
}

describe('doctor repairs on the local cluster', { skip, timeout: 90 * MIN }, () => {
  before(
    async () => {
      kubeconfig = (await up({ scenario: 'metrics-server-dns', name: NAME, log, profile: 'test' })).kubeconfig;
      api = apis({ name: NAME });
      kc = api.kc;
    },
    { timeout: 75 * MIN },
  );

  test('metrics-server-dns: address-types repair clears "no such host"; kubectl top and the HPA work; undo restores the args', { timeout: 10 * MIN }, async () => {
    await switchScenario('metrics-server-dns', { name: NAME, log });
    const argsBefore = await msArgs();
    assert.ok(argsBefore.includes('--kubelet-preferred-address-types=Hostname'));
    assert.notEqual(kubectl(['top', 'nodes'], { name: NAME, allowFail: true }).code, 0);

    const { plan, record } = await repairEndToEnd('metrics-server-node-dns', 'metrics-server-address-types');
    assert.match(unifiedDiff(plan), /\n-\s+- --kubelet-preferred-address-types=Hostname\n\+\s+- --kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname\n/);
    const argsAfter = await msArgs();
    assert.equal(argsAfter.filter((a) => a.startsWith('--kubelet-preferred-address-types')).length, 1, 'never duplicated');
    assert.ok(argsAfter.includes('--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname'));
    // What a user sees: kubectl top (the real kubectl) and an HPA with a number.
    const top = kubectl(['top', 'nodes'], { name: NAME });
    assert.match(top.stdout, /ksd-node-1\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%/);
    await waitHpaNumber('metrics-server-dns', 'web');
    const hpa = kubectl(['get', 'hpa', '-n', 'metrics-server-dns', 'web'], { name: NAME });
    assert.match(hpa.stdout, /cpu: \d+%\/\d+%/);

    await undoRepair(kc, record);
    assert.deepEqual(await msArgs(), argsBefore);
  });

  test(
    'metrics-server-dns next to an HPA on an External metric with no adapter: CLI --fix --yes --plan verifies what the repair changes (exit 0) and lists that HPA as remaining',
    { timeout: 12 * MIN },
    async () => {
      await switchScenario('metrics-server-dns', { name: NAME, log });
      const argsBefore = await msArgs();
      kubectl(['apply', '-f', '-'], { name: NAME, input: EXTERNAL_HPA });
      await waitFor(
        'HPA metrics-server-dns/queue ScalingActive=False on its External metric',
        async () => {
          const c = condition(await api.autoscaling.readNamespacedHorizontalPodAutoscaler({ namespace: 'metrics-server-dns', name: 'queue' }), 'ScalingActive');
          return c?.status === 'False' && /external metric/i.test(c.message || '') ? c : false;
        },
        { timeoutMs: 3 * MIN, intervalMs: 1000 },
      );
      try {
        const preview = cli(['--fix', 'metrics-server-node-dns']);
        assert.equal(preview.code, 0, preview.stdout + preview.stderr);
        const plan = /^Plan: +([0-9a-f]{12})$/m.exec(preview.stdout)?.[1];
        assert.ok(plan, preview.stdout);
        const undoFile = path.join(tempDir('ksd-undo-'), 'undo.json');
        const applied = cli(['--fix', 'metrics-server-node-dns', '--yes', '--plan', plan, '--undo-file', undoFile, '--timeout', '300']);
        assert.equal(applied.code, 0, applied.stdout + applied.stderr);
        assert.match(applied.stdout, /^Verified: node metrics for (\d+) of \1 ready nodes; pod metrics available; every HPA on resource metrics has them$/m);
        assert.match(applied.stdout, /^Remaining findings, not changed by this repair.*\n(?: {2}.*\n)* {2}HorizontalPodAutoscaler metrics-server-dns\/queue: FailedGetExternalMetric: /m);
        assert.match(kubectl(['top', 'nodes'], { name: NAME }).stdout, /ksd-node-1\s+\d+m/);
        const record = JSON.parse(fs.readFileSync(undoFile, 'utf8'));
        assert.equal(record.cluster.server, kc.getCurrentCluster().server);
        // --undo --yes applies only the reviewed undo plan: the hash its preview printed.
        const undoPreview = cli(['--undo', undoFile]);
        assert.equal(undoPreview.code, 0, undoPreview.stdout + undoPreview.stderr);
        assert.ok((await msArgs()).includes('--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname'), 'the undo preview wrote nothing');
        const undoPlan = /^Plan: +([0-9a-f]{12})$/m.exec(undoPreview.stdout)?.[1];
        assert.ok(undoPlan, undoPreview.stdout);
        const undone = cli(['--undo', undoFile, '--yes', '--plan', undoPlan]);
        assert.equal(undone.code, 0, undone.stdout + undone.stderr);
        assert.match(undone.stdout, /Server-side dry run: accepted\./);
        assert.deepEqual(await msArgs(), argsBefore);
      } finally {
        kubectl(['delete', 'hpa,deployment', '-n', 'metrics-server-dns', 'queue', '--ignore-not-found'], { name: NAME });
      }
    },
  );

  test('a concurrent edit between plan and apply: ConcurrentChangeError, the concurrent version stays', { timeout: 5 * MIN }, async () => {
    await switchScenario('metrics-server-dns', { name: NAME, log });
    const plan = await planRepair(kc, finding('metrics-server-node-dns'), 'metrics-server-address-types');
    // Someone else edits the Deployment after the preview.
    const theirs = [...(await msArgs()), '--v=2'];
    await api.apps.patchNamespacedDeployment({ name: 'metrics-server', namespace: 'kube-system', body: [{ op: 'replace', path: '/spec/template/spec/containers/0/args', value: theirs }] }, jsonPatch);
    const concurrent = await msDeployment();
    await assert.rejects(dryRun(kc, plan), (e) => e.name === 'ConcurrentChangeError');
    await assert.rejects(applyPlan(kc, plan), (e) => e.name === 'ConcurrentChangeError' && /changed since the preview; nothing was written/.test(e.message));
    const now = await msDeployment();
    assert.deepEqual(now.spec, concurrent.spec, 'nothing overwritten');
    assert.deepEqual(await msArgs(), theirs);
  });

  test('metrics-server-tls: insecure-tls repair (with its warning) clears the x509 errors; undo restores the args', { timeout: 10 * MIN }, async () => {
    await switchScenario('metrics-server-tls', { name: NAME, log });
    const argsBefore = await msArgs();
    const plan = await planRepair(kc, finding('metrics-server-kubelet-tls'), 'metrics-server-skip-kubelet-tls-verify');
    assert.ok(plan.warnings.includes(REPAIR_OFFERS['metrics-server-skip-kubelet-tls-verify'].warning));
    const { record } = await repairEndToEnd('metrics-server-kubelet-tls', 'metrics-server-skip-kubelet-tls-verify');
    assert.deepEqual(await msArgs(), [...argsBefore, '--kubelet-insecure-tls']);
    assert.match(kubectl(['top', 'nodes'], { name: NAME }).stdout, /ksd-node-1\s+\d+m/);
    await waitHpaNumber('metrics-server-tls', 'web');
    await undoRepair(kc, record);
    assert.deepEqual(await msArgs(), argsBefore);
  });

  test(
    'no-metrics-server: install from the bundled manifest → APIService Available; with self-signed kubelets the TLS repair then makes metrics flow; undo removes the install',
    { timeout: 12 * MIN },
    async () => {
      await switchScenario('no-metrics-server', { name: NAME, log });
      const plan = await planRepair(kc, finding('metrics-api-missing'), 'install-metrics-server');
      assert.equal(plan.changes.length, 9);
      assert.match(plan.title, /metrics-server v0\.7\.2 for Kubernetes 1\.\d+/);
      await dryRun(kc, plan);
      await assert.rejects(api.apireg.readAPIService({ name: 'v1beta1.metrics.k8s.io' }), (e) => e.code === 404, 'dry-run created nothing');
      const install = await applyPlan(kc, plan);
      assert.equal(install.objects.length, 9);
      await waitFor(
        'APIService v1beta1.metrics.k8s.io Available',
        async () => {
          const as = await api.apireg.readAPIService({ name: 'v1beta1.metrics.k8s.io' });
          return (as.status?.conditions || []).some((c) => c.type === 'Available' && c.status === 'True');
        },
        { timeoutMs: 3 * MIN, intervalMs: 1000 },
      );
      // The kubelets here self-sign, as on kind/minikube: the installed metrics-server says so.
      await waitFor('metrics-server logs x509 errors', () => /x509: certificate signed by unknown authority/.test(metricsServerLogs({ name: NAME })), { timeoutMs: 2 * MIN, intervalMs: 1000 });
      const tls = await planRepair(kc, finding('metrics-server-kubelet-tls'), 'metrics-server-skip-kubelet-tls-verify');
      await dryRun(kc, tls);
      const tlsRecord = await applyPlan(kc, tls);
      const progress = [];
      const result = await verifyRepair(kc, plan, { onProgress: (d) => progress.push(d), timeoutMs: 4 * MIN });
      assert.ok(result.ok, `${result.detail}\n${progress.join('\n')}`);
      assert.match(result.detail, /^APIService v1beta1\.metrics\.k8s\.io Available; node metrics for (\d+) of \1 ready nodes; pod metrics available; every HPA on resource metrics has them$/);
      assert.match(kubectl(['top', 'pods', '-n', 'no-metrics-server'], { name: NAME }).stdout, /web-\S+\s+\d+m/);
      await waitHpaNumber('no-metrics-server', 'web');

      await undoRepair(kc, tlsRecord);
      await undoRepair(kc, install);
      await assert.rejects(api.apireg.readAPIService({ name: 'v1beta1.metrics.k8s.io' }), (e) => e.code === 404);
      await assert.rejects(msDeployment(), (e) => e.code === 404);
      await assert.rejects(api.core.readNamespacedServiceAccount({ name: 'metrics-server', namespace: 'kube-system' }), (e) => e.code === 404);
    },
  );

  test('CoreDNS: node hosts merged into a kubeadm Corefile (parses, keeps fallthrough); a concurrent edit is refused; undo restores it byte for byte', { timeout: 5 * MIN }, async () => {
    const corefile = fs.readFileSync(path.join(import.meta.dirname, '../fixtures/infra/kubeadm.Corefile'), 'utf8');
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns', namespace: 'kube-system' }, data: { Corefile: corefile } };
    await api.core.deleteNamespacedConfigMap({ name: 'coredns', namespace: 'kube-system' }).catch(() => undefined);
    await api.core.createNamespacedConfigMap({ namespace: 'kube-system', body: cm });
    try {
      const plan = await planRepair(kc, finding('metrics-server-node-dns'), 'coredns-node-hosts');
      assert.equal(plan.changes.length, 1);
      await dryRun(kc, plan);
      assert.equal((await api.core.readNamespacedConfigMap({ name: 'coredns', namespace: 'kube-system' })).data.Corefile, corefile);
      const record = await applyPlan(kc, plan);
      const patched = (await api.core.readNamespacedConfigMap({ name: 'coredns', namespace: 'kube-system' })).data.Corefile;
      const parsed = parseCorefile(patched);
      assert.ok(parsed.ok, parsed.error);
      const hosts = hostsDirective(parsed.value.serverBlocks.find(isRootServerBlock));
      assert.ok(hosts && hasFallthrough(hosts));
      const nodes = (await api.core.listNode()).items;
      const lines = hosts.block.directives.filter((d) => d.name.text !== 'fallthrough').map((d) => [d.name.text, ...d.args.map((a) => a.text)]);
      for (const n of nodes) {
        const ip = n.status.addresses.find((a) => a.type === 'InternalIP').address;
        assert.ok(
          lines.some((l) => l[0] === ip && l.includes(n.metadata.name)),
          `${n.metadata.name} → ${ip} in ${JSON.stringify(lines)}`,
        );
      }
      // Everything else in the Corefile is kept (kubernetes, forward, cache, reload...).
      assert.equal(patched.replace(/ {4}hosts \{\n[\s\S]*?\n {4}\}\n/, ''), corefile);
      fs.mkdirSync(path.join(import.meta.dirname, '../../test-results'), { recursive: true });
      fs.writeFileSync(path.join(import.meta.dirname, '../../test-results/doctor-repair-patched.Corefile'), patched);

      // A second plan, then someone edits the ConfigMap: refused, their edit stays.
      await undoRepair(kc, record);
      assert.equal((await api.core.readNamespacedConfigMap({ name: 'coredns', namespace: 'kube-system' })).data.Corefile, corefile, 'undo is byte for byte');
      const plan2 = await planRepair(kc, finding('metrics-server-node-dns'), 'coredns-node-hosts');
      const theirs = corefile.replace('cache 30', 'cache 60');
      await api.core.patchNamespacedConfigMap({ name: 'coredns', namespace: 'kube-system', body: { data: { Corefile: theirs } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
      await assert.rejects(applyPlan(kc, plan2), (e) => e.name === 'ConcurrentChangeError');
      assert.equal((await api.core.readNamespacedConfigMap({ name: 'coredns', namespace: 'kube-system' })).data.Corefile, theirs);
    } finally {
      await api.core.deleteNamespacedConfigMap({ name: 'coredns', namespace: 'kube-system' }).catch(() => undefined);
    }
  });

  test('an unparseable Corefile in the cluster is refused with the reason; nothing is written', { timeout: 2 * MIN }, async () => {
    const bad = '.:53 {\n    errors\n    forward . /etc/resolv.conf {\n';
    await api.core.deleteNamespacedConfigMap({ name: 'coredns', namespace: 'kube-system' }).catch(() => undefined);
    await api.core.createNamespacedConfigMap({ namespace: 'kube-system', body: { metadata: { name: 'coredns', namespace: 'kube-system' }, data: { Corefile: bad } } });
    try {
      const rv = (await api.core.readNamespacedConfigMap({ name: 'coredns', namespace: 'kube-system' })).metadata.resourceVersion;
      await assert.rejects(planRepair(kc, finding('metrics-server-node-dns'), 'coredns-node-hosts'), /Corefile .*could not be parsed|cannot be changed safely: the Corefile could not be parsed/);
      assert.equal((await api.core.readNamespacedConfigMap({ name: 'coredns', namespace: 'kube-system' })).metadata.resourceVersion, rv);
    } finally {
      await api.core.deleteNamespacedConfigMap({ name: 'coredns', namespace: 'kube-system' }).catch(() => undefined);
    }
  });
});

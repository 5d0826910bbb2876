// The doctor's diagnoses against the REAL local cluster (scripts/cluster): each failure scenario must
// produce its diagnosis id with the real evidence (metrics-server's own log lines, the HPA
// controller's conditions, the scheduler's events), and the healthy scenario no error finding. The
// CLI is run as users run it (dist/cli.js): JSON and SARIF output, and `--fix` preview → `--yes` →
// verification → `--undo` on the DNS scenario.
//
// Env: KSD_TEST_CLUSTER (cluster name, default ksd-test); KSD_SKIP_CLUSTER_TESTS=1 skips.
import { test, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { up, switchScenario, apis, kubectl, waitFor, BIN, HERE } from '../../scripts/cluster/lib.mjs';
import { loadKubeConfig } from '../../src/core/cluster/connect.ts';
import { diagnose } from '../../src/core/doctor/diagnose.ts';
import { skip } from './skip.mjs';
import { tempDir } from '../tempDir.ts';

const NAME = process.env.KSD_TEST_CLUSTER || 'ksd-test';
const MIN = 60_000;
const log = (m) => process.stderr.write(`# [cluster] ${m}\n`);
const CLI = path.join(HERE, '..', '..', 'dist', 'cli.js');

let kubeconfig;
let kc;
let api;
let nodeNames;

/** diagnose() as the CLI and VS Code call it, with the cluster's own kubectl (v1.33: no kubectl finding). */
async function doctor() {
  const r = await diagnose(kc, { kubectlPath: BIN.kubectl });
  assert.equal(r.reached, true);
  assert.deepEqual(r.problems, [], JSON.stringify(r.problems));
  return r.findings;
}

function only(findings, id) {
  const fs_ = findings.filter((f) => f.id === id);
  assert.equal(fs_.length, 1, `one ${id} finding in: ${JSON.stringify(findings.map((f) => [f.id, f.message]))}`);
  return fs_[0];
}

function cli(args) {
  const r = spawnSync(process.execPath, [CLI, 'doctor', '--kubeconfig', kubeconfig, '--kubectl', BIN.kubectl, ...args], { encoding: 'utf8', timeout: 6 * MIN });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function msArgs() {
  const d = await api.apps.readNamespacedDeployment({ name: 'metrics-server', namespace: 'kube-system' });
  return d.spec.template.spec.containers.find((c) => c.name === 'metrics-server').args;
}

describe('doctor diagnoses on the local cluster', { skip, timeout: 60 * MIN }, () => {
  before(
    async () => {
      if (!fs.existsSync(CLI)) throw new Error(`${CLI} missing: run node scripts/build.mjs first (npm test does)`);
      const r = await up({ scenario: 'healthy', name: NAME, log, profile: 'test' });
      kubeconfig = r.kubeconfig;
      kc = loadKubeConfig({ kubeconfig });
      api = apis({ name: NAME });
      nodeNames = (await api.core.listNode({ labelSelector: 'type=kwok' })).items.map((n) => n.metadata.name).sort();
      assert.ok(nodeNames.length >= 1);
    },
    { timeout: 75 * MIN },
  );

  test('healthy: no error finding', { timeout: 8 * MIN }, async () => {
    await switchScenario('healthy', { name: NAME, log });
    // The scenario's steady state: a metrics-server restart (scenario switch) leaves HPAs briefly
    // without metrics, which the doctor rightly reports; wait until every HPA reads its metrics.
    await waitFor(
      'every HPA in namespace healthy with ScalingActive=True',
      async () => {
        const hpas = (await api.autoscaling.listNamespacedHorizontalPodAutoscaler({ namespace: 'healthy' })).items;
        return hpas.length > 0 && hpas.every((h) => h.status?.conditions?.some((c) => c.type === 'ScalingActive' && c.status === 'True'));
      },
      { timeoutMs: 3 * MIN, intervalMs: 1000 },
    );
    const findings = await doctor();
    assert.deepEqual(
      findings.filter((f) => f.severity === 'error'),
      [],
    );
    // checkout scales to its maxReplicas: if the doctor warns, it is about that. Info findings are allowed: the
    // HPAs' FailedGetResourceMetric events from the metrics-server restart of the switch (hpa-event-history), an
    // HPA held at minReplicas (hpa-at-min).
    for (const f of findings) assert.ok(f.id === 'hpa-at-max' || f.severity === 'info', `${f.id}: ${f.message}`);
    const r = cli([]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /0 error\(s\)/);
  });

  test('metrics-server-tls: metrics-server-kubelet-tls with the real x509 line and every node', { timeout: 8 * MIN }, async () => {
    await switchScenario('metrics-server-tls', { name: NAME, log });
    const f = only(await doctor(), 'metrics-server-kubelet-tls');
    assert.equal(f.severity, 'error');
    assert.ok(f.evidence.length >= 1);
    for (const line of f.evidence.filter((l) => !l.startsWith('(+'))) {
      assert.match(
        line,
        /"Failed to scrape node" err="Get \\"https:\/\/127\.0\.0\.1:\d+\/metrics\/nodes\/ksd-node-\d+\/metrics\/resource\\": tls: failed to verify certificate: x509: certificate signed by unknown authority" node="ksd-node-\d+"/,
      );
    }
    assert.ok(f.message.endsWith(`${nodeNames.length} node${nodeNames.length === 1 ? '' : 's'}: ${nodeNames.join(', ')}`), f.message);
    assert.deepEqual(
      f.repairs.map((r) => [r.id, !!r.insecure]),
      [['metrics-server-skip-kubelet-tls-verify', true]],
    );
    assert.match(f.repairs[0].warning, /serverTLSBootstrap/);
    assert.deepEqual(f.object, { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'kube-system', name: 'metrics-server' });
    // A diagnosis id with only an insecure repair is refused by --fix (usage, nothing written).
    const r = cli(['--fix', 'metrics-server-kubelet-tls']);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /no secure repair/);
    assert.ok(!(await msArgs()).includes('--kubelet-insecure-tls'));
  });

  test('metrics-server-dns: metrics-server-node-dns with "no such host"; CLI --fix previews, --yes repairs and verifies, --undo restores', { timeout: 12 * MIN }, async () => {
    await switchScenario('metrics-server-dns', { name: NAME, log });
    const f = only(await doctor(), 'metrics-server-node-dns');
    assert.match(
      f.evidence[0],
      /"Failed to scrape node" err="Get \\"https:\/\/ksd-node-\d+:\d+\/metrics\/nodes\/ksd-node-\d+\/metrics\/resource\\": dial tcp: lookup ksd-node-\d+( on [^:]+:53)?: (no such host|server misbehaving)"/,
    );
    assert.match(f.message, /cannot resolve node names \(\d+ nodes?: ksd-node-/);
    assert.deepEqual(
      f.repairs.map((r) => r.id),
      ['metrics-server-address-types', 'coredns-node-hosts'],
    );

    const argsBefore = await msArgs();
    const preview = cli(['--fix', 'metrics-server-node-dns']);
    assert.equal(preview.code, 0, preview.stdout + preview.stderr);
    assert.match(preview.stdout, /^-\s+- --kubelet-preferred-address-types=Hostname$/m);
    assert.match(preview.stdout, /^\+\s+- --kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname$/m);
    assert.match(preview.stdout, /Server-side dry run: accepted\./);
    assert.deepEqual(await msArgs(), argsBefore, 'the preview wrote nothing');
    // --yes applies only the reviewed plan: the hash the preview printed.
    const plan = /^Plan: +([0-9a-f]{12})$/m.exec(preview.stdout)?.[1];
    assert.ok(plan, preview.stdout);

    const undoFile = path.join(tempDir('ksd-undo-'), 'undo.json');
    const applied = cli(['--fix', 'metrics-server-node-dns', '--yes', '--plan', plan, '--undo-file', undoFile, '--timeout', '240']);
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    assert.match(applied.stdout, /Applied\. Undo record: /);
    assert.match(applied.stdout, /^ {2}… node metrics for \d+ of \d+/m, 'progress lines');
    assert.match(applied.stdout, /Verified: node metrics for (\d+) of \1 ready nodes/);
    assert.ok((await msArgs()).includes('--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname'));
    assert.deepEqual(
      (await doctor()).filter((x) => x.severity === 'error'),
      [],
      'no error finding after the repair',
    );

    // --undo --yes applies only the reviewed undo plan: the hash its preview printed.
    const undoPreview = cli(['--undo', undoFile]);
    assert.equal(undoPreview.code, 0, undoPreview.stdout + undoPreview.stderr);
    const undoPlan = /^Plan: +([0-9a-f]{12})$/m.exec(undoPreview.stdout)?.[1];
    assert.ok(undoPlan, undoPreview.stdout);
    const undone = cli(['--undo', undoFile, '--yes', '--plan', undoPlan]);
    assert.equal(undone.code, 0, undone.stdout + undone.stderr);
    assert.deepEqual(await msArgs(), argsBefore, 'undo restored the previous args');
  });

  test('no-metrics-server: metrics-api-missing; CLI JSON and SARIF', { timeout: 8 * MIN }, async () => {
    await switchScenario('no-metrics-server', { name: NAME, log });
    const f = only(await doctor(), 'metrics-api-missing');
    assert.equal(f.evidence[0], 'apiservices.apiregistration.k8s.io "v1beta1.metrics.k8s.io" not found');
    assert.deepEqual(
      f.repairs.map((r) => r.id),
      ['install-metrics-server'],
    );

    const json = cli(['--format', 'json']);
    assert.equal(json.code, 1, json.stderr);
    const out = JSON.parse(json.stdout);
    const jf = out.findings.find((x) => x.id === 'metrics-api-missing');
    assert.deepEqual(Object.keys(jf).slice(0, 6), ['id', 'severity', 'message', 'object', 'evidence', 'repairs']);
    assert.deepEqual(jf.object, { apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', name: 'v1beta1.metrics.k8s.io' });
    const hpa = out.findings.find((x) => x.id === 'hpa-unknown-metric' && x.object.name === 'web');
    if (hpa) assert.match(hpa.evidence[0], /could not find the requested resource \(get pods\.metrics\.k8s\.io\)/);

    const sarif = cli(['--format', 'sarif']);
    assert.equal(sarif.code, 1, sarif.stderr);
    const run = JSON.parse(sarif.stdout).runs[0];
    assert.ok(run.tool.driver.rules.some((r) => r.id === 'metrics-api-missing'));
    const res = run.results.find((r) => r.ruleId === 'metrics-api-missing');
    assert.equal(res.level, 'error');
    assert.equal(res.locations[0].logicalLocations[0].fullyQualifiedName, 'APIService/v1beta1.metrics.k8s.io');
  });

  test('missing-requests: hpa-missing-request names the app container and the sidecar from the live pods', { timeout: 8 * MIN }, async () => {
    await switchScenario('missing-requests', { name: NAME, log });
    const f = only(await doctor(), 'hpa-missing-request');
    assert.match(f.message, /HPA missing-requests\/orders cannot compute cpu utilization: containers app, log-shipper of Deployment orders have no cpu request/);
    assert.match(
      f.evidence[0],
      /^ScalingActive=False FailedGetResourceMetric: the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container (app|log-shipper) of Pod orders-[a-z0-9]+-[a-z0-9]+$/,
    );
    assert.ok(
      f.evidence.some((l) => /^Pod missing-requests\/orders-\S+: container "log-shipper" resources: \{"requests":\{"memory":"32Mi"\}\}$/.test(l)),
      f.evidence.join('\n'),
    );
  });

  test("autoscaler-conflict: two HPAs on Deployment cart; with KEDA's CRD and a ScaledObject, HPA + ScaledObject", { timeout: 8 * MIN }, async () => {
    await switchScenario('autoscaler-conflict', { name: NAME, log });
    const f = only(await doctor(), 'autoscaler-conflict');
    assert.match(f.message, /^Deployment autoscaler-conflict\/cart has 2 autoscalers \(HPA cart, HPA keda-hpa-cart\)/);
    assert.ok(
      f.evidence.some((l) =>
        /^ScalingActive=False AmbiguousSelector: pods by selector app=cart are controlled by multiple HPAs: \[autoscaler-conflict\/(cart|keda-hpa-cart) autoscaler-conflict\/(cart|keda-hpa-cart)\]$/.test(
          l,
        ),
      ),
      f.evidence.join('\n'),
    );

    // With KEDA's ScaledObject CRD served and a ScaledObject "cart", keda-hpa-cart becomes that
    // ScaledObject's own HPA: the owners are HPA cart and ScaledObject cart. (Only the CRD: no operator.)
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: scaledobjects.keda.sh}
spec:
  group: keda.sh
  scope: Namespaced
  names: {kind: ScaledObject, plural: scaledobjects, singular: scaledobject, listKind: ScaledObjectList}
  versions:
  - name: v1alpha1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
`;
    const applied = kubectl(['apply', '-f', '-'], { name: NAME, input: crd });
    assert.equal(applied.code, 0, applied.stderr);
    try {
      const custom = kc.makeApiClient(k8s.CustomObjectsApi);
      await waitFor(
        'the ScaledObject CRD to be served',
        async () => {
          await custom.listNamespacedCustomObject({ group: 'keda.sh', version: 'v1alpha1', namespace: 'autoscaler-conflict', plural: 'scaledobjects' });
          return true;
        },
        { timeoutMs: MIN, intervalMs: 1000 },
      );
      await custom.createNamespacedCustomObject({
        group: 'keda.sh',
        version: 'v1alpha1',
        namespace: 'autoscaler-conflict',
        plural: 'scaledobjects',
        body: {
          apiVersion: 'keda.sh/v1alpha1',
          kind: 'ScaledObject',
          metadata: { name: 'cart' },
          spec: { scaleTargetRef: { name: 'cart' }, triggers: [{ type: 'cpu', metricType: 'Utilization', metadata: { value: '80' } }] },
        },
      });
      const g = only(await doctor(), 'autoscaler-conflict');
      assert.match(g.message, /^Deployment autoscaler-conflict\/cart has 2 autoscalers \(HPA cart, ScaledObject cart\)/);
      assert.ok(g.evidence.includes('ScaledObject autoscaler-conflict/cart scaleTargetRef Deployment/cart (its HPA: keda-hpa-cart)'), g.evidence.join('\n'));
    } finally {
      kubectl(['delete', 'crd', 'scaledobjects.keda.sh', '--wait=false'], { name: NAME, allowFail: true });
    }
  });

  test("pending: pending-pods with the scheduler's reason; a user without permissions (exit 3) and one with view on the namespace", { timeout: 8 * MIN }, async () => {
    await switchScenario('pending', { name: NAME, log });
    const f = only(await doctor(), 'pending-pods');
    const n = nodeNames.length;
    assert.equal(f.severity, 'error');
    assert.equal(f.message, `3 pods of Deployment pending/batch cannot be scheduled: 0/${n} nodes are available: ${n} Insufficient cpu.`);
    assert.ok(
      f.evidence.some((l) => l.startsWith(`0/${n} nodes are available: ${n} Insufficient cpu. preemption:`)),
      f.evidence.join('\n'),
    );
    assert.match(f.explanation, /No Cluster Autoscaler or Karpenter event/);

    // RBAC, real: a ServiceAccount without permissions gets exit 6 and the missing permissions; with
    // `view` on namespace pending only, the doctor still finds the pending pods and notes what it could not read.
    const ns = 'ksd-doctor-rbac';
    kubectl(['create', 'namespace', ns], { name: NAME, allowFail: true });
    try {
      assert.equal(kubectl(['-n', ns, 'create', 'serviceaccount', 'nobody'], { name: NAME }).code, 0);
      const token = kubectl(['-n', ns, 'create', 'token', 'nobody'], { name: NAME }).stdout.trim();
      const cluster = kc.getCurrentCluster();
      const file = path.join(tempDir('ksd-rbac-'), 'kubeconfig.yaml');
      fs.writeFileSync(
        file,
        `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "${cluster.server}", certificate-authority: "${cluster.caFile}"}}]\nusers: [{name: nobody, user: {token: "${token}"}}]\ncontexts: [{name: nobody, context: {cluster: c, user: nobody}}]\ncurrent-context: nobody\n`,
        { mode: 0o600 },
      );
      const run = (args) => spawnSync(process.execPath, [CLI, 'doctor', '--kubeconfig', file, '--kubectl', BIN.kubectl, ...args], { encoding: 'utf8', timeout: 2 * MIN });
      const none = run([]);
      assert.equal(none.status, 6, none.stdout + none.stderr);
      assert.match(none.stderr, /every read was refused/);
      assert.match(none.stderr, /Forbidden: cannot get apiservices\.apiregistration\.k8s\.io/);
      assert.ok(!none.stderr.includes(token) && !none.stdout.includes(token), 'the token never appears');
      assert.equal(kubectl(['-n', 'pending', 'create', 'rolebinding', 'ksd-doctor-view', '--clusterrole=view', `--serviceaccount=${ns}:nobody`], { name: NAME }).code, 0);
      const some = run(['-n', 'pending', '--format', 'json']);
      assert.equal(some.status, 1, some.stderr);
      const out = JSON.parse(some.stdout);
      // Karpenter's CRDs may be installed on this cluster by an earlier file (the crds component): then the namespace
      // user's refused NodePool list is karpenter-unreadable; without them Karpenter is simply not installed.
      const karpenterServed = kubectl(['get', 'crd', 'nodepools.karpenter.sh'], { name: NAME, allowFail: true }).code === 0;
      assert.deepEqual(
        out.findings.map((x) => x.id),
        karpenterServed ? ['pending-pods', 'karpenter-unreadable'] : ['pending-pods'],
      );
      assert.ok(
        out.problems.some((p) => p.kind === 'forbidden' && /nodes/.test(p.title)),
        JSON.stringify(out.problems),
      );
    } finally {
      kubectl(['-n', 'pending', 'delete', 'rolebinding', 'ksd-doctor-view', '--ignore-not-found'], { name: NAME, allowFail: true });
      kubectl(['delete', 'namespace', ns, '--wait=false'], { name: NAME, allowFail: true });
    }
  });

  test("metrics-server scaled to 0: metrics-api-unavailable with the aggregator's FailedDiscoveryCheck", { timeout: 6 * MIN }, async () => {
    const scale = (replicas) =>
      api.apps.patchNamespacedDeployment({ name: 'metrics-server', namespace: 'kube-system', body: { spec: { replicas } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    await scale(0);
    try {
      await waitFor(
        'APIService v1beta1.metrics.k8s.io Available=False',
        async () => {
          const as = await api.apireg.readAPIService({ name: 'v1beta1.metrics.k8s.io' });
          return as.status?.conditions?.find((c) => c.type === 'Available')?.status === 'False';
        },
        { timeoutMs: 3 * MIN, intervalMs: 1000 },
      );
      const f = only(await doctor(), 'metrics-api-unavailable');
      assert.match(f.evidence[0], /^Available=False (FailedDiscoveryCheck|MissingEndpoints|ServiceNotFound|EndpointsNotFound): /);
      assert.ok(f.evidence.includes('Deployment kube-system/metrics-server has no pods (spec.replicas: 0)'), f.evidence.join('\n'));
      assert.match(f.explanation, /scaled to 0 replicas/);
    } finally {
      await scale(1); // later test files share this cluster; a scenario switch does not reset replicas
    }
  });

  test('metrics-server dialing a closed kubelet port: metrics-server-unreachable-kubelets with the real "connection refused" lines', { timeout: 6 * MIN }, async () => {
    const jsonPatch = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch);
    const setArgs = (args) =>
      api.apps.patchNamespacedDeployment({ name: 'metrics-server', namespace: 'kube-system', body: [{ op: 'replace', path: '/spec/template/spec/containers/0/args', value: args }] }, jsonPatch);
    const before = await msArgs();
    // Port 1 instead of the node status port: nothing listens there, like a kubelet port blocked by a REJECT rule.
    await setArgs([...before.filter((a) => a !== '--kubelet-use-node-status-port' && !a.startsWith('--kubelet-port')), '--kubelet-port=1']);
    try {
      const f = await waitFor(
        'the doctor to report metrics-server-unreachable-kubelets',
        async () => (await doctor()).find((x) => x.id === 'metrics-server-unreachable-kubelets' && nodeNames.every((n) => x.message.includes(n))),
        { timeoutMs: 3 * MIN, intervalMs: 1000 },
      );
      assert.match(f.message, new RegExp(`cannot reach the kubelets of ${nodeNames.length} nodes?: ${nodeNames.join(', ')} \\(connection refused\\)`));
      for (const line of f.evidence.filter((l) => !l.startsWith('(+'))) {
        assert.match(
          line,
          /"Failed to scrape node" err="Get \\"https:\/\/127\.0\.0\.1:1\/metrics\/nodes\/ksd-node-\d+\/metrics\/resource\\": dial tcp 127\.0\.0\.1:1: connect: connection refused" node="ksd-node-\d+"/,
        );
      }
      assert.deepEqual(f.repairs, []);
    } finally {
      await setArgs(before);
    }
  });
});

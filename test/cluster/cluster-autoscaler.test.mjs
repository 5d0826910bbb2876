// Cluster Autoscaler from what it publishes, on the REAL local cluster: each ca-* scenario writes a named CA release's
// Deployment, status ConfigMap, events and log through the API server (scripts/cluster/lib/clusterAutoscalerRecords.mjs;
// recorded output, not a running autoscaler: CA is not on the Go module proxy). Per scenario: kubectl shows the records
// (the events bound to the live pods, the log through the real pods/log endpoint served by kwok), and the CLI's
// `doctor --format json` names the cause in its first finding, with the evidence. Also: no CA is "not installed", never
// a problem; a user who may not read kube-system gets a problem naming the permission.
//
// Env: KSD_TEST_CLUSTER (cluster name, default ksd-test); KSD_SKIP_CLUSTER_TESTS=1 skips.
import { test, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { up, switchScenario, apis, kubectl, BIN, HERE } from '../../scripts/cluster/lib.mjs';
import { loadKubeConfig } from '../../src/core/cluster/connect.ts';
import { skip } from './skip.mjs';
import { tempDir } from '../tempDir.ts';

const NAME = process.env.KSD_TEST_CLUSTER || 'ksd-test';
const MIN = 60_000;
const log = (m) => process.stderr.write(`# [cluster] ${m}\n`);
const CLI = path.join(HERE, '..', '..', 'dist', 'cli.js');

let kubeconfig;
let kc;
let api;

/** `doctor --format json [args]` as users run it; exit 1 = findings. */
function doctor(args = [], file = kubeconfig) {
  const r = spawnSync(process.execPath, [CLI, 'doctor', '--kubeconfig', file, '--kubectl', BIN.kubectl, '--format', 'json', ...args], { encoding: 'utf8', timeout: 3 * MIN });
  assert.ok(r.stdout.trim().startsWith('{'), `doctor printed no JSON (exit ${r.status}): ${r.stderr}`);
  return { code: r.status, out: JSON.parse(r.stdout), stderr: r.stderr };
}

const k = (args) => {
  const r = kubectl(args, { name: NAME, allowFail: true });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

/** What `kubectl get events` shows of CA's events in `namespace` (reason and message per line). */
const caEvents = (namespace) => k(['-n', namespace, 'get', 'events', '--field-selector', 'source=cluster-autoscaler', '-o', 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}']);

const statusText = () => k(['-n', 'kube-system', 'get', 'configmap', 'cluster-autoscaler-status', '-o', 'jsonpath={.data.status}']);
const caLogs = () => k(['-n', 'kube-system', 'logs', 'deployment/cluster-autoscaler', '-c', 'cluster-autoscaler']);

describe('Cluster Autoscaler from what it publishes (ca-* scenarios)', { skip, timeout: 30 * MIN }, () => {
  before(
    async () => {
      if (!fs.existsSync(CLI)) throw new Error(`${CLI} missing: run node scripts/build.mjs first (npm test does)`);
      const r = await up({ scenario: 'ca-group-at-max', name: NAME, log, profile: 'test' });
      kubeconfig = r.kubeconfig;
      kc = loadKubeConfig({ kubeconfig });
      api = apis({ name: NAME });
    },
    { timeout: 20 * MIN },
  );

  test('ca-group-at-max: NotTriggerScaleUp on the live pods, YAML status at 3/3 → cluster-autoscaler-group-at-max first', { timeout: 5 * MIN }, async () => {
    await switchScenario('ca-group-at-max', { name: NAME, log });
    const pods = (await api.core.listNamespacedPod({ namespace: 'ca-group-at-max', labelSelector: 'app=web' })).items;
    assert.equal(pods.length, 2);
    // kubectl describe pod lists the event: it is bound to the pod's uid.
    const describe = k(['-n', 'ca-group-at-max', 'describe', 'pod', pods[0].metadata.name]);
    assert.match(describe, /NotTriggerScaleUp .*cluster-autoscaler .*pod didn't trigger scale-up: 1 node\(s\) didn't match Pod's node affinity\/selector, 1 max node group size reached/s);
    assert.match(statusText(), /^autoscalerStatus: Running$/m);
    assert.match(caLogs(), /orchestrator\.go:168\] No expansion options$/m);

    const { code, out } = doctor();
    assert.equal(code, 1);
    assert.deepEqual(out.problems, []);
    const [first] = out.findings;
    assert.equal(first.id, 'cluster-autoscaler-group-at-max', JSON.stringify(out.findings.map((f) => f.id)));
    assert.match(first.message, /^2 pending pods \(.*\) get no node: Cluster Autoscaler says "max node group size reached" for eks-general-\S+ \(3\/3\)$/);
    assert.ok(first.evidence.some((l) => /^cluster-autoscaler-status: nodeGroups\[eks-general-\S+\]\.health\.status: Healthy, cloudProviderTarget: 3, minSize: 1, maxSize: 3$/.test(l)));
    const pending = out.findings.find((f) => f.id === 'pending-pods');
    assert.match(pending.explanation, /The scheduler says: "0\/\d+ nodes are available: \d+ Insufficient cpu\./);
    assert.match(pending.explanation, /See finding cluster-autoscaler-group-at-max/);
  });

  test('ca-backoff: text status with Backoff, ScaleUpFailed on the ConfigMap → cluster-autoscaler-backoff first, then version skew', { timeout: 5 * MIN }, async () => {
    await switchScenario('ca-backoff', { name: NAME, log });
    assert.match(statusText(), /^Cluster-autoscaler status at .*:\n/);
    assert.match(statusText(), /^ {2}ScaleUp: {5}Backoff \(ready=0 cloudProviderTarget=0\)$/m);
    assert.match(
      caEvents('kube-system'),
      /^ScaleUpFailed: Failed adding 1 nodes to group eks-gpu-\S+ due to OutOfResource\.placeholder-cannot-be-fulfilled; source errors: AWS cannot provision any more instances for this node group$/m,
    );
    assert.match(caEvents('ca-backoff'), /^NotTriggerScaleUp: pod didn't trigger scale-up: 1 in backoff after failed scale-up, 1 Insufficient cpu$/m);
    // The previous scenario's CA objects went with it: one Deployment, this release's image.
    assert.match(
      k(['-n', 'kube-system', 'get', 'deployment', '-l', 'app=cluster-autoscaler', '-o', 'jsonpath={.items[*].spec.template.spec.containers[0].image}']),
      /^registry\.k8s\.io\/autoscaling\/cluster-autoscaler:v1\.29\.4$/,
    );

    const { out } = doctor();
    assert.deepEqual(out.problems, []);
    assert.deepEqual(
      // metrics-server restarts when a scenario switches its args: on a fresh cluster it may still be warming up, a true
      // finding that has nothing to do with Cluster Autoscaler.
      out.findings.map((f) => f.id).filter((id) => id !== 'metrics-server-warming-up'),
      ['cluster-autoscaler-backoff', 'pending-pods', 'cluster-autoscaler-version-skew'],
    );
    const [first] = out.findings;
    assert.match(
      first.message,
      /^Cluster Autoscaler is in backoff for node group eks-gpu-\S+; 1 pending pod \(ca-backoff\/trainer-\S+\) wait: AWS cannot provision any more instances for this node group$/,
    );
    assert.equal(first.evidence[0], 'cluster-autoscaler-status: ScaleUp:     Backoff (ready=0 cloudProviderTarget=0)');
    assert.match(out.findings[2].message, /^Cluster Autoscaler v1\.29\.4 is built for Kubernetes 1\.29, the cluster runs v1\.33\.\d+$/);
  });

  test('ca-no-node-groups: <YOUR CLUSTER NAME> in the flag, no nodeGroups, reasonless events → cluster-autoscaler-no-node-groups first', { timeout: 5 * MIN }, async () => {
    await switchScenario('ca-no-node-groups', { name: NAME, log });
    assert.doesNotMatch(statusText(), /nodeGroups/);
    assert.match(caEvents('ca-no-node-groups'), /^NotTriggerScaleUp: pod didn't trigger scale-up: $/m);
    assert.match(caLogs(), /ASG tags: map\[k8s\.io\/cluster-autoscaler\/<YOUR CLUSTER NAME>: k8s\.io\/cluster-autoscaler\/enabled:\]/);

    const { out } = doctor();
    assert.deepEqual(out.problems, []);
    const [first] = out.findings;
    assert.equal(first.id, 'cluster-autoscaler-no-node-groups', JSON.stringify(out.findings.map((f) => f.id)));
    assert.match(first.message, /^Cluster Autoscaler manages no node group: --node-group-auto-discovery still names the placeholder "<YOUR CLUSTER NAME>"; 2 pending pods/);
    assert.ok(first.evidence.includes('cluster-autoscaler-status: no nodeGroups (autoscalerStatus Running)'), first.evidence.join('\n'));
  });

  test('ca-cloud-access: AccessDenied in the log through pods/log → cluster-autoscaler-cloud-access first', { timeout: 5 * MIN }, async () => {
    await switchScenario('ca-cloud-access', { name: NAME, log });
    assert.equal(kubectl(['-n', 'kube-system', 'get', 'configmap', 'cluster-autoscaler-status'], { name: NAME, allowFail: true }).code, 1, 'a CA that exits at start-up writes no status');
    assert.match(
      caLogs(),
      /aws_manager\.go:128\] Failed to regenerate ASG cache: AccessDenied: User: arn:aws:sts::111122223333:assumed-role\/.* is not authorized to perform: autoscaling:DescribeAutoScalingGroups/,
    );

    const { out } = doctor();
    assert.deepEqual(out.problems, []);
    const [first] = out.findings;
    assert.equal(first.id, 'cluster-autoscaler-cloud-access', JSON.stringify(out.findings.map((f) => f.id)));
    assert.equal(first.message, 'Cluster Autoscaler may not call the cloud API (autoscaling:DescribeAutoScalingGroups): it exits at start-up');
    assert.match(first.evidence[0], /^E\d{4} [\d:.]+ +1 aws_manager\.go:128\] Failed to regenerate ASG cache: AccessDenied/);
    assert.match(out.findings.find((f) => f.id === 'pending-pods').explanation, /Cluster Autoscaler runs \(Deployment kube-system\/cluster-autoscaler\) but recorded nothing about them/);
  });

  test('ca-scale-down: "unneeded for 7m2s" and a safe-to-evict pod in the log → cluster-autoscaler-scale-down-blocked first', { timeout: 5 * MIN }, async () => {
    await switchScenario('ca-scale-down', { name: NAME, log });
    assert.equal(k(['-n', 'ca-scale-down', 'get', 'pod', 'reports-nightly', '-o', 'jsonpath={.metadata.annotations.cluster-autoscaler\\.kubernetes\\.io/safe-to-evict}']), 'false');
    assert.match(caLogs(), /nodes\.go:126\] ksd-node-2 was unneeded for 7m2\.220392583s$/m);

    const { out } = doctor();
    assert.deepEqual(out.problems, []);
    const [first] = out.findings;
    assert.equal(first.id, 'cluster-autoscaler-scale-down-blocked', JSON.stringify(out.findings.map((f) => f.id)));
    assert.equal(first.message, 'Cluster Autoscaler cannot remove node ksd-node-3: pod annotated as not safe to evict present: reports-nightly');
  });

  test('no Cluster Autoscaler: "not installed", no finding, no problem; a user without kube-system access gets the permission named', { timeout: 6 * MIN }, async () => {
    await switchScenario('pending', { name: NAME, log });
    assert.equal(k(['-n', 'kube-system', 'get', 'deployments,configmaps', '-l', 'ksd.dev/scenario', '-o', 'name']).trim(), '', 'the ca-* objects are gone');
    const { out } = doctor();
    assert.deepEqual(out.problems, []);
    assert.ok(!out.findings.some((f) => f.id.startsWith('cluster-autoscaler-')));
    assert.match(out.findings.find((f) => f.id === 'pending-pods').explanation, /Cluster Autoscaler is not installed/);

    const ns = 'ksd-ca-rbac';
    kubectl(['create', 'namespace', ns], { name: NAME, allowFail: true });
    try {
      k(['-n', ns, 'create', 'serviceaccount', 'viewer']);
      k(['-n', 'pending', 'create', 'rolebinding', 'ksd-ca-view', '--clusterrole=view', `--serviceaccount=${ns}:viewer`]);
      const token = k(['-n', ns, 'create', 'token', 'viewer']).trim();
      const cluster = kc.getCurrentCluster();
      const file = path.join(tempDir('ksd-ca-rbac-'), 'kubeconfig.yaml');
      fs.writeFileSync(
        file,
        `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "${cluster.server}", certificate-authority: "${cluster.caFile}"}}]\nusers: [{name: viewer, user: {token: "${token}"}}]\ncontexts: [{name: viewer, context: {cluster: c, user: viewer}}]\ncurrent-context: viewer\n`,
        { mode: 0o600 },
      );
      const { out: limited } = doctor(['-n', 'pending'], file);
      const p = limited.problems.find((x) => x.kind === 'forbidden' && /deployments\.apps in namespace kube-system/.test(x.title));
      assert.ok(p, JSON.stringify(limited.problems));
      assert.equal(p.title, 'Forbidden: cannot get deployments.apps in namespace kube-system');
      assert.ok(!limited.findings.some((f) => f.id.startsWith('cluster-autoscaler-')));
    } finally {
      kubectl(['-n', 'pending', 'delete', 'rolebinding', 'ksd-ca-view', '--ignore-not-found'], { name: NAME, allowFail: true });
      kubectl(['delete', 'namespace', ns, '--wait=false'], { name: NAME, allowFail: true });
    }
  });
});

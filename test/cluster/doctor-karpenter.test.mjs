// The doctor's Karpenter diagnoses against the REAL API server with the real karpenter.sh CRDs (component `crds`),
// without a Karpenter controller: NodePools, their status (written through the status subresource, as the controller
// writes it) and a leader Lease are objects this test writes, so what is checked is the doctor's reading of real
// objects and real pending pods (the scheduler marks them Unschedulable) — never Karpenter's own behaviour, which the
// karpenter scenarios check on the real controller. Each step runs the CLI as users run it (dist/cli.js --format json).
//
// Env: KSD_TEST_CLUSTER (cluster name, default ksd-test); KSD_SKIP_CLUSTER_TESTS=1 skips.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { up, kubectl, waitFor, apis, BIN, HERE } from '../../scripts/cluster/lib.mjs';
import { componentContext } from '../../scripts/cluster/components/index.mjs';
import karpenter from '../../scripts/cluster/components/karpenter.mjs';
import { skip } from './skip.mjs';

const NAME = process.env.KSD_TEST_CLUSTER || 'ksd-test';
const MIN = 60_000;
const NS = 'kd-karpenter';
const CLI = path.join(HERE, '..', '..', 'dist', 'cli.js');
const WORKLOAD = `Deployment ${NS}/kd-inflate`;
let kubeconfig;

const k = (args, input) => kubectl(args, { name: NAME, input, timeoutMs: 90_000 });
const apply = (obj) => k(['apply', '-f', '-'], JSON.stringify(obj));
const micro = (d = new Date()) => d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
const cond = (type, status, reason, message = '') => ({ type, status, reason, message, lastTransitionTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') });
const READY = [cond('NodeClassReady', 'True', 'NodeClassReady'), cond('Ready', 'True', 'Ready'), cond('ValidationSucceeded', 'True', 'ValidationSucceeded')];

function nodePool(name, { weight, labels, taints, limits } = {}) {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name },
    spec: {
      ...(weight ? { weight } : {}),
      ...(limits ? { limits } : {}),
      template: {
        ...(labels ? { metadata: { labels } } : {}),
        spec: {
          nodeClassRef: { group: 'karpenter.kwok.sh', kind: 'KWOKNodeClass', name: 'kd' },
          requirements: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }],
          ...(taints ? { taints } : {}),
        },
      },
    },
  };
}

/** Writes a NodePool's status through the status subresource, as Karpenter's controllers do. */
const setStatus = (name, status) => k(['patch', 'nodepool', name, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })]);

/** A leader Lease renewed now, as a running controller keeps it (karpenter-leader-election). */
const renewLease = () =>
  apply({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'karpenter-leader-election', namespace: NS },
    spec: { holderIdentity: 'kd-test-holder', leaseDurationSeconds: 15, renewTime: micro() },
  });

function doctorJson() {
  const r = spawnSync(process.execPath, [CLI, 'doctor', '--kubeconfig', kubeconfig, '--kubectl', BIN.kubectl, '--format', 'json'], { encoding: 'utf8', timeout: 6 * MIN });
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** The one finding of `id` whose message names `what`, and that it comes before the pending-pods finding of the workload. */
function cause(out, id, what) {
  const at = out.findings.findIndex((f) => f.id === id && f.message.includes(what));
  assert.ok(at >= 0, `${id} naming ${what} in ${JSON.stringify(out.findings.map((f) => [f.id, f.message]))}`);
  const pending = out.findings.findIndex((f) => f.id === 'pending-pods' && f.message.includes(`${NS}/kd-inflate`));
  assert.ok(pending > at, `pending-pods (${pending}) after ${id} (${at})`);
  assert.match(out.findings[pending].explanation, new RegExp(`see the ${id} finding`));
  return out.findings[at];
}

describe('doctor: why Karpenter makes no node, from real NodePools and pending pods', { skip, timeout: 30 * MIN }, () => {
  before(
    async () => {
      if (!fs.existsSync(CLI)) throw new Error(`${CLI} missing: run node scripts/build.mjs first (npm test does)`);
      const r = await up({ scenario: 'healthy', name: NAME, profile: 'test', components: 'crds' });
      // This file plays the controller itself (NodePool status, the leader Lease): a real one left running by an
      // earlier file of the shard would rewrite them.
      await karpenter.stop(componentContext({ name: NAME, log: (m) => process.stderr.write(`# [doctor-karpenter] ${m}\n`) }));
      kubeconfig = r.kubeconfig;
      await waitFor(`namespace ${NS} gone from an earlier run`, () => kubectl(['get', 'namespace', NS], { name: NAME, allowFail: true }).code !== 0, { timeoutMs: 3 * MIN });
      apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
      renewLease();
      apply(nodePool('kd-default'));
      apply(nodePool('kd-gpu', { weight: 10, labels: { type: 'kd-karpenter' }, taints: [{ key: 'kd/gpu', effect: 'NoSchedule' }] }));
      for (const np of ['kd-default', 'kd-gpu']) setStatus(np, { conditions: READY });
      apply({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'kd-inflate', namespace: NS },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'kd-inflate' } },
          template: {
            metadata: { labels: { app: 'kd-inflate' } },
            spec: { nodeSelector: { type: 'kd-karpenter' }, containers: [{ name: 'inflate', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '500m' } } }] },
          },
        },
      });
      const core = apis({ name: NAME }).core;
      await waitFor(
        'the 2 kd-inflate pods marked Unschedulable by the scheduler',
        async () =>
          (await core.listNamespacedPod({ namespace: NS, labelSelector: 'app=kd-inflate' })).items.filter((p) =>
            p.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable'),
          ).length === 2,
        { timeoutMs: 3 * MIN },
      );
    },
    { timeout: 20 * MIN },
  );

  after(() => {
    kubectl(['delete', 'nodepool', 'kd-default', 'kd-gpu', '--ignore-not-found', '--wait=false'], { name: NAME, allowFail: true });
    kubectl(['delete', 'namespace', NS, '--wait=false'], { name: NAME, allowFail: true });
  });

  test('no NodePool fits: each NodePool with its first reason, in weight order; the JSON karpenter key says why', () => {
    renewLease();
    const out = doctorJson();
    const f = cause(out, 'karpenter-no-nodepool-matches', WORKLOAD);
    assert.equal(f.severity, 'error');
    assert.deepEqual(f.evidence.slice(0, 2), [
      'NodePool kd-gpu (weight 10): did not tolerate taint (taint=kd/gpu:NoSchedule)',
      'NodePool kd-default: incompatible requirements, label "type" does not have known values (typo of "karpenter.sh/capacity-type"?)',
    ]);
    assert.equal(out.karpenter.installed, true);
    assert.equal(out.karpenter.controllerRunning, true);
    const mine = out.karpenter.pending.find((p) => p.workload === WORKLOAD);
    assert.equal(mine.cause, 'no-match');
    assert.equal(mine.pods, 2);
    assert.deepEqual(
      mine.nodePools.filter((n) => n.name.startsWith('kd-')).map((n) => [n.name, n.kind]),
      [
        ['kd-gpu', 'taints'],
        ['kd-default', 'requirements'],
      ],
    );
  });

  test('the fitting NodePool has spent its limits: karpenter-nodepool-limits names it with spec.limits and status.resources', () => {
    apply(nodePool('kd-gpu', { weight: 10, labels: { type: 'kd-karpenter' }, limits: { cpu: '2' } }));
    setStatus('kd-gpu', { conditions: READY, resources: { cpu: '2', memory: '8Gi', nodes: '1', pods: '110' }, nodes: 1 });
    renewLease();
    const f = cause(doctorJson(), 'karpenter-nodepool-limits', 'NodePool kd-gpu');
    assert.equal(f.evidence[0], 'NodePool kd-gpu: all available instance types exceed limits for nodepool (cpu: 2 in use of limit 2, the pod requests 500m)');
    assert.ok(f.evidence.includes('spec.limits: cpu=2'), f.evidence.join('\n'));
  });

  test('the fitting NodePool is not Ready (NodeClass not found): karpenter-nodeclass-not-ready with both objects', () => {
    apply(nodePool('kd-gpu', { weight: 10, labels: { type: 'kd-karpenter' } }));
    setStatus('kd-gpu', {
      conditions: [
        cond('NodeClassReady', 'False', 'NodeClassNotFound', 'NodeClass not found on cluster'),
        cond('Ready', 'False', 'UnhealthyDependents', 'NodeClassReady=False'),
        cond('ValidationSucceeded', 'True', 'ValidationSucceeded'),
      ],
    });
    renewLease();
    const f = cause(doctorJson(), 'karpenter-nodeclass-not-ready', 'NodePool kd-gpu');
    assert.equal(f.severity, 'error');
    assert.ok(f.evidence.includes('NodePool kd-gpu: NodeClassReady=False NodeClassNotFound: NodeClass not found on cluster'), f.evidence.join('\n'));
    assert.ok(f.evidence.includes('KWOKNodeClass kd (karpenter.kwok.sh): not found'), f.evidence.join('\n'));
  });

  test('a user who may list NodePools but not NodeClaims or Leases: karpenter-unreadable names both permissions', () => {
    // A ServiceAccount with a ClusterRole that reads what the doctor reads, except NodeClaims and Leases.
    apply({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'kd-reader', namespace: NS } });
    apply({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'kd-reader' },
      rules: [
        { apiGroups: [''], resources: ['pods', 'nodes', 'events', 'configmaps', 'services', 'pods/log'], verbs: ['get', 'list'] },
        { apiGroups: ['apps'], resources: ['deployments', 'replicasets', 'statefulsets'], verbs: ['get', 'list'] },
        { apiGroups: ['apiregistration.k8s.io'], resources: ['apiservices'], verbs: ['get'] },
        { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: ['list'] },
        { apiGroups: ['karpenter.sh'], resources: ['nodepools'], verbs: ['list'] },
      ],
    });
    apply({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'kd-reader' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'kd-reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'kd-reader', namespace: NS }],
    });
    const token = k(['create', 'token', 'kd-reader', '-n', NS]).stdout.trim();
    const view = JSON.parse(k(['config', 'view', '--raw', '--minify', '-o', 'json']).stdout);
    view.users = [{ name: 'kd-reader', user: { token } }];
    view.contexts[0].context.user = 'kd-reader';
    const restricted = path.join(path.dirname(kubeconfig), 'kd-reader.kubeconfig');
    fs.writeFileSync(restricted, JSON.stringify(view), { mode: 0o600 });
    try {
      const r = spawnSync(process.execPath, [CLI, 'doctor', '--kubeconfig', restricted, '--kubectl', BIN.kubectl, '--format', 'json'], { encoding: 'utf8', timeout: 6 * MIN });
      assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
      const out = JSON.parse(r.stdout);
      const f = out.findings.find((x) => x.id === 'karpenter-unreadable');
      assert.ok(f, JSON.stringify(out.findings.map((x) => [x.id, x.message])));
      assert.equal(f.message, 'Karpenter could not be checked fully: your user may not list nodeclaims.karpenter.sh, list leases.coordination.k8s.io');
      assert.match(f.evidence.join('\n'), /nodeclaims\.karpenter\.sh is forbidden: User "system:serviceaccount:kd-karpenter:kd-reader" cannot list resource "nodeclaims"/);
      // Not repeated as problems; NodePools were still read.
      assert.ok(!out.problems.some((p) => /nodeclaims|leases/.test(p.message)), JSON.stringify(out.problems));
      assert.ok(out.karpenter.nodePools.some((n) => n.name === 'kd-gpu'));
      assert.equal(out.karpenter.nodeClaims, null);
      assert.equal(out.karpenter.controllerRunning, null);
    } finally {
      fs.rmSync(restricted, { force: true });
      kubectl(['delete', 'clusterrolebinding,clusterrole', 'kd-reader', '--ignore-not-found'], { name: NAME, allowFail: true });
    }
  });

  test('no controller Deployment and no leader Lease: karpenter-not-running explains the pods', () => {
    k(['delete', 'lease', 'karpenter-leader-election', '-n', NS]);
    const out = doctorJson();
    const f = cause(out, 'karpenter-not-running', WORKLOAD);
    assert.deepEqual(f.evidence, ['no Deployment labelled app.kubernetes.io/name=karpenter and no Lease karpenter-leader-election in any namespace']);
    assert.equal(out.karpenter.controllerRunning, false);
  });
});

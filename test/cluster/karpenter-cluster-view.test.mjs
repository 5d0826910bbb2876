// The Cluster view's node autoscaling data (src/core/cluster: session, nodeAutoscalers, rows/nodeAutoscaling) on the
// real Karpenter (KWOK provider, scripts/cluster/components/karpenter.mjs) and on Cluster Autoscaler's recorded status:
// the session's NodePool, NodeClaim, node-group, node and pod rows against what kubectl shows at the same time, the
// pending pods' one line against the doctor's reason and Karpenter's own event, and a user whose RBAC lacks NodeClaims
// and ConfigMaps told which permission is missing. Like test/cluster/karpenter.test.mjs, it builds Karpenter (or
// waits for the build in progress) before its tests and never skips for a missing binary (KSD_SKIP_CLUSTER_TESTS=1
// skips it, ./skip.mjs).
import { after, before, test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { up, switchScenario, kubectl, paths, waitFor, CACHE_DIR, VERSIONS } from '../../scripts/cluster/lib.mjs';
import { componentContext } from '../../scripts/cluster/components/index.mjs';
import karpenter from '../../scripts/cluster/components/karpenter.mjs';
import { conditionOf, getItems, karpenterPodEvents } from '../../scripts/cluster/karpenter-scenarios.mjs';
import { loadKubeConfig } from '../../src/core/cluster/connect.ts';
import { ClusterSession } from '../../src/core/cluster/session.ts';
import { skip } from './skip.mjs';

const NAME = process.env.KSD_TEST_CLUSTER || 'ksd-test';
const BINARY = join(CACHE_DIR, 'bin', `karpenter-${VERSIONS.KARPENTER_VERSION}`, 'karpenter');
const MIN = 60_000;
const log = (m) => process.stderr.write(`# [karpenter-cluster-view] ${m}\n`);
const ctx = { kubectl: (args, options = {}) => kubectl(args, { name: NAME, ...options }) };
const get = (...args) => getItems(ctx, args);
let tmp;

/** A session on `kubeconfig`, started, with `until(snapshot)` awaited; disposed after `body`. */
async function withSession(kubeconfig, what, until, body) {
  const session = new ClusterSession(loadKubeConfig({ kubeconfig }), { batchMs: 50 });
  try {
    await session.start();
    const snap = await waitFor(what, () => until(session.snapshot()) && session.snapshot(), { timeoutMs: 60_000, intervalMs: 250 });
    await body(snap, session);
  } finally {
    session.dispose();
  }
}

describe("the Cluster view's node autoscaling data on the real Karpenter and Cluster Autoscaler's status", { skip }, () => {
  before(async () => {
    await karpenter.build(componentContext({ name: NAME, log }));
    assert.ok(existsSync(BINARY), BINARY);
    await up({ scenario: 'karpenter-and-ca', name: NAME, profile: 'test', log });
    tmp = mkdtempSync(join(tmpdir(), 'ksd-node-autoscaling-'));
  });

  // Karpenter stopped again, as the files after this one in a shard expect the cluster without a running controller
  // (doctor-karpenter.test.mjs writes NodePool statuses itself); a later Karpenter scenario starts it again.
  after(async () => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    await karpenter.stop(componentContext({ name: NAME, log }));
  });

  test('karpenter-and-ca: NodePool and NodeClaim rows as kubectl shows them, each node says who made it, no CA status is "not installed"', { timeout: 5 * MIN }, async () => {
    await switchScenario('karpenter-and-ca', { name: NAME, log });
    await withSession(
      paths({ name: NAME }).kubeconfig,
      'a NodePool default with an initialized NodeClaim in the session',
      (s) => s.nodeAutoscaling?.karpenter.nodePools.some((np) => np.name === 'default') && s.nodeAutoscaling.karpenter.nodeClaims.some((nc) => nc.phase === 'initialized'),
      async (snap) => {
        const k = snap.nodeAutoscaling.karpenter;
        assert.equal(k.installed, true);
        const np = get('nodepools.karpenter.sh').find((x) => x.metadata.name === 'default');
        const row = k.nodePools.find((x) => x.name === 'default');
        assert.equal(row.nodes, np.status.nodes, 'nodes as status.nodes');
        assert.deepEqual(row.limits, [{ resource: 'cpu', limit: String(np.spec.limits.cpu), used: String(np.status.resources.cpu), spent: false }]);
        assert.equal(row.consolidationPolicy, 'WhenEmpty');
        assert.equal(row.consolidateAfter, 'Never');
        // The API server defaults budgets to nodes 10% (karpenter.sh_nodepools.yaml default).
        assert.deepEqual(
          row.budgets,
          np.spec.disruption.budgets.map((b) => `nodes ${b.nodes}`),
        );
        assert.equal(row.ready, conditionOf(np, 'Ready')?.status === 'True');
        // NodeClaims: the same names, phases from the conditions kubectl shows.
        const claims = get('nodeclaims.karpenter.sh');
        assert.deepEqual(k.nodeClaims.map((c) => c.name).sort(), claims.map((c) => c.metadata.name).sort());
        for (const c of claims) {
          const r = k.nodeClaims.find((x) => x.name === c.metadata.name);
          assert.equal(r.nodePool, c.metadata.labels['karpenter.sh/nodepool']);
          assert.equal(r.nodeName, c.status.nodeName);
          if (conditionOf(c, 'Initialized')?.status === 'True' && !c.metadata.deletionTimestamp) assert.equal(r.phase, 'initialized');
        }
        // Who made each node, from the labels kubectl shows.
        for (const n of get('nodes')) {
          const r = snap.nodes.find((x) => x.name === n.metadata.name);
          const pool = n.metadata.labels['karpenter.sh/nodepool'];
          const group = n.metadata.labels['eks.amazonaws.com/nodegroup'];
          if (pool) assert.deepEqual(r.madeBy, { kind: 'NodePool', name: pool }, n.metadata.name);
          else if (group) assert.deepEqual(r.madeBy, { kind: 'NodeGroup', name: group }, n.metadata.name);
          else assert.equal(r.madeBy, undefined, n.metadata.name);
        }
        assert.ok(snap.nodes.filter((n) => n.madeBy?.name === 'ng-general').length === 2, 'the two ng-general nodes');
        // No ConfigMap kube-system/cluster-autoscaler-status in this scenario.
        assert.equal(ctx.kubectl(['-n', 'kube-system', 'get', 'configmap', 'cluster-autoscaler-status'], { allowFail: true }).code, 1);
        assert.deepEqual(snap.nodeAutoscaling.clusterAutoscaler, { installed: false, nodeGroups: [] });
        assert.deepEqual(snap.problems, []);
      },
    );
  });

  test("karpenter-no-match: each pending pod's one line is the doctor's reason, and Karpenter's own event says the same", { timeout: 5 * MIN }, async () => {
    await switchScenario('karpenter-no-match', { name: NAME, log });
    const pending = get('pods', '-n', 'karpenter-no-match', '--field-selector', 'status.phase=Pending').map((p) => p.metadata.name);
    assert.equal(pending.length, 2);
    await withSession(
      paths({ name: NAME }).kubeconfig,
      "both pending pods' why-no-node line",
      (s) => s.pods.filter((p) => p.namespace === 'karpenter-no-match' && p.whyNoNode).length === 2,
      async (snap) => {
        for (const name of pending) {
          const row = snap.pods.find((p) => p.namespace === 'karpenter-no-match' && p.name === name);
          assert.equal(row.status, 'Pending');
          assert.match(row.whyNoNode, /^no NodePool matches: NodePool default: incompatible requirements, label "type" does not have known values/);
        }
        const reason = snap.pods.find((p) => p.namespace === 'karpenter-no-match').whyNoNode.replace(/^no NodePool matches: NodePool default: /, '');
        // Karpenter's FailedScheduling message carries the same words (its requirements.go Compatible).
        const events = karpenterPodEvents(ctx, 'karpenter-no-match', 'FailedScheduling').map((e) => e.message);
        assert.ok(
          events.some((m) => m.includes(reason.replace(/ \(typo of "[^"]+"\?\)$/, ''))),
          `"${reason}" in ${JSON.stringify(events)}`,
        );
      },
    );
  });

  test('ca-group-at-max: node groups from the recorded status ConfigMap, min/current/target/max and at max', { timeout: 5 * MIN }, async () => {
    await switchScenario('ca-group-at-max', { name: NAME, log });
    const cm = JSON.parse(ctx.kubectl(['-n', 'kube-system', 'get', 'configmap', 'cluster-autoscaler-status', '-o', 'json']).stdout);
    const status = YAML.parse(cm.data.status);
    await withSession(
      paths({ name: NAME }).kubeconfig,
      'the node groups of the status ConfigMap',
      (s) => s.nodeAutoscaling?.clusterAutoscaler.nodeGroups.length === status.nodeGroups.length,
      async (snap) => {
        const ca = snap.nodeAutoscaling.clusterAutoscaler;
        assert.equal(ca.installed, true);
        assert.equal(ca.autoscalerStatus, status.autoscalerStatus);
        for (const g of status.nodeGroups) {
          const r = ca.nodeGroups.find((x) => x.name === g.name);
          assert.equal(r.minSize, g.health.minSize);
          assert.equal(r.maxSize, g.health.maxSize);
          assert.equal(r.target, g.health.cloudProviderTarget);
          assert.equal(r.current, g.health.nodeCounts.registered.total);
          assert.equal(r.health, g.health.status);
          assert.equal(r.atMax, g.health.cloudProviderTarget >= g.health.maxSize);
        }
        assert.deepEqual(
          ca.nodeGroups.filter((g) => g.atMax).map((g) => g.name.split('-')[1]),
          ['general'],
        );
      },
    );
  });

  test('a user without NodeClaims and ConfigMaps: the group names each missing permission, the rest of the view works', { timeout: 5 * MIN }, async () => {
    const docs = [
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'node-view', namespace: 'default' } },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'ksd-node-view' },
        rules: [
          { apiGroups: [''], resources: ['nodes', 'pods'], verbs: ['get', 'list', 'watch'] },
          { apiGroups: ['apps'], resources: ['replicasets'], verbs: ['get', 'list', 'watch'] },
          { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: ['get', 'list', 'watch'] },
          { apiGroups: ['karpenter.sh'], resources: ['nodepools'], verbs: ['get', 'list', 'watch'] },
        ],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'ksd-node-view' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'ksd-node-view' },
        subjects: [{ kind: 'ServiceAccount', name: 'node-view', namespace: 'default' }],
      },
    ];
    ctx.kubectl(['apply', '-f', '-'], { input: docs.map((d) => JSON.stringify(d)).join('\n') });
    const token = ctx.kubectl(['-n', 'default', 'create', 'token', 'node-view', '--duration=1h']).stdout.trim();
    const admin = YAML.parse(ctx.kubectl(['config', 'view', '--raw', '--minify']).stdout);
    const file = join(tmp, 'node-view.yaml');
    writeFileSync(
      file,
      YAML.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': 'node-view',
        clusters: [{ name: 'local', cluster: admin.clusters[0].cluster }],
        users: [{ name: 'node-view', user: { token } }],
        contexts: [{ name: 'node-view', context: { cluster: 'local', user: 'node-view' } }],
      }),
      { mode: 0o600 },
    );
    await withSession(
      file,
      'both node autoscaler problems',
      (s) => s.nodeAutoscaling?.karpenter.problem && s.nodeAutoscaling.clusterAutoscaler.problem,
      async (snap) => {
        const k = snap.nodeAutoscaling.karpenter;
        assert.equal(k.problem.kind, 'forbidden');
        assert.deepEqual(k.problem.missingPermission, { verb: 'list', group: 'karpenter.sh', resource: 'nodeclaims' });
        assert.match(k.problem.title, /^Forbidden: cannot list nodeclaims\.karpenter\.sh$/);
        // What it may read it shows: the NodePools kubectl lists (none in this scenario, but read, not refused).
        assert.equal(k.installed, true);
        assert.deepEqual(
          k.nodePools.map((np) => np.name),
          get('nodepools.karpenter.sh').map((np) => np.metadata.name),
        );
        const ca = snap.nodeAutoscaling.clusterAutoscaler;
        assert.equal(ca.problem.kind, 'forbidden');
        assert.deepEqual(ca.problem.missingPermission, { verb: 'list', group: '', resource: 'configmaps', namespace: 'kube-system' });
        assert.ok(!JSON.stringify(snap).includes(token), 'the token is never in the rows');
        // Not a top-level problem: nodes and pods are there.
        assert.ok(snap.nodes.length > 0);
        assert.deepEqual(
          snap.problems.filter((p) => /nodeclaims|configmaps/.test(p.title)),
          [],
        );
      },
    );
  });
});

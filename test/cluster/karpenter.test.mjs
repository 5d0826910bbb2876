// The real Karpenter (sigs.k8s.io/karpenter/kwok at KARPENTER_VERSION, the KWOK cloud provider, built from the Go
// module proxy by scripts/cluster/karpenter-build.sh) in the local cluster: for each Karpenter scenario, what a user
// sees with kubectl — NodeClaims and their conditions, the nodes Karpenter launched (kwok runs them) and the events
// Karpenter writes on the pods it cannot place. The tests never skip for a missing binary: before them the karpenter
// component builds it, or waits for the build scripts/run-tests.mjs runs in the background (the build's lock), so
// this file runs after the cluster-only files of its shard. KSD_SKIP_CLUSTER_TESTS=1 skips them (./skip.mjs).
import { after, before, test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { up, switchScenario, kubectl, paths, BIN, CACHE_DIR, HERE, VERSIONS } from '../../scripts/cluster/lib.mjs';
import { componentContext } from '../../scripts/cluster/components/index.mjs';
import karpenter, { LEADER_LEASE } from '../../scripts/cluster/components/karpenter.mjs';
import { conditionOf, getItems, karpenterPodEvents, podsByPhase } from '../../scripts/cluster/karpenter-scenarios.mjs';
import { skip } from './skip.mjs';

const NAME = process.env.KSD_TEST_CLUSTER || 'ksd-test';
const BINARY = join(CACHE_DIR, 'bin', `karpenter-${VERSIONS.KARPENTER_VERSION}`, 'karpenter');
const log = (m) => process.stderr.write(`# [karpenter] ${m}\n`);
const ctx = { kubectl: (args, options = {}) => kubectl(args, { name: NAME, ...options }) };
const get = (...args) => getItems(ctx, args);

/** Switches to the scenario (which starts Karpenter and waits for the scenario's own checks). */
async function scenario(name) {
  await switchScenario(name, { name: NAME, log });
}

/** `kube-scaling-doctor doctor --format json` on one namespace, as users run it: the findings' ids and the JSON. */
function doctorJson(namespace) {
  const cli = join(HERE, '..', '..', 'dist', 'cli.js');
  const r = spawnSync(process.execPath, [cli, 'doctor', '--kubeconfig', paths({ name: NAME }).kubeconfig, '--kubectl', BIN.kubectl, '--namespace', namespace, '--format', 'json'], {
    encoding: 'utf8',
    timeout: 180_000,
  });
  assert.ok(r.stdout.trim().startsWith('{'), `doctor printed no JSON (exit ${r.status}): ${r.stderr}`);
  const out = JSON.parse(r.stdout);
  return { ids: out.findings.map((f) => f.id), out };
}

/** The pods' FailedScheduling events from Karpenter, as `kubectl get events` lists them. */
function karpenterMessages(namespace) {
  return karpenterPodEvents(ctx, namespace, 'FailedScheduling').map((e) => e.message);
}

describe('the real Karpenter in the local cluster', { skip }, () => {
  before(async () => {
    // Builds Karpenter, or waits for the build in progress; a failed build fails every test of this file.
    await karpenter.build(componentContext({ name: NAME, log }));
    assert.ok(existsSync(BINARY), BINARY);
    await up({ scenario: 'karpenter-provision', name: NAME, profile: 'test' });
  });

  // The files after this one on the shard expect no node autoscaler of their own.
  after(() => karpenter.stop(componentContext({ name: NAME, log })));

  test('karpenter runs as a component: its CRDs served, the default KWOKNodeClass Ready (its CRD default), the leader Lease held', () => {
    for (const crd of ['nodepools.karpenter.sh', 'nodeclaims.karpenter.sh', 'kwoknodeclasses.karpenter.kwok.sh']) {
      const c = get('crd').find((x) => x.metadata.name === crd);
      assert.equal(conditionOf(c, 'Established')?.status, 'True', `${crd} Established`);
    }
    const nodeClass = get('kwoknodeclasses.karpenter.kwok.sh').find((x) => x.metadata.name === 'default');
    assert.equal(conditionOf(nodeClass, 'Ready')?.status, 'True');
    const lease = JSON.parse(ctx.kubectl(['-n', LEADER_LEASE.namespace, 'get', 'lease', LEADER_LEASE.name, '-o', 'json']).stdout);
    assert.ok(lease.spec.holderIdentity, 'the Lease names its holder');
  });

  test('karpenter-provision: a pending pod gets a NodeClaim, Launched → Registered → Initialized → Ready, and a Ready kwok node', async () => {
    await scenario('karpenter-provision');
    const claims = get('nodeclaims.karpenter.sh', '-l', 'karpenter.sh/nodepool=default');
    assert.equal(claims.length, 1, 'one NodeClaim for both pods');
    const [claim] = claims;
    for (const type of ['Launched', 'Registered', 'Initialized', 'Ready']) assert.equal(conditionOf(claim, type)?.status, 'True', `NodeClaim ${type}`);
    assert.match(claim.status.providerID, /^kwok:\/\//);
    assert.equal(claim.spec.nodeClassRef.name, 'default');
    const node = get('nodes').find((n) => n.metadata.name === claim.status.nodeName);
    assert.ok(node, `node ${claim.status.nodeName} exists`);
    assert.equal(conditionOf(node, 'Ready')?.status, 'True', 'kwok runs the launched node: Ready');
    assert.equal(node.metadata.labels['karpenter.sh/nodepool'], 'default');
    assert.equal(node.metadata.labels.type, 'karpenter', "the NodePool template's label");
    assert.equal(node.metadata.labels['karpenter.sh/registered'], 'true');
    assert.ok(!(node.spec.taints ?? []).some((t) => t.key === 'karpenter.sh/unregistered'), 'Karpenter removed its unregistered taint');
    const running = podsByPhase(ctx, 'karpenter-provision', 'inflate').Running ?? [];
    assert.equal(running.length, 2);
    for (const p of running) assert.equal(p.spec.nodeName, node.metadata.name);
    const nominated = get('events', '-n', 'karpenter-provision', '--field-selector', 'reason=Nominated');
    assert.ok(
      nominated.some((e) => e.message.startsWith(`Pod should schedule on: nodeclaim/${claim.metadata.name}`)),
      nominated.map((e) => e.message).join('\n'),
    );
    // Nothing is pending, so the doctor has no node-autoscaling finding; its JSON shows the NodeClaim.
    const { ids, out } = doctorJson('karpenter-provision');
    assert.ok(!ids.some((id) => id.startsWith('karpenter-') || id === 'pending-pods'), ids.join(', '));
    assert.equal(out.karpenter.installed, true);
    assert.equal(out.karpenter.controllerRunning, true);
  });

  test('karpenter-no-match: nodeSelector type=karpenter that no NodePool gives: Pending, no NodeClaim, "incompatible requirements"', async () => {
    await scenario('karpenter-no-match');
    assert.deepEqual(get('nodeclaims.karpenter.sh'), []);
    assert.equal((podsByPhase(ctx, 'karpenter-no-match', 'inflate').Pending ?? []).length, 2);
    const messages = karpenterMessages('karpenter-no-match');
    assert.ok(
      messages.some((m) => /^Failed to schedule pod, incompatible requirements, label "type" does not have known values/.test(m)),
      messages.join('\n'),
    );
    const scheduler = get('events', '-n', 'karpenter-no-match', '--field-selector', 'reason=FailedScheduling').filter(
      (e) => e.source?.component === 'default-scheduler' || e.reportingComponent === 'default-scheduler',
    );
    assert.ok(
      scheduler.some((e) => /didn't match Pod's node affinity\/selector/.test(e.message)),
      scheduler.map((e) => e.message).join('\n'),
    );
    const { ids } = doctorJson('karpenter-no-match');
    assert.equal(ids[0], 'karpenter-no-nodepool-matches', ids.join(', '));
  });

  test('karpenter-limits: the first node spends the NodePool limit; the second pod stays Pending, "exceed limits"', async () => {
    await scenario('karpenter-limits');
    const claims = get('nodeclaims.karpenter.sh', '-l', 'karpenter.sh/nodepool=capped');
    assert.equal(claims.length, 1);
    const pool = get('nodepools.karpenter.sh').find((np) => np.metadata.name === 'capped');
    assert.equal(String(pool.spec.limits.cpu), '4');
    assert.equal(pool.status.resources.nodes, '1', 'the node counts against the NodePool');
    const phases = podsByPhase(ctx, 'karpenter-limits', 'inflate');
    assert.equal((phases.Running ?? []).length, 1);
    assert.equal((phases.Pending ?? []).length, 1);
    const messages = karpenterMessages('karpenter-limits');
    assert.ok(messages.includes('Failed to schedule pod, all available instance types exceed limits for nodepool (NodePool=capped)'), messages.join('\n'));
    const { ids } = doctorJson('karpenter-limits');
    assert.equal(ids[0], 'karpenter-nodepool-limits', ids.join(', '));
  });

  test('karpenter-taint: the NodePool taint the pods do not tolerate: Pending, no NodeClaim, "did not tolerate"', async () => {
    await scenario('karpenter-taint');
    assert.deepEqual(get('nodeclaims.karpenter.sh'), []);
    assert.equal((podsByPhase(ctx, 'karpenter-taint', 'inflate').Pending ?? []).length, 2);
    const messages = karpenterMessages('karpenter-taint');
    assert.ok(messages.includes('Failed to schedule pod, did not tolerate taint (taint=nvidia.com/gpu=true:NoSchedule)'), messages.join('\n'));
    const { ids, out } = doctorJson('karpenter-taint');
    assert.equal(ids[0], 'karpenter-no-nodepool-matches', ids.join(', '));
    assert.match(JSON.stringify(out.findings[0]), /taint/, 'the finding names the taint');
  });

  test('karpenter-nodeclass-not-ready: NodePools whose KWOKNodeClass is not Ready or missing are not Ready; nothing launches', async () => {
    await scenario('karpenter-nodeclass-not-ready');
    const pools = Object.fromEntries(get('nodepools.karpenter.sh').map((np) => [np.metadata.name, np]));
    assert.deepEqual(Object.keys(pools).sort(), ['missing', 'unready']);
    const nodeClass = get('kwoknodeclasses.karpenter.kwok.sh').find((x) => x.metadata.name === 'unready');
    assert.equal(conditionOf(nodeClass, 'Ready')?.status, 'False');
    // Karpenter copies the NodeClass's Ready reason and message into the NodePool (pkg/controllers/nodepool/readiness).
    const unready = conditionOf(pools.unready, 'NodeClassReady');
    assert.equal(unready.status, 'False');
    assert.equal(unready.reason, 'UnhealthyDependents');
    assert.equal(unready.message, 'SubnetsReady=False');
    const missing = conditionOf(pools.missing, 'NodeClassReady');
    assert.equal(missing.status, 'False');
    assert.equal(missing.reason, 'NodeClassNotFound');
    assert.equal(missing.message, 'NodeClass not found on cluster');
    for (const np of Object.values(pools)) {
      const ready = conditionOf(np, 'Ready');
      assert.deepEqual([ready?.status, ready?.reason, ready?.message], ['False', 'UnhealthyDependents', 'NodeClassReady=False'], `NodePool ${np.metadata.name}`);
    }
    assert.deepEqual(get('nodeclaims.karpenter.sh'), []);
    assert.equal((podsByPhase(ctx, 'karpenter-nodeclass-not-ready', 'inflate').Pending ?? []).length, 2);
    // Karpenter writes no event on the pods here (only its log: "ignoring nodepool, not ready"): the cause is in the
    // NodePools' status alone, beside the scheduler's "didn't match Pod's node affinity/selector".
    assert.deepEqual(karpenterMessages('karpenter-nodeclass-not-ready'), []);
    // The doctor finds the cause in the NodePools' status, where Karpenter left it.
    const { ids } = doctorJson('karpenter-nodeclass-not-ready');
    assert.equal(ids[0], 'karpenter-nodeclass-not-ready', ids.join(', '));
  });

  test('karpenter-and-ca: Cluster Autoscaler node-group nodes and a Karpenter node side by side, each running its pods', async () => {
    await scenario('karpenter-and-ca');
    const groupNodes = get('nodes', '-l', 'eks.amazonaws.com/nodegroup=ng-general');
    assert.equal(groupNodes.length, 2);
    for (const n of groupNodes) {
      assert.equal(conditionOf(n, 'Ready')?.status, 'True', n.metadata.name);
      assert.match(n.spec.providerID, /^aws:\/\/\/us-east-1a\/i-/);
      assert.equal(n.metadata.labels['karpenter.sh/nodepool'], undefined, 'not a Karpenter node');
    }
    const [claim] = get('nodeclaims.karpenter.sh', '-l', 'karpenter.sh/nodepool=default');
    assert.ok(claim, 'a NodeClaim of NodePool default');
    assert.equal(conditionOf(claim, 'Ready')?.status, 'True');
    const groupNames = new Set(groupNodes.map((n) => n.metadata.name));
    for (const p of podsByPhase(ctx, 'karpenter-and-ca', 'web').Running ?? []) assert.ok(groupNames.has(p.spec.nodeName), `web on a node-group node, not ${p.spec.nodeName}`);
    assert.equal((podsByPhase(ctx, 'karpenter-and-ca', 'web').Running ?? []).length, 2);
    const [inflate] = podsByPhase(ctx, 'karpenter-and-ca', 'inflate').Running ?? [];
    assert.equal(inflate?.spec.nodeName, claim.status.nodeName, 'inflate on the Karpenter node');
  });

  test("switching away removes the Karpenter scenarios' NodePools, their nodes and the node-group nodes", async () => {
    await scenario('pending');
    assert.deepEqual(
      get('nodepools.karpenter.sh').map((np) => np.metadata.name),
      [],
    );
    assert.deepEqual(get('nodeclaims.karpenter.sh'), []);
    assert.deepEqual(
      get('nodes', '-l', 'karpenter.sh/nodepool').map((n) => n.metadata.name),
      [],
    );
    assert.deepEqual(
      get('nodes', '-l', 'eks.amazonaws.com/nodegroup').map((n) => n.metadata.name),
      [],
    );
  });
});

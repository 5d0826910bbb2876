// The HPA replay (src/core/cluster/hpaReplay.ts over the doctor's reads) against the REAL HPA controller of the
// local cluster (Kubernetes v1.33.13, `test` profile: HPA sync every 5 s, metrics-server every 10 s). Scenario
// hpa-replicas: the test changes the load by patching the running pods' kwok usage annotation, replays the
// controller's arithmetic on the live objects it reads through the product's code (gatherState), and asserts the
// controller then does what the replay predicted: the count, and for the scale-down window its end, within one
// sync period of the controller's own lastScaleTime.
//
// The controller keeps its recommendations in memory; the test knows them as a watching view would: the HPA's
// status is rewritten at the first sync whose metrics changed (managedFields time of kube-controller-manager's
// status write), so the last recommendation of the old count was made one sync before.
//
// Env: KSD_TEST_CLUSTER (cluster name, default ksd-test); KSD_SKIP_CLUSTER_TESTS=1 skips.
import { test, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { up, switchScenario, apis, kubectl, waitFor, PROFILES } from '../../scripts/cluster/lib.mjs';
import { loadKubeConfig } from '../../src/core/cluster/connect.ts';
import { replayHpa as replayTemplates } from '../../src/core/cluster/hpaReplay.ts';
import { replayInEnglish } from '../helpers.ts';
import { gatherState } from '../../src/core/doctor/state.ts';
import { findingsOf } from '../../src/core/doctor/diagnose.ts';
import { skip } from './skip.mjs';

const NAME = process.env.KSD_TEST_CLUSTER || 'ksd-test';
const MIN = 60_000;
const NS = 'hpa-replicas';
const SYNC_MS = Number.parseInt(PROFILES.test.controllerManagerArgs['horizontal-pod-autoscaler-sync-period'], 10) * 1000;
/** metav1.Time has whole seconds: a time read back from the API is up to 1 s before the event. */
const SECOND = 1000;
const log = (m) => process.stderr.write(`# [cluster] ${m}\n`);

let kc;
let api;

const readHpa = (name) => api.autoscaling.readNamespacedHorizontalPodAutoscaler({ name, namespace: NS });
const replicas = async (name) => (await api.apps.readNamespacedDeployment({ name, namespace: NS })).spec.replicas;
const utilization = (h) => h.status?.currentMetrics?.[0]?.resource?.current?.averageUtilization;
const cond = (h, type) => h.status?.conditions?.find((c) => c.type === type);
/** When kube-controller-manager last wrote the HPA's status (its sync that changed something). */
const statusWritten = (h) => {
  const f = (h.metadata?.managedFields ?? []).find((m) => m.manager === 'kube-controller-manager' && m.subresource === 'status');
  return f?.time ? new Date(f.time).getTime() : undefined;
};
const ms = (t) => (t ? new Date(t).getTime() : undefined);

function setUsage(app, cpu) {
  const r = kubectl(['annotate', 'pods', '-n', NS, '-l', `app=${app}`, '--overwrite', `kwok.x-k8s.io/usage-cpu=${cpu}`], { name: NAME });
  assert.equal(r.status ?? 0, 0, r.stderr);
}

/** A CPU quantity as metrics-server writes it (`200123456n`, `200m`), in millicores. */
const cpuMilli = (q) => (q.endsWith('n') ? Number(q.slice(0, -1)) / 1e6 : q.endsWith('u') ? Number(q.slice(0, -1)) / 1e3 : q.endsWith('m') ? Number(q.slice(0, -1)) : Number(q) * 1000);
const podCpu = (m) => m.containers.reduce((n, c) => n + cpuMilli(c.usage.cpu), 0);

/** CPU samples (millicores) of an app's pods from metrics.k8s.io, by pod name. */
async function samples(app) {
  const r = await api.custom.listNamespacedCustomObject({ group: 'metrics.k8s.io', version: 'v1beta1', namespace: NS, plural: 'pods', labelSelector: `app=${app}` });
  return new Map(r.items.map((m) => [m.metadata.name, podCpu(m)]));
}

const replayHpa = (input) => replayInEnglish(replayTemplates(input));

/** The doctor's read of the namespace, and the replay of one HPA on it. */
async function replayOf(name, extra = {}) {
  const state = await gatherState(kc, { namespace: NS });
  const hpa = state.hpas.find((h) => h.metadata?.name === name);
  const target = state.targets[`${NS}/${name}`];
  assert.ok(hpa && target && !target.error, `state of ${name}: ${target?.error ?? 'missing'}`);
  const replay = replayHpa({ hpa, pods: target.pods, podMetrics: target.podMetrics, specReplicas: target.replicas?.spec, statusReplicas: target.replicas?.status, now: Date.now(), ...extra });
  log(`${name}: ${replay.chain.join(' | ')} :: ${replay.summary}`);
  return { state, replay, target };
}

async function steady(name, count) {
  await waitFor(
    `HPA ${NS}/${name} steady at ${count} replicas with 50 % utilization (±2: metrics-server's rate of kwok's counters)`,
    async () => {
      const h = await readHpa(name);
      const u = utilization(h);
      return cond(h, 'ScalingActive')?.status === 'True' && u !== undefined && Math.abs(u - 50) <= 2 && (await replicas(name)) === count;
    },
    { timeoutMs: 3 * MIN, intervalMs: 1000 },
  );
}

describe('HPA replay against the real HPA controller', { skip, timeout: 20 * MIN }, () => {
  before(
    async () => {
      const r = await up({ scenario: 'hpa-replicas', name: NAME, log, profile: 'test' });
      kc = loadKubeConfig({ kubeconfig: r.kubeconfig });
      api = apis({ name: NAME });
      // The test moves the scenario's load and counts, and the controller remembers recommendations per HPA: start
      // from the scenario's own objects (a switch to the same scenario re-applies them but keeps patched pods).
      kubectl(['delete', 'namespace', NS, '--ignore-not-found', '--wait=true', '--timeout=120s'], { name: NAME, timeoutMs: 150_000 });
      await switchScenario('hpa-replicas', { name: NAME, log });
    },
    { timeout: 60 * MIN },
  );

  test('load drops: the scale-down window holds 4 replicas until the time the replay says, then the count follows', { timeout: 6 * MIN }, async () => {
    await steady('drop', 4);
    const before_ = await replayOf('drop');
    assert.equal(before_.replay.desiredReplicas, 4);
    assert.match(before_.replay.summary, /^desired 4 · steady$/);

    setUsage('drop', '10m');
    // The first status the controller writes with the low reading: its sync just before still recommended 4.
    const low = await waitFor(
      'HPA drop reads the dropped load',
      async () => {
        const h = await readHpa('drop');
        return utilization(h) !== undefined && utilization(h) < 45 ? h : undefined;
      },
      { timeoutMs: 2 * MIN, intervalMs: 250 },
    );
    const lastHighRecommendation = statusWritten(low) - SYNC_MS;
    await waitFor('every drop pod sampled at the new load', async () => [...(await samples('drop')).values()].every((v) => v <= 12), { timeoutMs: 2 * MIN, intervalMs: 500 });

    const held = await replayOf('drop', { recommendations: [{ replicas: 4, at: lastHighRecommendation }] });
    assert.equal(held.replay.proposal, 1, held.replay.chain.join(' | '));
    assert.equal(held.replay.desiredReplicas, 4);
    const window = held.replay.limits.find((s) => s.kind === 'scale-down-window');
    assert.ok(window && window.until !== undefined, held.replay.chain.join(' | '));
    assert.equal(window.windowSeconds, 30);
    const until = window.until;
    assert.match(held.replay.summary, /^desired 1 · held at 4 by scale-down window until \d\d:\d\d:\d\d$/);
    // The real controller agrees while the window lasts: still 4, and it says why.
    assert.ok(Date.parse(held.state.now) < until, 'read inside the window');
    assert.equal(held.target.pods.length, 4, 'the controller still ran 4 pods when the state was read');
    const during = held.state.hpas.find((h) => h.metadata?.name === 'drop');
    assert.equal(cond(during, 'AbleToScale')?.reason, 'ScaleDownStabilized');
    const finding = findingsOf(held.state).find((f) => f.id === 'hpa-replicas-held' && f.object?.name === 'drop');
    assert.ok(finding, JSON.stringify(findingsOf(held.state).map((f) => [f.id, f.message])));
    assert.match(finding.message, /^HPA hpa-replicas\/drop stays at 4 replicas while its metrics point to 1: held by the scale-down stabilization window until \d\d:\d\d:\d\d UTC at the latest$/);

    // Then the controller scales to what the replay gives once the window is over, within one sync of its end.
    const scaled = await waitFor('Deployment drop scaled down', async () => ((await replicas('drop')) < 4 ? await readHpa('drop') : undefined), { timeoutMs: 2 * MIN, intervalMs: 250 });
    const after = replayHpa({
      hpa: held.state.hpas.find((h) => h.metadata?.name === 'drop'),
      pods: held.target.pods,
      podMetrics: held.target.podMetrics,
      recommendations: [{ replicas: 4, at: lastHighRecommendation }],
      now: until + 1,
    });
    assert.equal(await replicas('drop'), after.desiredReplicas);
    const lastScale = ms(scaled.status?.lastScaleTime);
    log(`drop: window end predicted ${new Date(until).toISOString()}, controller rescaled at ${scaled.status?.lastScaleTime}`);
    assert.ok(lastScale >= until - 2 * SECOND, `rescaled at ${new Date(lastScale).toISOString()}, before the window's end ${new Date(until).toISOString()}`);
    assert.ok(lastScale <= until + SYNC_MS + 2 * SECOND, `rescaled at ${new Date(lastScale).toISOString()}, more than one sync after the window's end ${new Date(until).toISOString()}`);
  });

  test('load doubles under a 1-pod-per-60-s policy: the replay and the controller both stop at 2, not 4', { timeout: 5 * MIN }, async () => {
    await steady('capped', 1);
    const [original] = [...(await samples('capped')).keys()];
    setUsage('capped', '400m');
    await waitFor('the capped pod sampled at 400m', async () => ((await samples('capped')).get(original) ?? 0) >= 390, { timeoutMs: 2 * MIN, intervalMs: 500 });
    // The controller's input at its decision: the one pod at 200 % of its request (it may have acted already).
    const { replay } = await replayOf('capped', { specReplicas: 1 });
    assert.equal(replay.proposal, 4, replay.chain.join(' | '));
    assert.equal(replay.desiredReplicas, 2);
    assert.deepEqual(replay.limitTexts, ['scale-up policy 1 pod/60 s → 2']);
    assert.deepEqual(replay.scalingLimited, { status: 'True', reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' });

    const scaled = await waitFor('Deployment capped scaled up', async () => ((await replicas('capped')) > 1 ? await readHpa('capped') : undefined), { timeoutMs: 2 * MIN, intervalMs: 250 });
    assert.equal(await replicas('capped'), replay.desiredReplicas);
    // The next syncs: the rescale is inside the policy's 60 s, so the replay (with it as a scale event) and the controller hold 2.
    const rescaledAt = ms(scaled.status?.lastScaleTime);
    const next = await replayOf('capped', { scaleUpEvents: [{ change: 1, at: rescaledAt }] });
    assert.equal(next.replay.desiredReplicas, 2, next.replay.chain.join(' | '));
    assert.ok(next.replay.held.includes('scale-up-policy') || next.replay.held.includes('missing-metrics'), next.replay.chain.join(' | '));
    await waitFor('two more HPA syncs', async () => Date.now() > rescaledAt + 2 * SYNC_MS + SECOND, { timeoutMs: MIN, intervalMs: 500 });
    assert.ok(Date.now() < rescaledAt + 60 * SECOND, "still inside the policy's period");
    assert.equal(await replicas('capped'), 2);
    assert.equal(cond(await readHpa('capped'), 'ScalingLimited')?.reason, 'ScaleUpLimit');
  });

  test('load doubles on newpods: 2 → 4 at once, then the new pods without metrics hold 4 while the status shows 100 % against 50 %', { timeout: 5 * MIN }, async () => {
    await steady('newpods', 2);
    const old = new Set((await samples('newpods')).keys());
    setUsage('newpods', '200m');
    await waitFor('Deployment newpods scaled to 4', async () => (await replicas('newpods')) === 4, { timeoutMs: 2 * MIN, intervalMs: 250 });
    // metrics-server needs two scrapes of a container for a CPU rate: for 10-20 s the new pods have no sample.
    // Read through gatherState until the old pods show the new load and the new ones no sample, with the HPA's
    // status and the Deployment read in the same moment.
    const hold = await waitFor(
      'the old pods sampled at 200m, the new ones without a sample',
      async () => {
        const state = await gatherState(kc, { namespace: NS });
        const t = state.targets[`${NS}/newpods`];
        const sample = (name) => t?.podMetrics?.find((m) => m.metadata.name === name);
        const oldHigh = [...old].every((n) => sample(n) && podCpu(sample(n)) >= 190);
        const fresh = (t?.pods ?? []).filter((p) => !old.has(p.metadata?.name));
        if (!t || t.pods.length !== 4 || !oldHigh || fresh.length !== 2 || fresh.some((p) => p.status?.phase !== 'Running' || sample(p.metadata?.name))) return undefined;
        return { state, hpa: await readHpa('newpods'), deployment: await replicas('newpods') };
      },
      { timeoutMs: MIN, intervalMs: 250 },
    );
    const t = hold.state.targets[`${NS}/newpods`];
    const replay = replayHpa({
      hpa: hold.state.hpas.find((h) => h.metadata?.name === 'newpods'),
      pods: t.pods,
      podMetrics: t.podMetrics,
      specReplicas: t.replicas?.spec,
      now: Date.parse(hold.state.now),
    });
    log(`newpods: ${replay.chain.join(' | ')} :: ${replay.summary}`);
    // Ready pods at 100 % of a 50 % target point to 8; the two without metrics at 0 % make it 50 %: within the tolerance.
    assert.equal(replay.desiredReplicas, 4, replay.chain.join(' | '));
    assert.deepEqual(replay.held, ['missing-metrics']);
    assert.equal(replay.metrics[0].proposal?.naive, 8);
    assert.equal(replay.summary, 'desired 4 · held at 4 by pods without metrics');
    // The controller held 4 too, while its own status (over the pods with samples) says 100 % against 50 %.
    assert.equal(hold.deployment, 4);
    log(`newpods: controller status ${utilization(hold.hpa)} % against 50 %, desiredReplicas ${hold.hpa.status?.desiredReplicas}`);

    // Once the four pods all have usable samples the replay proposes more (the controller's input: those four pods at
    // 4 replicas; a new pod counts as unready until a full sample window after it became ready), and that is the
    // controller's next count.
    const four = new Set(t.pods.map((p) => p.metadata?.name));
    const predicted = await waitFor(
      'the replay of the four newpods pods proposes a scale-up',
      async () => {
        const state = await gatherState(kc, { namespace: NS });
        const ft = state.targets[`${NS}/newpods`];
        if (![...four].every((n) => ft?.podMetrics?.some((m) => m.metadata.name === n))) return undefined;
        const r = replayHpa({
          hpa: state.hpas.find((h) => h.metadata?.name === 'newpods'),
          pods: ft.pods.filter((p) => four.has(p.metadata?.name)),
          podMetrics: ft.podMetrics,
          specReplicas: 4,
          now: Date.parse(state.now),
        });
        return r.desiredReplicas > 4 ? r : undefined;
      },
      { timeoutMs: 2 * MIN, intervalMs: 500 },
    );
    log(`newpods: ${predicted.chain.join(' | ')} :: ${predicted.summary}`);
    await waitFor('Deployment newpods scaled above 4', async () => (await replicas('newpods')) > 4, { timeoutMs: MIN, intervalMs: 250 });
    assert.equal(await replicas('newpods'), predicted.desiredReplicas, predicted.chain.join(' | '));
  });
});

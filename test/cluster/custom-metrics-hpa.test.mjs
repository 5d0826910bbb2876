// The HPA replay on custom metrics against the REAL HPA controller of the local cluster (Kubernetes v1.33.13, `test`
// profile: HPA sync every 5 s), with values served by custom-metrics-apiserver's test-adapter behind the real
// aggregator. Scenario custom-metrics-hpa:
// - flap: traffic rises and a driver writes what a per-pod rate recording rule would give (requests/s over the ready
//   pods) to the Object metric an AverageValue target divides by the pod count again; with no scale-down window the
//   controller really flaps, and the doctor (the product's gatherState and checks) names that cause with the events,
//   the window and the metric's type;
// - perpod: a Pods metric replayed from the per-pod values the custom metrics API returns (not the HPA status): the
//   prediction is the controller's next decision, also while the new pods have no values yet.
//
// Env: KSD_TEST_CLUSTER (cluster name, default ksd-test); KSD_SKIP_CLUSTER_TESTS=1 skips.
import { test, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { up, switchScenario, apis, kubectl, waitFor, PROFILES } from '../../scripts/cluster/lib.mjs';
import { writeMetric } from '../../scripts/cluster/components/custom-metrics.mjs';
import { loadKubeConfig } from '../../src/core/cluster/connect.ts';
import { replayHpa as replayTemplates } from '../../src/core/cluster/hpaReplay.ts';
import { replayInEnglish } from '../helpers.ts';
import { gatherState } from '../../src/core/doctor/state.ts';
import { findingsOf } from '../../src/core/doctor/diagnose.ts';
import { metricValuesOf, replayFromState } from '../../src/core/doctor/hpaReplayInputs.ts';
import { skip } from './skip.mjs';

const replayHpa = (input) => replayInEnglish(replayTemplates(input));

const NAME = process.env.KSD_TEST_CLUSTER || 'ksd-test';
const MIN = 60_000;
const NS = 'custom-metrics-hpa';
const SYNC_MS = Number.parseInt(PROFILES.test.controllerManagerArgs['horizontal-pod-autoscaler-sync-period'], 10) * 1000;
/** flap's traffic once it rises, requests/s; at 100 per pod the controller wants 4 pods for it. */
const TRAFFIC = 400;
const log = (m) => process.stderr.write(`# [cluster] ${m}\n`);

let kc;
let api;

const readHpa = (name) => api.autoscaling.readNamespacedHorizontalPodAutoscaler({ name, namespace: NS });
const replicas = async (name) => (await api.apps.readNamespacedDeployment({ name, namespace: NS })).spec.replicas;
const cond = (h, type) => h.status?.conditions?.find((c) => c.type === type);
const isReady = (p) => !p.metadata?.deletionTimestamp && p.status?.phase === 'Running' && p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
const pods = async (app) => (await api.core.listNamespacedPod({ namespace: NS, labelSelector: `app=${app}` })).items;

async function steady(name, count) {
  await waitFor(
    `HPA ${NS}/${name} active and steady at ${count} replicas`,
    async () => {
      const h = await readHpa(name);
      return cond(h, 'ScalingActive')?.status === 'True' && h.status?.desiredReplicas === count && (await replicas(name)) === count;
    },
    { timeoutMs: 2 * MIN, intervalMs: 1000 },
  );
}

/**
 * What the service's monitoring would publish while traffic is TRAFFIC: requests/s per ready pod, rewritten as the
 * ready pods change (every 500 ms). Records each spec.replicas the Deployment goes through.
 */
function startDriver() {
  const seen = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const ready = (await pods('flap')).filter(isReady).length;
      await writeMetric({ name: NAME, namespace: NS, resource: 'services', object: 'flap', metric: 'requests_per_pod', value: String(Math.round(TRAFFIC / Math.max(ready, 1))) });
      const n = await replicas('flap');
      if (seen[seen.length - 1] !== n) seen.push(n);
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
  return {
    seen,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

/** Each change of a count sequence: +1 up, -1 down. */
const directions = (counts) => counts.slice(1).map((n, i) => Math.sign(n - counts[i]));

describe('HPA on custom metrics against the real HPA controller', { skip, timeout: 20 * MIN }, () => {
  before(
    async () => {
      const r = await up({ scenario: 'custom-metrics-hpa', name: NAME, log, profile: 'test' });
      kc = loadKubeConfig({ kubeconfig: r.kubeconfig });
      api = apis({ name: NAME });
      // The tests move the counts, and the controller remembers recommendations and rescales per HPA: start from the
      // scenario's own objects, and from no events of an earlier run.
      kubectl(['delete', 'namespace', NS, '--ignore-not-found', '--wait=true', '--timeout=120s'], { name: NAME, timeoutMs: 150_000 });
      // The controller forgets an HPA's recommendations only when a sync finds it gone (reconcileKey): an HPA re-created
      // sooner would start from the last run's (perpod's 6 within the default 5 min scale-down window).
      await new Promise((r) => setTimeout(r, 2 * SYNC_MS + 1000));
      await switchScenario('custom-metrics-hpa', { name: NAME, log });
    },
    { timeout: 60 * MIN },
  );

  test('flap: a per-pod rate under an AverageValue target with no scale-down window flaps for real, and the doctor says why', { timeout: 6 * MIN }, async () => {
    await steady('flap', 1);
    const driver = startDriver();
    let state;
    try {
      // Two scale-ups and two scale-downs, each undoing the one before.
      await waitFor(
        'Deployment flap rescaled up and down twice',
        async () => {
          const d = directions(driver.seen);
          return d.filter((x) => x > 0).length >= 2 && d.filter((x) => x < 0).length >= 2;
        },
        { timeoutMs: 3 * MIN, intervalMs: 500 },
      );
      state = await gatherState(kc, { namespace: NS });
    } finally {
      await driver.stop();
    }
    log(`flap: counts ${driver.seen.join(' → ')}`);
    const d = directions(driver.seen);
    assert.ok(
      d.every((x, i) => i === 0 || x === -d[i - 1]),
      `every rescale reverses the one before: ${driver.seen.join(' → ')}`,
    );
    assert.deepEqual([...new Set(driver.seen)].sort(), [1, 4], driver.seen.join(' → '));

    // The controller's own record: SuccessfulRescale events both ways, as the doctor reads them.
    const rescales = state.hpaEvents.filter((e) => e.involvedObject?.name === 'flap' && e.reason === 'SuccessfulRescale');
    const count = (re) => rescales.filter((e) => re.test(e.message)).reduce((n, e) => n + (e.count ?? 1), 0);
    assert.ok(count(/New size: 4; reason: .*requests_per_pod.* above target/) >= 2, JSON.stringify(rescales.map((e) => [e.message, e.count])));
    assert.ok(count(/New size: 1; reason: All metrics below target/) >= 2, JSON.stringify(rescales.map((e) => [e.message, e.count])));

    const findings = findingsOf(state);
    const finding = findings.find((f) => f.id === 'hpa-event-history' && f.object?.name === 'flap');
    assert.ok(finding, JSON.stringify(findings.map((f) => [f.id, f.message])));
    log(`flap: ${finding.message}\n${finding.evidence.join('\n')}`);
    assert.match(
      finding.message,
      /^HPA custom-metrics-hpa\/flap rescaled \d+ times within an hour, up and down \(new sizes .+\): the replica count flaps; likely: Object metric requests_per_pod with an AverageValue target and no scale-down window$/,
    );
    assert.match(
      finding.evidence[0],
      /^likely: Object metric requests_per_pod of Service flap has an AverageValue target \(100 per pod\) and spec\.behavior\.scaleDown\.stabilizationWindowSeconds is 0: /,
    );
    // What the metric's API read in that same moment, replayed: 400 over 1 pod → 4, or 100 over 4 pods → 1 (or a count
    // caught between the two: the driver writes as pods become ready, the controller divides by status.replicas).
    const now = finding.evidence.find((l) => l.startsWith('read now: '));
    assert.match(now ?? '', /^read now: requests_per_pod \d+ \/ 100 per pod × \d+ pods? → \d+ \(at \d+ replicas?\)$/, finding.evidence.join('\n'));
    assert.ok(finding.evidence.some((l) => /SuccessfulRescale .*New size: 4; reason: .*requests_per_pod.* above target/.test(l)));
    assert.ok(finding.evidence.some((l) => /SuccessfulRescale .*New size: 1; reason: All metrics below target/.test(l)));
  });

  test('perpod: a Pods metric replayed from the values the custom metrics API returns per pod is the controller next decision', { timeout: 5 * MIN }, async () => {
    await steady('perpod', 2);
    const original = (await pods('perpod')).filter(isReady).map((p) => p.metadata.name);
    assert.equal(original.length, 2);
    for (const pod of original) await writeMetric({ name: NAME, namespace: NS, resource: 'pods', object: pod, metric: 'http_requests', value: '300' });

    // The doctor's read once the API serves the new values. The controller may have acted already: its input at the
    // decision was the two original pods at 2 replicas, which is what the prediction replays.
    const read = await waitFor(
      'the custom metrics API serves 300 for both perpod pods',
      async () => {
        const state = await gatherState(kc, { namespace: NS });
        const values = state.customMetrics?.reads.find((r) => r.hpa === `${NS}/perpod`)?.values ?? [];
        return original.every((p) => values.some((v) => v.of === p && v.value === '300')) ? state : undefined;
      },
      { timeoutMs: MIN, intervalMs: 500 },
    );
    const hpa = read.hpas.find((h) => h.metadata?.name === 'perpod');
    const values = metricValuesOf(hpa, read.customMetrics.reads);
    const first = replayHpa({ hpa, pods: read.targets[`${NS}/perpod`].pods.filter((p) => original.includes(p.metadata?.name)), metricValues: values, specReplicas: 2, now: Date.parse(read.now) });
    log(`perpod at 2: ${first.chain.join(' | ')} :: ${first.summary}`);
    assert.equal(first.metrics[0].source, 'pods');
    // No behavior: one step may at most double the count or reach 4 (normalizeDesiredReplicas).
    assert.deepEqual(first.chain, ['http_requests 300 / 100 per pod × 2 pods → 6', 'scale-up limit max(2 × current, 4) → 4']);
    await waitFor('Deployment perpod rescaled', async () => (await replicas('perpod')) !== 2, { timeoutMs: MIN, intervalMs: 250 });
    assert.equal(await replicas('perpod'), first.desiredReplicas);

    // At 4 the two new pods have no value: counted as 0 on a scale-up, 600 over 4 pods is 1.5 × the target → 6. The
    // HPA status (300 per pod, over the pods with values) alone would point to 12, 8 after the scale-up limit.
    const four = await waitFor('the four pods the controller counted at 4 replicas', async () => {
      const names = (await pods('perpod')).map((p) => p.metadata.name);
      return names.length >= 4 ? names.slice(0, 4) : undefined;
    });
    assert.ok(original.every((n) => four.includes(n)));
    const atFour = await waitFor('the doctor reads the four perpod pods', async () => {
      const state = await gatherState(kc, { namespace: NS });
      return four.every((n) => state.targets[`${NS}/perpod`]?.pods.some((p) => p.metadata?.name === n)) ? state : undefined;
    });
    const second = replayHpa({
      hpa,
      pods: atFour.targets[`${NS}/perpod`].pods.filter((p) => four.includes(p.metadata?.name)),
      metricValues: metricValuesOf(hpa, atFour.customMetrics.reads),
      specReplicas: 4,
      now: Date.parse(atFour.now),
    });
    log(`perpod at 4: ${second.chain.join(' | ')} :: ${second.summary}`);
    assert.equal(second.desiredReplicas, 6, second.chain.join(' | '));
    assert.match(second.chain[0], /^http_requests 300 \/ 100 per pod × 4 pods → 6 \(12 over all 4 pods by the average alone; 2 pods without metrics counted as 0\)$/);
    const statusAtFour = replayHpa({
      hpa: atFour.hpas.find((h) => h.metadata?.name === 'perpod'),
      pods: atFour.targets[`${NS}/perpod`].pods.filter((p) => four.includes(p.metadata?.name)),
      specReplicas: 4,
      now: Date.parse(atFour.now),
    });
    assert.equal(statusAtFour.desiredReplicas, 8, `the status alone: ${statusAtFour.chain.join(' | ')}`);
    await waitFor('Deployment perpod rescaled again', async () => (await replicas('perpod')) > 4, { timeoutMs: MIN, intervalMs: 250 });
    assert.equal(await replicas('perpod'), second.desiredReplicas);

    // At 6, with 2 of 6 pods valued: 600 over 6 pods is the target, so the controller holds 6, which the doctor's own
    // replay (its read of the API, replayFromState) says; the status alone (300 per pod) would point to 18, 10 at max.
    const held = await waitFor(
      'the doctor reads 6 running perpod pods',
      async () => {
        const state = await gatherState(kc, { namespace: NS });
        const t = state.targets[`${NS}/perpod`];
        return t?.pods.filter(isReady).length === 6 && t.replicas?.spec === 6 ? state : undefined;
      },
      { timeoutMs: MIN, intervalMs: 500 },
    );
    const heldHpa = held.hpas.find((h) => h.metadata?.name === 'perpod');
    const fromState = replayFromState(held, heldHpa);
    const replayed = { ...fromState, replay: replayInEnglish(fromState.replay) };
    log(`perpod at 6: ${replayed.replay.chain.join(' | ')} :: ${replayed.replay.summary}`);
    assert.equal(replayed.fromMetricApis, 1);
    assert.equal(replayed.replay.desiredReplicas, 6);
    assert.deepEqual(replayed.replay.held, ['missing-metrics']);
    assert.equal(replayed.replay.summary, 'desired 6 · held at 6 by pods without metrics');
    const fromStatus = replayHpa({ hpa: heldHpa, pods: held.targets[`${NS}/perpod`].pods, specReplicas: 6, now: Date.parse(held.now) });
    assert.equal(fromStatus.metrics[0].source, 'status');
    assert.equal(fromStatus.desiredReplicas, 10, `the status alone: ${fromStatus.chain.join(' | ')}`);
    // The controller agrees with the per-pod replay over its next syncs.
    const at = Date.now();
    await waitFor('two more HPA syncs', async () => Date.now() > at + 2 * SYNC_MS + 1000, { timeoutMs: MIN, intervalMs: 500 });
    assert.equal(await replicas('perpod'), 6);
    assert.equal((await readHpa('perpod')).status?.desiredReplicas, 6);
  });
});

// The Vertical Pod Autoscaler on the REAL local cluster: the VPA v1.8.1 recommender (the `vpa` component, built from the
// Go module proxy) reads the pods' usage from the real metrics-server and writes the VPA's recommendation. In the
// vpa-hpa-conflict scenario `doctor --format json` names the conflict with that recommendation first; with the VPA set
// to updateMode Off the finding is gone. The Cluster view's data layer (a ClusterSession) puts that recommendation beside
// each container's requests, and the missing-request fix's measured values take its target. The component's build runs first (it waits for the background build of
// scripts/run-tests.mjs), so this file runs after the files that need only the cluster.
//
// Env: KSD_TEST_CLUSTER (cluster name, default ksd-test); KSD_SKIP_CLUSTER_TESTS=1 skips.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { up, switchScenario, kubectl, waitFor, BIN, HERE } from '../../scripts/cluster/lib.mjs';
import { componentContext } from '../../scripts/cluster/components/index.mjs';
import vpa from '../../scripts/cluster/components/vpa.mjs';
import { loadKubeConfig } from '../../src/core/cluster/connect.ts';
import { ClusterSession } from '../../src/core/cluster/session.ts';
import { parseQuantity, milliValue, wholeValue } from '../../src/core/k8s/quantity.ts';
import { cpuRequestText, memoryRequestText } from '../../src/core/k8s/requestSuggestion.ts';
import { UsageRequests } from '../../src/extension/live/usageRequests.ts';
import { skip } from './skip.mjs';

const NAME = process.env.KSD_TEST_CLUSTER || 'ksd-test';
const MIN = 60_000;
const NS = 'vpa-hpa-conflict';
const log = (m) => process.stderr.write(`# [cluster] ${m}\n`);
const CLI = path.join(HERE, '..', '..', 'dist', 'cli.js');

let kubeconfig;

/** `doctor --format json` on one namespace, as users run it. */
function doctorJson(namespace) {
  const r = spawnSync(process.execPath, [CLI, 'doctor', '--kubeconfig', kubeconfig, '--kubectl', BIN.kubectl, '--namespace', namespace, '--format', 'json'], { encoding: 'utf8', timeout: 3 * MIN });
  assert.ok(r.stdout.trim().startsWith('{'), `doctor printed no JSON (exit ${r.status}): ${r.stderr}`);
  return { code: r.status, findings: JSON.parse(r.stdout).findings };
}

const summary = (findings) => JSON.stringify(findings.map((f) => [f.id, f.message]));
const k = (args) => kubectl(args, { name: NAME }).stdout;
const readVpa = () => JSON.parse(k(['-n', NS, 'get', 'verticalpodautoscaler', 'web', '-o', 'json']));

describe('the VPA recommender on the local cluster', { skip, timeout: 30 * MIN }, () => {
  before(
    async () => {
      if (!fs.existsSync(CLI)) throw new Error(`${CLI} missing: run node scripts/build.mjs first (npm test does)`);
      await vpa.build(componentContext({ name: NAME, log }));
      ({ kubeconfig } = await up({ scenario: 'healthy', name: NAME, log, profile: 'test' }));
    },
    // Long: on a fresh machine it waits for build.sh --extras (CoreDNS, Karpenter, custom-metrics, then this one, cold).
    { timeout: 60 * MIN },
  );

  test('vpa-hpa-conflict: the real recommender writes a recommendation, and the doctor names the conflict first with it', async () => {
    await switchScenario(NS, { name: NAME, log });
    const status = readVpa().status;
    const provided = status.conditions.find((c) => c.type === 'RecommendationProvided');
    assert.equal(provided?.status, 'True', JSON.stringify(status));
    const [rec, ...others] = status.recommendation.containerRecommendations;
    assert.equal(others.length, 0, 'one container, one recommendation');
    assert.equal(rec.containerName, 'web');
    // Real values: positive quantities with lowerBound ≤ target ≤ upperBound (the upper bound is wide while few samples are in).
    for (const r of ['cpu', 'memory']) {
      const [lower, target, upper] = ['lowerBound', 'target', 'upperBound'].map((b) => parseQuantity(String(rec[b]?.[r] ?? '')));
      assert.ok(lower.ok && target.ok && upper.ok && lower.nanos > 0n, `${r}: ${JSON.stringify(rec)}`);
      assert.ok(lower.nanos <= target.nanos && target.nanos <= upper.nanos, `${r}: ${JSON.stringify(rec)}`);
    }

    const { code, findings } = doctorJson(NS);
    assert.equal(findings[0]?.id, 'vpa-hpa-conflict', summary(findings));
    assert.equal(code, 0, 'warnings only: exit 0 (docs/doctor.md, Exit codes)');
    assert.equal(
      findings[0].message,
      `Deployment ${NS}/web: VerticalPodAutoscaler web (updateMode Recreate by default) sets its cpu requests while HorizontalPodAutoscaler web scales it on cpu Utilization`,
    );
    // The recommendation quoted is the one the recommender wrote (read again: it may have moved since).
    const now = readVpa().status.recommendation.containerRecommendations[0];
    const line = findings[0].evidence.find((l) => l.startsWith(`VerticalPodAutoscaler ${NS}/web recommends for container web: target `));
    assert.ok(line, findings[0].evidence.join('\n'));
    assert.ok(
      [rec, now].some((r) => line.includes(`target cpu ${r.target.cpu}, memory ${r.target.memory}`)),
      `${line} vs ${JSON.stringify([rec, now])}`,
    );
    assert.ok(
      findings[0].evidence.some((l) => /^ScalingActive=True ValidMetricFound/.test(l)),
      findings[0].evidence.join('\n'),
    );
  });

  test("the Cluster view's session shows the recommendation beside each container's requests, as the VPA holds it", async () => {
    const session = new ClusterSession(loadKubeConfig({ kubeconfig }), { namespace: NS, batchMs: 50 });
    try {
      await session.start();
      const amount = (q, unit) => {
        const p = parseQuantity(q);
        assert.ok(p.ok, q);
        return Number(unit === 'cpu' ? milliValue(p) : wholeValue(p));
      };
      let rows;
      // The recommender may write a new value between our two reads: compare with the VPA read after the rows.
      await waitFor(
        'the pod rows of vpa-hpa-conflict/web carry the VPA recommendation the VPA holds',
        async () => {
          rows = session.snapshot().pods.filter((p) => p.workload?.name === 'web');
          const rec = readVpa().status.recommendation.containerRecommendations[0];
          return (
            rows.length >= 1 &&
            rows.every((p) => {
              const c = p.containers.find((x) => x.name === 'web');
              return c?.recommendation?.target.cpuMilli === amount(rec.target.cpu, 'cpu') && c.recommendation.upperBound.memoryBytes === amount(rec.upperBound.memory, 'memory');
            })
          );
        },
        { timeoutMs: MIN },
      );
      const c = rows[0].containers[0];
      assert.deepEqual(c.request, { cpuMilli: 250, memoryBytes: 128 * 2 ** 20 }, 'the requests as written: no updater runs');
      assert.equal(c.recommendation.vpa, 'web');
      assert.equal(c.recommendation.updateMode, 'Recreate');
      // What the missing-request quick fix is then sent (the extension's kubeScalingDoctor/liveRequests): that target, rounded.
      const offered = new UsageRequests().values(session)[`${NS}/Deployment/web/web`];
      const source = `the target of VerticalPodAutoscaler ${NS}/web, rounded up`;
      assert.deepEqual(offered, {
        cpu: { value: cpuRequestText(c.recommendation.target.cpuMilli), source: `${source} from ${c.recommendation.target.cpuMilli}m` },
        memory: { value: memoryRequestText(c.recommendation.target.memoryBytes), source: `${source} from ${c.recommendation.target.memoryBytes} bytes` },
      });
    } finally {
      session.dispose();
    }
  });

  test('the VPA set to updateMode Off (recommendations only): no conflict, the recommendation stays', async () => {
    k(['-n', NS, 'patch', 'verticalpodautoscaler', 'web', '--type=merge', '-p', '{"spec":{"updatePolicy":{"updateMode":"Off"}}}']);
    const { findings } = doctorJson(NS);
    assert.deepEqual(
      findings.filter((f) => f.id === 'vpa-hpa-conflict'),
      [],
      summary(findings),
    );
    await waitFor('the recommender still writes the recommendation of a VPA in mode Off', async () => readVpa().status?.recommendation?.containerRecommendations?.length === 1, { timeoutMs: MIN });
  });
});

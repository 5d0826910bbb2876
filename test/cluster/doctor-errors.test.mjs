// The articles' errors that the local cluster produces for real (issue 15): metrics-server refused by RBAC (its real
// ServiceAccount token, a ClusterRole without `nodes`), an HPA on extensions/v1beta1 (FailedGetScale), and
// metrics-server's warm-up right after it (re)starts, judged by its container's start. The other errors of the articles (kubelet 403, front-proxy CN, context canceled, another
// node's certificate…) are tested in test/unit/doctor with their verbatim log lines.
//
// Env: KSD_TEST_CLUSTER (cluster name, default ksd-test); KSD_SKIP_CLUSTER_TESTS=1 skips.
import { test, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { up, switchScenario, apis, BIN } from '../../scripts/cluster/lib.mjs';
import { loadKubeConfig } from '../../src/core/cluster/connect.ts';
import { diagnose } from '../../src/core/doctor/diagnose.ts';
import { skip } from './skip.mjs';

const NAME = process.env.KSD_TEST_CLUSTER || 'ksd-test';
const MIN = 60_000;
const log = (m) => process.stderr.write(`# [cluster] ${m}\n`);

let kc;
let api;

async function findings() {
  const r = await diagnose(kc, { kubectlPath: BIN.kubectl });
  assert.equal(r.reached, true);
  assert.deepEqual(r.problems, [], JSON.stringify(r.problems));
  return r.findings;
}

function only(all, id) {
  const hits = all.filter((f) => f.id === id);
  assert.equal(hits.length, 1, `one ${id} finding in: ${JSON.stringify(all.map((f) => [f.id, f.message]))}`);
  return hits[0];
}

describe("the articles' errors on the local cluster", { skip, timeout: 40 * MIN }, () => {
  before(
    async () => {
      const r = await up({ scenario: 'healthy', name: NAME, log, profile: 'test' });
      kc = loadKubeConfig({ kubeconfig: r.kubeconfig });
      api = apis({ name: NAME });
    },
    { timeout: 30 * MIN },
  );

  test('metrics-server-rbac: a ClusterRole without nodes is named from the real refusal of the ServiceAccount token', { timeout: 8 * MIN }, async () => {
    await switchScenario('metrics-server-rbac', { name: NAME, log });
    const role = await api.kc.makeApiClient(k8s.RbacAuthorizationV1Api).readClusterRole({ name: 'system:metrics-server' });
    assert.ok(!role.rules.some((r) => r.resources.includes('nodes')), 'the scenario removed nodes from the ClusterRole');
    const all = await findings();
    const f = only(all, 'metrics-server-rbac');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /refused: list nodes/);
    assert.ok(
      f.evidence.some((l) => /nodes is forbidden: User \\?"system:serviceaccount:kube-system:metrics-server\\?" cannot list resource \\?"nodes\\?"/.test(l)),
      f.evidence.join('\n'),
    );
    assert.match(f.explanation, /`list` \(with get, list, watch\) on nodes: a rule of ClusterRole system:metrics-server/);
    // Article 002's HPA on extensions/v1beta1, in the same scenario: the controller's real FailedGetScale.
    const legacy = all.filter((x) => x.id === 'hpa-target-removed-api');
    assert.equal(legacy.length, 1, JSON.stringify(all.map((x) => [x.id, x.message])));
    assert.equal(legacy[0].object.name, 'legacy');
    assert.match(legacy[0].evidence[0], /^AbleToScale=False FailedGetScale: the HPA controller was unable to get the target's current scale: no matches for kind "Deployment" in group "extensions"/);
    assert.ok(legacy[0].evidence.includes('spec.scaleTargetRef: extensions/v1beta1 Deployment web'), legacy[0].evidence.join('\n'));
  });

  test('metrics-server-warming-up: right after metrics-server restarts, "wait" from its own start time', { timeout: 8 * MIN }, async () => {
    await switchScenario('metrics-server-warmup', { name: NAME, log });
    const pods = (await api.core.listNamespacedPod({ namespace: 'kube-system', labelSelector: 'k8s-app=metrics-server' })).items;
    const started = pods.flatMap((p) => p.status?.containerStatuses ?? []).map((c) => c.state?.running?.startedAt);
    assert.ok(started.length >= 1 && started.every(Boolean), 'metrics-server runs');
    const f = only(await findings(), 'metrics-server-warming-up');
    assert.equal(f.severity, 'info', f.message);
    assert.match(f.message, /^metrics-server started \d+ s ago: wait for its first scrapes \(about 2 min 30 s after the start\)/);
    const newest = new Date(Math.max(...started.map((t) => new Date(t).getTime()))).toISOString();
    assert.ok(f.evidence[0].startsWith(`metrics-server container started at ${newest}`), f.evidence[0]);
    // The HPA's pods are older than metrics-server's run; the finding is about metrics-server's start, not theirs.
    const web = (await api.core.listNamespacedPod({ namespace: 'metrics-server-warmup', labelSelector: 'app=web' })).items;
    assert.ok(web.length >= 2);
  });
});

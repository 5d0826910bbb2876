// The local cluster's progress while `npm start` builds it in the background: build.sh's progress file read into a
// fraction and a time estimate (scripts/cluster/lib/progress.mjs), the cluster's progress file it writes, and what
// the extension makes of that file (src/extension/cluster/localCluster.ts): the status bar's and Cluster view's text.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { localClusterText, LOCAL_PROGRESS_FILE, parseLocalProgress, progressFileFor, readLocalProgress } from '../../src/extension/cluster/localCluster';
import { childrenOf } from '../../src/extension/explorer/children';
import type { ClusterProblem } from '../../src/core/cluster/types';
import type { BuildProgress } from '../../scripts/cluster/lib/progress.mjs';

const progress = () => import('../../scripts/cluster/lib/progress.mjs');
const compiling: BuildProgress = { phase: 'compiling', group: 'k8s', done: 800, total: 4000, compileSeconds: 240, listSeconds: 40, log: '/c/logs/build-k8s.log' };

test("build.sh's progress file: garbage and foreign shapes are no progress; counts are clamped", async () => {
  const { parseBuildProgress } = await progress();
  for (const raw of [undefined, null, 'x', 42, [], {}, { phase: 'cooking', done: 1, total: 2 }]) assert.equal(parseBuildProgress(raw), undefined, JSON.stringify(raw));
  assert.deepEqual(parseBuildProgress({ phase: 'compiling', done: 5000, total: 4000 }), { phase: 'compiling', group: '', done: 4000, total: 4000, compileSeconds: 0, listSeconds: 0, log: '' });
  assert.equal(parseBuildProgress({ phase: 'compiling', done: -3, total: 'many' })?.done, 0);
});

test('time left: from the recorded timings of an earlier build, else from this build once it has a rate', async () => {
  const { estimateSecondsLeft, parseTimings } = await progress();
  const timings = parseTimings({ packages: 4000, compileSeconds: 1600, listSeconds: 60 });
  // 3200 packages left at the earlier build's 0.4 s a package.
  assert.equal(estimateSecondsLeft(compiling, timings), 1280);
  // No timings (the first run on a machine): this build's 0.3 s a package so far.
  assert.equal(estimateSecondsLeft(compiling, undefined), 960);
  // Too early to say: the first packages (the standard library) are the quick ones.
  assert.equal(estimateSecondsLeft({ ...compiling, done: 50, compileSeconds: 10 }, undefined), undefined);
  // Listing (modules downloading): the earlier build's listing time still to come plus its compile time.
  assert.equal(estimateSecondsLeft({ ...compiling, phase: 'listing', done: 0, total: 0 }, timings, 20), 40 + 1600);
  assert.equal(estimateSecondsLeft({ ...compiling, phase: 'listing', done: 0, total: 0 }, undefined, 20), undefined);
  assert.equal(estimateSecondsLeft({ ...compiling, phase: 'done' }, undefined), 0);
  assert.equal(parseTimings({ packages: 0, compileSeconds: 5 }), undefined);
});

test("the terminal's line: a percentage of the known total, never 100 % before the links", async () => {
  const { buildProgressLine, percent } = await progress();
  assert.equal(buildProgressLine(compiling, 540), 'building the local cluster: 20 % (800 of 4000 packages), ≈ 9 min left');
  assert.equal(buildProgressLine(compiling, undefined), 'building the local cluster: 20 % (800 of 4000 packages), estimating the time left');
  assert.equal(buildProgressLine(compiling, 30), 'building the local cluster: 20 % (800 of 4000 packages), less than a minute left');
  assert.equal(buildProgressLine(compiling, 3900), 'building the local cluster: 20 % (800 of 4000 packages), ≈ 1 h 5 min left');
  assert.equal(percent(4000, 4000), 99);
  assert.equal(percent(0, 0), 0);
  assert.match(buildProgressLine({ ...compiling, phase: 'listing' }, undefined), /downloading modules and counting packages/);
});

test('the cluster progress file npm start writes is what the extension reads', async () => {
  const { clusterProgressOfBuild, writeClusterProgress, CLUSTER_PROGRESS_FILE } = await progress();
  assert.equal(CLUSTER_PROGRESS_FILE, LOCAL_PROGRESS_FILE);
  const dir = mkdtempSync(join(tmpdir(), 'ksd-progress-'));
  try {
    const file = progressFileFor(join(dir, 'kubeconfig.yaml'));
    assert.equal(file, join(dir, LOCAL_PROGRESS_FILE));
    assert.equal(readLocalProgress(file), undefined, 'no file yet');
    writeClusterProgress(dir, clusterProgressOfBuild(compiling, 540));
    // This process wrote it, so it is alive.
    assert.deepEqual(readLocalProgress(file), {
      phase: 'building',
      done: 800,
      total: 4000,
      etaSeconds: 540,
      message: 'building the local cluster: 20 % (800 of 4000 packages), ≈ 9 min left',
      log: compiling.log,
    });
    // A killed npm start: its build will never finish.
    assert.equal(
      readLocalProgress(file, () => false),
      undefined,
    );
    writeFileSync(file!, '{"phase":"building","do');
    assert.equal(readLocalProgress(file), undefined, 'half a file');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a cluster that is up outlives npm start; a failure of a gone npm start is old news', () => {
  const gone = () => false;
  assert.equal(parseLocalProgress({ phase: 'ready', message: 'up', pid: 1 }, gone)?.phase, 'ready');
  assert.equal(parseLocalProgress({ phase: 'failed', message: 'x', pid: 1 }, gone), undefined);
  assert.equal(
    parseLocalProgress({ phase: 'starting', message: 'x' }, () => true),
    undefined,
    'no writer named',
  );
});

test('status bar and Cluster view text: percentage and time left, what happens next in the tooltip', () => {
  const building = { phase: 'building' as const, done: 1640, total: 4000, etaSeconds: 540, message: '', log: '/c/logs/build-k8s.log' };
  assert.equal(localClusterText(building).label, 'Local cluster: building 41 % (≈ 9 min left)');
  // The view's row: the percentage first, the time left as its description (rows are cut at the sidebar's width).
  assert.equal(localClusterText(building).title, 'Local cluster: building 41 %');
  assert.equal(localClusterText(building).detail, '≈ 9 min left');
  assert.match(localClusterText(building).tooltip, /1640 of 4000 packages compiled\. The Cluster view connects by itself when the cluster is up\.\nLog: \/c\/logs\/build-k8s\.log/);
  assert.equal(localClusterText({ phase: 'building', message: '' }).label, 'Local cluster: building (downloading modules)');
  assert.equal(localClusterText({ phase: 'building', etaSeconds: 1500, message: '' }).label, 'Local cluster: building (≈ 25 min left)');
  assert.equal(localClusterText({ ...building, etaSeconds: undefined }).label, 'Local cluster: building 41 %');
  assert.equal(localClusterText({ ...building, done: 4000 }).label, 'Local cluster: building 99 % (≈ 9 min left)');
  assert.equal(localClusterText({ phase: 'starting', message: '' }).label, 'Local cluster: starting');
  const failed = localClusterText({ phase: 'failed', message: 'the local cluster did not come up: kwokctl create cluster failed' });
  assert.equal(failed.label, 'Local cluster: did not come up');
  assert.equal(failed.tooltip, 'the local cluster did not come up: kwokctl create cluster failed');
});

test('Cluster view: a cluster on its way up replaces "no kubeconfig"; one that failed comes above the problem', () => {
  const noKubeconfig: ClusterProblem = { kind: 'kubeconfig', title: 'No kubeconfig found', message: 'kubeconfig.yaml does not exist' };
  const building = { phase: 'building' as const, done: 10, total: 100, message: '' };
  assert.deepEqual(
    childrenOf(undefined, undefined, noKubeconfig, undefined, building).map((r) => r.kind),
    ['localCluster'],
  );
  assert.deepEqual(
    childrenOf(undefined, undefined, noKubeconfig, undefined, { phase: 'failed', message: 'x' }).map((r) => r.kind),
    ['localCluster', 'problem'],
  );
  assert.deepEqual(
    childrenOf(undefined, undefined, noKubeconfig, undefined, { phase: 'ready', message: '' }).map((r) => r.kind),
    ['problem'],
  );
  assert.deepEqual(
    childrenOf(undefined, undefined, noKubeconfig).map((r) => r.kind),
    ['problem'],
  );
});

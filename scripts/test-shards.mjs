// How scripts/run-tests.mjs spreads the test files that need the local cluster over several clusters at once,
// and how it reads each shard's counts back. The cluster suite mostly WAITS on controller loops (HPA syncs,
// metrics-server scrapes: ≈ 70 CPU-s in ≈ 1,050 s wall), so clusters side by side cut its wall time on two cores.
// Plain functions, no side effects but reading scripts/cluster/components/: test/unit/test-shards.test.ts uses them.
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Wall seconds of each file at the `test` profile (docs/benchmarks.md, 2026-12-05): the weights of the split. */
export const MEASURED_SECONDS = Object.freeze({
  'scenarios.test.mjs': 350,
  'cluster-views.test.mjs': 231,
  'doctor-diagnose.test.mjs': 214,
  'doctor-repair.test.mjs': 191,
  'doctor-errors.test.mjs': 226,
  'explorer-data.test.mjs': 145,
  'coredns.test.mjs': 43,
  'doctor-karpenter.test.mjs': 60, // 2026-12-06, on a cluster already up, machine under load
  // 2026-12-06, warm binary, on a cluster already up (ksd-karp), load average ≈ 20: 181 s.
  'karpenter.test.mjs': 181,
  // Measured 2026-12-06 on its own cluster (reused, scenario switches only): 127 s.
  'cluster-autoscaler.test.mjs': 127,
  'custom-metrics.test.mjs': 176,
  // 2026-12-06 on its own cluster (ksd-h18, already up; namespace re-created, three load changes): 141 s.
  'hpa-replicas.test.mjs': 141,
  // 2026-12-06 on its own cluster (ksd-flap, already up; namespace re-created, flapping and three Pods-metric decisions):
  // 81 s, and 177 s when its switch also deleted another scenario's namespace on a loaded machine.
  'custom-metrics-hpa.test.mjs': 120,
  // 2026-12-06 on a cluster already up (ksd-flap), build and code-server start included: 180 s.
  'cluster-hpa-held.test.mjs': 180,
  // 2026-12-06, binary present, on a cluster already up (ksd-v17), load average ≈ 7.
  'vpa.test.mjs': 79,
  // 2026-12-06 on a cluster already up (ksd-n16), warm Karpenter binary, machine under the lead's cold build: 57 s and 52 s.
  'karpenter-cluster-view.test.mjs': 57,
  'cluster-node-autoscaling.test.mjs': 52,
  // 2026-12-06 on its own cluster (ksd-zh), created by the file (13 s), code-server start included: 33 s; 20 s on the cluster already up.
  'cluster-locale.test.mjs': 33,
  // 2026-12-06 on its own cluster (ksd-keda, already up), KEDA built, load average ≈ 10–12: 354 s with 5 tests, 323 s
  // with 7 (keda-operator-down waits 125 s for the operator's Lease to go stale).
  'keda.test.mjs': 402,
  'components.test.mjs': 2,
  'profiles.test.mjs': 1,
  'runner-args.test.mjs': 1,
  'test-shards.test.mjs': 1,
  'test-run-lock.test.mjs': 1,
});
/** A file not measured yet weighs as a typical cluster file of a few scenarios; measure it and add it above. */
const UNMEASURED_SECONDS = 120;
/** Stops its shard's cluster and checks it is gone: the last file of every shard. */
export const TEARDOWN = 'zz-teardown.test.mjs';

const componentsDir = join(dirname(fileURLToPath(import.meta.url)), 'cluster', 'components');
/** `up --with` components (scripts/cluster/components/<name>.mjs); test/cluster/<name>.test.mjs is a component's test. */
export const COMPONENT_NAMES = readdirSync(componentsDir)
  .filter((f) => f.endsWith('.mjs') && f !== 'index.mjs')
  .map((f) => f.replace(/\.mjs$/, ''));

/** The cluster of each shard: the first keeps the name (CI's ksd-test), the others add -2, -3, … to it. */
export const shardClusters = (base, count) => Array.from({ length: count }, (_, i) => (i === 0 ? base : `${base}-${i + 1}`));

const weight = (file) => MEASURED_SECONDS[basename(file)] ?? UNMEASURED_SECONDS;

/**
 * Order inside a shard: first the files that need only the cluster (by name), then the components' tests (their
 * binaries are built in the background while the others run, and each test waits for its build) and the other files
 * of a component, named `<component>-*.test.mjs` (Karpenter's scenarios remove nodes, whose scrape errors stay in
 * metrics-server's log for the files after them), then the VS Code ones (test/vscode/cluster.mjs stops the cluster
 * after its last scenario), then the teardown.
 */
function rank(file) {
  const name = basename(file).replace(/\.test\.mjs$/, '');
  if (basename(file) === TEARDOWN) return 3;
  if (basename(dirname(file)) === 'vscode') return 2;
  return COMPONENT_NAMES.some((c) => name === c || name.startsWith(`${c}-`)) ? 1 : 0;
}
const inShardOrder = (a, b) => rank(a) - rank(b) || a.localeCompare(b);

/**
 * Splits `files` over at most `count` clusters, balanced by their measured seconds (longest first, each to the
 * lightest shard). Every file lands in exactly one shard, except the teardown, which each shard runs for its own
 * cluster. Returns one `{cluster, files, seconds}` per non-empty shard.
 * @param {string[]} files
 * @param {{count: number, baseCluster: string}} options
 */
export function planShards(files, { count, baseCluster }) {
  const teardown = files.filter((f) => basename(f) === TEARDOWN);
  const work = files.filter((f) => basename(f) !== TEARDOWN).sort((a, b) => weight(b) - weight(a) || a.localeCompare(b));
  const n = Math.max(1, Math.min(Math.floor(count) || 1, work.length));
  const shards = shardClusters(baseCluster, n).map((cluster) => ({ cluster, files: /** @type {string[]} */ ([]), seconds: 0 }));
  for (const file of work) {
    const lightest = shards.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    lightest.files.push(file);
    lightest.seconds += weight(file);
  }
  for (const s of shards) s.files = [...s.files, ...teardown].sort(inShardOrder);
  return shards;
}

/** The counts node's test runner prints at the end, in its TAP (`# pass 3`) and spec (`ℹ pass 3`) reporters. */
export const COUNT_NAMES = ['tests', 'pass', 'fail', 'cancelled', 'skipped', 'todo'];
const COUNT_LINE = /^(?:#|ℹ) (tests|pass|fail|cancelled|skipped|todo) (\d+)$/;
/** A failed test: TAP `not ok 3 - name`, spec `✖ name (12ms)`. */
const FAILED_LINE = /^\s*(?:not ok \d+ - |✖ )(.+?)(?: \([\d.]+m?s\))?$/;

/** Why a test failed: TAP's `error:` field, spec's `Error: …` line, or the VS Code suite's `FAIL step` log line. */
const REASON_LINE = /^\s*(?:#\s+)?(?:error: |FAIL |\w*Error(?: \[\w+\])?: )/;
/** Where a reason ends: the next field of TAP's block, its end, a stack frame, the next test. */
const REASON_END =
  /^\s*(?:#\s*)?(?:(?:code|stack|failureType|expected|actual|operator|name|type|location|duration_ms|cause):|\.\.\.$|---$|at |(?:not )?ok \d|Subtest:|\d+\.\.\d+$|(?:tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) [\d.]+$)/;
const REASON_LINES = 4;
const MAX_REASONS = 16;

/**
 * Reads one shard's output line by line: the final counts (the last value of each), the failed tests, and the first
 * lines saying why (a failure can scroll far above the summary, and CI keeps only the end of the output).
 */
export function summaryReader() {
  /** @type {Record<string, number>} */
  const counts = {};
  /** @type {string[]} */
  const failed = [];
  /** @type {string[]} */
  const reasons = [];
  let following = 0;
  // Between a failed test's line and the next test: the diagnostics after it are its own (node prints them there).
  let inFailure = false;
  return {
    /** @param {string} line */
    line(line) {
      const c = COUNT_LINE.exec(line.trimEnd());
      if (c) counts[c[1]] = Number(c[2]);
      const f = FAILED_LINE.exec(line.trimEnd());
      // spec's closing list of failures is headed "✖ failing tests:".
      if (f && f[1] !== 'failing tests:' && !failed.includes(f[1])) failed.push(f[1]);
      if (f) inFailure = true;
      else if (/^\s*(?:ok \d|# Subtest:)/.test(line)) inFailure = false;
      if (!inFailure || /\d+ subtests? failed/.test(line)) following = 0;
      else if (REASON_LINE.test(line)) following = REASON_LINES;
      else if (REASON_END.test(line)) following = 0;
      const text = line
        .replace(/^\s*(?:#\s*)?/, '')
        .trimEnd()
        .slice(0, 300);
      if (following && text && text !== 'error: |-' && reasons.length < MAX_REASONS) {
        // spec prints each error twice: beside its test and in the closing list.
        if (!reasons.includes(text)) reasons.push(text);
        following--;
      }
    },
    /** Up to 16 lines of why, in the order they came. */
    reasons: () => [...reasons],
    /** The counts, or null when the run ended before it printed them (a crash or a signal). */
    counts: () => (COUNT_NAMES.every((k) => k in counts) ? { ...counts } : null),
    failed: () => [...failed],
  };
}

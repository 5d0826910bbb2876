// Runs the checks and test suites. Usage: node scripts/run-tests.mjs [lint] [unit] [lsp] [cluster] [vscode]
// With no argument (`npm test`) everything runs: lint, then every suite.
//
// Work that needs no local cluster overlaps the cluster's Go build and the cluster tests: when a selected suite needs
// the cluster and `scripts/cluster/build.sh --check --core` finds a binary missing, that build starts in the
// background first (its lines prefixed `[build]`, on stderr), then lint and the dist build run; then the tests that
// need no cluster start in the background (`nice -n 10`, their lines prefixed `[no-cluster]`) and the runner starts
// the tests that need the cluster as soon as the core build is done (at once when nothing was missing): the cluster
// tests mostly wait on controller loops, so the two CPU-bound parts (the Go build, then these tests and the
// components' builds) fill the time they spend waiting. The components' own builds (`build.sh --extras`: CoreDNS,
// the custom-metrics adapter, Karpenter, KEDA, VPA) go on in the background after the core build; their tests run
// last in their shard and wait for them.
// The tests that need the cluster run on KSD_TEST_SHARDS clusters at once (default 2; scripts/test-shards.mjs
// splits and orders the files; each shard runs its files one by one, its lines prefixed with its cluster's name,
// and the runner adds up the counts).
// A failed build is an error that names its logs, never a hang. The exit code is the first failure's (node's
// test runner: 1 on a failed test).
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import { basename, join } from 'node:path';
import readline from 'node:readline';
import { CACHE_DIR } from './cluster/lib/state.mjs';
import { claimTestClusters } from './test-run-lock.mjs';
import { COUNT_NAMES, planShards, summaryReader } from './test-shards.mjs';

const STEPS = ['lint', 'unit', 'lsp', 'cluster', 'vscode'];
const SUITES = STEPS.filter((s) => s !== 'lint');
const args = process.argv.slice(2);
const unknown = args.filter((a) => !STEPS.includes(a));
if (unknown.length) {
  console.error(`run-tests: unknown suite ${unknown.join(', ')}; known: ${STEPS.join(', ')}`);
  process.exit(2);
}
const selected = args.length ? args : STEPS;
const suites = SUITES.filter((s) => selected.includes(s));

const color = process.stderr.isTTY && !process.env.NO_COLOR;
const red = (s) => (color ? `\x1b[31m${s}\x1b[0m` : s);
const say = (msg) => process.stderr.write(`[run-tests] ${msg}\n`);

function listTests(dir) {
  let out = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries.sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(listTests(p));
    else if (/\.test\.(ts|mjs)$/.test(name)) out.push(p);
  }
  return out;
}

/** Test files that start the local cluster: test/cluster/ and test/vscode/cluster-*.test.mjs. */
const needsCluster = (file) => file.startsWith(join('test', 'cluster')) || (file.startsWith(join('test', 'vscode')) && basename(file).startsWith('cluster-'));

/** Runs a command with inherited output; resolves with its exit code (a signal counts as failure). */
function run(cmd, cmdArgs) {
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, { stdio: 'inherit' });
    child.on('error', (e) => {
      say(red(`cannot run ${cmd}: ${e.message}`));
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const TEST_ARGS = ['--import', 'tsx', '--test', '--test-concurrency=1'];
/** Lowered priority of the tests that need no cluster beside the cluster tests: below those, level with the components' builds. */
const BESIDE_CLUSTER_NICE = 10;

/** Starts `scripts/cluster/build.sh part` in its own process group; resolves with {code} when it ends. */
function startClusterBuild(part) {
  const t0 = Date.now();
  // KSD_BUILD_PARENT_PID: build.sh stops its process group when this runner is gone, also after a SIGKILL.
  const child = spawn('bash', [join('scripts', 'cluster', 'build.sh'), part], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, KSD_BUILD_PARENT_PID: String(process.pid) },
  });
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => process.stderr.write(line.startsWith('[build]') ? `${line}\n` : `[build] ${line}\n`));
  }
  let ended = false;
  const done = new Promise((resolve) => {
    child.on('error', (e) => resolve({ code: 1, error: e.message, seconds: (Date.now() - t0) / 1000 }));
    child.on('exit', (code, signal) => resolve({ code: code ?? 1, signal, seconds: (Date.now() - t0) / 1000 }));
  });
  child.on('exit', () => (ended = true));
  const stop = () => {
    if (ended || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  return { done, stop };
}

const files = suites.flatMap((s) => listTests(join('test', s)));
if (suites.length && files.length === 0) {
  console.error('no test files found for suites: ' + suites.join(', '));
  process.exit(1);
}
const early = files.filter((f) => !needsCluster(f));
const late = files.filter(needsCluster);

const skipCluster = process.env.KSD_SKIP_CLUSTER_TESTS === '1';
let baseCluster = process.env.KSD_TEST_CLUSTER || 'ksd-test';
if (late.length && !skipCluster) {
  const claim = claimTestClusters(baseCluster, { dir: join(CACHE_DIR, 'test-runs'), chosen: Boolean(process.env.KSD_TEST_CLUSTER) });
  if (!claim.ok) {
    console.error(`run-tests: ${claim.message}`);
    process.exit(2);
  }
  if (claim.note) say(claim.note);
  baseCluster = claim.base;
}
const shardCount = skipCluster ? 1 : Number(process.env.KSD_TEST_SHARDS || 2);
if (!Number.isInteger(shardCount) || shardCount < 1) {
  console.error(`run-tests: KSD_TEST_SHARDS must be a whole number of clusters, 1 or more (got "${process.env.KSD_TEST_SHARDS}")`);
  process.exit(2);
}

/** Background builds, stopped when the runner ends. */
const builds = [];
const buildMissing = (part) => spawnSync('bash', [join('scripts', 'cluster', 'build.sh'), '--check', part], { stdio: 'ignore' }).status !== 0;
let coreBuild;
/** @type {Promise<ReturnType<typeof startClusterBuild> | null> | undefined} */
let extrasBuild;
if (late.length && !skipCluster) {
  if (buildMissing('--core')) {
    say('local-cluster binaries missing: building them in the background (the cluster tests start when they are built)');
    coreBuild = startClusterBuild('--core');
    builds.push(coreBuild);
  }
  if (buildMissing('--extras')) {
    // After the core build: two Go builds at once on two cores would only slow the one the cluster tests wait for.
    extrasBuild = (coreBuild ? coreBuild.done : Promise.resolve({ code: 0 })).then((r) => {
      if (r.code !== 0) return null;
      say("building the components' binaries (build.sh --extras) in the background; their tests wait for them");
      const b = startClusterBuild('--extras');
      builds.push(b);
      return b;
    });
  }
}
/** Test processes run beside each other (the shards, the tests without cluster beside them); ended with the runner. */
const testChildren = [];
// The builds keep running otherwise (own process group, so neither Ctrl-C nor a closed terminal's SIGHUP reaches them):
// stop them on these signals and on any exit of the runner; build.sh itself notices a runner killed by SIGKILL.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => process.exit(128 + os.constants.signals[sig]));
process.on('exit', () => {
  for (const b of builds) b.stop();
  for (const c of testChildren) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
});

/**
 * Runs test files in one node test process; resolves with its exit code, counts and failed tests. `tag`: a prefix of
 * each of its lines (without one they are printed as they come, and its stderr is the runner's own: node's test
 * runner colours its report only when its stderr is a terminal); `cluster`: the KSD_TEST_CLUSTER it gets; `nice`: a
 * lower CPU priority.
 * @param {string[]} testFiles
 * @param {{cluster?: string, tag?: string, nice?: number}} [options]
 */
function runFiles(testFiles, { cluster, tag = '', nice } = {}) {
  // The child writes to a pipe, where node's test runner would choose TAP: keep the reporter a terminal would get.
  const reporter = process.stdout.isTTY ? ['--test-reporter=spec'] : [];
  // Tests assert English text unless they choose a language themselves: a developer whose LANG is zh_CN or ja_JP
  // would otherwise see the CLI and the language server answer in that language.
  const env = { ...process.env, LC_ALL: 'C.UTF-8', ...(cluster ? { KSD_TEST_CLUSTER: cluster } : {}) };
  const nodeArgs = [...TEST_ARGS, ...reporter, ...testFiles];
  const [cmd, cmdArgs] = nice ? ['nice', ['-n', String(nice), process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  const child = spawn(cmd, cmdArgs, { stdio: ['ignore', 'pipe', tag ? 'pipe' : 'inherit'], env });
  testChildren.push(child);
  const summary = summaryReader();
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    summary.line(line);
    process.stdout.write(`${tag}${line}\n`);
  });
  if (child.stderr) readline.createInterface({ input: child.stderr }).on('line', (line) => process.stderr.write(`${tag}${line}\n`));
  return new Promise((resolve) => {
    const done = (code) => resolve({ code, counts: summary.counts(), failed: summary.failed(), reasons: summary.reasons() });
    child.on('error', (e) => {
      say(red(`${tag}cannot run ${testFiles.join(', ')}: ${e.message}`));
      done(1);
    });
    child.on('close', (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}

/**
 * One shard: its files one after another on its cluster, in the shard's order (node's runner, given several files,
 * runs them sorted by name: the component tests would come too early and the VS Code ones after the teardown).
 */
async function runShard({ cluster, files: shardFiles }, tag) {
  const t0 = Date.now();
  const shard = { cluster, code: 0, seconds: 0, counts: Object.fromEntries(COUNT_NAMES.map((k) => [k, 0])), failed: [], reasons: [], incomplete: [] };
  for (const file of shardFiles) {
    const r = await runFiles([file], { cluster, tag });
    shard.code ||= r.code;
    if (r.counts) for (const k of COUNT_NAMES) shard.counts[k] += r.counts[k];
    else shard.incomplete.push(`${file} (exit ${r.code})`);
    shard.failed.push(...r.failed.map((name) => `${basename(file)}: ${name}`));
    shard.reasons.push(...r.reasons);
  }
  shard.seconds = Math.round((Date.now() - t0) / 1000);
  return shard;
}

/** The cluster tests, on several clusters at once (each line prefixed with its cluster's name); the counts added up. */
async function runClusterTests() {
  const shards = planShards(late, { count: shardCount, baseCluster });
  const many = shards.length > 1;
  if (many) say(`tests with cluster on ${shards.length} clusters at once: ${shards.map((s) => `${s.cluster} (${s.files.map((f) => basename(f)).join(', ')})`).join('; ')}`);
  const results = await Promise.all(shards.map((s) => runShard(s, many ? `[${s.cluster}] ` : '')));
  const total = Object.fromEntries(COUNT_NAMES.map((k) => [k, results.reduce((sum, r) => sum + r.counts[k], 0)]));
  const each = results.map((r) => `${r.cluster}: ${r.counts.tests} tests in ${r.seconds} s${r.code ? `, exit ${r.code}` : ''}`);
  const bad = results.some((r) => r.code || r.incomplete.length);
  const line = `tests with cluster: ${COUNT_NAMES.map((k) => `${k} ${total[k]}`).join(', ')} (${each.join('; ')})`;
  say(bad ? red(line) : line);
  for (const r of results) {
    for (const file of r.incomplete) say(red(`on ${r.cluster}: ${file} ended before printing its counts; its output is above`));
    for (const name of r.failed) say(red(`failed on ${r.cluster}: ${name}`));
    for (const reason of r.reasons) say(red(`  why: ${reason}`));
  }
  return results.find((r) => r.code)?.code ?? (bad ? 1 : 0);
}

let status = 0;
const note = (code) => (status ||= code);
/** Wall time of each step, printed at the end: what the overlap saves is read from these. */
const timings = [];
const started = Date.now();
async function timed(name, step) {
  const t0 = Date.now();
  const code = await step();
  timings.push(`${name} ${Math.round((Date.now() - t0) / 1000)} s${code ? ` (exit ${code})` : ''}`);
  return code;
}
const summary = () => say(`steps: ${[...timings, `total ${Math.round((Date.now() - started) / 1000)} s`].join(', ')}`);

if (selected.includes('lint')) {
  const lint = await timed('lint', () => run('npm', ['run', 'lint']));
  if (lint !== 0) {
    // As `npm run lint && …` did: a lint failure stops the run.
    say(red(`lint failed (exit ${lint}); no tests run`));
    summary();
    process.exit(lint);
  }
}

if (suites.length) {
  // lsp and vscode tests use dist/.
  const dist = await timed('dist', () => run(process.execPath, ['scripts/build.mjs']));
  if (dist !== 0) {
    summary();
    process.exit(dist);
  }
}

/**
 * The tests that need no cluster, started in the background at a lower priority beside the cluster tests (and the
 * core build, when one runs), in one node process: their lines prefixed, their counts said when they end.
 * @returns {Promise<number>} their exit code
 */
function startTestsBesideCluster() {
  const tag = '[no-cluster] ';
  say(`tests without cluster (${early.length} files) start in the background at nice ${BESIDE_CLUSTER_NICE}, their lines prefixed "${tag.trim()}"`);
  return timed('tests without cluster', async () => {
    const r = await runFiles(early, { tag, nice: BESIDE_CLUSTER_NICE });
    const counts = r.counts ? COUNT_NAMES.map((k) => `${k} ${r.counts[k]}`).join(', ') : 'ended before printing their counts (their output is above)';
    const line = `tests without cluster: ${counts}${r.code ? `, exit ${r.code}` : ''}`;
    say(r.code || !r.counts ? red(line) : line);
    for (const name of r.failed) say(red(`failed without cluster: ${name}`));
    for (const reason of r.reasons) say(red(`  why: ${reason}`));
    return r.code || (r.counts ? 0 : 1);
  });
}
/** @type {Promise<number> | undefined} */
let withoutCluster;
if (early.length && late.length) withoutCluster = startTestsBesideCluster();
else if (early.length) note(await timed('tests without cluster', async () => (await runFiles(early)).code));

/** Waits for a background build; says how long it took, or names its logs in red when it failed. */
async function awaitBuild(b, what, consequence) {
  const r = await b.done;
  timings.push(`${what} ${Math.round(r.seconds ?? 0)} s (in the background)`);
  if (r.code === 0) {
    say(`${what} finished in ${Math.round(r.seconds)} s`);
    return true;
  }
  say(red(`ERROR: the ${what} failed (${r.error ?? (r.signal ? `signal ${r.signal}` : `exit ${r.code}`)})${consequence}`));
  say(red('Its output is above ([build] lines); the Go logs are in ~/.cache/kube-scaling-doctor/logs/build-*.log (or $KSD_CACHE_DIR/logs).'));
  note(1);
  return false;
}

if (late.length) {
  let buildOk = true;
  if (coreBuild) {
    say('waiting for the local-cluster build to finish');
    await timed('waiting for the build', async () => (await coreBuild.done).code);
    buildOk = await awaitBuild(coreBuild, 'cluster build', `; the ${late.length} test files that need the cluster did not run.`);
  }
  if (buildOk) note(await timed('tests with cluster', runClusterTests));
  if (withoutCluster) note(await withoutCluster);
  const extras = await extrasBuild;
  if (extras) await awaitBuild(extras, 'components build', '.');
}

summary();
process.exit(status);

// Runs the checks and test suites. Usage: node scripts/run-tests.mjs [lint] [unit] [lsp] [cluster] [vscode]
// With no argument (`npm test`) everything runs: lint, then every suite.
//
// Work that needs no local cluster overlaps the cluster's Go build: when a selected suite needs the cluster
// and `scripts/cluster/build.sh --check` finds a binary missing, the build starts in the background first
// (its lines prefixed `[build]`, on stderr), then lint, the dist build and the tests that need no cluster run;
// then the runner waits for the build and runs the tests that need the cluster. A failed build is an error
// that names its logs, never a hang. The exit code is the first failure's (node's test runner: 1 on a failed test).
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import { basename, join } from 'node:path';
import readline from 'node:readline';

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

const runTests = (files) => run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files]);

/** Starts scripts/cluster/build.sh in its own process group; resolves with {code} when it ends. */
function startClusterBuild() {
  const t0 = Date.now();
  // KSD_BUILD_PARENT_PID: build.sh stops its process group when this runner is gone, also after a SIGKILL.
  const child = spawn('bash', [join('scripts', 'cluster', 'build.sh')], { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, KSD_BUILD_PARENT_PID: String(process.pid) } });
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

let build;
if (late.length && process.env.KSD_SKIP_CLUSTER_TESTS !== '1' && spawnSync('bash', [join('scripts', 'cluster', 'build.sh'), '--check'], { stdio: 'ignore' }).status !== 0) {
  say('local-cluster binaries missing: building them in the background while the tests that need no cluster run');
  build = startClusterBuild();
}
// The build keeps running otherwise (own process group, so neither Ctrl-C nor a closed terminal's SIGHUP reaches it):
// stop it on these signals and on any exit of the runner; build.sh itself notices a runner killed by SIGKILL.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => process.exit(128 + os.constants.signals[sig]));
process.on('exit', () => build?.stop());

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
    build?.stop();
    process.exit(lint);
  }
}

if (suites.length) {
  // lsp and vscode tests use dist/.
  const dist = await timed('dist', () => run(process.execPath, ['scripts/build.mjs']));
  if (dist !== 0) {
    summary();
    build?.stop();
    process.exit(dist);
  }
}

if (early.length) note(await timed('tests without cluster', () => runTests(early)));

if (late.length) {
  let buildOk = true;
  if (build) {
    say('waiting for the local-cluster build to finish');
    await timed('waiting for the build', async () => (await build.done).code);
    const r = await build.done;
    buildOk = r.code === 0;
    timings.push(`cluster build ${Math.round(r.seconds ?? 0)} s (in the background)`);
    if (buildOk) say(`local-cluster build finished in ${Math.round(r.seconds)} s`);
    else {
      say(red(`ERROR: the local-cluster build failed (${r.error ?? (r.signal ? `signal ${r.signal}` : `exit ${r.code}`)}); the ${late.length} test files that need the cluster did not run.`));
      say(red('Its output is above ([build] lines); the Go logs are in ~/.cache/kube-scaling-doctor/logs/build-*.log (or $KSD_CACHE_DIR/logs).'));
      note(1);
    }
  }
  if (buildOk) note(await timed('tests with cluster', () => runTests(late)));
}

summary();
process.exit(status);

// Benchmark part `lint`: `kube-scaling-doctor lint PATH --format json` over generated corpora (bench/corpus.mjs): the
// same documents as many files and as one file (what `helm template` prints), each beside the parse floor of the same
// files measured in the same run (bench/parse-floor.mjs, a process of its own) and, with `--peers`, kube-score 1.20.0
// (built once from the Go module proxy into the cache). Runs are interleaved so a load change hits all alike.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeManyFiles, writeOneFile } from './corpus.mjs';
import { fmtMiB, fmtMs, fmtS, measure, median, ratio, report } from './measure.mjs';

const cli = resolve('dist/cli.js');
const floor = resolve('bench/parse-floor.mjs');
const RUNS = Number(process.env.KSD_BENCH_RUNS ?? 3);
const KUBE_SCORE_VERSION = 'v1.20.0';

const CORPORA = [
  { docs: 5_000, layout: 'many' },
  { docs: 5_000, layout: 'one' },
  { docs: 10_000, layout: 'one' },
  { docs: 20_000, layout: 'one' },
  { docs: 20_000, layout: 'many' },
];

export function benchLint({ peers = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ksd-bench-'));
  try {
    const kubeScore = peers ? kubeScoreBinary() : undefined;
    if (kubeScore?.error) console.log(`lint: kube-score ${KUBE_SCORE_VERSION} not measured: ${kubeScore.error}`);
    const cpu = {};
    for (const corpus of CORPORA) {
      const name = `${corpus.docs.toLocaleString('en')} docs ${corpus.layout === 'one' ? 'in one file' : 'as many files'}`;
      const path = join(dir, `${corpus.layout}-${corpus.docs}${corpus.layout === 'one' ? '.yaml' : ''}`);
      const files = corpus.layout === 'one' ? (writeOneFile(path, corpus.docs), [path]) : (writeManyFiles(path, corpus.docs), readdirSync(path).map((f) => join(path, f)));
      const runs = { lint: [], floor: [], kubeScore: [] };
      let findings = 0;
      for (let i = 0; i < RUNS; i++) {
        runs.floor.push(checked(measure(process.execPath, [floor, path]), 'parse floor', (r) => Number(r.stdout) === corpus.docs));
        const lint = checked(measure(process.execPath, [cli, 'lint', path, '--format', 'json']), 'lint', (r) => r.status === 0 || r.status === 1);
        findings = JSON.parse(lint.stdout).findings.length;
        runs.lint.push(lint);
        if (kubeScore?.path) runs.kubeScore.push(checked(measure(kubeScore.path, ['score', '--output-format', 'ci', ...files]), 'kube-score', (r) => r.stdout.length > 0));
      }
      const lint = summary(runs.lint);
      const base = summary(runs.floor);
      cpu[`${corpus.layout}-${corpus.docs}`] = lint.cpuS;
      console.log(`lint: ${name} (${files.length} files): ${findings} findings; median of ${RUNS} runs`);
      report(
        'lint',
        `${name}: lint --format json`,
        `${fmtS(lint.cpuS)} CPU, ${fmtMiB(lint.rssMiB)}, ${fmtMs(lint.wallMs)} wall`,
        ratio(lint.cpuS, base.cpuS, `parse floor (${fmtS(base.cpuS)} CPU, ${fmtMiB(base.rssMiB)})`),
      );
      if (runs.kubeScore.length) {
        const ks = summary(runs.kubeScore);
        report('lint', `${name}: kube-score ${KUBE_SCORE_VERSION}`, `${fmtS(ks.cpuS)} CPU, ${fmtMiB(ks.rssMiB)}, ${fmtMs(ks.wallMs)} wall`, `lint is ${ratio(lint.cpuS, ks.cpuS, 'kube-score')}`);
      }
    }
    report(
      'lint',
      'doubling the documents in one file (10,000 → 20,000)',
      `${fmtS(cpu['one-20000'])} / ${fmtS(cpu['one-10000'])} CPU`,
      ratio(cpu['one-20000'], cpu['one-10000'], '10,000 docs (target ≤ 2.2×)'),
    );
    report('lint', '5,000 docs in one file vs as many files', `${fmtS(cpu['one-5000'])} / ${fmtS(cpu['many-5000'])} CPU`, ratio(cpu['one-5000'], cpu['many-5000'], 'many files (target ≤ 1.3×)'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function checked(run, what, ok) {
  if (!ok(run)) throw new Error(`${what} failed (exit ${run.status}): ${run.stderr.slice(0, 500)}`);
  return run;
}

function summary(runs) {
  return { cpuS: median(runs.map((r) => r.cpuS)), wallMs: median(runs.map((r) => r.wallMs)), rssMiB: Math.max(...runs.map((r) => r.rssMiB)) };
}

/** kube-score from the cache, built there from the Go module proxy the first time: `{path}`, or `{error}` saying why not. */
function kubeScoreBinary() {
  const cache = process.env.KSD_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kube-scaling-doctor');
  const bin = join(cache, 'bin', `kube-score-${KUBE_SCORE_VERSION}`);
  const path = join(bin, 'kube-score');
  if (existsSync(path)) return { path };
  mkdirSync(bin, { recursive: true });
  console.log(`lint: building kube-score ${KUBE_SCORE_VERSION} from the Go module proxy into ${bin} (once)`);
  const build = spawnSync('go', ['install', `github.com/zegl/kube-score/cmd/kube-score@${KUBE_SCORE_VERSION}`], {
    encoding: 'utf8',
    env: { ...process.env, GOBIN: bin, GOTOOLCHAIN: 'local', GOFLAGS: '-trimpath -buildvcs=false' },
  });
  if (build.error) return { error: `go is not available (${build.error.message})` };
  if (build.status !== 0 || !existsSync(path)) return { error: `go install failed (the Go module proxy may refuse it): ${build.stderr.trim().split('\n').slice(-3).join(' | ')}` };
  return { path };
}

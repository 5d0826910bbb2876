// Benchmark part `lint`: `kube-scaling-doctor lint DIR --format json` over the generated corpus.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeCorpus } from './corpus.mjs';
import { fmtMs, measure, stats } from './measure.mjs';

const cli = resolve('dist/cli.js');

export function benchLint() {
  const dir = mkdtempSync(join(tmpdir(), 'ksd-bench-'));
  try {
    const docs = writeCorpus(dir, 1000);
    const runs = [];
    let rssKb = 0;
    let findings = 0;
    for (let i = 0; i < 3; i++) {
      const r = measure(process.execPath, [cli, 'lint', dir, '--format', 'json']);
      runs.push(r.wallMs);
      rssKb = Math.max(rssKb, r.rssMiB * 1024);
      try {
        findings = JSON.parse(r.stdout).findings.length;
      } catch {
        throw new Error(`lint output is not JSON (exit ${r.status}): ${r.stderr.slice(0, 500)}`);
      }
    }
    const s = stats(runs);
    console.log(`lint: ${docs} documents in 1000 files, ${findings} findings`);
    console.log(`lint: wall time median ${fmtMs(s.median)} (min ${fmtMs(s.min)}, max ${fmtMs(s.max)}) over ${runs.length} runs; peak RSS ${(rssKb / 1024).toFixed(0)} MiB`);
    console.log(`lint: ${(docs / (s.median / 1000)).toFixed(0)} documents/s including process start`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Benchmarks: `npm run bench [-- PART] [--peers] [--cluster [NAME]] [--extension-host]`. Prints figures, each
// beside a yardstick measured in the same run, and ends with a Markdown summary; asserts nothing about time.
// Parts (bench/<part>.mjs):
//  - lint: `kube-scaling-doctor lint` over generated corpora (bench/corpus.mjs) beside the parse floor; with
//    --peers also kube-score 1.20.0 (built from the Go module proxy into the cache the first time).
//  - lsp: `lsp --stdio` on files of 500 and 2,000 documents: edit → diagnostics, hover, code actions, fix-all,
//    beside one full parse and yaml-language-server on the same file and edits.
//  - start: lint of a small file and --help against `node -e 0`, bundle sizes, require of the extension bundle.
//  - cluster (only with --cluster [NAME] or KSD_BENCH_CLUSTER=NAME, on a running local cluster; default
//    name ksd-bench): the explorer's data layer vs kubectl (bench/cluster-explorer.mjs); with
//    --extension-host also the real extension host in code-server (bench/cluster-extension-host.mjs).
import { spawnSync } from 'node:child_process';
import { summaryTable, results } from '../bench/measure.mjs';

const only = process.argv[2]?.startsWith('--') ? undefined : process.argv[2];
const clusterFlag = process.argv.indexOf('--cluster');
const benchCluster = clusterFlag !== -1 ? (process.argv[clusterFlag + 1] ?? 'ksd-bench') : process.env.KSD_BENCH_CLUSTER;
const PARTS = ['lint', 'lsp', 'start', 'cluster'];
if (only && !PARTS.includes(only)) {
  console.error(`npm run bench: unknown part '${only}'; the parts are ${PARTS.join(', ')}`);
  process.exit(2);
}

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
if (!only || only === 'lint') (await import('../bench/lint.mjs')).benchLint({ peers: process.argv.includes('--peers') });
if (!only || only === 'lsp') await (await import('../bench/lsp.mjs')).benchLsp();
if (!only || only === 'start') (await import('../bench/start.mjs')).benchStart();
if (benchCluster || only === 'cluster') {
  const { benchClusterExplorer } = await import('../bench/cluster-explorer.mjs');
  const dataLayer = await benchClusterExplorer({ name: benchCluster || 'ksd-bench' });
  if (process.argv.includes('--extension-host')) {
    const { benchExtensionHost } = await import('../bench/cluster-extension-host.mjs');
    await benchExtensionHost({ name: benchCluster || 'ksd-bench', yardstick: dataLayer.yardstick });
  }
}
if (results.length) console.log(`\n${summaryTable()}`);

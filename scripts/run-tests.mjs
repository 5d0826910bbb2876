// Runs the test suites with node's test runner. Usage: node scripts/run-tests.mjs [unit] [lsp] [cluster] [vscode]
// With no argument every suite runs. The build runs first because lsp and vscode tests use dist/.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const all = ['unit', 'lsp', 'cluster', 'vscode'];
const suites = process.argv.slice(2).length ? process.argv.slice(2) : all;

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

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const files = suites.flatMap((s) => listTests(join('test', s)));
if (files.length === 0) {
  console.error('no test files found for suites: ' + suites.join(', '));
  process.exit(1);
}
const res = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], { stdio: 'inherit' });
process.exit(res.status ?? 1);

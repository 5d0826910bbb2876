#!/usr/bin/env node
// npm run screenshots: the pictures of README.md and docs/vscode.md (docs/images/*-dark.png, *-light.png), taken by
// the code-server scenarios that check what they show (test/vscode/pictures.mjs), once per color theme. Needs what
// the VS Code tests need (Chromium, code-server, the local cluster's binaries); uses its own local cluster
// (KSD_TEST_CLUSTER, default ksd-pictures), stopped afterwards. About 10 minutes per theme on 2 cores.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './setup-code-server.mjs';

// A quick fix's menu is not pictured yet: opened from Playwright with Ctrl+. (on a line, or after F8), its widget never
// showed in code-server 4.100.3.
const RUNS = [{ file: 'cluster-views.test.mjs' }, { file: 'cluster-table.test.mjs' }, { file: 'cluster-node-autoscaling.test.mjs' }, { file: 'locale.test.mjs' }, { file: 'cluster-locale.test.mjs' }];

const build = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

let failed = 0;
for (const theme of ['dark', 'light']) {
  for (const run of RUNS) {
    console.log(`screenshots: ${theme} theme, ${run.file}`);
    const args = ['--test', ...(run.pattern ? [`--test-name-pattern=${run.pattern}`] : []), join('test', 'vscode', run.file)];
    const r = spawnSync(process.execPath, args, {
      cwd: repoRoot,
      stdio: 'inherit',
      env: { ...process.env, KSD_SCREENSHOTS: '1', KSD_VSCODE_THEME: theme, KSD_TEST_CLUSTER: process.env.KSD_TEST_CLUSTER ?? 'ksd-pictures' },
    });
    if (r.status !== 0) failed++;
  }
}
if (failed) {
  console.error(`screenshots: ${failed} run(s) failed; the pictures they took may be missing or stale (git status docs/images)`);
  process.exit(1);
}
console.log('screenshots: docs/images/ updated; review them with git diff --stat docs/images');

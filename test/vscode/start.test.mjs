// `npm start` on a machine whose cache holds no cluster binaries serves VS Code while the local cluster builds in
// the background, says how far the build is (terminal and the progress file the extension reads), and Ctrl-C (here
// SIGTERM) stops code-server and the build. An empty KSD_CACHE_DIR gives the cold cluster build; code-server and the
// Go module cache are the suite's (KSD_CODE_SERVER_DIR, GOMODCACHE), so only the build is cold. The build is stopped
// once it has shown a fraction: the test costs a minute or two of compiling, not the whole build (a file of the
// vscode suite that needs no cluster, so scripts/run-tests.mjs runs it while the suite's own cluster build runs).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CACHE_DIR, VERSIONS, waitFor } from '../../scripts/cluster/lib.mjs';
import { CLUSTER_PROGRESS_FILE } from '../../scripts/cluster/lib/progress.mjs';
import { chromium } from 'playwright-core';
import { chromiumArgs, codeServerDir, ensureCodeServer, findChromium, freePort, repoRoot } from '../../scripts/setup-code-server.mjs';
import { clusterOptions, results } from './scenario.mjs';

const NAME = 'ksd-start-test';

test('npm start with no cluster binaries serves VS Code while the cluster builds, shows the build as a fraction, and stops both', { ...clusterOptions, timeout: 15 * 60_000 }, async (t) => {
  ensureCodeServer({ quiet: true }); // the suite's code-server: its install is not what this measures
  const cache = mkdtempSync(join(tmpdir(), 'ksd-start-'));
  const port = await freePort();
  const env = { ...process.env, KSD_CACHE_DIR: cache, KSD_CODE_SERVER_DIR: codeServerDir(), GOMODCACHE: join(CACHE_DIR, 'go', 'mod'), KSD_CLUSTER_NAME: NAME };
  const started = Date.now();
  const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'start.mjs'), '--port', String(port)], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  let ended = false;
  void exited.then(() => (ended = true));
  t.after(async () => {
    if (!ended) {
      child.kill('SIGKILL');
      await exited;
    }
    // The build stops itself when npm start is gone (KSD_BUILD_PARENT_PID); wait for it before deleting its cache.
    await waitFor('the build to release its lock', () => buildLockFree(cache), { timeoutMs: 60_000 }).catch(() => undefined);
    rmSync(cache, { recursive: true, force: true });
  });
  const progressFile = join(cache, 'clusters', NAME, CLUSTER_PROGRESS_FILE);
  const readProgress = () => JSON.parse(readFileSync(progressFile, 'utf8'));
  const apiserver = join(cache, 'bin', `kubernetes-${VERSIONS.KUBE_VERSION}`, 'kube-apiserver');

  const url = await waitFor(
    'npm start to print the URL',
    () => {
      if (ended) throw new Error(`npm start ended early:\n${out}\n${err}`);
      return new RegExp(`http://127\\.0\\.0\\.1:${port}/\\?folder=\\S+`).exec(out)?.[0];
    },
    { timeoutMs: 5 * 60_000 },
  );
  t.diagnostic(`VS Code served ${Math.round((Date.now() - started) / 1000)} s after npm start (code-server installed, cluster cache empty)`);
  const page = await fetch(url);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /workbench/, 'the VS Code workbench page');
  // Served while the cluster still builds: no binary yet, and the progress file (beside the kubeconfig the extension is given) says building.
  assert.equal(existsSync(apiserver), false, 'no cluster binary built yet');
  assert.equal(readProgress().phase, 'building');
  assert.match(out, new RegExp(`kubeScalingDoctor\\.kubeconfig = ${join(cache, 'clusters', NAME, 'kubeconfig.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

  // A fraction of a known total, in the file and in the terminal.
  const counted = await waitFor(
    'the build to compile its first packages',
    () => {
      if (ended) throw new Error(`npm start ended:\n${err}`);
      const p = existsSync(progressFile) ? readProgress() : undefined;
      return p?.phase === 'building' && p.total > 1000 && p.done > 0 && /building the local cluster: \d+ % \(\d+ of \d+ packages\)/.test(err) ? p : undefined;
    },
    { timeoutMs: 8 * 60_000, intervalMs: 2000 },
  );
  assert.ok(counted.done < counted.total, `${counted.done} of ${counted.total}`);
  assert.equal(readProgress().pid, child.pid, 'written by npm start, so the extension can tell a stale file');
  assert.equal(buildLockFree(cache), false, 'the build is running');

  // In VS Code: the Scaling Doctor view (which activates the extension) shows the build in place of "no kubeconfig",
  // and the status bar says the same; both read the progress file beside the kubeconfig npm start gave them.
  const browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs, headless: true });
  try {
    const ui = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await ui.goto(url, { timeout: 180_000 });
    await ui.locator('.part.activitybar [aria-label^="Scaling Doctor"]').first().click({ timeout: 120_000 });
    await ui.locator('.part.sidebar .monaco-list-row[aria-label^="Local cluster: building"]').first().waitFor({ timeout: 60_000 });
    const row = await ui.locator('.part.sidebar .monaco-list-row[aria-label^="Local cluster: building"]').first().getAttribute('aria-label');
    assert.match(row ?? '', /^Local cluster: building (\d+ %|\(downloading modules\))/);
    await ui.locator('.part.statusbar [aria-label^="Local cluster: building"]').first().waitFor({ timeout: 30_000 });
    await ui.screenshot({ path: join(results, 'vscode-start-building.png') });
  } finally {
    await browser.close();
  }

  child.kill('SIGTERM');
  assert.equal(await exited, 0);
  assert.match(out, /stopping code-server and the cluster build/);
  await waitFor('the build to stop', () => buildLockFree(cache), { timeoutMs: 60_000 });
  await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`), 'code-server stopped');
  assert.equal(existsSync(progressFile), false, 'no progress file left saying "building" for a build that stopped');
});

/** Whether no build holds the cache's build lock (build.sh takes it with flock while it builds). */
function buildLockFree(cache) {
  const lock = join(cache, 'build', '.lock');
  if (!existsSync(lock)) return true;
  return spawnSync('flock', ['-n', lock, 'true']).status === 0;
}

// Runs the extension's integration tests (test/vscode/suite) in a real VS Code: code-server 4.100.3 served on
// loopback and driven by Debian's headless Chromium through playwright-core. The suite runs in the extension
// host; this launcher also checks the rendered workbench (the CodeLens) and saves screenshots to test-results/.
// One node:test test per scenario of the suite.
// Set KSD_SKIP_VSCODE_TESTS=1 to skip on a machine without chromium/libkrb5-dev/ripgrep.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { chromium } from 'playwright-core';
import { buildVscodeTests } from '../../scripts/build-vscode-tests.mjs';
import { clusterForScenario, clusterKubectl, releaseCluster, switchClusterScenario } from './cluster.mjs';
import { chromiumArgs, codeServerBin, configFile, ensureCodeServer, findChromium, repoRoot, startCodeServer, workbenchUrl } from '../../scripts/setup-code-server.mjs';

const RUN_TIMEOUT_MS = 240_000;
const results = join(repoRoot, 'test-results');

let prepared;

/** Builds the extension and the suite, and installs code-server if needed: once per run. */
async function prepare() {
  const build = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
  assert.equal(build.status, 0, 'npm run build failed');
  ensureCodeServer({ quiet: true });
  return buildVscodeTests();
}

let packaged;

/** Packs the .vsix as `npm run package` does: once per run. */
function packageVsix() {
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'package.mjs')], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  assert.equal(r.status, 0, 'npm run package failed');
  const { name, version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  return join(repoRoot, `${name}-${version}.vsix`);
}

const fakeYamlExtension = join(repoRoot, 'test', 'fixtures', 'vscode', 'fake-yaml-extension');

/**
 * Runs one scenario of the suite: copies its fixture (test/fixtures/vscode/<scenario>) to a temp dir, serves it
 * with code-server, loads the workbench in Chromium and waits for the suite's exit code. `uiChecks` answer the
 * suite's UI checkpoints by looking at the rendered page. With `vsix`, the extension is the packaged .vsix,
 * installed as a user would, instead of this checkout in development mode. With `cluster` (a local-cluster
 * scenario such as 'healthy'), the shared test cluster is brought up in that scenario and the extension is
 * pointed at it through the user setting kubeScalingDoctor.kubeconfig (see cluster.mjs).
 */
async function runScenario(t, { scenario, label = scenario, trusted = true, uiChecks = {}, fakeYaml = false, vsix = false, cluster, runTimeoutMs = RUN_TIMEOUT_MS }) {
  const live = cluster ? await clusterForScenario(cluster) : undefined;
  const started = Date.now();
  const testsPath = await (prepared ??= prepare());
  const vsixPath = vsix ? (packaged ??= packageVsix()) : undefined;
  const executablePath = findChromium();
  assert.ok(executablePath, 'Chromium is missing: apt-get install -y chromium (or set KSD_CHROMIUM)');

  const tmp = mkdtempSync(join(tmpdir(), `ksd-vscode-${label}-`));
  const workspace = join(tmp, 'workspace');
  cpSync(join(repoRoot, 'test', 'fixtures', 'vscode', scenario), tmp, { recursive: true });
  const syncDir = join(tmp, 'ui-sync');
  mkdirSync(syncDir);
  mkdirSync(results, { recursive: true });
  const hostLog = join(tmp, 'tests.log');
  const serverLog = join(tmp, 'code-server.log');

  let server;
  let browser;
  t.after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
    if (process.env.KSD_KEEP_TMP !== '1') rmSync(tmp, { recursive: true, force: true });
  });

  const userDataDir = join(tmp, 'user-data');
  const extensionsDir = join(tmp, 'extensions');
  // The suite runs from an extensionDevelopmentPath, and code-server takes only one: this checkout, or for the
  // .vsix run the stand-in YAML extension (then ours is installed from the .vsix).
  let developmentPath = repoRoot;
  if (vsixPath) {
    const r = spawnSync(process.execPath, [codeServerBin(), '--config', configFile(), '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsixPath], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, `installing the .vsix failed:\n${r.stdout}${r.stderr}`);
    developmentPath = fakeYamlExtension;
  } else if (fakeYaml) {
    // Installed extensions are found by scanning the extensions dir on first start.
    cpSync(fakeYamlExtension, join(extensionsDir, 'redhat.vscode-yaml-0.0.0-test'), { recursive: true });
  }
  server = await startCodeServer({
    folder: workspace,
    userDataDir,
    extensionsDir,
    logFile: serverLog,
    trusted,
    // Restricted Mode without the startup dialog, for the untrusted scenario.
    settings: { ...(trusted ? {} : { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' }), ...live?.settings },
    // Inherited by the extension host, where the suite reads them.
    env: { KSD_VSCODE_SCENARIO: scenario, KSD_UI_SYNC_DIR: syncDir, KSD_VSCODE_LOG: hostLog, ...live?.env },
  });
  t.diagnostic(`code-server ready on ${server.base} after ${Date.now() - started} ms`);

  browser = await chromium.launch({ executablePath, args: chromiumArgs, headless: true });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  let resolveExit;
  const exitCode = new Promise((resolve) => (resolveExit = resolve));
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
  await page.goto(workbenchUrl({ port: server.port, folder: workspace, extensionDevelopmentPath: developmentPath, extensionTestsPath: testsPath }));
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });

  // UI checkpoints announced by the suite (see uiCheckpoint in suite/harness.ts).
  const handled = new Set();
  const timeout = setTimeout(() => resolveExit('timeout'), runTimeoutMs);
  let code;
  for (;;) {
    code = await Promise.race([exitCode, new Promise((r) => setTimeout(() => r(undefined), 250))]);
    if (code !== undefined) break;
    for (const [name, check] of Object.entries(uiChecks)) {
      if (handled.has(name) || !existsSync(join(syncDir, `${name}.ready`))) continue;
      handled.add(name);
      let verdict = 'ok';
      try {
        await check(page, { syncDir });
      } catch (err) {
        verdict = String(err instanceof Error ? err.message : err);
      }
      writeFileSync(join(syncDir, `${name}.done`), verdict);
    }
  }
  clearTimeout(timeout);
  await page.screenshot({ path: join(results, `vscode-${label}-final.png`) }).catch(() => {});

  const log = existsSync(hostLog) ? readFileSync(hostLog, 'utf8') : '(the suite wrote no log)';
  for (const line of `extension host log:\n${log}`.trimEnd().split('\n')) t.diagnostic(line);
  t.diagnostic(`finished with ${code} after ${Math.round((Date.now() - started) / 1000)} s`);
  if (code !== 0) {
    const tail = existsSync(serverLog) ? readFileSync(serverLog, 'utf8').split('\n').slice(-40).join('\n') : '';
    assert.fail(`the VS Code tests ${code === 'timeout' ? `did not finish within ${runTimeoutMs / 1000} s` : `exited with ${code}`}\n${log}\ncode-server log (tail):\n${tail}`);
  }
  for (const name of Object.keys(uiChecks)) assert.ok(handled.has(name), `the suite never reached UI checkpoint "${name}"`);
}

const options = { timeout: RUN_TIMEOUT_MS + 180_000, skip: process.env.KSD_SKIP_VSCODE_TESTS === '1' };
// Cluster-backed scenarios share one local cluster; stop it after the last one (KSD_KEEP_CLUSTER=1 keeps it).
after(() => releaseCluster(), { timeout: 180_000 });

const codelensVisible = (label) => async (page) => {
  const lens = page.locator('.codelens-decoration a', { hasText: /Convert to autoscaling\/v2/ });
  await lens.first().waitFor({ state: 'visible', timeout: 30_000 });
  await page.screenshot({ path: join(results, `vscode-${label}-codelens.png`) });
};

test('VS Code (code-server 4.100.3): diagnostics, CodeLens and quick fixes for a v2beta1 HPA and its Deployment', options, (t) =>
  // The stand-in for redhat.vscode-yaml (which cannot be downloaded here) records our schema contributor.
  runScenario(t, { scenario: 'fixes', fakeYaml: true, uiChecks: { codelens: codelensVisible('fixes') } }),
);

test('VS Code (code-server 4.100.3): the packaged .vsix, installed, passes the same scenario', options, (t) =>
  runScenario(t, { scenario: 'fixes', label: 'vsix', vsix: true, uiChecks: { codelens: codelensVisible('vsix') } }),
);

test('VS Code (code-server 4.100.3): Restricted Mode keeps authoring features (CodeLens click included) and ignores the workspace kubeconfig', options, (t) =>
  runScenario(t, {
    scenario: 'untrusted',
    trusted: false,
    uiChecks: {
      'click-convert': async (page) => {
        const lens = page.locator('.codelens-decoration a', { hasText: /Convert to autoscaling\/v2/ }).first();
        await lens.waitFor({ state: 'visible', timeout: 30_000 });
        await page.screenshot({ path: join(results, 'vscode-untrusted-codelens.png') });
        await lens.click();
      },
    },
  }),
);

/** The rows of the sidebar's tree, as screen readers get them. */
const sidebarRows = (page) => page.$$eval('.part.sidebar .monaco-list-row', (els) => els.map((e) => e.getAttribute('aria-label') ?? ''));

test('VS Code (code-server 4.100.3): the cluster view shows live rows from the local cluster, and its unreachable state', options, (t) =>
  runScenario(t, {
    scenario: 'explorer',
    cluster: 'healthy',
    uiChecks: {
      'explorer-rows': async (page, { syncDir }) => {
        const sidebar = page.locator('.part.sidebar');
        await sidebar.locator('.monaco-list-row[aria-label*="% of allocatable"]').first().waitFor({ timeout: 60_000 });
        await sidebar.locator('.monaco-list-row[aria-label^="HorizontalPodAutoscaler checkout in healthy"]').first().waitFor({ timeout: 60_000 });
        writeFileSync(join(syncDir, 'explorer-rows.json'), JSON.stringify(await sidebarRows(page)));
        const statusBar = await page.$$eval('.part.statusbar [aria-label]', (els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
        writeFileSync(join(syncDir, 'explorer-statusbar.json'), JSON.stringify(statusBar));
        await page.screenshot({ path: join(results, 'vscode-explorer-tree.png') });
      },
      'explorer-pods': async (page, { syncDir }) => {
        const sidebar = page.locator('.part.sidebar');
        // Open Pods → healthy → Deployment/web, as a user would.
        for (const label of ['Pods: ', 'Namespace healthy: ', 'Workload Deployment/web in healthy']) {
          const row = sidebar.locator(`.monaco-list-row[aria-label^="${label}"]`).first();
          await row.waitFor({ timeout: 30_000 });
          if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
        }
        await sidebar.locator('.monaco-list-row[aria-label^="Pod web-"]').first().waitFor({ timeout: 30_000 });
        writeFileSync(join(syncDir, 'explorer-pods.json'), JSON.stringify(await sidebarRows(page)));
        await page.screenshot({ path: join(results, 'vscode-explorer-pods.png') });
      },
      'explorer-scale-web': async (page, { syncDir }) => {
        // A change in the cluster reaches the open rows through the watches: one more pod of Deployment web.
        const before = await page.locator('.part.sidebar .monaco-list-row[aria-label^="Pod web-"]').count();
        clusterKubectl(['scale', '-n', 'healthy', 'deployment/web', `--replicas=${before + 1}`]);
        await page.locator('.part.sidebar .monaco-list-row[aria-label^="Pod web-"]').nth(before).waitFor({ timeout: 60_000 });
        await page.locator(`.part.sidebar .monaco-list-row[aria-label^="Workload Deployment/web in healthy: ${before + 1} pods"]`).waitFor({ timeout: 30_000 });
        writeFileSync(join(syncDir, 'explorer-scale-web.json'), JSON.stringify(await sidebarRows(page)));
      },
      'explorer-pick-context': async (page) => {
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible', timeout: 30_000 });
        await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'closed-port' }).first().waitFor({ timeout: 30_000 });
        await input.fill('closed-port');
        await page.keyboard.press('Enter');
        await page.locator('.part.statusbar [aria-label^="Kubernetes context closed-port"]').first().waitFor({ timeout: 30_000 });
        await page.locator('.part.sidebar .monaco-list-row[aria-label^="Problem: Cluster unreachable"]').first().waitFor({ timeout: 60_000 });
      },
      'explorer-pick-namespace': async (page) => {
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible', timeout: 30_000 });
        await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'healthy' }).first().waitFor({ timeout: 30_000 });
        await input.fill('healthy');
        await page.keyboard.press('Enter');
        await page.locator('.part.statusbar [aria-label^="Namespace healthy"]').first().waitFor({ timeout: 30_000 });
      },
      'explorer-switch-no-metrics': () => switchClusterScenario('no-metrics-server'),
      'explorer-no-metrics': async (page, { syncDir }) => {
        const sidebar = page.locator('.part.sidebar');
        await sidebar.locator('.monaco-list-row[aria-label^="Problem: Metrics API not installed"]').first().waitFor({ timeout: 60_000 });
        await sidebar.locator('.monaco-list-row[aria-label^="HorizontalPodAutoscaler web in no-metrics-server"]').first().waitFor({ timeout: 60_000 });
        writeFileSync(join(syncDir, 'explorer-no-metrics.json'), JSON.stringify(await sidebarRows(page)));
        await page.screenshot({ path: join(results, 'vscode-explorer-no-metrics.png') });
      },
      'explorer-unreachable': async (page, { syncDir }) => {
        const sidebar = page.locator('.part.sidebar');
        await sidebar.locator('.monaco-list-row[aria-label^="Problem: Cluster unreachable"]').first().waitFor({ timeout: 30_000 });
        await sidebar.locator('.monaco-list-row[aria-label="Run the Doctor"]').first().waitFor({ timeout: 10_000 });
        writeFileSync(join(syncDir, 'explorer-unreachable.json'), JSON.stringify(await sidebarRows(page)));
        await page.screenshot({ path: join(results, 'vscode-explorer-unreachable.png') });
      },
    },
  }),
);

/** The frame (a webview's inner page) that has `selector`, polled until `timeoutMs`. */
async function frameWith(page, selector, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const f of page.frames()) if (await f.$(selector).catch(() => null)) return f;
    if (Date.now() > deadline) throw new Error(`no frame has ${selector}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const LIVE_TIMEOUT_MS = 480_000;

test('VS Code (code-server 4.100.3): live CodeLens on a workspace HPA from the local cluster, and its HPA panel with a chart', { ...options, timeout: LIVE_TIMEOUT_MS + 180_000 }, (t) =>
  runScenario(t, {
    scenario: 'live',
    cluster: 'healthy',
    // Includes waiting up to 3 min for the HPA controller to bring checkout to maxReplicas after a scenario switch.
    runTimeoutMs: LIVE_TIMEOUT_MS,
    uiChecks: {
      'live-codelens': async (page) => {
        const lens = page.locator('.codelens-decoration a', { hasText: /^live: \d+\/\d+ replicas/ }).first();
        await lens.waitFor({ state: 'visible', timeout: 60_000 });
        await page.screenshot({ path: join(results, 'vscode-live-codelens.png') });
        await lens.click();
      },
      'live-codelens-updated': async (page) => {
        await page
          .locator('.codelens-decoration a', { hasText: /^live: \d+\/7 replicas/ })
          .first()
          .waitFor({ state: 'visible', timeout: 60_000 });
      },
      'hpa-panel-checkout': async (page, { syncDir }) => {
        const frame = await frameWith(page, 'main[data-name="checkout"] #chart-replicas canvas');
        // The events table, once the first read finished.
        await frame.waitForFunction(() => /No events|Events of this HPA/.test(document.querySelector('#events')?.textContent ?? ''), undefined, { timeout: 30_000 });
        const seen = await frame.evaluate(() => ({
          summary: document.querySelector('#summary')?.textContent ?? '',
          reasons: [...document.querySelectorAll('#events tbody tr')].map((tr) => tr.children[1]?.textContent ?? ''),
          events: document.querySelector('#events')?.textContent ?? '',
        }));
        writeFileSync(join(syncDir, 'hpa-panel-checkout.json'), JSON.stringify(seen));
        await page.screenshot({ path: join(results, 'vscode-live-hpa-panel-checkout.png') });
      },
      'tree-show-hpa': async (page) => {
        const row = page.locator('.part.sidebar .monaco-list-row[aria-label^="HorizontalPodAutoscaler web in healthy"]').first();
        await row.waitFor({ timeout: 60_000 });
        await row.hover();
        await row.locator('.action-label.codicon-graph-line').click();
        await page.screenshot({ path: join(results, 'vscode-live-tree-action.png') });
      },
      'hpa-panel': async (page) => {
        const frame = await frameWith(page, '#chart-replicas canvas');
        const seen = await frame.evaluate(() => ({
          plots: [...document.querySelectorAll('figure.chart .plot[role="img"]')].map((e) => e.getAttribute('aria-labelledby')),
          descriptions: [...document.querySelectorAll('figure.chart .desc')].map((e) => e.textContent),
          tables: document.querySelectorAll('figure.chart details.data table').length,
          conditions: document.querySelector('#conditions')?.textContent ?? '',
        }));
        assert.equal(seen.plots.length, 3, `three charts with role=img: ${JSON.stringify(seen)}`);
        assert.match(seen.descriptions[0], /^Replicas over time since the panel opened, \d+ samples?\. Latest: current \d+/);
        assert.equal(seen.tables, 3, 'a data table per chart');
        assert.match(seen.conditions, /ScalingActive/);
        await page.screenshot({ path: join(results, 'vscode-live-hpa-panel.png') });
      },
    },
  }),
);

// The doctor on a broken cluster: repairing takes a metrics-server restart and a scrape, hence the longer limit.
const DOCTOR_TIMEOUT_MS = 420_000;
const doctorRow = (page, label) => page.locator(`.part.sidebar .monaco-list-row[aria-label*="${label}"]`).first();

test('VS Code (code-server 4.100.3): the Doctor view finds metrics-server-node-dns, its repair button fixes it, undo restores it', { ...options, timeout: DOCTOR_TIMEOUT_MS + 180_000 }, (t) =>
  runScenario(t, {
    scenario: 'doctor',
    cluster: 'metrics-server-dns',
    runTimeoutMs: DOCTOR_TIMEOUT_MS,
    uiChecks: {
      'doctor-welcome': async (page) => {
        const pane = page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: 'Doctor' }) });
        const welcome = pane.locator('.welcome-view-content').first();
        await welcome.waitFor({ timeout: 30_000 });
        assert.match(await welcome.innerText(), /The doctor checks the current cluster/);
        await page.screenshot({ path: join(results, 'vscode-doctor-welcome.png') });
        await welcome.locator('.monaco-button', { hasText: 'Run the Doctor' }).first().click();
      },
      'doctor-finding': async (page) => {
        await doctorRow(page, 'diagnosis metrics-server-node-dns').waitFor({ timeout: 30_000 });
        await doctorRow(page, 'Repair metrics-server-address-types').waitFor({ timeout: 30_000 });
        await page.screenshot({ path: join(results, 'vscode-doctor-finding.png') });
      },
      // The repair row's inline button (the wrench), shown on hover.
      'click-repair': async (page) => {
        const row = doctorRow(page, 'Repair metrics-server-address-types');
        const button = row.locator('.actions .action-label[aria-label^="Repair"]').first();
        // A tooltip left open by an earlier hover can cover the row: move away and close it first.
        for (let attempt = 1; ; attempt++) {
          await page.mouse.move(900, 500);
          await page.keyboard.press('Escape');
          await page
            .locator('.context-view .monaco-hover')
            .first()
            .waitFor({ state: 'hidden', timeout: 5_000 })
            .catch(() => {});
          try {
            await row.hover({ timeout: 5_000 });
            await button.click({ timeout: 5_000 });
            return;
          } catch (err) {
            if (attempt === 3) throw err;
          }
        }
      },
      'diff-preview': async (page) => {
        await page.locator('.monaco-diff-editor').first().waitFor({ state: 'visible', timeout: 30_000 });
        await page.screenshot({ path: join(results, 'vscode-doctor-diff-preview.png') });
      },
      'finding-cleared': async (page) => {
        await doctorRow(page, 'diagnosis metrics-server-node-dns').waitFor({ state: 'detached', timeout: 30_000 });
        await page.screenshot({ path: join(results, 'vscode-doctor-cleared.png') });
      },
      'doctor-unreachable': async (page) => {
        await doctorRow(page, 'could not check everything').waitFor({ timeout: 30_000 });
        assert.equal(await page.locator('.part.sidebar .monaco-list-row[aria-label*="diagnosis "]').count(), 0, 'no finding rows of the old context');
        const header = page.locator('.part.sidebar .pane-header', { hasText: 'Doctor' }).first();
        await header.filter({ hasText: 'gone · 0 findings' }).waitFor({ timeout: 10_000 });
        await page.screenshot({ path: join(results, 'vscode-doctor-unreachable.png') });
      },
    },
  }),
);

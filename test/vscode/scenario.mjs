// Runs one scenario of the extension's integration tests (test/vscode/suite) in a real VS Code: code-server 4.100.3
// served on loopback and driven by Debian's headless Chromium through playwright-core. The suite runs in the extension
// host; runScenario also checks the rendered workbench through the suite's UI checkpoints and saves screenshots to
// test-results/. Used by authoring.test.mjs (no cluster) and cluster-views.test.mjs (the local cluster), which
// scripts/run-tests.mjs runs apart: the first while the cluster's binaries build.
// Set KSD_SKIP_VSCODE_TESTS=1 to skip on a machine without chromium/libkrb5-dev/ripgrep.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { buildVscodeTests } from '../../scripts/build-vscode-tests.mjs';
import { skip as clusterSkip } from '../cluster/skip.mjs';
import { clusterForScenario } from './cluster.mjs';
import { THEME_SETTINGS } from './pictures.mjs';
import { chromiumArgs, codeServerBin, configFile, ensureCodeServer, findChromium, repoRoot, startCodeServer, workbenchUrl } from '../../scripts/setup-code-server.mjs';

const RUN_TIMEOUT_MS = 240_000;
export const results = join(repoRoot, 'test-results');

let prepared;

/** Builds the extension and the suite, and installs code-server if needed: once per test file. */
async function prepare() {
  const build = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
  assert.equal(build.status, 0, 'npm run build failed');
  ensureCodeServer({ quiet: true });
  return buildVscodeTests();
}

let packaged;

/** Packs the .vsix as `npm run package` does: once per test file. */
function packageVsix() {
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'package.mjs')], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  assert.equal(r.status, 0, 'npm run package failed');
  const { name, version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  return join(repoRoot, `${name}-${version}.vsix`);
}

const fakeYamlExtension = join(repoRoot, 'test', 'fixtures', 'vscode', 'fake-yaml-extension');
/** Language packs come from the marketplace, which is out of reach: stand-ins that only switch the display language. */
const languagePacks = { 'zh-cn': join(repoRoot, 'test', 'fixtures', 'vscode', 'zh-cn-language-pack') };

/**
 * Runs one scenario of the suite: copies its fixture (test/fixtures/vscode/<scenario>) to a temp dir, serves it
 * with code-server, loads the workbench in Chromium and waits for the suite's exit code. `uiChecks` answer the
 * suite's UI checkpoints by looking at the rendered page. With `vsix`, the extension is the packaged .vsix,
 * installed as a user would, instead of this checkout in development mode. With `cluster` (a local-cluster
 * scenario such as 'healthy'), the shared test cluster is brought up in that scenario and the extension is
 * pointed at it through the user setting kubeScalingDoctor.kubeconfig (see cluster.mjs). `settings` and `env` add
 * user settings and extension-host variables of the scenario's own (they win over the cluster's). `locale` starts
 * VS Code in that display language (`--locale`, with the stand-in language pack installed).
 */
export async function runScenario(
  t,
  { scenario, label = scenario, trusted = true, uiChecks = {}, fakeYaml = false, vsix = false, cluster, runTimeoutMs = RUN_TIMEOUT_MS, settings = {}, env = {}, locale },
) {
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
  if (locale) installLanguagePack(locale, userDataDir, extensionsDir);
  server = await startCodeServer({
    folder: workspace,
    userDataDir,
    extensionsDir,
    logFile: serverLog,
    trusted,
    locale,
    // Restricted Mode without the startup dialog, for the untrusted scenario.
    settings: { ...THEME_SETTINGS, ...(trusted ? {} : { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' }), ...live?.settings, ...settings },
    // Inherited by the extension host, where the suite reads them.
    env: { KSD_VSCODE_SCENARIO: scenario, KSD_UI_SYNC_DIR: syncDir, KSD_VSCODE_LOG: hostLog, ...live?.env, ...env },
  });
  t.diagnostic(`code-server ready on ${server.base} after ${Date.now() - started} ms`);

  browser = await chromium.launch({ executablePath, args: chromiumArgs, headless: true });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  let resolveExit;
  const exitCode = new Promise((resolve) => (resolveExit = resolve));
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
  // A loaded machine (CI shares its cores) can take longer than the default 30 s to serve the first page.
  await page.goto(workbenchUrl({ port: server.port, folder: workspace, extensionDevelopmentPath: developmentPath, extensionTestsPath: testsPath }), { timeout: 120_000 });
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

/**
 * Installs the stand-in language pack of `locale` the way VS Code's server finds one: the extension in the extensions
 * dir and its entry in <user-data>/languagepacks.json (LanguagePacksCache in
 * vs/platform/languagePacks/node/languagePacks.js writes that file when a pack is installed; code-server 4.100.3 reads
 * it when it serves the workbench, and only then does `--locale` become the display language).
 */
function installLanguagePack(locale, userDataDir, extensionsDir) {
  const source = languagePacks[locale];
  assert.ok(source, `no stand-in language pack for ${locale}`);
  const manifest = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8'));
  const id = `${manifest.publisher}.${manifest.name}`;
  const dir = join(extensionsDir, `${id}-${manifest.version}`);
  cpSync(source, dir, { recursive: true });
  const [localization] = manifest.contributes.localizations;
  const translations = Object.fromEntries(localization.translations.map((tr) => [tr.id, join(dir, tr.path)]));
  // The cache key VS Code computes: md5 over each pack's id and version.
  const hash = createHash('md5').update(id).update(manifest.version).digest('hex');
  mkdirSync(userDataDir, { recursive: true });
  const entry = { hash, extensions: [{ extensionIdentifier: { id }, version: manifest.version }], translations, label: localization.localizedLanguageName };
  writeFileSync(join(userDataDir, 'languagepacks.json'), JSON.stringify({ [localization.languageId]: entry }));
}

/** node:test options of every scenario test. */
export const options = { timeout: RUN_TIMEOUT_MS + 180_000, skip: process.env.KSD_SKIP_VSCODE_TESTS === '1' };
/** The options of a test that needs the local cluster (cluster-*.test.mjs, start.test.mjs): KSD_SKIP_CLUSTER_TESTS=1 skips it too. */
export const clusterOptions = { ...options, skip: options.skip || clusterSkip };

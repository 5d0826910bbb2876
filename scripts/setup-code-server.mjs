// Installs code-server (the real VS Code workbench and extension host, served to a browser) into a
// cache directory outside the repository, and finds Debian's Chromium. Idempotent: a second run
// only checks. Usage: node scripts/setup-code-server.mjs [--check]
//
// Needs the Debian packages libkrb5-dev and ripgrep (code-server's native modules), and chromium
// for the tests: apt-get install -y libkrb5-dev ripgrep chromium
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** code-server 4.100.3 (VS Code 1.100.3) is the newest release whose install accepts Node 20. */
export const CODE_SERVER_VERSION = '4.100.3';
const RIPGREP_PACKAGE_VERSION = '1.15.11'; // @vscode/ripgrep pinned by that code-server
const RIPGREP_ARCHIVE_VERSION = 'v13.0.0-10';

export function cacheDir() {
  return process.env.KSD_CACHE_DIR || join(homedir(), '.cache', 'kube-scaling-doctor');
}

/** Where code-server is installed: KSD_CODE_SERVER_DIR, or the cache dir (a fresh install: KSD_CACHE_DIR=$(mktemp -d)). */
export function codeServerDir() {
  return process.env.KSD_CODE_SERVER_DIR || join(cacheDir(), 'code-server', CODE_SERVER_VERSION);
}

/** The code-server launcher script, whether or not it is installed yet. */
export function codeServerBin() {
  return join(codeServerDir(), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/** An empty code-server config of our own, so code-server never writes ~/.config/code-server. */
export function configFile() {
  const file = join(cacheDir(), 'code-server', 'config.yaml');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '# other flags are passed on the command line (scripts/start.mjs, test/vscode)\nauth: none\n');
  }
  return file;
}

const chromiumCandidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** Path of Debian's Chromium, or undefined. KSD_CHROMIUM overrides. */
export function findChromium() {
  if (process.env.KSD_CHROMIUM) return process.env.KSD_CHROMIUM;
  return chromiumCandidates.find((p) => existsSync(p));
}

/** Flags that keep Chromium quiet on a machine without internet. */
export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

function log(msg) {
  console.error(`[setup-code-server] ${msg}`);
}

function installedVersion() {
  try {
    return JSON.parse(readFileSync(join(codeServerDir(), 'node_modules', 'code-server', 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

function markerFile() {
  return join(codeServerDir(), '.installed');
}

export function isCodeServerInstalled() {
  return existsSync(markerFile()) && installedVersion() === CODE_SERVER_VERSION && existsSync(codeServerBin());
}

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function missingPrerequisites() {
  const missing = [];
  if (!which('rg')) missing.push('ripgrep');
  if (!which('krb5-config')) missing.push('libkrb5-dev');
  if (!which('make') || !which('g++')) missing.push('build-essential');
  if (!which('python3')) missing.push('python3');
  return missing;
}

/**
 * @vscode/ripgrep's postinstall downloads ripgrep from GitHub unless its cache folder already holds
 * the archive. Put Debian's rg there, packed the way the postinstall expects (one file `rg`).
 */
function seedRipgrepCache() {
  const arch = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' }[process.arch];
  if (!arch || process.platform !== 'linux') {
    log(`no ripgrep cache for ${process.platform}/${process.arch}: the install will try to download ripgrep`);
    return;
  }
  const folder = join(tmpdir(), `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  const archive = join(folder, `ripgrep-${RIPGREP_ARCHIVE_VERSION}-${arch}.tar.gz`);
  if (existsSync(archive)) return;
  mkdirSync(folder, { recursive: true });
  const staging = mkdtempSync(join(tmpdir(), 'ksd-rg-'));
  try {
    copyFileSync(which('rg'), join(staging, 'rg'));
    const tar = spawnSync('tar', ['czf', archive, '-C', staging, 'rg'], { stdio: 'inherit' });
    if (tar.status !== 0) throw new Error('tar failed while packing ripgrep');
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Blocks the thread for `ms` (the install is synchronous, and so is waiting for another process's install). */
const sleepSync = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const pidAlive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
};

/**
 * Runs `install` holding `<code-server dir>.lock` (a directory holding the holder's pid): npm test runs the VS Code
 * tests that need no cluster beside the cluster shards' ones, and two installs into one directory would remove each
 * other's files. Waits while another live process holds it, and returns at once when that one installed code-server;
 * takes over a lock whose holder is gone.
 */
function withInstallLock(install) {
  const lock = `${codeServerDir()}.lock`;
  mkdirSync(dirname(lock), { recursive: true });
  for (let said = false; ;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    const holder = Number.parseInt(readFileIfAny(join(lock, 'pid')), 10);
    // A lock without a pid yet was made a moment ago; one whose holder is gone is taken over.
    if (Number.isInteger(holder) && !pidAlive(holder)) rmSync(lock, { recursive: true, force: true });
    else if (!said) {
      log(`another process (pid ${holder || 'starting'}) is installing code-server; waiting for it…`);
      said = true;
    }
    sleepSync(1000);
    if (isCodeServerInstalled()) return codeServerBin();
  }
  try {
    return isCodeServerInstalled() ? codeServerBin() : install();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
const readFileIfAny = (file) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

/** Installs code-server when it is missing; returns the path of its entry script. */
export function ensureCodeServer({ quiet = false } = {}) {
  if (isCodeServerInstalled()) {
    if (!quiet) log(`code-server ${CODE_SERVER_VERSION} is installed in ${codeServerDir()}`);
    return codeServerBin();
  }
  return withInstallLock(() => installCodeServer(quiet));
}

/** @param {boolean} quiet */
function installCodeServer(quiet) {
  const missing = missingPrerequisites();
  if (missing.length) {
    throw new Error(`code-server needs Debian packages that are missing: ${missing.join(' ')}\n` + `  apt-get update && apt-get install -y libkrb5-dev ripgrep chromium build-essential python3`);
  }
  const started = Date.now();
  log(`installing code-server ${CODE_SERVER_VERSION} into ${codeServerDir()} (about a minute)…`);
  seedRipgrepCache();
  const dir = codeServerDir();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'ksd-code-server', private: true }, null, 2) + '\n');
  const env = {
    ...process.env,
    npm_config_unsafe_perm: 'true', // its postinstall refuses to run as root otherwise
    npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
  };
  // node-gyp cannot download Node's headers here; Debian's nodejs ships them under /usr/include/node.
  if (!env.npm_config_nodedir && existsSync('/usr/include/node/node_version.h')) env.npm_config_nodedir = '/usr';
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const res = spawnSync(npm, ['install', '--no-save', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: dir,
    env,
    stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
  });
  if (res.status !== 0 || installedVersion() !== CODE_SERVER_VERSION || !existsSync(codeServerBin())) {
    throw new Error(`installing code-server ${CODE_SERVER_VERSION} failed (npm exit ${res.status}); see the output above`);
  }
  writeFileSync(markerFile(), `${CODE_SERVER_VERSION}\n`);
  log(`code-server ${CODE_SERVER_VERSION} installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return codeServerBin();
}

/**
 * Workbench settings for a quiet, reproducible window: no welcome page, no update or telemetry traffic, no port
 * scanning. code-server's window is remote, so its extension host would look for listening ports every few seconds,
 * listing every process's open files (`ls -l` of /proc's fd folders) and reading every process's cmdline: CPU that
 * follows the machine's processes, not the extension, and that VS Code spends only in windows with the remote ports
 * features on (remote windows, as this one).
 */
export const quietSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'window.restoreWindows': 'none',
  'chat.disableAIFeatures': true,
  'editor.codeLens': true,
  'git.openRepositoryInParentFolders': 'never',
  // Both: code-server registers a tunnel provider, which keeps the scan on whatever autoForwardPorts says.
  'remote.autoForwardPorts': false,
  'remote.autoForwardPortsSource': 'output',
};

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts code-server on 127.0.0.1 in its own process group, with its own user and extension dirs. With
 * `trusted: false` Workspace Trust stays on, so the folder opens in Restricted Mode given suitable `settings`.
 * Resolves once it answers /healthz. `stop()` ends the whole group (extension host and language server too).
 */
export async function startCodeServer({ folder, userDataDir, extensionsDir, port, env = {}, settings = {}, logFile, trusted = true, locale, timeoutMs = 60_000 }) {
  const bin = ensureCodeServer({ quiet: true });
  port ??= await freePort();
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...quietSettings, ...settings }, null, 2));
  const args = [
    bin,
    '--config',
    configFile(),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    folder,
  ];
  // Trusted: no Workspace Trust at all. Untrusted: the caller's settings decide (Restricted Mode).
  if (trusted) args.splice(args.indexOf('--disable-getting-started-override'), 0, '--disable-workspace-trust');
  // The display language (code-server's --locale): VS Code uses it only when a language pack for it is installed.
  if (locale) args.splice(args.indexOf(folder), 0, '--locale', locale);
  const out = logFile ? openSync(logFile, 'a') : 'inherit';
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', out, out], env: { ...process.env, ...env } });
  let exited = false;
  const exitPromise = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      exited = true;
      resolve(code ?? signal);
    }),
  );
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      /* already gone */
    }
  };
  // Last resort if our own process dies without calling stop(): no orphaned code-server.
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);
  const stop = async () => {
    process.removeListener('exit', onExit);
    if (exited) {
      killGroup('SIGKILL');
      return;
    }
    killGroup('SIGTERM');
    const timer = setTimeout(() => killGroup('SIGKILL'), 5000);
    await exitPromise;
    clearTimeout(timer);
    killGroup('SIGKILL'); // children that outlived the server
  };
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`code-server exited before it was ready${logFile ? ` (log: ${logFile})` : ''}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${base} within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { port, base, pid: child.pid, stop, exited: exitPromise };
}

/**
 * The workbench URL that opens `folder` with the extension at `extensionDevelopmentPath` loaded in
 * development mode (code-server loads only one such path) (and, with `extensionTestsPath`, runs those tests). code-server rejects these as
 * command-line flags, but its workbench reads them from the `payload` URL parameter.
 */
export function workbenchUrl({ port, folder, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  let url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`;
  if (payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const checkOnly = process.argv.includes('--check');
  try {
    if (checkOnly) {
      console.log(isCodeServerInstalled() ? `code-server ${CODE_SERVER_VERSION}: installed` : 'code-server: missing');
    } else {
      const bin = ensureCodeServer();
      const v = spawnSync(process.execPath, [bin, '--config', configFile(), '--version'], { encoding: 'utf8' });
      console.log(v.stdout.trim().split('\n')[0]);
    }
    const chromium = findChromium();
    console.log(chromium ? `chromium: ${chromium}` : 'chromium: missing (apt-get install -y chromium); needed by the vscode tests only');
    if (checkOnly && !isCodeServerInstalled()) process.exit(1);
  } catch (err) {
    console.error(String(err instanceof Error ? err.message : err));
    process.exit(1);
  }
}

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

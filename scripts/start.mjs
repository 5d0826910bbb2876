// `npm start`: builds, installs code-server if it is missing, and serves a real VS Code on 127.0.0.1 with the
// extension loaded (development mode, or the packaged .vsix with --vsix) and examples/ open. Prints the URL
// and stays in the foreground until Ctrl-C.
//
//   npm start                     # port 8080 (or the next free one), extension from this checkout
//   npm start -- --port 9000      # another port (also: KSD_PORT)
//   npm start -- --vsix           # package the .vsix and install it instead of development mode
//   npm start -- --folder ~/k8s   # open another folder instead of examples/
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  cacheDir, codeServerBin, configFile, ensureCodeServer, freePort, repoRoot, startCodeServer, workbenchUrl,
} from './setup-code-server.mjs';

const { values: opts } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.KSD_PORT },
    folder: { type: 'string', default: join(repoRoot, 'examples') },
    vsix: { type: 'boolean', default: false },
  },
});

function run(script, args = []) {
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', script), ...args], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

async function pickPort() {
  if (opts.port) return Number(opts.port);
  // 8080 when free, as code-server's own default; otherwise any free port.
  const { createServer } = await import('node:net');
  const free = await new Promise((res) => {
    const s = createServer().once('error', () => res(false)).listen(8080, '127.0.0.1', () => s.close(() => res(true)));
  });
  return free ? 8080 : freePort();
}

const folder = resolve(opts.folder);
if (!existsSync(folder)) {
  console.error(`no such folder: ${folder}`);
  process.exit(1);
}

run('build.mjs');
ensureCodeServer();

const state = join(cacheDir(), 'code-server', 'start');
const userDataDir = join(state, opts.vsix ? 'user-data-vsix' : 'user-data');
const extensionsDir = join(state, opts.vsix ? 'extensions-vsix' : 'extensions');
mkdirSync(state, { recursive: true });

if (opts.vsix) {
  run('package.mjs');
  const { version, name } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const vsix = join(repoRoot, `${name}-${version}.vsix`);
  const r = spawnSync(process.execPath, [codeServerBin(), '--config', configFile(), '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--force', '--install-extension', vsix], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const port = await pickPort();
const logFile = join(state, 'code-server.log');
const server = await startCodeServer({ folder, userDataDir, extensionsDir, port, logFile });
const url = workbenchUrl({ port, folder, extensionDevelopmentPath: opts.vsix ? undefined : repoRoot });

console.log(`
Scaling Doctor for Kubernetes in VS Code (code-server), extension ${opts.vsix ? 'installed from the .vsix' : 'in development mode'}:

  ${url}

Open it in a browser on this machine. Folder: ${folder}
Server log: ${logFile}
${opts.vsix ? 'After changing the code: stop, then npm start -- --vsix again.' : 'After changing the code: npm run build, then reload the window (F1 → "Developer: Reload Window").'}
Ctrl-C stops the server.
`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping code-server…');
  await server.stop();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
const why = await server.exited;
if (!stopping) {
  console.error(`code-server exited (${why}); see ${logFile}`);
  process.exit(1);
}

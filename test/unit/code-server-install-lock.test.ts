// The code-server install lock (scripts/setup-code-server.mjs): npm test runs the VS Code tests that need no cluster
// beside the cluster shards' ones, and two installs into one directory would remove each other's files. A second
// process waits for a live holder and uses its install; a lock left by a process that is gone is taken over.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const SETUP = join(__dirname, '..', '..', 'scripts', 'setup-code-server.mjs');
const ENSURE = `import(${JSON.stringify(SETUP)}).then((m) => console.log(m.ensureCodeServer({ quiet: true })))`;
/** The pinned version, as the script reads it (the script is plain JavaScript without types). */
const CODE_SERVER_VERSION = spawnSync(process.execPath, ['-e', `import(${JSON.stringify(SETUP)}).then((m) => console.log(m.CODE_SERVER_VERSION))`], { encoding: 'utf8' }).stdout.trim();

/** What a finished install leaves: the package at the pinned version, its entry script and the marker. */
function fakeInstall(dir: string): void {
  mkdirSync(join(dir, 'node_modules', 'code-server', 'out', 'node'), { recursive: true });
  writeFileSync(join(dir, 'node_modules', 'code-server', 'package.json'), JSON.stringify({ version: CODE_SERVER_VERSION }));
  writeFileSync(join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'), '');
  writeFileSync(join(dir, '.installed'), `${CODE_SERVER_VERSION}\n`);
}

function holdLock(dir: string, pid: number): void {
  mkdirSync(`${dir}.lock`, { recursive: true });
  writeFileSync(join(`${dir}.lock`, 'pid'), String(pid));
}

test('a second install waits for the live holder of the lock and uses what it installed', { timeout: 60_000 }, async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'ksd-cs-lock-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const dir = join(root, 'code-server');
  holdLock(dir, process.pid);
  const child = spawn(process.execPath, ['-e', ENSURE], { env: { ...process.env, KSD_CODE_SERVER_DIR: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  while (!err.includes('waiting for it')) await new Promise((r) => setTimeout(r, 100));
  assert.equal(child.exitCode, null, 'still waiting while the holder installs');
  fakeInstall(dir);
  assert.equal(await exited, 0, err);
  assert.equal(out.trim(), join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'));
  // It installed nothing itself: an install starts by writing its own package.json at the top of the directory.
  assert.equal(existsSync(join(dir, 'package.json')), false);
  assert.ok(existsSync(`${dir}.lock`), "the holder's lock is the holder's to remove");
});

test('a lock whose holder is gone is taken over: the install goes ahead instead of waiting', (t) => {
  const root = mkdtempSync(join(tmpdir(), 'ksd-cs-lock-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const dir = join(root, 'code-server');
  const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  holdLock(dir, Number(gone.stdout.trim()));
  // No PATH: the install itself fails at once (its prerequisites are not found), which shows it got past the lock.
  const r = spawnSync(process.execPath, ['-e', ENSURE], { env: { KSD_CODE_SERVER_DIR: dir, PATH: join(root, 'no-bin') }, encoding: 'utf8', timeout: 60_000 });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /code-server needs Debian packages that are missing/);
  assert.doesNotMatch(r.stderr, /waiting for it/);
  assert.equal(existsSync(`${dir}.lock`), false, 'the lock is released after a failed install');
});

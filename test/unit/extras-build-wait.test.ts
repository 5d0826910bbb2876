// wait_for_extras_build (scripts/cluster/go-env.sh): a component's build script called while `build.sh --extras` runs
// (a component test's `before`) waits for that build instead of compiling beside it, and stops waiting as soon as its
// own binaries are there, not only when the whole extras build (KEDA, VPA after it) has ended.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const GO_ENV = join(__dirname, '..', '..', 'scripts', 'cluster', 'go-env.sh');

/** Holds the extras build's lock as `build.sh --extras` does, until its process group is killed (`release`). */
async function holdExtrasLock(cache: string) {
  mkdirSync(join(cache, 'build'), { recursive: true });
  // Its own process group: the sleep inherits the locked file, so ending the lock means ending both.
  const holder = spawn('flock', [join(cache, 'build', '.lock-extras'), 'sh', '-c', 'echo held; exec sleep 600'], { stdio: ['ignore', 'pipe', 'ignore'], detached: true });
  await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
  const release = () => {
    try {
      process.kill(-holder.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  return { holder, release };
}

/** Runs `wait_for_extras_build binaries...` as a component's build script does; resolves when it returns. */
function waitFor(cache: string, binaries: string[]) {
  const child = spawn('bash', ['-c', `source "${GO_ENV}"; wait_for_extras_build "$@"; echo returned`, 'wait', ...binaries], {
    env: { ...process.env, KSD_CACHE_DIR: cache, KSD_EXTRAS_BUILD: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const done = new Promise<string>((resolve) => child.on('exit', () => resolve(out)));
  return { child, done, output: () => out };
}

const settle = () => new Promise((r) => setTimeout(r, 3000));

function setUp(t: { after: (fn: () => void) => void }) {
  const cache = mkdtempSync(join(tmpdir(), 'ksd-extras-wait-'));
  const children: ChildProcess[] = [];
  t.after(() => {
    for (const c of children) c.kill('SIGKILL');
    rmSync(cache, { recursive: true, force: true });
  });
  const binary = join(cache, 'bin', 'component-v1', 'component');
  return { cache, children, binary };
}

test('no extras build running: returns at once', { timeout: 30_000 }, async (t) => {
  const { cache, binary } = setUp(t);
  assert.match(await waitFor(cache, [binary]).done, /returned/);
});

test('waits while the extras build runs, and returns once its binary is there although the build goes on', { timeout: 60_000 }, async (t) => {
  const { cache, children, binary } = setUp(t);
  const { holder, release } = await holdExtrasLock(cache);
  t.after(release);
  const w = waitFor(cache, [binary]);
  children.push(w.child);
  await settle();
  assert.equal(w.child.exitCode, null, 'still waiting: the binary is not built yet');
  assert.match(w.output(), /build\.sh --extras is running/);
  mkdirSync(join(cache, 'bin', 'component-v1'), { recursive: true });
  writeFileSync(binary, '#!/bin/sh\n');
  chmodSync(binary, 0o755);
  assert.match(await w.done, /returned/);
  assert.equal(holder.exitCode, null, 'the extras build was still running');
});

test('a binary that never comes: waits until the extras build ends (then the script builds it itself)', { timeout: 60_000 }, async (t) => {
  const { cache, children, binary } = setUp(t);
  const { release } = await holdExtrasLock(cache);
  t.after(release);
  const w = waitFor(cache, [binary, `${binary}-other`]);
  children.push(w.child);
  mkdirSync(join(cache, 'bin', 'component-v1'), { recursive: true });
  writeFileSync(binary, '#!/bin/sh\n');
  chmodSync(binary, 0o755);
  await settle();
  assert.equal(w.child.exitCode, null, 'one of its two binaries is still missing');
  release();
  assert.match(await w.done, /returned/);
});

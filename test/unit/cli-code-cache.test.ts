// The CLI keeps V8's compiled code of its lazily loaded bundles (src/cli/codeCache.ts) so `top` does not compile
// 2.5 MB of JavaScript on every run. What a user depends on: the command behaves the same with a cache, without
// one, with a broken one and with the cache turned off; the cache is theirs alone (0700) and does not grow with
// every upgrade. Uses dist/cli.js: build first.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { compileCacheDir } from '../../src/cli/codeCache';
import { tempDir } from '../tempDir';

const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
const nodeCachesItself = Number(process.versions.node.split('.')[0]) >= 23 || /^22\.([1-9]|\d\d)\./.test(process.versions.node);

function run(env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '', ...env }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('the cache is per user under XDG_CACHE_HOME (or ~/.cache), and NODE_DISABLE_COMPILE_CACHE turns it off', () => {
  assert.equal(compileCacheDir({ XDG_CACHE_HOME: '/x/cache' }), join('/x/cache', 'kube-scaling-doctor', 'compile-cache'));
  assert.match(compileCacheDir({})!, /[\\/]\.cache[\\/]kube-scaling-doctor[\\/]compile-cache$/);
  assert.equal(compileCacheDir({ XDG_CACHE_HOME: '/x/cache', NODE_DISABLE_COMPILE_CACHE: '1' }), undefined);
});

test('`top --help` writes the bundle’s compiled code once, reads it after, and prints the same either way', { skip: nodeCachesItself && 'Node caches compiled code itself here' }, () => {
  const home = tempDir('ksd-code-cache-');
  const dir = join(home, 'kube-scaling-doctor', 'compile-cache');
  const first = run({ XDG_CACHE_HOME: home }, 'top', '--help');
  assert.equal(first.code, 0, first.stderr);
  const files = readdirSync(dir);
  assert.equal(files.length, 1, `one cache file: ${files}`);
  assert.match(files[0], /^cli-top\.js-/);
  assert.equal(statSync(dir).mode & 0o777, 0o700, 'only the user can write compiled code that the CLI will run');
  const written = statSync(join(dir, files[0])).mtimeMs;

  const second = run({ XDG_CACHE_HOME: home }, 'top', '--help');
  assert.deepEqual(second, first);
  assert.equal(statSync(join(dir, files[0])).mtimeMs, written, 'a usable cache is not written again');

  // Garbage where the cache was (a disk error, another tool): V8 refuses it, the command runs as usual and the
  // cache is written anew.
  writeFileSync(join(dir, files[0]), 'not V8 cached data');
  const third = run({ XDG_CACHE_HOME: home }, 'top', '--help');
  assert.deepEqual(third, first);
  assert.notEqual(readFileSync(join(dir, files[0]), 'latin1'), 'not V8 cached data');
});

test('a new cache of a bundle removes that bundle’s older ones (an upgrade), not the other bundles’', { skip: nodeCachesItself && 'Node caches compiled code itself here' }, () => {
  const home = tempDir('ksd-code-cache-');
  const dir = join(home, 'kube-scaling-doctor', 'compile-cache');
  assert.equal(run({ XDG_CACHE_HOME: home }, 'doctor', '--help').code, 0);
  const cluster = readdirSync(dir);
  assert.equal(cluster.length, 1);
  writeFileSync(join(dir, 'cli-top.js-11.3.0-0ld.bin'), 'an earlier version');
  assert.equal(run({ XDG_CACHE_HOME: home }, 'top', '--help').code, 0);
  const after = readdirSync(dir).sort();
  assert.equal(after.length, 2, `${after}`);
  assert.ok(after.includes(cluster[0]), 'the doctor bundle’s cache stays');
  assert.ok(!after.includes('cli-top.js-11.3.0-0ld.bin'), 'the old top cache is gone');
});

test(
  'a cache directory others can write to is neither read nor written',
  { skip: (nodeCachesItself || process.platform === 'win32') && 'no user ids, or Node caches compiled code itself here' },
  () => {
    const home = tempDir('ksd-code-cache-');
    const dir = join(home, 'kube-scaling-doctor', 'compile-cache');
    assert.equal(run({ XDG_CACHE_HOME: home }, 'top', '--help').code, 0);
    const [file] = readdirSync(dir);
    // Code planted by someone else who can write there: it must not run, and nothing of ours is written beside it.
    writeFileSync(join(dir, file), 'planted');
    chmodSync(dir, 0o777);
    const r = run({ XDG_CACHE_HOME: home }, 'top', '--help');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /kube-scaling-doctor top nodes\|pods/);
    assert.deepEqual(readdirSync(dir), [file]);
    assert.equal(readFileSync(join(dir, file), 'utf8'), 'planted', 'not replaced: the directory is not ours alone');
  },
);

test('with the cache turned off nothing is written and the command works', () => {
  const home = tempDir('ksd-code-cache-');
  const r = run({ XDG_CACHE_HOME: home, NODE_DISABLE_COMPILE_CACHE: '1' }, 'top', '--help');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /kube-scaling-doctor top nodes\|pods/);
  assert.deepEqual(readdirSync(home), []);
});

test('a cache directory that cannot be written only means compiling as usual', () => {
  const home = tempDir('ksd-code-cache-');
  // A file where the directory would be.
  writeFileSync(join(home, 'kube-scaling-doctor'), '');
  const r = run({ XDG_CACHE_HOME: home }, 'top', '--help');
  assert.equal(r.code, 0);
  assert.equal(r.stderr, '');
});

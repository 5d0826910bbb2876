// Unit tests of the claim scripts/run-tests.mjs takes on its test clusters (no cluster needed): a second run beside a
// live one gets clusters of its own, or stops with the holder named when the user chose the cluster; a claim left by a
// killed run is taken over; the claim is gone when the run ends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { claimTestClusters } from '../../scripts/test-run-lock.mjs';

const LOCK = new URL('../../scripts/test-run-lock.mjs', import.meta.url).href;

/** A process that claims `base` in `dir`, prints its claim, and lives until killed. */
async function holder(dir, base) {
  const code = `const { claimTestClusters } = await import(${JSON.stringify(LOCK)});
    console.log(JSON.stringify(claimTestClusters(${JSON.stringify(base)}, { dir: ${JSON.stringify(dir)}, chosen: false })));
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await once(child.stdout, 'data');
  return { child, claim: JSON.parse(String(line)) };
}

test('a second run beside a live one: its own cluster names, or a clear stop when the user named the cluster', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ksd-claims-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const first = await holder(dir, 'ksd-test');
  t.after(() => first.child.kill());
  assert.deepEqual(first.claim, { ok: true, base: 'ksd-test' });

  const second = claimTestClusters('ksd-test', { dir, chosen: false });
  assert.equal(second.ok, true);
  assert.equal(second.ok && second.base, `ksd-test-run${process.pid}`);
  assert.match(second.ok ? (second.note ?? '') : '', new RegExp(`ksd-test is in use by another test run \\(pid ${first.child.pid}, started `));

  const chosen = claimTestClusters('ksd-test', { dir, chosen: true });
  assert.equal(chosen.ok, false);
  assert.match(chosen.ok ? '' : chosen.message, new RegExp(`in use by another test run \\(pid ${first.child.pid}.*choose another KSD_TEST_CLUSTER`));

  // The first run ends: its claim goes with it and the name is free again.
  first.child.kill();
  await once(first.child, 'exit');
  const after = claimTestClusters('ksd-test', { dir, chosen: true });
  assert.deepEqual(after, { ok: true, base: 'ksd-test' });
});

test('a claim left by a killed run is taken over; a run removes its own claim when it exits', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ksd-claims-'));
  try {
    // A pid that is not running: a child that has already exited.
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    const stale = join(dir, 'ksd-test.test-run.json');
    writeFileSync(stale, JSON.stringify({ pid: Number(gone.stdout.trim()), started: '2026-01-01T00:00:00Z', cwd: '/gone' }));
    const code = `const { claimTestClusters } = await import(${JSON.stringify(LOCK)});
      const c = claimTestClusters('ksd-test', { dir: ${JSON.stringify(dir)}, chosen: true });
      const { readFileSync } = await import('node:fs');
      console.log(JSON.stringify({ c, holder: JSON.parse(readFileSync(${JSON.stringify(stale)}, 'utf8')).pid, pid: process.pid }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.c, { ok: true, base: 'ksd-test' });
    assert.equal(out.holder, out.pid, 'the stale claim now names the new run');
    assert.equal(existsSync(stale), false, 'the claim is removed when the run exits');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

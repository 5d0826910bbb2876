// Unit tests of how scripts/run-tests.mjs spreads the cluster test files over clusters (no cluster needed): no file
// lost or run twice, each shard torn down last, component tests after the others, and the counts read back from the
// output of node's own test runner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { COMPONENT_NAMES, TEARDOWN, planShards, summaryReader } from '../../scripts/test-shards.mjs';

// What `npm test` hands over today, plus a component test and a cluster file nobody has measured yet (named after no
// component: `keda-*` would be the keda component's).
const FILES = [
  'test/cluster/components.test.mjs',
  'test/cluster/coredns.test.mjs',
  'test/cluster/doctor-diagnose.test.mjs',
  'test/cluster/doctor-repair.test.mjs',
  'test/cluster/explorer-data.test.mjs',
  'test/cluster/scaled-objects.test.mjs',
  'test/cluster/profiles.test.mjs',
  'test/cluster/runner-args.test.mjs',
  'test/cluster/scenarios.test.mjs',
  `test/cluster/${TEARDOWN}`,
  'test/vscode/cluster-views.test.mjs',
];

test('two shards: every file in exactly one shard, the teardown in each, the measured seconds balanced', () => {
  const shards = planShards(FILES, { count: 2, baseCluster: 'ksd-test' });
  assert.deepEqual(
    shards.map((s) => s.cluster),
    ['ksd-test', 'ksd-test-2'],
  );
  const work = shards.flatMap((s) => s.files).filter((f) => basename(f) !== TEARDOWN);
  assert.deepEqual([...work].sort(), FILES.filter((f) => basename(f) !== TEARDOWN).sort());
  for (const s of shards) assert.equal(s.files.filter((f) => basename(f) === TEARDOWN).length, 1, s.cluster);
  const [a, b] = shards.map((s) => s.seconds);
  assert.ok(Math.max(a, b) / Math.min(a, b) < 1.25, `unbalanced: ${a} s and ${b} s`);
  // The three longest files are never all on one cluster.
  const longest = ['scenarios.test.mjs', 'cluster-views.test.mjs', 'doctor-diagnose.test.mjs'];
  for (const s of shards)
    assert.ok(
      longest.some((n) => !s.files.some((f) => f.endsWith(n))),
      s.files.join(', '),
    );
});

test('inside a shard: cluster files by name, then component tests, then VS Code, then the teardown', () => {
  assert.ok(COMPONENT_NAMES.includes('coredns'), COMPONENT_NAMES.join(', '));
  const [one] = planShards(FILES, { count: 1, baseCluster: 'ksd-ci' });
  assert.equal(one.cluster, 'ksd-ci');
  assert.deepEqual(one.files.map((f) => basename(f)).slice(-3), ['coredns.test.mjs', 'cluster-views.test.mjs', TEARDOWN]);
  const plain = one.files.slice(0, -3).map((f) => basename(f));
  assert.deepEqual(plain, [...plain].sort());
  for (const s of planShards(FILES, { count: 2, baseCluster: 'ksd-ci' })) assert.equal(basename(s.files.at(-1)), TEARDOWN);
});

test('more clusters than files: one shard per file; a count below one or not a number is one shard', () => {
  const two = ['test/cluster/scenarios.test.mjs', 'test/cluster/doctor-repair.test.mjs'];
  assert.deepEqual(
    planShards(two, { count: 5, baseCluster: 'ksd-x' }).map((s) => [s.cluster, s.files]),
    [
      ['ksd-x', ['test/cluster/scenarios.test.mjs']],
      ['ksd-x-2', ['test/cluster/doctor-repair.test.mjs']],
    ],
  );
  assert.equal(planShards(two, { count: 0, baseCluster: 'ksd-x' }).length, 1);
  assert.equal(planShards(two, { count: Number('two'), baseCluster: 'ksd-x' }).length, 1);
});

// NODE_TEST_CONTEXT tells a child that it runs inside this test runner: without it, it is a top-level run, as a shard is.
const { NODE_TEST_CONTEXT, ...topLevelEnv } = process.env;

test("the counts and failed tests are read from node's TAP and spec output; a run cut short has no counts", () => {
  const dir = mkdtempSync(join(tmpdir(), 'ksd-shards-'));
  try {
    const file = join(dir, 'sample.test.mjs');
    writeFileSync(
      file,
      [
        "import { describe, test } from 'node:test';",
        "describe('doctor repairs', () => {",
        "  test('metrics-server flag repair', (t) => { t.diagnostic('error: a passing diagnostic'); });",
        "  test('coredns hosts repair', () => { throw new Error('SERVFAIL'); });",
        '});',
        "test('needs a binary', { skip: 'not built' }, () => {});",
        "test('later', { todo: true }, () => {});",
      ].join('\n'),
    );
    for (const reporter of ['tap', 'spec']) {
      const r = spawnSync(process.execPath, ['--test', `--test-reporter=${reporter}`, file], { encoding: 'utf8', env: topLevelEnv });
      assert.equal(r.status, 1, r.stderr);
      const reader = summaryReader();
      for (const line of r.stdout.split('\n')) reader.line(line);
      assert.deepEqual(reader.counts(), { tests: 4, pass: 1, fail: 1, cancelled: 0, skipped: 1, todo: 1 }, `${reporter}:\n${r.stdout}`);
      assert.ok(reader.failed().includes('coredns hosts repair'), `${reporter}: ${reader.failed().join(' | ')}`);
      assert.ok(!reader.failed().includes('metrics-server flag repair'), reporter);
      assert.ok(
        reader.reasons().some((r) => r.includes('SERVFAIL')),
        `${reporter}: why: ${reader.reasons().join(' | ')}`,
      );
      assert.ok(!reader.reasons().some((r) => r.includes('passing diagnostic')), `${reporter}: ${reader.reasons().join(' | ')}`);

      const cut = summaryReader();
      for (const line of r.stdout.split('\n').slice(0, 5)) cut.line(line);
      assert.equal(cut.counts(), null, reporter);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

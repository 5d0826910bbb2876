// The local cluster's component contract (scripts/cluster/components/): the registry, `--with` parsing and
// the CLI's refusal of unknown names. No cluster and no binaries needed: nothing here builds or starts anything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COMPONENTS, componentContext, componentNames, parseWith } from '../../scripts/cluster/components/index.mjs';

const CLI = fileURLToPath(new URL('../../scripts/cluster/cli.mjs', import.meta.url));

test('every registered component exports name, description, build, start, waitHealthy, stop', () => {
  assert.ok(COMPONENTS.length > 0);
  for (const c of COMPONENTS) {
    assert.match(c.name, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, `component name "${c.name}"`);
    assert.equal(typeof c.description, 'string');
    assert.ok(c.description.length > 0, `${c.name}: description`);
    for (const step of ['build', 'start', 'waitHealthy', 'stop']) assert.equal(typeof c[step], 'function', `${c.name}.${step}`);
  }
  assert.equal(new Set(componentNames()).size, COMPONENTS.length, 'names are unique');
  assert.ok(componentNames().includes('coredns'));
});

test('--with: comma list or repeated option, trimmed, each component once, in the order given', () => {
  assert.deepEqual(parseWith(undefined), []);
  assert.deepEqual(parseWith([]), []);
  const coredns = COMPONENTS.find((c) => c.name === 'coredns');
  assert.deepEqual(parseWith('coredns'), [coredns]);
  assert.deepEqual(parseWith(' coredns , '), [coredns]);
  assert.deepEqual(parseWith(['coredns', 'coredns']), [coredns]);
});

test('--with: an unknown or missing name is an error listing the known components', () => {
  for (const value of ['nope', 'coredns,nope', ['coredns', 'nope']]) {
    assert.throws(
      () => parseWith(value),
      (e) => {
        assert.match(e.message, /unknown component "nope"/);
        for (const n of componentNames()) assert.ok(e.message.includes(n), `lists ${n}: ${e.message}`);
        return true;
      },
    );
  }
  for (const value of ['', ',', ['']]) assert.throws(() => parseWith(value), /--with needs a component name[\s\S]*coredns/);
});

test('cli: up --with an unknown component exits non-zero before building or starting anything', () => {
  const name = 'ksd-components-test-unknown';
  const r = spawnSync(process.execPath, [CLI, 'up', '--with', 'coredns,nope', '--name', name], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /unknown component "nope" in --with; known components:\n {2}coredns /);
  assert.doesNotMatch(r.stderr, /building|creating cluster/);
  assert.equal(existsSync(componentContext({ name }).paths.dir), false, 'no cluster state created');
  const missing = spawnSync(process.execPath, [CLI, 'up', '--name', name, '--with'], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(missing.status, 1, missing.stderr);
  assert.match(missing.stderr, /--with needs a component name/);
});

test('cli: usage lists --with and the registered components', () => {
  const r = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8', timeout: 30_000 });
  assert.match(r.stdout, new RegExp(`--with NAME\\[,NAME\\][^\\n]*${componentNames().join(', ')}`));
});

test('stop is idempotent: a cluster where the component never ran stops without error', async () => {
  const ctx = componentContext({ name: 'ksd-components-test-absent', log: () => {} });
  for (const c of COMPONENTS) {
    await c.stop(ctx);
    await c.stop(ctx);
  }
  assert.equal(existsSync(ctx.paths.dir), false, 'stop creates nothing');
});

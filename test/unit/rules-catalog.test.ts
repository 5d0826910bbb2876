// The rule catalogue users see: every rule has a unique stable id, hover docs, a docs page, a README row
// and its own test file test/unit/rules/<id>.test.ts (so a rule's tests are found from its id).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { allRules, rulesOf } from '../../src/core/lint/rules';

const migrationRules = rulesOf('migration');

const root = join(__dirname, '..', '..');

test('rule ids are unique kebab-case and each rule has a title and hover docs', () => {
  const ids = allRules.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, `duplicate ids: ${ids}`);
  for (const r of allRules) {
    assert.match(r.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, r.id);
    assert.ok(r.title.length > 10, `${r.id} has no title`);
    assert.ok(r.docs.length > 40, `${r.id} has no docs`);
  }
});

test('every rule is one source file named after its id, and src/core/lint/rules holds nothing else', () => {
  const dir = join(root, 'src', 'core', 'lint', 'rules');
  const ids = allRules.map((r) => r.id);
  for (const id of ids) {
    const file = join(dir, `${id}.ts`);
    assert.ok(existsSync(file), `src/core/lint/rules/${id}.ts is missing`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- load the file itself, not the registry's view of it
    const exported = Object.values(require(file) as Record<string, unknown>);
    assert.ok(
      exported.some((value) => (value as { id?: string } | undefined)?.id === id),
      `src/core/lint/rules/${id}.ts does not export the rule ${id}`,
    );
  }
  const others = readdirSync(dir).filter((f) => f !== 'index.ts' && !ids.includes(f.replace(/\.ts$/, '')));
  assert.deepEqual(others, [], 'src/core/lint/rules lists rule ids only (helpers belong in src/core/lint or src/core/k8s)');
});

test('every rule has a docs page and every docs page belongs to a rule', () => {
  const pages = readdirSync(join(root, 'docs', 'rules'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => f.replace(/\.md$/, ''));
  const ids = allRules.map((r) => r.id);
  for (const id of ids) assert.ok(existsSync(join(root, 'docs', 'rules', `${id}.md`)), `docs/rules/${id}.md is missing`);
  assert.deepEqual(
    pages.filter((p) => !ids.includes(p)),
    [],
  );
});

test('the README lists every rule', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  for (const r of allRules) assert.ok(readme.includes(`docs/rules/${r.id}.md`), `README does not list ${r.id}`);
});

test('migration rules are registered with docs', () => {
  assert.deepEqual(migrationRules.map((r) => r.id).sort(), [
    'hpa-deprecated-api',
    'hpa-target-removed-api',
    'karpenter-deprecated-api',
    'karpenter-placeholder',
    'keda-deprecated-field',
    'workload-removed-api',
  ]);
});

test('every rule has test/unit/rules/<id>.test.ts that tests it, and that folder holds nothing else', () => {
  const dir = join(__dirname, 'rules');
  const ids = allRules.map((r) => r.id);
  for (const id of ids) {
    const file = join(dir, `${id}.test.ts`);
    assert.ok(existsSync(file), `test/unit/rules/${id}.test.ts is missing`);
    // A cheap guard against an empty or misplaced file: it has tests and imports the rule or names its id.
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^test\(/m, `test/unit/rules/${id}.test.ts has no test`);
    assert.ok(text.includes(`lint/rules/${id}'`) || text.includes(`'${id}'`), `test/unit/rules/${id}.test.ts neither imports nor names ${id}`);
  }
  assert.deepEqual(
    readdirSync(dir).filter((f) => !ids.includes(f.replace(/\.test\.ts$/, '')) || !f.endsWith('.test.ts')),
    [],
  );
});

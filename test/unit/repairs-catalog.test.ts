// The repair catalogue: every RepairId has its own file in src/core/doctor/repairs/, a docs page in
// docs/repairs/, a test file in test/unit/repairs/ and a row in docs/repairs.md; those folders hold nothing else.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPAIR_ALIASES, REPAIR_IDS, REPAIR_OFFERS, REPAIRS } from '../../src/core/doctor/repairs';

const root = join(__dirname, '..', '..');
const baseNames = (dir: string, ext: string) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith(ext))
    .map((f) => f.slice(0, -ext.length));

test('every repair id has its own file whose repair carries that id, and ls repairs/ lists ids and index.ts only', () => {
  assert.equal(REPAIR_IDS.length, 4);
  for (const id of REPAIR_IDS) {
    assert.ok(existsSync(join(root, 'src/core/doctor/repairs', `${id}.ts`)), `src/core/doctor/repairs/${id}.ts`);
    assert.equal(REPAIRS[id].id, id);
    assert.equal(REPAIR_OFFERS[id].id, id);
    assert.ok(REPAIR_OFFERS[id].title.length > 15, `${id} title`);
  }
  assert.deepEqual(readdirSync(join(root, 'src/core/doctor/repairs')).sort(), [...REPAIR_IDS.map((id) => `${id}.ts`), 'index.ts'].sort());
});

test('ls checks/ lists diagnosis ids and index.ts only (helpers live in checkKit.ts and scrapeErrors.ts)', () => {
  for (const f of readdirSync(join(root, 'src/core/doctor/checks'))) {
    assert.ok(f === 'index.ts' || existsSync(join(root, 'docs/doctor', f.replace(/\.ts$/, '.md'))), `checks/${f} is not a diagnosis id`);
  }
});

test('every repair has a docs page (what it changes, preview/dry run/undo, when refused) and every page a repair', () => {
  assert.deepEqual(baseNames('docs/repairs', '.md').sort(), [...REPAIR_IDS].sort());
  for (const id of REPAIR_IDS) {
    const text = readFileSync(join(root, 'docs/repairs', `${id}.md`), 'utf8');
    assert.ok(text.startsWith(`# ${id}\n`), `${id}.md heading`);
    assert.match(text, /## What it changes/, `${id}.md`);
    assert.match(text, /## Preview, dry run and undo/, `${id}.md`);
    assert.match(text, /## When it is refused/, `${id}.md`);
  }
});

test('docs/repairs.md links every repair page', () => {
  const text = readFileSync(join(root, 'docs/repairs.md'), 'utf8');
  for (const id of REPAIR_IDS) assert.ok(text.includes(`[\`${id}\`](repairs/${id}.md)`), id);
});

test('every repair has a test file; test/unit/repairs/ holds those, the engine and registry tests and the shared helpers only', () => {
  const GENERIC = ['apply.test.ts', 'registry.test.ts', 'helpers.ts'];
  assert.deepEqual(readdirSync(join(root, 'test/unit/repairs')).sort(), [...REPAIR_IDS.map((id) => `${id}.test.ts`), ...GENERIC].sort());
});

test('former repair ids are aliases of current ones, never ids themselves', () => {
  for (const [old, id] of Object.entries(REPAIR_ALIASES)) {
    assert.ok(!(REPAIR_IDS as string[]).includes(old), old);
    assert.ok(REPAIR_IDS.includes(id), id);
  }
});

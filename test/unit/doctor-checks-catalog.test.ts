// The diagnosis catalogue: every DiagnosisId has a check file, a docs page, a row in docs/doctor.md and its own
// test file test/unit/doctor/<id>.test.ts (so a diagnosis's tests are found from its id).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CHECKS, DIAGNOSIS_IDS, TITLES } from '../../src/core/doctor/checks';

const root = join(__dirname, '..', '..');

test('every diagnosis id has its own check file whose check carries that id', () => {
  assert.equal(DIAGNOSIS_IDS.length, 45);
  for (const id of DIAGNOSIS_IDS) {
    assert.ok(existsSync(join(root, 'src/core/doctor/checks', `${id}.ts`)), `src/core/doctor/checks/${id}.ts`);
    assert.equal(CHECKS[id].id, id);
    assert.ok(TITLES[id].length > 15, `${id} title`);
  }
});

test('every diagnosis has a docs page (what, evidence, repairs, upstream) and every page a diagnosis', () => {
  const pages = readdirSync(join(root, 'docs/doctor'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => f.replace(/\.md$/, ''));
  assert.deepEqual([...pages].sort(), [...DIAGNOSIS_IDS].sort());
  for (const id of DIAGNOSIS_IDS) {
    const text = readFileSync(join(root, 'docs/doctor', `${id}.md`), 'utf8');
    assert.ok(text.startsWith(`# ${id}\n`), `${id}.md heading`);
    assert.match(text, /## What it means/, `${id}.md`);
    assert.match(text, /## Evidence/, `${id}.md`);
    assert.match(text, /\*\*Repairs:\*\*/, `${id}.md`);
  }
});

test('docs/doctor.md lists every diagnosis with a link to its page', () => {
  const text = readFileSync(join(root, 'docs/doctor.md'), 'utf8');
  for (const id of DIAGNOSIS_IDS) assert.ok(text.includes(`[\`${id}\`](doctor/${id}.md)`), id);
});

test('every diagnosis has test/unit/doctor/<id>.test.ts that tests it; that folder holds nothing else but fixtures.ts', () => {
  const dir = join(__dirname, 'doctor');
  for (const id of DIAGNOSIS_IDS) {
    const file = join(dir, `${id}.test.ts`);
    assert.ok(existsSync(file), `test/unit/doctor/${id}.test.ts is missing`);
    // A cheap guard against an empty or misplaced file: it has tests and names its diagnosis.
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^test\(/m, `test/unit/doctor/${id}.test.ts has no test`);
    assert.ok(text.includes(`'${id}'`), `test/unit/doctor/${id}.test.ts never names '${id}'`);
  }
  const ids: string[] = [...DIAGNOSIS_IDS];
  assert.deepEqual(
    readdirSync(dir).filter((f) => f !== 'fixtures.ts' && !(f.endsWith('.test.ts') && ids.includes(f.replace(/\.test\.ts$/, '')))),
    [],
  );
});

// Fix application shared by `lint --fix` and the server's fix-all: overlap handling, passes, and line diffs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { lineDiffEdits } from '../../src/core/text/diff';
import { applyTextEdits } from '../../src/core/text/edits';
import { fixAllSafe, safeFixOf, selectCompatibleFixes } from '../../src/core/lint/fixAll';
import type { Rule } from '../../src/core/lint/rule';
import { withDefaults } from '../../src/core/lint/settings';
import type { Finding } from '../../src/core/lint/types';
import type { Fix } from '../../src/core/text/edits';
import { Workspace } from '../../src/core/manifest/workspace';

const edit = (uri: string, start: number, end: number, newText: string) => ({ uri, range: { start, end }, newText });
const fix = (title: string, edits: Fix['edits'], safe = true): Fix => (safe ? { title, edits, safety: 'safe' } : { title, edits, safety: 'guess', why: 'a made-up value' });

test('compatible fixes: overlapping or touching edits wait for the next pass; other files do not clash', () => {
  const a = fix('a', [edit('u', 0, 5, 'x')]);
  const b = fix('b', [edit('u', 3, 8, 'y')]);
  const c = fix('c', [edit('u', 5, 5, 'z')]);
  const d = fix('d', [edit('v', 0, 5, 'w')]);
  const e = fix('e', [edit('u', 10, 12, ''), edit('v', 4, 6, '')]);
  assert.deepEqual(
    selectCompatibleFixes([a, b, c, d, e]).map((f) => f.title),
    ['a', 'd'],
  );
  assert.deepEqual(selectCompatibleFixes([fix('self', [edit('u', 0, 4, ''), edit('u', 2, 6, '')])]), [], 'a fix whose own edits overlap is skipped');
});

test('safeFixOf prefers the preferred safe fix and ignores unsafe ones', () => {
  const finding = (fixes: Fix[]): Finding => ({ rule: 'r', severity: 'error', message: 'm', uri: 'u', range: { start: 0, end: 0 }, fixes });
  const unsafe = fix('unsafe', [], false);
  const plain = fix('plain', []);
  const preferred = { ...fix('preferred', []), preferred: true };
  assert.equal(safeFixOf(finding([unsafe, plain, preferred]))?.title, 'preferred');
  assert.equal(safeFixOf(finding([unsafe, plain]))?.title, 'plain');
  assert.equal(safeFixOf(finding([unsafe])), undefined);
});

/** A rule that wants every `TODO` replaced by `DONE` (one finding per occurrence), and one whose fix is unsafe. */
const todoRule: Rule = {
  id: 'todo',
  category: 'workload',
  severity: 'warning',
  title: 'todo',
  docs: '',
  applies: () => true,
  check: (doc) => {
    const text = doc.file.text;
    const out = [];
    for (let i = text.indexOf('TODO'); i !== -1; i = text.indexOf('TODO', i + 1)) {
      out.push({ message: 'todo', range: { start: i, end: i + 4 }, fixes: [fix('done', [edit(doc.file.uri, i, i + 4, 'DONE')]), fix('unsafe', [edit(doc.file.uri, i, i + 4, 'NOPE')], false)] });
    }
    // A fix that needs the first one applied before it fits: adds a marker after `DONE` once there is one.
    if (text.includes('DONE') && !text.includes('DONE!')) {
      const i = text.indexOf('DONE') + 4;
      out.push({ message: 'bang', range: { start: i, end: i }, fixes: [fix('bang', [edit(doc.file.uri, i, i, '!')])] });
    }
    return out;
  },
};

test('fixAllSafe applies safe fixes over several passes until nothing is left', () => {
  const ws = new Workspace();
  const uri = 'file:///t.yaml';
  ws.set(uri, 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: TODO # keep\n  b: TODO\n');
  const result = fixAllSafe(ws, [uri], withDefaults({}), { rules: [todoRule] });
  assert.equal(ws.get(uri)!.text, 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: DONE! # keep\n  b: DONE\n');
  assert.equal(result.texts.get(uri), ws.get(uri)!.text);
  assert.deepEqual(
    result.applied.map((a) => a.title),
    ['done', 'done', 'bang'],
  );
  assert.equal(result.passes, 2);
});

test('fixAllSafe stops after maxPasses when a fix keeps finding work, and gives the file its text back', () => {
  const endless: Rule = { ...todoRule, id: 'grow', check: (doc) => [{ message: 'grow', range: { start: 0, end: 0 }, fixes: [fix('grow', [edit(doc.file.uri, 0, 0, '#\n')])] }] };
  const ws = new Workspace();
  ws.set('file:///g.yaml', 'apiVersion: v1\nkind: ConfigMap\n');
  const result = fixAllSafe(ws, ['file:///g.yaml'], withDefaults({}), { rules: [endless], maxPasses: 3 });
  assert.equal(result.passes, 3);
  assert.equal(result.converged, false);
  assert.equal(ws.get('file:///g.yaml')!.text, 'apiVersion: v1\nkind: ConfigMap\n');
  assert.deepEqual(
    result.refused.map(({ uri, reason }) => ({ uri, reason })),
    [{ uri: 'file:///g.yaml', reason: 'fixes did not settle after 3 passes' }],
  );
});

test('line diff edits reproduce the new text and touch only changed lines', () => {
  assert.deepEqual(lineDiffEdits('a\nb\nc\n', 'a\nB\nc\nd\n'), [
    { range: { start: 2, end: 4 }, newText: 'B\n' },
    { range: { start: 6, end: 6 }, newText: 'd\n' },
  ]);
  assert.deepEqual(lineDiffEdits('same', 'same'), []);
  const line = fc.constantFrom('a\n', 'b\n', 'c\n', 'd', '\n', 'e\r\n', '日本\n', '😀\n');
  fc.assert(
    fc.property(fc.array(line, { maxLength: 14 }), fc.array(line, { maxLength: 14 }), (x, y) => {
      const before = x.join('');
      const after = y.join('');
      assert.equal(applyTextEdits(before, lineDiffEdits(before, after)), after);
    }),
    { seed: 7, numRuns: 2000 },
  );
});

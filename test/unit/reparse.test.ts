// reparseFile (manifest/model.ts) re-reads only the documents an edit touched: after any sequence of edits its
// SourceFile must equal one parse of the whole text, down to every node's range.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import { parseFile, reparseFile, type SourceFile } from '../../src/core/manifest/model';
import { corpus, mutate, mutation, type Mutation } from './fuzzInputs';

/** Everything a SourceFile says, with positions, as plain data. */
function snapshot(f: SourceFile): unknown {
  const nodes = (root: unknown) => {
    const out: unknown[] = [];
    const stack: unknown[] = [root];
    while (stack.length) {
      const n = stack.pop();
      if (isPair(n)) {
        stack.push(n.value, n.key);
        continue;
      }
      const node = n as (Node & { source?: string }) | null;
      out.push(node ? [node.constructor.name, node.range, node.anchor, node.tag, isScalar(node) ? node.value : node.source] : null);
      if (isMap(n) || isSeq(n)) for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]);
    }
    return out;
  };
  return {
    text: f.text,
    lineStarts: f.lineCounter.lineStarts,
    isManifest: f.isManifest,
    templated: f.templated,
    parseErrors: f.parseErrors,
    duplicateKeys: f.duplicateKeys,
    docs: f.docs.map((d) => ({
      index: d.index,
      kinds: [d.apiVersion, d.kind, d.name, d.namespace, d.namespaceExplicit],
      range: d.range,
      listItem: d.listItem ? [d.listItem.list.index, d.listItem.item] : undefined,
      docRange: d.doc.range,
      warnings: d.doc.warnings.map((w) => [w.code, w.pos]),
      comments: [d.doc.commentBefore, d.doc.comment],
      nodes: nodes(d.root ?? d.doc.contents),
    })),
  };
}

/** Whole lines added or removed: edits that keep the YAML readable, so the documents around them are reused. */
const lineEdit: fc.Arbitrary<Mutation> = fc.oneof(fc.record({ op: fc.constant('dropLine' as const), line: fc.nat() }), fc.record({ op: fc.constant('dupLine' as const), line: fc.nat() }));
const LINES = ['---\n', '# note\n', '\n', '  extra: 1\n', 'kind: Service\n', 'metadata: {name: x}\n', '  - a\n', '  key: |\n    text\n---\n'];

function applyAtLineStart(text: string, at: number, insert: string): string {
  const starts = [0, ...[...text.matchAll(/\n/g)].map((m) => m.index + 1)];
  const pos = starts[at % starts.length];
  return text.slice(0, pos) + insert + text.slice(pos);
}

const EMPTY_VALUE_THEN_COMMENT = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n# note\n---\nx: 1\n';
const bases = (() => {
  const files = corpus();
  return [
    ...files,
    files.join('---\n'),
    '\ufeff# leading comment\n' + files.slice(0, 4).join('# between\n---\n'),
    files.slice(0, 3).join('---\n').replace(/\n/g, '\r\n'),
    // Leading blank lines, LF and CRLF: a CRLF blank line once made the leading comments a stretch of their own, so an
    // edit there kept the first document's stale comment.
    '\n\n' + files.slice(0, 3).join('---\n'),
    ('\n' + files.slice(0, 3).join('---\n')).replace(/\n/g, '\r\n'),
    // A document ending in an empty value and a comment before `---`: parsed alone, its range takes in the comment's line break.
    EMPTY_VALUE_THEN_COMMENT,
  ];
})();

test('reparseFile after random edits equals parseFile of the same text', () => {
  fc.assert(
    fc.property(fc.nat(bases.length - 1), fc.array(fc.oneof(mutation, lineEdit, fc.record({ line: fc.nat(), text: fc.constantFrom(...LINES) })), { minLength: 1, maxLength: 12 }), (base, edits) => {
      let text = bases[base];
      let file = parseFile('file:///a.yaml', text);
      for (const e of edits) {
        text = 'op' in e ? mutate(text, e) : applyAtLineStart(text, e.line, e.text);
        file = reparseFile(file, text);
        assert.deepEqual(snapshot(file), snapshot(parseFile('file:///a.yaml', text)));
      }
    }),
    // The first example edits the first document of EMPTY_VALUE_THEN_COMMENT, so that its stretch is parsed alone.
    { numRuns: 300, seed: 12, examples: [[bases.length - 1, [{ line: 3, text: '  extra: 1\n' }]]] },
  );
});

test('an edit in one document re-reads that document only; the documents after it move', () => {
  const docs = ['apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n'];
  const before = parseFile('file:///a.yaml', docs.join('---\n'));
  const [first, second, third] = before.docs.map((d) => d.doc);
  const after = reparseFile(before, docs.join('---\n').replace('name: b', 'name: bee'));
  assert.equal(after.docs[0].doc, first);
  assert.notEqual(after.docs[1].doc, second);
  assert.equal(after.docs[2].doc, third);
  assert.equal(after.docs[1].name, 'bee');
  assert.equal(after.text.slice(after.docs[2].range.start, after.docs[2].range.start + 10), 'apiVersion');
});

test('YAML errors and directives make reparseFile read the whole file, as parseFile does', () => {
  const text = 'a: "open\n---\nb: 1\n';
  const broken = parseFile('file:///a.yaml', text);
  assert.equal(broken.docs.length, 1);
  const fixed = reparseFile(broken, text.replace('"open', '"open"'));
  assert.deepEqual(snapshot(fixed), snapshot(parseFile('file:///a.yaml', text.replace('"open', '"open"'))));
  assert.equal(fixed.docs.length, 2);
  const directive = '%YAML 1.2\n---\na: 1\n---\nb: 2\n';
  assert.deepEqual(snapshot(reparseFile(parseFile('file:///a.yaml', directive), directive.replace('b: 2', 'b: 3'))), snapshot(parseFile('file:///a.yaml', directive.replace('b: 2', 'b: 3'))));
});

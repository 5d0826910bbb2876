// Property test: random and mutated YAML never crashes the analyzer, and every range it reports is valid.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { corpus, FRAGMENTS, mutate, mutation } from './fuzzInputs';
import { analyzeFile, INTERNAL_ERROR_RULE } from '../../src/core/lint/analyzer';
import { applyTextEdits } from '../../src/core/text/edits';
import { lensesFor } from '../../src/core/language/lenses';
import { LineIndex } from '../../src/core/text/positions';
import { withDefaults } from '../../src/core/lint/settings';
import type { Finding } from '../../src/core/lint/types';
import type { OffsetRange } from '../../src/core/text/edits';
import { Workspace } from '../../src/core/manifest/workspace';
import { completionsAt } from '../../src/core/language/completion';
import { hoverAt } from '../../src/core/language/hover';
import { conversionsFor } from '../../src/core/convert';
import { docAt } from '../../src/core/language/yamlPath';

const SEED = 20261121;
const RUNS = 500;

function assertRange(r: OffsetRange, length: number, what: string): void {
  assert.ok(Number.isInteger(r.start) && Number.isInteger(r.end), `${what}: integer offsets ${JSON.stringify(r)}`);
  assert.ok(r.start >= 0 && r.start <= r.end && r.end <= length, `${what}: ${JSON.stringify(r)} outside [0, ${length}]`);
}

function checkFindings(ws: Workspace, uri: string, findings: Finding[]): void {
  const length = ws.get(uri)!.text.length;
  for (const f of findings) {
    assert.notEqual(f.rule, INTERNAL_ERROR_RULE, f.message);
    assertRange(f.range, length, `finding ${f.rule}`);
    for (const fix of f.fixes) {
      for (const e of fix.edits) {
        const target = ws.get(e.uri);
        assert.ok(target, `fix "${fix.title}" of ${f.rule} edits a file outside the workspace: ${e.uri}`);
        assertRange(e.range, target.text.length, `fix "${fix.title}" of ${f.rule}`);
      }
    }
  }
}

test(`mutated and random YAML: no crash, no internal errors, valid ranges (${RUNS} cases, seed ${SEED})`, () => {
  const bases = corpus();
  const settings = withDefaults({ kubernetesVersion: '1.30' });
  const input = fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.nat(), fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 8 }))
        .map(([b, other, ms]) => ({ text: ms.reduce(mutate, bases[b % bases.length]), other: bases[other % bases.length] })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.array(fc.constantFrom(...FRAGMENTS, 'name: web', 'spec:', 'metadata:', 'metrics:', 'containers:'), { maxLength: 30 }), fc.nat())
        .map(([parts, other]) => ({ text: parts.join(''), other: bases[other % bases.length] })),
    },
  );
  fc.assert(
    fc.property(input, fc.nat(), ({ text, other }, cursor) => {
      const ws = new Workspace();
      const uri = 'file:///fuzz/mutated.yaml';
      ws.set(uri, text);
      ws.set('file:///fuzz/other.yaml', other);
      const findings = analyzeFile(ws, uri, settings);
      checkFindings(ws, uri, findings);
      checkFindings(ws, 'file:///fuzz/other.yaml', analyzeFile(ws, 'file:///fuzz/other.yaml', settings));
      const ctx = { workspace: ws, settings };
      for (const lens of lensesFor({ workspace: ws, uri, settings, findings, conversions: (d) => conversionsFor(d, ctx) })) assertRange(lens.range, text.length, `lens "${lens.title}"`);
      // Applying a fix leaves text the analyzer still reads without crashing.
      const fix = findings.find((f) => f.fixes.length)?.fixes[0];
      if (fix) {
        const fixed = applyTextEdits(
          text,
          fix.edits.filter((e) => e.uri === uri),
        );
        ws.set(uri, fixed);
        checkFindings(ws, uri, analyzeFile(ws, uri, settings));
        ws.set(uri, text);
      }
      const file = ws.get(uri)!;
      const offset = cursor % (text.length + 1);
      hoverAt(file, findings, offset, () => undefined);
      for (const s of completionsAt(text, offset, docAt(file.docs, offset), settings)) assertRange(s.range, text.length, `completion ${s.label}`);
      const index = new LineIndex(text);
      const pos = index.positionAt(offset);
      assert.equal(index.offsetAt(pos), offset === text.length || text[offset - 1] !== '\r' || text[offset] !== '\n' ? offset : offset - 1);
    }),
    { seed: SEED, numRuns: RUNS, endOnFailure: true },
  );
});

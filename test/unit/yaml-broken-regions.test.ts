// YAML pasted with auto-indent (issue 14): the parser gives two errors per over-indented line; the user gets one
// yaml-syntax finding per broken region, its first error in plain words, over the region's lines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, covered } from '../helpers';

const HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
        kind: Deployment
          name: web
  maxReplicas: 5
`;

const syntax = (text: string) => analyze(text).filter((f) => f.rule === 'yaml-syntax');

test('an over-indented block gives one finding in plain words, naming its lines', () => {
  const found = syntax(HPA);
  assert.equal(found.length, 1, found.map((f) => f.message).join(' | '));
  assert.match(found[0].message, /^lines 7–9 are indented deeper than the keys above them allow: indent each as far as its sibling keys/);
  assert.match(found[0].message, /\(YAML parser: [^)]+\)$/, "the parser's words stay, for searching");
  assert.equal(covered(HPA, found[0]).split('\n').length, 3, 'the finding covers the broken region');
});

test('two broken regions apart give two findings; a clean file none', () => {
  const twice = HPA + '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: "1"\n      y: "2"\n';
  const found = syntax(twice);
  assert.equal(found.length, 2, found.map((f) => f.message).join(' | '));
  assert.match(found[1].message, /^line 18 is not aligned with the other keys of its map: indent it as far as its sibling keys/);
  assert.deepEqual(syntax(HPA.replace('        kind', '    kind').replace('          name', '    name')), []);
});

test('a tab used as indentation is named as such', () => {
  const [found] = syntax('apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: a\n');
  assert.ok(found);
  assert.match(found.message, /^a tab indents line 4: YAML indents with spaces only/);
});

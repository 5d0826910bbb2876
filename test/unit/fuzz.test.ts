// Property test: random and mutated YAML never crashes the analyzer, and every range it reports is valid.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
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

/** Manifests the mutations start from: every fixture, plus shapes fixtures may lack. */
function corpus(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(name)) out.push(readFileSync(p, 'utf8'));
    }
  };
  walk(join(__dirname, '..', 'fixtures'));
  out.push(
    `apiVersion: apps/v1
kind: Deployment
metadata: {name: metrics-server, namespace: kube-system, labels: {k8s-app: metrics-server}}
spec:
  template:
    spec:
      containers:
      - name: metrics-server
        image: registry.k8s.io/metrics-server/metrics-server:v0.7.2
        args: [--cert-dir=/tmp, --secure-port=10250, --kubelet-insecure-tls]
`,
    `apiVersion: karpenter.sh/v1alpha5
kind: Provisioner
metadata: {name: default}
spec:
  requirements:
  - {key: karpenter.sh/capacity-type, operator: In, values: ["on-demand"]}
  limits: {resources: {cpu: "1000"}}
  providerRef: {name: default}
  ttlSecondsAfterEmpty: 30
---
apiVersion: karpenter.k8s.aws/v1alpha1
kind: AWSNodeTemplate
metadata: {name: default}
spec:
  subnetSelector: {karpenter.sh/discovery: my-cluster}
`,
    `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: worker}
spec:
  scaleTargetRef: {name: worker}
  minReplicaCount: 0
  triggers:
  - type: cpu
    metricType: Utilization
    metadata: {value: "60"}
---
apiVersion: v1
kind: LimitRange
metadata: {name: defaults}
spec:
  limits:
  - type: Container
    defaultRequest: {cpu: 100m, memory: 128Mi}
---
apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: worker, namespace: {{ .Release.Namespace }}}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: worker}
  maxReplicas: {{ .Values.max }}
  targetCPUUtilizationPercentage: 80
`,
  );
  return out;
}

const FRAGMENTS = [
  '{{ .Values.x }}',
  '{{- if .X }}',
  '{{ end }}',
  '\t',
  '  ',
  '\r\n',
  '\n',
  '- ',
  ': ',
  '---\n',
  '#',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  ',',
  '&a ',
  '*a',
  '!!str ',
  '|',
  '>-',
  '%',
  '@',
  '`',
  '日本語',
  '扩容',
  '😀',
  '👩‍💻',
  '\u00a0',
  '\ufeff',
  'apiVersion: autoscaling/v2beta1',
  'kind: Deployment',
  'resources: {requests: {cpu: 1}}',
  'targetAverageUtilization: 70',
  '512m',
  '1e3',
  '-1',
  '~',
  'null',
  '0x1F',
];

type Mutation =
  | { op: 'delete'; at: number; len: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'dupLine'; line: number }
  | { op: 'dropLine'; line: number }
  | { op: 'indent'; line: number; text: string }
  | { op: 'crlf' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'grapheme', maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 })),
  }),
  fc.record({ op: fc.constant('dupLine' as const), line: fc.nat() }),
  fc.record({ op: fc.constant('dropLine' as const), line: fc.nat() }),
  fc.record({ op: fc.constant('indent' as const), line: fc.nat(), text: fc.constantFrom(' ', '  ', '\t', '    ', '') }),
  fc.constant({ op: 'crlf' as const }),
);

function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n');
  switch (m.op) {
    case 'delete': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + m.len);
    }
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'dupLine': {
      const i = m.line % lines.length;
      lines.splice(i, 0, lines[i]);
      return lines.join('\n');
    }
    case 'dropLine':
      lines.splice(m.line % lines.length, 1);
      return lines.join('\n');
    case 'indent': {
      const i = m.line % lines.length;
      lines[i] = m.text === '' ? lines[i].replace(/^\s{1,2}/, '') : m.text + lines[i];
      return lines.join('\n');
    }
    case 'crlf':
      return text.replace(/\r?\n/g, '\r\n');
  }
}

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

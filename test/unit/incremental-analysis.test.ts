// The language server's incremental analysis (src/server/analysis.ts) reuses the findings of documents whose text
// and workspace reads did not change: after any sequence of edits across files it must give what analyzeFile gives
// on a workspace parsed from scratch, and the findings it hands out for fixing must carry the same fix edits.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { analyzeFile } from '../../src/core/lint/analyzer';
import { defaultSettings, type Settings } from '../../src/core/lint/settings';
import type { Finding } from '../../src/core/lint/types';
import { Workspace } from '../../src/core/manifest/workspace';
import { IncrementalAnalysis } from '../../src/server/analysis';
import { corpus, mutate, mutation, type Mutation } from './fuzzInputs';

const shown = (f: Finding) => ({ ...f, fixes: f.fixes.map((x) => ({ title: x.title, safety: x.safety, preferred: x.preferred })) });

/** Documents of `apps` small apps: a Deployment (some without requests), its Service, HPA, ScaledObject and worker. */
function apps(from: number, count: number): string[] {
  const out: string[] = [];
  for (let i = from; i < from + count; i++) {
    const ns = `team-${i % 3}`;
    const requests = i % 3 === 0 ? '' : `\n          resources: {requests: {cpu: ${100 + i}m, memory: 128Mi}}`;
    out.push(
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc-${i}\n  namespace: ${ns}\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: app\n          image: app:${i}${requests}\n`,
      `apiVersion: v1\nkind: Service\nmetadata: {name: svc-${i}, namespace: ${ns}}\nspec:\n  ports: [{port: 80}]\n`,
      `apiVersion: autoscaling/${i % 2 ? 'v2' : 'v2beta2'}\nkind: HorizontalPodAutoscaler\nmetadata: {name: svc-${i}, namespace: ${ns}}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: svc-${(i * 7) % (from + count)}}\n  minReplicas: 2\n  maxReplicas: ${5 + i}\n  metrics:\n  - type: Resource\n    resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}\n`,
      `apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: svc-${i}-worker, namespace: ${ns}}\nspec:\n  scaleTargetRef: {name: svc-${i}-worker}\n  triggers:\n    - type: cpu\n      metricType: Utilization\n      metadata: {value: "60"}\n`,
      `# the worker\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: svc-${i}-worker, namespace: ${ns}}\nspec:\n  template:\n    spec:\n      containers:\n        - name: worker\n          image: worker:${i}\n`,
    );
  }
  return out;
}

/** A workspace of several files whose documents refer to each other (HPAs and ScaledObjects to workloads elsewhere). */
function startingFiles(): Map<string, string> {
  const parts = apps(0, 6);
  const files = new Map<string, string>([
    ['file:///w/app.yaml', parts.slice(0, 14).join('---\n')],
    ['file:///w/workers.yaml', parts.slice(14, 24).join('---\n')],
    ['file:///w/other/hpa.yaml', parts.slice(24).join('---\n')],
  ]);
  corpus().forEach((text, i) => i % 4 === 0 && files.set(`file:///w/fixtures/f${i}.yaml`, text));
  return files;
}

/** Edits that keep YAML readable and change what other documents see: names, namespaces, targets, kinds. */
const RENAMES: [RegExp, string][] = [
  [/name: svc-(\d+)\b/, 'name: svc-$1x'],
  [/namespace: team-(\d+)/, 'namespace: team-1'],
  [/kind: Deployment/, 'kind: StatefulSet'],
  [/requests: \{cpu: [^,}]+, /, 'requests: {'],
  [/maxReplicas: \d+/, 'maxReplicas: 1'],
  [/---\n/, ''],
  [/\n(apiVersion: v1\nkind: Service)/, '\n---\n$1'],
];
type Edit = { file: number; change: Mutation | { rename: number; nth: number } } | { settings: number };
const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ file: fc.nat(), change: fc.record({ rename: fc.nat(RENAMES.length - 1), nth: fc.nat(20) }) }) },
  { weight: 2, arbitrary: fc.record({ file: fc.nat(), change: mutation }) },
  { weight: 1, arbitrary: fc.record({ settings: fc.nat(2) }) },
);
const SETTINGS: Settings[] = [defaultSettings, { ...defaultSettings, kubernetesVersion: '1.22' }, { ...defaultSettings, defaultRequests: { cpu: '250m', memory: '1Gi' } }];

function rename(text: string, [pattern, to]: [RegExp, string], nth: number): string {
  const all = [...text.matchAll(new RegExp(pattern.source, 'g'))];
  if (all.length === 0) return text;
  const m = all[nth % all.length];
  return text.slice(0, m.index) + m[0].replace(pattern, to) + text.slice(m.index + m[0].length);
}

test('incremental findings equal a from-scratch analysis after random edits across files', () => {
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), (edits) => {
      const texts = startingFiles();
      const uris = [...texts.keys()];
      const ws = new Workspace();
      for (const [uri, text] of texts) ws.set(uri, text);
      const analysis = new IncrementalAnalysis(ws);
      let settings = defaultSettings;
      for (const uri of uris) analysis.of(uri, settings);
      for (const e of edits) {
        if ('settings' in e) settings = SETTINGS[e.settings];
        else {
          const uri = uris[e.file % uris.length];
          const before = texts.get(uri)!;
          const after = 'rename' in e.change ? rename(before, RENAMES[e.change.rename], e.change.nth) : mutate(before, e.change);
          texts.set(uri, after);
          ws.set(uri, after);
        }
        const scratch = new Workspace();
        for (const [uri, text] of texts) scratch.set(uri, text);
        for (const uri of uris) {
          const full = analyzeFile(scratch, uri, settings);
          assert.deepEqual(analysis.of(uri, settings)!.findings.map(shown), full.map(shown), uri);
          assert.deepEqual(JSON.parse(JSON.stringify(analysis.fresh(uri, settings, () => true))), JSON.parse(JSON.stringify(full)), `${uri}: fixes`);
        }
      }
    }),
    { numRuns: 25, seed: 7 },
  );
});

test('an edit in one document of a big file runs the rules on that document and its readers only', () => {
  const text = apps(0, 100).join('---\n');
  const ws = new Workspace();
  ws.set('file:///big.yaml', text);
  const analysis = new IncrementalAnalysis(ws);
  const docs = analysis.of('file:///big.yaml', defaultSettings)!.byDoc.length;
  assert.equal(analysis.counts.analyzed, docs);
  ws.set('file:///big.yaml', text.replace(/maxReplicas: \d+/, 'maxReplicas: 1'));
  analysis.of('file:///big.yaml', defaultSettings);
  assert.equal(analysis.counts.analyzed - docs, 2, 'the edited HPA, and the Deployment it scales (whose rules read it)');
  ws.set('file:///big.yaml', text.replace(/name: svc-1\n/, 'name: svc-1x\n'));
  analysis.of('file:///big.yaml', defaultSettings);
  assert.ok(analysis.counts.analyzed - docs - 2 <= 8, `renaming a Deployment re-checks it and what looked it up (${analysis.counts.analyzed - docs - 2})`);
});

test('a document is analyzed again when the text after it up to the next document changes at the same length', () => {
  // karpenter-placeholder reads up to where the next document's contents start, so the next document's leading
  // comments count as this document's text; an edit there that keeps the length must not reuse the old findings.
  const uri = 'file:///w/karpenter.yaml';
  const pool = 'apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: a}\nspec:\n  template:\n    spec:\n      nodeClassRef: {name: x}\n';
  const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n';
  const withPlaceholder = `${pool}---\n# role: <REQUIRED: IAM role>\n${configMap}`;
  const filledIn = withPlaceholder.replace('<REQUIRED: IAM role>', 'arn:aws:iam::1:role/');
  assert.equal(filledIn.length, withPlaceholder.length);
  const ws = new Workspace();
  const analysis = new IncrementalAnalysis(ws);
  const placeholders = (findings: Finding[]) => findings.filter((f) => f.rule === 'karpenter-placeholder').map((f) => f.range.start);
  for (const text of [withPlaceholder, filledIn, withPlaceholder]) {
    ws.set(uri, text);
    const expected = placeholders(analyzeFile(ws, uri, defaultSettings));
    assert.deepEqual(placeholders(analysis.of(uri, defaultSettings)!.findings), expected);
  }
  assert.equal(placeholders(analyzeFile(ws, uri, defaultSettings)).length, 1);
});

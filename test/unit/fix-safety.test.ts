// `lint --fix` never writes something worse than it read (issue 11 items 1-4): anchors, JSON files, block scalars,
// documents with syntax errors, results with more YAML errors, fix loops that do not settle.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAllDocuments, visit } from 'yaml';
import { fixAllSafe } from '../../src/core/lint/fixAll';
import type { Rule } from '../../src/core/lint/rule';
import { withDefaults } from '../../src/core/lint/settings';
import { Workspace } from '../../src/core/manifest/workspace';

const URI = 'file:///m.yaml';
const settings = withDefaults({ kubernetesVersion: '1.30' });

function fixText(text: string, rules?: Rule[]) {
  const ws = new Workspace();
  ws.set(URI, text);
  const result = fixAllSafe(ws, [URI], settings, { rules });
  const fixed = ws.get(URI)!.text;
  return { result, text: fixed, errors: yamlErrors(fixed) };
}

/** Syntax errors and aliases without their anchor: what makes the API server (and kubectl) reject a file. */
function yamlErrors(text: string): number {
  let count = 0;
  for (const doc of parseAllDocuments(text)) {
    count += doc.errors.length;
    visit(doc, {
      Alias(_, alias) {
        if (!alias.resolve(doc)) count++;
      },
    });
  }
  return count;
}

/** The data of every document, as the API server would decode it (aliases resolved). */
const data = (text: string) => parseAllDocuments(text).map((d) => d.toJS());

const HPA_HEAD = `apiVersion: autoscaling/v2beta1
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 5
  metrics:
`;

test('item 1: an anchor used by a later alias survives the HPA conversion, so the alias still resolves', () => {
  const { text, errors, result } = fixText(
    HPA_HEAD +
      `    - type: Resource
      resource:
        name: cpu
        targetAverageUtilization: &u 50
    - type: Resource
      resource:
        name: memory
        targetAverageUtilization: *u
    - type: Pods
      pods: {metricName: rps, targetAverageValue: &v "30"}
    - type: Pods
      pods: {metricName: qps, targetAverageValue: *v}
`,
  );
  assert.equal(errors, 0, text);
  assert.match(text, /averageUtilization: &u 50/);
  assert.equal(result.refused.length, 0);
  const metrics = (data(text)[0] as { spec: { metrics: { resource?: { target: unknown }; pods?: { target: unknown } }[] } }).spec.metrics;
  assert.deepEqual(metrics[1].resource!.target, { type: 'Utilization', averageUtilization: 50 });
  assert.deepEqual(metrics[3].pods!.target, { type: 'AverageValue', averageValue: '30' });
});

test('item 2: a JSON manifest is converted to JSON with its indentation, whatever its extension', () => {
  const json = `{
    "apiVersion": "autoscaling/v2beta1",
    "kind": "HorizontalPodAutoscaler",
    "metadata": {
        "name": "web"
    },
    "spec": {
        "scaleTargetRef": {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "name": "web"
        },
        "maxReplicas": 5,
        "metrics": [
            {
                "type": "Resource",
                "resource": {
                    "name": "cpu",
                    "targetAverageUtilization": 50
                }
            }
        ]
    }
}
`;
  const { text, result } = fixText(json);
  assert.equal(result.applied.length, 1);
  const parsed = JSON.parse(text);
  assert.equal(parsed.apiVersion, 'autoscaling/v2');
  assert.deepEqual(parsed.spec.metrics[0].resource, { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } });
  assert.equal(text, JSON.stringify(parsed, null, 4) + '\n', 'written with the file’s 4-space indentation');
});

test('item 3: a block scalar value is converted to its value, not its `>-` header', () => {
  const { text, errors } = fixText(
    HPA_HEAD +
      `    - type: Pods
      pods:
        metricName: rps
        targetAverageValue: >-
          30
`,
  );
  assert.equal(errors, 0, text);
  assert.deepEqual((data(text)[0] as { spec: { metrics: { pods: unknown }[] } }).spec.metrics[0].pods, { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '30' } });
});

test('item 4: no fix is applied inside a document with a syntax error; the other documents are still fixed', () => {
  const broken = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx
      bad: [unclosed
`;
  const { text, result } = fixText(broken + '---\n' + HPA_HEAD + '    - type: Resource\n      resource: {name: cpu, targetAverageUtilization: 50}\n');
  assert.ok(text.startsWith(broken), 'the broken Deployment is left exactly as it was');
  assert.doesNotMatch(text, /resources:/);
  assert.deepEqual(
    result.applied.map((a) => a.rule),
    ['hpa-deprecated-api'],
  );
});

/** A rule with one safe fix per document, made by `edit` from the document's text. */
const ruleFixing = (id: string, edit: (text: string) => { start: number; end: number; newText: string } | undefined): Rule => ({
  id,
  category: 'workload',
  severity: 'warning',
  title: id,
  docs: '',
  applies: () => true,
  check: (doc) => {
    const e = edit(doc.file.text);
    return e ? [{ message: id, range: { start: 0, end: 0 }, fixes: [{ title: id, safety: 'safe', edits: [{ uri: doc.file.uri, range: { start: e.start, end: e.end }, newText: e.newText }] }] }] : [];
  },
});

test('item 4: a result with more YAML errors than the input is refused, and the file keeps its text', () => {
  const input = 'apiVersion: v1\nkind: ConfigMap\ndata: {a: "1"}\n';
  const breaker = ruleFixing('breaker', (t) => (t.includes('[') ? undefined : { start: t.length, end: t.length, newText: 'extra: [\n' }));
  const { text, result } = fixText(input, [breaker]);
  assert.equal(text, input);
  assert.equal(result.texts.size, 0);
  assert.deepEqual(result.applied, []);
  assert.equal(result.refused.length, 1);
  assert.match(result.refused[0].reason, /1 YAML error where the file has 0/);
});

test('item 4: a fix loop that never settles, or comes back to an earlier text, is refused rather than written', () => {
  const input = 'apiVersion: v1\nkind: ConfigMap\n';
  const grow = ruleFixing('grow', () => ({ start: 0, end: 0, newText: '#\n' }));
  const endless = fixText(input, [grow]);
  assert.equal(endless.text, input);
  assert.equal(endless.result.converged, false);
  assert.match(endless.result.refused[0].reason, /did not settle after 10 passes/);

  const flip = ruleFixing('flip', (t) =>
    t.includes('a: x') ? { start: t.indexOf('a: x'), end: t.indexOf('a: x') + 4, newText: 'a: y' } : { start: t.indexOf('a: y'), end: t.indexOf('a: y') + 4, newText: 'a: x' },
  );
  const cycle = fixText(input + 'data: {a: x}\n', [flip]);
  assert.equal(cycle.text, input + 'data: {a: x}\n');
  assert.equal(cycle.result.converged, false);
  assert.equal(cycle.result.passes, 2, 'stops as soon as a text comes back');
});

test('fuzz finding: a CRLF file whose last line ends in a lone CR converts without a stray `\\r` in the value', () => {
  const { text, errors, result } = fixText((HPA_HEAD + '    - type: Resource\n      resource:\n        name: memory\n        targetAverageValue: 512Mi\n').replace(/\n/g, '\r\n').slice(0, -1));
  assert.equal(errors, 0, JSON.stringify(text));
  assert.equal(result.refused.length, 0);
  assert.deepEqual((data(text)[0] as { spec: { metrics: { resource: { target: unknown } }[] } }).spec.metrics[0].resource.target, { type: 'AverageValue', averageValue: '512Mi' });
});

test('fuzz finding: a syntax error that ends a document early still keeps fixes out of the rest of that document', () => {
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: worker}
spec:
  template:
    spec:
      containers:
        - name: worker
          image: worker:5
          - name: URL
              valueFrom:
                secretKeyRef: {name: s, key: url}
          resources:
            requests:
              memory: 256Mi
`;
  const hpa = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: worker}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: worker}
  maxReplicas: 10
  metrics:
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}
`;
  const { text, result } = fixText(deployment + '---\n' + hpa);
  assert.equal(text, deployment + '---\n' + hpa, 'the broken Deployment gets no request inserted');
  assert.ok(result.converged);
});

test('review: a JSON manifest whose numbers or strings would not survive re-serialising is refused, not silently changed', () => {
  // Numbers sit in spec.minReplicas (metadata.generation would be removed first, by live-object-dump's safe fix).
  const hpa = (extra: string) => `{
  "apiVersion": "autoscaling/v2beta1",
  "kind": "HorizontalPodAutoscaler",
  "metadata": { "name": "web", "annotations": { "x": "y" }${extra.startsWith(', "labels"') ? extra : ''} },
  "spec": {
    "scaleTargetRef": { "apiVersion": "apps/v1", "kind": "Deployment", "name": "web" }${extra.startsWith(', "labels"') ? '' : extra},
    "maxReplicas": 5,
    "metrics": [{ "type": "Resource", "resource": { "name": "cpu", "targetAverageUtilization": 50 } }]
  }
}
`;
  for (const [extra, shown] of [
    [', "minReplicas": 9007199254740993', '9007199254740993'],
    [', "minReplicas": 12345678901234567890', '12345678901234567890'],
    [', "minReplicas": 1.0', '1.0'],
    [', "minReplicas": 6e2', '6e2'],
    [', "labels": { "a": "caf\\u00e9" }', undefined],
  ] as const) {
    const json = hpa(extra);
    const { text, result } = fixText(json);
    assert.equal(text, json, `${extra}: the file keeps its text byte for byte`);
    assert.equal(result.applied.length, 0, extra);
    assert.equal(result.refused.length, 1, extra);
    assert.match(result.refused[0].reason, /JSON/, extra);
    if (shown) assert.ok(result.refused[0].reason.includes(shown), `${extra}: the reason names ${shown}: ${result.refused[0].reason}`);
  }
  // Whitespace alone does not block the fix.
  const { result } = fixText(hpa(', "generation": 3'));
  assert.equal(result.applied.length, 1);
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { conversionsFor } from '../../src/core/convert';
import { convertHpa } from '../../src/core/convert/hpa';
import { selectCompatibleFixes } from '../../src/core/lint/fixAll';
import { parseFile } from '../../src/core/manifest/model';
import { withDefaults } from '../../src/core/lint/settings';
import { Workspace } from '../../src/core/manifest/workspace';
import { applyTextEdits } from '../../src/core/text/edits';
import { titleOf } from '../helpers';

const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/convert', name), 'utf8');

function convertAll(text: string, target: 'autoscaling/v2' | 'autoscaling/v2beta2' = 'autoscaling/v2'): string {
  const file = parseFile('file:///hpa.yaml', text);
  return applyTextEdits(
    text,
    file.docs.flatMap((d) => convertHpa(d, target) ?? []),
  );
}

const data = (text: string) => parseAllDocuments(text).map((d) => d.toJS());

function offered(text: string, kubernetesVersion = '1.30'): string[] {
  const ws = new Workspace();
  const file = ws.set('file:///hpa.yaml', text);
  return file.docs.flatMap((d) => conversionsFor(d, { workspace: ws, settings: withDefaults({ kubernetesVersion }) }).map((f) => titleOf(f)));
}

test('worked example (flow style) converts to the reference output, golden text pinned', () => {
  const out = convertAll(fixture('hpa-v2beta1-flow.input.yaml'));
  assert.equal(out, fixture('hpa-v2beta1-flow.expected.yaml'));
  assert.deepEqual(data(out), data(fixture('hpa-v2beta1-flow.reference.yaml')));
});

test('block-style HPA keeps its comments, takes the behavior annotation into spec.behavior', () => {
  const input = fixture('hpa-v2beta1-block.input.yaml');
  const out = convertAll(input);
  assert.equal(out, fixture('hpa-v2beta1-block.expected.yaml'));
  for (const comment of [
    '# owner',
    '# never below one',
    '# requests per second, per pod',
    '# from the adapter rule',
    '# only the web pods',
    '# label set by the chart',
    '# main signal',
    '# 70% of the request',
    '# tuned in load tests',
    '# per pod',
  ]) {
    assert.ok(out.includes(comment), `comment kept: ${comment}`);
  }
  const [hpa] = data(out);
  assert.deepEqual(hpa.metadata.annotations, { team: 'web' });
  assert.deepEqual(hpa.spec.behavior, {
    scaleUp: { selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }] },
    scaleDown: { stabilizationWindowSeconds: 300 },
  });
  const [pods, cpu, container, object, external] = hpa.spec.metrics;
  assert.deepEqual(pods.pods, { metric: { name: 'http_requests_per_second', selector: { matchLabels: { app: 'podinfo' } } }, target: { type: 'AverageValue', averageValue: 10 } });
  assert.deepEqual(cpu.resource, { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } });
  assert.deepEqual(container.containerResource, { name: 'memory', container: 'podinfo', target: { type: 'AverageValue', averageValue: '512Mi' } });
  // averageValue takes precedence over targetValue for Object metrics; only the matching field is written.
  assert.deepEqual(object.object.target, { type: 'AverageValue', averageValue: 100 });
  assert.deepEqual(external.external.target, { type: 'Value', value: '30' });
  // Only metric sources, the apiVersion, the annotation and the new behavior changed: the text before spec.metrics is intact.
  assert.ok(out.includes('spec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: podinfo\n  minReplicas: 1 # never below one\n'));
});

test('autoscaling/v1: targetCPUUtilizationPercentage and the metrics annotation become metrics', () => {
  const out = convertAll(fixture('hpa-v1.input.yaml'));
  assert.equal(out, fixture('hpa-v1.expected.yaml'));
  const [block, flow] = data(out);
  assert.equal(block.metadata.annotations, undefined);
  assert.deepEqual(block.spec.metrics, [
    { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '512Mi' } } },
    { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
  ]);
  assert.equal(block.spec.targetCPUUtilizationPercentage, undefined);
  assert.deepEqual(flow.spec.metrics, [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }]);
});

test('autoscaling/v1 without a CPU target: only the apiVersion changes (v2 defaults to cpu 80% as v1 did)', () => {
  const text = 'apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: a}\nspec:\n  scaleTargetRef: {kind: Deployment, name: a}\n  maxReplicas: 4\n';
  assert.equal(convertAll(text), text.replace('autoscaling/v1', 'autoscaling/v2'));
});

test('v2beta2 to v2 is a pure apiVersion rename (the seed HPA)', () => {
  const seed =
    'apiVersion: "autoscaling/v2beta2"\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: hello-hpa\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: hello\n  minReplicas: 1\n  maxReplicas: 2\n  metrics:\n  - type: Resource\n    resource:\n      name: cpu\n      target:\n        type: Utilization\n        averageUtilization: 80\n';
  const file = parseFile('file:///s.yaml', seed);
  const edits = convertHpa(file.docs[0], 'autoscaling/v2')!;
  assert.equal(edits.length, 1);
  assert.equal(applyTextEdits(seed, edits), seed.replace('"autoscaling/v2beta2"', '"autoscaling/v2"'));
  assert.equal(convertHpa(file.docs[0], 'autoscaling/v2beta2'), undefined);
});

test('v2beta1 to v2beta2 uses the same field mapping', () => {
  const out = convertAll(fixture('hpa-v2beta1-flow.input.yaml'), 'autoscaling/v2beta2');
  assert.equal(out, fixture('hpa-v2beta1-flow.expected.yaml').replace('autoscaling/v2\n', 'autoscaling/v2beta2\n'));
});

test('a malformed behavior annotation is dropped, as the API server drops it', () => {
  const text =
    "apiVersion: autoscaling/v2beta1\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: a\n  annotations:\n    autoscaling.alpha.kubernetes.io/behavior: '{not json'\nspec:\n  scaleTargetRef: {kind: Deployment, name: a}\n  maxReplicas: 4\n";
  const out = convertAll(text);
  assert.equal(out, 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: a\nspec:\n  scaleTargetRef: {kind: Deployment, name: a}\n  maxReplicas: 4\n');
});

test('idempotence: converted documents are offered nothing more', () => {
  for (const name of ['hpa-v2beta1-flow', 'hpa-v2beta1-block', 'hpa-v1']) {
    assert.ok(offered(fixture(`${name}.input.yaml`)).length > 0, name);
    assert.deepEqual(offered(fixture(`${name}.expected.yaml`)), [], name);
  }
});

test('Helm templates: directives in converted values are carried over; a rewrite that would drop one is not offered', () => {
  const value =
    'apiVersion: autoscaling/v2beta1\nkind: HorizontalPodAutoscaler\nmetadata: {name: a}\nspec:\n  maxReplicas: 4\n  metrics:\n  - type: Resource\n    resource:\n      name: cpu\n      targetAverageUtilization: {{ .Values.cpu }}\n';
  assert.equal(
    convertAll(value),
    value.replace('v2beta1', 'v2').replace('targetAverageUtilization: {{ .Values.cpu }}', 'target:\n        type: Utilization\n        averageUtilization: {{ .Values.cpu }}'),
  );
  const between =
    'apiVersion: autoscaling/v2beta1\nkind: HorizontalPodAutoscaler\nmetadata: {name: a}\nspec:\n  maxReplicas: 4\n  metrics:\n  - type: Resource\n    resource:\n      name: cpu\n      {{- if .Values.cpu }}\n      targetAverageUtilization: 70\n      {{- end }}\n';
  const file = parseFile('file:///t.yaml', between);
  assert.equal(convertHpa(file.docs[0], 'autoscaling/v2'), undefined);
});

test('CRLF files get CRLF line breaks in converted spans', () => {
  const text =
    'apiVersion: autoscaling/v2beta1\r\nkind: HorizontalPodAutoscaler\r\nmetadata:\r\n  name: a\r\nspec:\r\n  maxReplicas: 4\r\n  metrics:\r\n  - type: Resource\r\n    resource:\r\n      name: cpu\r\n      targetAverageUtilization: 70\r\n';
  const out = convertAll(text);
  assert.equal(out, text.replace('v2beta1', 'v2').replace('targetAverageUtilization: 70', 'target:\r\n        type: Utilization\r\n        averageUtilization: 70'));
  assert.ok(!/[^\r]\n/.test(out));
});

test('HPA conversion edits leave unchanged lines alone and are mutually compatible', () => {
  const input = fixture('hpa-v2beta1-block.input.yaml');
  const file = parseFile('file:///hpa.yaml', input);
  const edits = convertHpa(file.docs[0], 'autoscaling/v2')!;
  assert.deepEqual(selectCompatibleFixes([{ title: 't', edits, safety: 'safe' }]).length, 1);
  for (const kept of ['        name: cpu # main signal\n', '        container: podinfo\n', '  minReplicas: 1 # never below one\n']) {
    const at = input.indexOf(kept);
    assert.ok(at > 0, kept);
    assert.ok(
      edits.every((e) => e.range.end <= at || e.range.start >= at + kept.length),
      `untouched: ${kept}`,
    );
  }
});

test('v2beta2 with stale round-trip annotations: they are dropped, as the API server drops them', () => {
  const text =
    "apiVersion: autoscaling/v2beta2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: a\n  annotations: {team: web, autoscaling.alpha.kubernetes.io/conditions: '[]'}\nspec:\n  maxReplicas: 4\n";
  assert.equal(convertAll(text), text.replace('v2beta2', 'v2').replace(", autoscaling.alpha.kubernetes.io/conditions: '[]'", ''));
});

test('every conversion of the goldens is one compatible fix (no touching edits), including flow specs', () => {
  for (const name of ['hpa-v2beta1-flow', 'hpa-v2beta1-block', 'hpa-v1']) {
    const file = parseFile('file:///hpa.yaml', fixture(`${name}.input.yaml`));
    for (const doc of file.docs) {
      const edits = convertHpa(doc, 'autoscaling/v2');
      if (edits) assert.equal(selectCompatibleFixes([{ title: 't', edits, safety: 'safe' }]).length, 1, `${name} #${doc.index}`);
    }
  }
  const both =
    'apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: a, annotations: {autoscaling.alpha.kubernetes.io/behavior: \'{"scaleDown":{"stabilizationWindowSeconds":60}}\'}}\nspec: {maxReplicas: 3, targetCPUUtilizationPercentage: 60}\n';
  const edits = convertHpa(parseFile('file:///b.yaml', both).docs[0], 'autoscaling/v2')!;
  assert.equal(selectCompatibleFixes([{ title: 't', edits, safety: 'safe' }]).length, 1);
  assert.deepEqual(data(applyTextEdits(both, edits))[0].spec, {
    maxReplicas: 3,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }],
    behavior: { scaleDown: { stabilizationWindowSeconds: 60 } },
  });
});

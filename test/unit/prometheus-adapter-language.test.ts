// Editing prometheus-adapter configuration: the rule snippet, completion and hover from schemas/embedded/prometheus-adapter-config.json
// inside a ConfigMap's config.yaml and the Helm chart's values.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { completionsAt } from '../../src/core/language/completion';
import { hoverAt } from '../../src/core/language/hover';
import { validate, type JsonSchema } from '../../src/core/language/schemaLookup';
import { docAt } from '../../src/core/language/yamlPath';
import { withDefaults } from '../../src/core/lint/settings';
import { parseFile } from '../../src/core/manifest/model';
import { analyze } from '../helpers';

const SCHEMA: JsonSchema = JSON.parse(readFileSync(join(__dirname, '../../schemas/embedded/prometheus-adapter-config.json'), 'utf8'));

/** Completion labels at the `‸` of `text`. */
function complete(text: string, uri = 'file:///test.yaml'): string[] {
  const offset = text.indexOf('‸');
  const source = text.slice(0, offset) + text.slice(offset + 1);
  const file = parseFile(uri, source);
  return completionsAt(source, offset, docAt(file.docs, offset), withDefaults({})).map((s) => s.label);
}

test('completion offers the rule fields inside a ConfigMap config.yaml and in rules.custom of the chart values', () => {
  const cm = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: prometheus-adapter\ndata:\n  config.yaml: |\n    rules:\n    - seriesQuery: 'http_requests_total'\n      ‸\n`;
  assert.deepEqual(complete(cm), ['seriesFilters', 'resources', 'name', 'metricsQuery']);
  const values = `rules:\n  default: false\n  custom:\n  - seriesQuery: 'x'\n    resources:\n      ‸\n`;
  assert.deepEqual(complete(values, 'file:///charts/adapter/values.yaml'), ['template', 'overrides', 'namespaced']);
  const umbrella = `prometheus-adapter:\n  rules:\n    external:\n    - name:\n        ‸\n`;
  assert.deepEqual(complete(umbrella), ['matches', 'as']);
  // The same keys elsewhere are not the adapter's.
  assert.deepEqual(complete(`server:\n  rules:\n    custom:\n    - ‸\n`), []);
  assert.deepEqual(complete(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  app.yaml: |\n    rules:\n    - ‸\n`), []);
});

test('hover explains a field of the chart values with the adapter semantics', () => {
  const values = `rules:\n  custom:\n  - seriesQuery: 'x'\n    name:\n      as: "\${1}_per_second"\n`;
  const file = parseFile('file:///values.yaml', values);
  const hover = hoverAt(file, [], values.indexOf('as:'), () => undefined);
  assert.match(hover?.markdown ?? '', /rules\.custom\.name\.as[\s\S]*write \$\{1\}_per_second, not \$1_per_second/);
});

test('the schema accepts the adapter docs example and the chart default rules, and refuses unknown keys as UnmarshalStrict does', () => {
  const example = parse(`rules:
- seriesQuery: '{__name__=~"^container_.*",container!="POD",namespace!="",pod!=""}'
  resources:
    overrides:
      namespace: {resource: "namespace"}
      pod: {resource: "pod"}
  name:
    matches: "^container_(.*)_seconds_total$"
  metricsQuery: "sum(rate(<<.Series>>{<<.LabelMatchers>>,container!=\\"POD\\"}[2m])) by (<<.GroupBy>>)"
resourceRules:
  cpu:
    containerQuery: sum(rate(container_cpu_usage_seconds_total{<<.LabelMatchers>>}[3m])) by (<<.GroupBy>>)
    nodeQuery: sum(rate(container_cpu_usage_seconds_total{<<.LabelMatchers>>, id='/'}[3m])) by (<<.GroupBy>>)
    resources: {overrides: {node: {resource: node}, namespace: {resource: namespace}, pod: {resource: pod}}}
    containerLabel: container
  window: 3m
`);
  assert.deepEqual(validate(SCHEMA, example), []);
  assert.deepEqual(
    validate(SCHEMA, { rules: [{ seriesQuery: 'x', metricsQuery: 'y', resource: {} }] }).map((v) => `${v.path.join('.')}: ${v.message}`),
    ['rules.0.resource: property not allowed'],
  );
});

test('the rule snippet, inserted under rules:, exposes http_requests_per_second and no adapter rule reports anything', () => {
  const snippets = JSON.parse(readFileSync(join(__dirname, '../../snippets/kubernetes-autoscaling.json'), 'utf8')) as Record<string, { prefix: string; body: string[] }>;
  const snippet = Object.values(snippets).find((s) => s.prefix === 'prometheus-adapter-rule')!;
  const body = snippet.body
    .join('\n')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\\\$/g, '$');
  const configMap = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: prometheus-adapter\ndata:\n  config.yaml: |\n    rules:\n${body.replace(/^/gm, '    ')}\n`;
  assert.deepEqual(validate(SCHEMA, parse(parse(configMap).data['config.yaml'])), []);
  const hpa = `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  maxReplicas: 5\n  metrics:\n  - type: Pods\n    pods:\n      metric: {name: http_requests_per_second}\n      target: {type: AverageValue, averageValue: "10"}\n`;
  const files = { 'file:///cm.yaml': configMap, 'file:///hpa.yaml': hpa };
  for (const target of Object.keys(files))
    assert.deepEqual(
      analyze(files, { target }).filter((f) => /adapter/.test(f.rule)),
      [],
      target,
    );
});

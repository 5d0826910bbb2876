// hpa-metric-not-in-adapter: HPA Pods/Object/External metric names checked against the names the workspace's
// prometheus-adapter rules expose.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze, covered, ofRule } from '../../helpers';
import { applyTextEdits } from '../../../src/core/text/edits';

const ID = 'hpa-metric-not-in-adapter';
const ARTICLE = join(__dirname, '../../fixtures/articles/004-eks-1.23');
const CONFIG_MAP = readFileSync(join(ARTICLE, 'cm-adapter.yaml'), 'utf8');
const ARTICLE_HPA = readFileSync(join(ARTICLE, 'hpa-requests.yaml'), 'utf8');

const hpa = (metrics: string, apiVersion = 'autoscaling/v2') => `apiVersion: ${apiVersion}
kind: HorizontalPodAutoscaler
metadata:
  name: podinfo
  namespace: podinfo
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: podinfo}
  maxReplicas: 10
  metrics:
${metrics}`;

const PODS = (name: string) => `  - type: Pods\n    pods:\n      metric:\n        name: ${name}\n      target: {type: AverageValue, averageValue: "10"}\n`;
const EXTERNAL = (name: string) => `  - type: External\n    external:\n      metric:\n        name: ${name}\n      target: {type: Value, value: "10"}\n`;

test("article 004: the HPA's http_requests_per_second is what the adapter rule exposes (http_requests_total renamed by as)", () => {
  assert.deepEqual(ofRule(analyze({ 'file:///a/hpa-requests.yaml': ARTICLE_HPA, 'file:///a/cm-adapter.yaml': CONFIG_MAP }), ID), []);
});

test('a typo in a v2beta1 metricName and in a v2 metric.name: the nearest exposed name, and a guessed fix', () => {
  const typo = ARTICLE_HPA.replace('metricName: http_requests_per_second', 'metricName: http_request_per_second');
  const [f, ...rest] = ofRule(analyze({ 'file:///a/hpa-requests.yaml': typo, 'file:///a/cm-adapter.yaml': CONFIG_MAP }), ID);
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'warning');
  assert.equal(covered(typo, f), 'http_request_per_second');
  assert.equal(
    f.message,
    'Pods metric http_request_per_second: no prometheus-adapter custom metrics rule (rules) in the workspace (cm-adapter.yaml) exposes it (nearest: http_requests_per_second). The HPA would report FailedGetPodsMetric.',
  );
  assert.equal(f.fixes[0].safety, 'guess');
  assert.equal(applyTextEdits(typo, f.fixes[0].edits), ARTICLE_HPA);
  // The series name itself is not what the API serves once as renames it.
  const series = hpa(PODS('http_requests_total'));
  assert.match(ofRule(analyze({ 'file:///hpa.yaml': series, 'file:///cm.yaml': CONFIG_MAP }), ID)[0].message, /Pods metric http_requests_total: .*nearest: http_requests_per_second/);
});

test('External metrics are checked against externalRules of a values file; regex rules expose every name their as can spell', () => {
  const values = `rules:
  default: false
  custom:
  - seriesQuery: '{__name__=~"^http_.*_total$",namespace!="",pod!=""}'
    resources: {template: <<.Resource>>}
    name: {matches: "^(.*)_total$", as: "\${1}_per_second"}
    metricsQuery: sum(rate(<<.Series>>{<<.LabelMatchers>>}[2m])) by (<<.GroupBy>>)
  external:
  - seriesQuery: 'sqs_messages_visible{queue!=""}'
    resources: {overrides: {namespace: {resource: namespace}}}
    metricsQuery: sum(<<.Series>>{<<.LabelMatchers>>})
`;
  const text = hpa(PODS('http_errors_per_second') + PODS('http_errors_rate') + EXTERNAL('sqs_messages_visibel'));
  const found = ofRule(analyze({ 'file:///app/hpa.yaml': text, 'file:///charts/adapter/values.yaml': values }), ID);
  assert.deepEqual(
    found.map((f) => covered(text, f)),
    ['http_errors_rate', 'sqs_messages_visibel'],
  );
  assert.match(found[0].message, /\(names of the form \*_per_second\)/);
  assert.match(
    found[1].message,
    /^External metric sqs_messages_visibel: no prometheus-adapter external metrics rule \(externalRules\) in the workspace \(values\.yaml\) exposes it \(nearest: sqs_messages_visible\)\. The HPA would report FailedGetExternalMetric\.$/,
  );
});

test('silent without adapter configuration, with the chart default rules on, or for an API the configuration has no rules for', () => {
  const text = hpa(PODS('anything_at_all') + EXTERNAL('queue_depth'));
  assert.deepEqual(ofRule(analyze(text), ID), []);
  const defaults = `rules:
  custom:
  - seriesQuery: 'jobs_queued'
    resources: {template: <<.Resource>>}
    metricsQuery: sum(<<.Series>>{<<.LabelMatchers>>}) by (<<.GroupBy>>)
`;
  // rules.default is true unless set to false: the chart's defaults expose nearly every series; no externalRules at all.
  assert.deepEqual(ofRule(analyze({ 'file:///hpa.yaml': text, 'file:///values.yaml': defaults }), ID), []);
});

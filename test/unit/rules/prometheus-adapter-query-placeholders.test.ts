// prometheus-adapter-query-placeholders: a metricsQuery that hard-codes what <<.Series>>, <<.LabelMatchers>> and <<.GroupBy>> fill in.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze, covered, ofRule } from '../../helpers';
import { applyTextEdits } from '../../../src/core/text/edits';

const ID = 'prometheus-adapter-query-placeholders';
const ARTICLE = readFileSync(join(__dirname, '../../fixtures/articles/004-eks-1.23/cm-adapter.yaml'), 'utf8');

const configMap = (config: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: prometheus-adapter
  namespace: monitoring
data:
  config.yaml: |
${config
  .split('\n')
  .map((l) => (l ? `    ${l}` : l))
  .join('\n')}`;

test("article 004's hard-coded query is flagged on its line, and the fix writes the adapter's placeholders", () => {
  const [f, ...rest] = ofRule(analyze(ARTICLE), ID);
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'warning');
  assert.equal(covered(ARTICLE, f), `'rate(http_requests_total{namespace="podinfo",app="podinfo"}[2m])'`);
  assert.match(f.message, /^rules\[0\]: metricsQuery does not use <<\.LabelMatchers>>: the query ignores the namespace and the objects the HPA asks about/);
  assert.match(f.message, /by \(<<\.GroupBy>>\): results are not one per object/);
  assert.doesNotMatch(f.message, /<<\.Series>>:/, 'seriesQuery names one series, so hard-coding it is fine');
  assert.equal(f.fixes[0].safety, 'review');
  const fixed = applyTextEdits(ARTICLE, f.fixes[0].edits);
  assert.equal(fixed, ARTICLE.replace(`'rate(http_requests_total{namespace="podinfo",app="podinfo"}[2m])'`, `'sum(rate(<<.Series>>{<<.LabelMatchers>>,app="podinfo"}[2m])) by (<<.GroupBy>>)'`));
  assert.deepEqual(ofRule(analyze(fixed), ID), []);
});

test('the documented form, the LabelValuesByName/GroupBySlice forms and templated queries are not flagged', () => {
  const ok = configMap(`rules:
- seriesQuery: '{__name__=~"^container_.*",namespace!="",pod!=""}'
  resources: {overrides: {namespace: {resource: namespace}, pod: {resource: pod}}}
  metricsQuery: "sum(rate(<<.Series>>{<<.LabelMatchers>>,container!="POD"}[2m])) by (<<.GroupBy>>)"
- seriesQuery: 'jobs_queued'
  resources: {template: <<.Resource>>}
  metricsQuery: 'max(<<.Series>>{<<.LabelMatchers>>}) by (<<range $i, $l := .GroupBySlice>><<$l>><<end>>)'
`);
  assert.deepEqual(ofRule(analyze(ok), ID), []);
});

test('a regex seriesQuery without <<.Series>>, and a missing metricsQuery', () => {
  const text = configMap(`rules:
- seriesQuery: '{__name__=~"^http_.*_total$",namespace!=""}'
  resources: {template: <<.Resource>>}
  metricsQuery: 'sum(rate(http_requests_total{<<.LabelMatchers>>}[2m])) by (<<.GroupBy>>)'
- seriesQuery: 'jobs_queued'
  resources: {template: <<.Resource>>}
`);
  const [series, missing] = ofRule(analyze(text), ID);
  assert.match(series.message, /does not use <<\.Series>>: every metric of this rule queries the same series, though seriesQuery selects several\.$/);
  assert.deepEqual(series.fixes, []);
  assert.equal(missing.severity, 'error');
  assert.match(missing.message, /^rules\[1\] has no metricsQuery: .*empty query produced by metrics query template/);
  assert.equal(covered(text, missing), 'seriesQuery');
});

test('external rules need <<.LabelMatchers>> (namespace and metric selector) but no GroupBy, which the adapter leaves empty for them', () => {
  const values = `rules:
  default: false
  external:
  - seriesQuery: 'queue_depth{queue!=""}'
    resources: {overrides: {namespace: {resource: namespace}}}
    metricsQuery: 'sum(queue_depth{queue="orders"})'
  - seriesQuery: 'queue_depth{queue!=""}'
    resources: {overrides: {namespace: {resource: namespace}}}
    metricsQuery: 'sum(<<.Series>>{<<.LabelMatchers>>})'
`;
  const [f, ...rest] = ofRule(analyze({ 'file:///charts/values.yaml': values }), ID);
  assert.equal(rest.length, 0);
  assert.equal(covered(values, f), `'sum(queue_depth{queue="orders"})'`);
  assert.equal(f.message, "rules.external[0]: metricsQuery does not use <<.LabelMatchers>>: the query ignores the HPA's namespace and metric selector.");
});

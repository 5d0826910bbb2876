// prometheus-adapter-series-query-missing: a rule without seriesQuery fails the adapter's whole discovery.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, covered, ofRule } from '../../helpers';

const ID = 'prometheus-adapter-series-query-missing';

const CONFIG_MAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: adapter-config
  namespace: monitoring
data:
  config.yaml: |
    # http requests per pod
    rules:
    - resources:
        overrides: {namespace: {resource: namespace}, pod: {resource: pod}}
      name: {matches: "^(.*)_total$", as: "\${1}_per_second"}
      metricsQuery: sum(rate(<<.Series>>{<<.LabelMatchers>>}[2m])) by (<<.GroupBy>>)
    externalRules:
    - seriesQuery: ""
      resources: {overrides: {namespace: {resource: namespace}}}
      metricsQuery: sum(<<.Series>>{<<.LabelMatchers>>})
`;

test('a ConfigMap config.yaml rule without seriesQuery, and an external rule with an empty one: errors on their lines', () => {
  const found = ofRule(analyze(CONFIG_MAP), ID);
  assert.equal(found.length, 2);
  assert.equal(found[0].severity, 'error');
  assert.equal(covered(CONFIG_MAP, found[0]), 'resources');
  assert.match(found[0].message, /^rules\[0\] has no seriesQuery: Prometheus refuses the empty series selector, and one failed series query fails the adapter's whole discovery/);
  assert.equal(covered(CONFIG_MAP, found[1]), 'seriesQuery');
  assert.match(found[1].message, /^externalRules\[0\] has an empty seriesQuery/);
});

test('Helm values of the prometheus-adapter chart (and under prometheus-adapter: in an umbrella chart) are read', () => {
  const values = `rules:
  default: false
  custom:
  - seriesQuery: 'http_requests_total{namespace!="",pod!=""}'
    resources: {template: <<.Resource>>}
    metricsQuery: sum(rate(<<.Series>>{<<.LabelMatchers>>}[2m])) by (<<.GroupBy>>)
  - metricsQuery: sum(<<.Series>>{<<.LabelMatchers>>}) by (<<.GroupBy>>)
    resources: {template: <<.Resource>>}
`;
  const [f, ...rest] = ofRule(analyze({ 'file:///chart/values.yaml': values }), ID);
  assert.equal(rest.length, 0);
  assert.equal(covered(values, f), 'metricsQuery');
  assert.match(f.message, /^rules\.custom\[1\] has no seriesQuery/);
  const umbrella = `prometheus-adapter:\n${values.replace(/^/gm, '  ')}`;
  assert.match(ofRule(analyze({ 'file:///umbrella/values.yaml': umbrella }), ID)[0].message, /^prometheus-adapter\.rules\.custom\[1\] has no seriesQuery/);
});

test('other rules: lists are not taken for adapter rules (Prometheus alerting rules, a ConfigMap of another program)', () => {
  const alerting = `rules:\n  custom:\n  - alert: HighLoad\n    expr: up == 0\n`;
  assert.deepEqual(ofRule(analyze({ 'file:///values.yaml': alerting }), ID), []);
  const other = CONFIG_MAP.replace('    # http requests per pod\n', '    server: {port: 8080}\n');
  assert.deepEqual(ofRule(analyze(other), ID), []);
  const fixed = CONFIG_MAP.replace('    - resources:', "    - seriesQuery: 'http_requests_total'\n      resources:").replace('seriesQuery: ""', "seriesQuery: 'queue_depth'");
  assert.deepEqual(ofRule(analyze(fixed), ID), []);
});

// prometheus-adapter-resources-missing: rules that map no Prometheus label to a Kubernetes resource.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, covered, ofRule } from '../../helpers';

const ID = 'prometheus-adapter-resources-missing';

const values = (custom: string, external = '') => `rules:
  default: false
  custom:
${custom}${external ? `  external:\n${external}` : ''}`;

test('a custom rule without resources, and one whose resources has neither overrides nor template: warnings', () => {
  const text = values(`  - seriesQuery: 'http_requests_total'
    metricsQuery: sum(rate(<<.Series>>{<<.LabelMatchers>>}[2m])) by (<<.GroupBy>>)
  - seriesQuery: 'jobs_queued'
    resources:
      overrides: {}
    metricsQuery: sum(<<.Series>>{<<.LabelMatchers>>}) by (<<.GroupBy>>)
`);
  const found = ofRule(analyze({ 'file:///values.yaml': text }), ID);
  assert.equal(found.length, 2);
  assert.equal(found[0].severity, 'warning');
  assert.equal(covered(text, found[0]), 'seriesQuery');
  assert.match(found[0].message, /^rules\.custom\[0\] maps no label to a Kubernetes resource .*lists none of its metrics/);
  assert.equal(covered(text, found[1]), 'resources');
});

test('an external rule needs the namespace label unless namespaced: false', () => {
  const text = values(
    '',
    `  - seriesQuery: 'queue_depth'
    metricsQuery: sum(<<.Series>>{<<.LabelMatchers>>})
  - seriesQuery: 'queue_depth'
    resources: {namespaced: false}
    metricsQuery: sum(<<.Series>>{<<.LabelMatchers>>})
`,
  );
  const [f, ...rest] = ofRule(analyze({ 'file:///values.yaml': text }), ID);
  assert.equal(rest.length, 0);
  assert.match(f.message, /^rules\.external\[0\] maps no label to the namespace .*unable to convert resource namespaces into label/);
});

test('overrides or a template: silent', () => {
  const text = values(`  - seriesQuery: 'http_requests_total'
    resources:
      overrides:
        namespace: {resource: namespace}
        pod: {resource: pod}
    metricsQuery: sum(rate(<<.Series>>{<<.LabelMatchers>>}[2m])) by (<<.GroupBy>>)
  - seriesQuery: '{namespace!=""}'
    resources:
      template: <<.Resource>>
    metricsQuery: sum(<<.Series>>{<<.LabelMatchers>>}) by (<<.GroupBy>>)
`);
  assert.deepEqual(ofRule(analyze({ 'file:///values.yaml': text }), ID), []);
});

// prometheus-adapter-name-invalid: name.matches and seriesFilters that Go's regexp rejects, and name.as that produces no name.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkRe2, expandRefs } from '../../../src/core/k8s/prometheusAdapter';
import { analyze, covered, ofRule } from '../../helpers';
import { applyTextEdits } from '../../../src/core/text/edits';

const ID = 'prometheus-adapter-name-invalid';

const configMap = (rule: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: adapter-config
data:
  config.yaml: |
    rules:
    - seriesQuery: 'http_requests_total'
      resources: {template: <<.Resource>>}
      metricsQuery: sum(rate(<<.Series>>{<<.LabelMatchers>>}[2m])) by (<<.GroupBy>>)
${rule.replace(/^/gm, '      ')}
`;

test('RE2: lookarounds, backreferences, unknown escapes and repeat counts over 1000 are rejected; what both engines reject too; RE2-only syntax is accepted', () => {
  const rejected: [string, RegExp][] = [
    ['^(?=http)(.*)$', /`\(\?=` \(RE2 has no lookarounds\)/],
    ['(?<!x)y', /`\(\?<!`/],
    ['(a)\\1', /invalid escape sequence: `\\1`/],
    ['\\y', /invalid escape sequence: `\\y`/],
    ['a{1001}', /invalid repeat count/],
    ['(a', /missing closing \)/],
    ['*a', /missing argument to repetition operator/],
    ['[a-z', /missing closing \]/],
    ['(?P<x>a)(?P<x>b)', /duplicate capture group name/],
  ];
  for (const [p, why] of rejected) {
    const v = checkRe2(p);
    assert.ok(!v.ok && why.test(v.message), `${p}: ${JSON.stringify(v)}`);
  }
  for (const p of ['^(.*)_total$', '(?P<name>.*)_seconds_total', '(?i)^http', '[[:alpha:]]+', '\\Qa.b\\E', '\\A(.*)\\z', '(?s:.)', '\\pL+']) assert.ok(checkRe2(p).ok, p);
  const named = checkRe2('^(?P<base>.*)_(total|count)$');
  assert.ok(named.ok && named.groups === 2 && named.names[0] === 'base' && named.js?.exec('a_total')?.groups?.base === 'a');
  assert.deepEqual(
    expandRefs('$1_per_second ${1}_x $$1 ${a b}').map((r) => r.name),
    ['1_per_second', '1'],
  );
});

test('name.matches that Go does not compile: an error on the pattern (the adapter does not start)', () => {
  const text = configMap(`name: {matches: "^(?=http)(.*)_total$"}`);
  const [f, ...rest] = ofRule(analyze(text), ID);
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.equal(covered(text, f), '"^(?=http)(.*)_total$"');
  assert.match(f.message, /^rules\[0\]: name\.matches .* does not compile in Go's regexp \(RE2\): .*The adapter refuses the configuration and does not start\./);
  const filter = configMap(`seriesFilters:\n- isNot: "(?!x)"`);
  assert.match(ofRule(analyze(filter), ID)[0].message, /seriesFilters isNot "\(\?!x\)" does not compile/);
});

test('$1_per_second names a group called 1_per_second: an empty name, fixed to ${1}_per_second inside the embedded config', () => {
  const text = configMap(`name:\n  matches: "^(.*)_total$"\n  as: "$1_per_second"`);
  const [f, ...rest] = ofRule(analyze(text), ID);
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.equal(covered(text, f), '$1_per_second');
  assert.match(f.message, /Go reads \$1_per_second as the group named "1_per_second" .* Write \$\{1\}_per_second\. Every metric of this rule gets an empty name\./);
  assert.equal(f.fixes[0].safety, 'safe');
  const fixed = applyTextEdits(text, f.fixes[0].edits);
  assert.equal(fixed, text.replace('as: "$1_per_second"', 'as: "${1}_per_second"'));
  assert.deepEqual(ofRule(analyze(fixed), ID), []);
});

test('a group matches does not define, several groups without as, and a matches the named series does not match', () => {
  const missing = configMap(`name: {matches: "^(.*)_total$", as: "\${2}_rate"}`);
  const [m] = ofRule(analyze(missing), ID);
  assert.equal(m.severity, 'warning');
  assert.match(m.message, /refers to group 2\. name\.matches has 1 capture group: it expands to nothing\.$/);
  const several = configMap(`name: {matches: "^(.*)_(total|count)$"}`);
  assert.match(ofRule(analyze(several), ID)[0].message, /has 2 capture groups and name\.as is not set: .*must specify an 'as' value/);
  const unmatched = configMap(`name: {matches: "^(.*)_seconds_total$"}`);
  const [u] = ofRule(analyze(unmatched), ID);
  assert.match(u.message, /does not match http_requests_total, the series seriesQuery selects: .*exposes no metric/);
});

test('the documented examples and the Helm chart default rules are clean', () => {
  const text = configMap(`name:\n  matches: "^(.*)_total$"\n  as: "\${1}_per_second"\nseriesFilters:\n- isNot: "^container_.*_seconds_total$"`);
  assert.deepEqual(ofRule(analyze(text), ID), []);
  assert.deepEqual(ofRule(analyze(configMap('name: {matches: "", as: ""}')), ID), []);
});

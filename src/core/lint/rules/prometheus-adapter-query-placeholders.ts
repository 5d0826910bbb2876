// prometheus-adapter-query-placeholders: a metricsQuery that does not use <<.Series>>, <<.LabelMatchers>> or <<.GroupBy>>.
// Hard-coding the series and its selector (`rate(http_requests_total{namespace="podinfo",app="podinfo"}[2m])`) makes the
// query ignore the namespace and objects the HPA asks about, and without `by (<<.GroupBy>>)` a pod's value is whichever of
// its series comes last, not their sum.
import { isScalar, type Node } from 'yaml';
import { adapterRulesOf, literalSeriesNames, mayHoldAdapterConfig, ruleAnchor, type AdapterConfig, type AdapterRule } from '../../k8s/prometheusAdapter';
import { isTemplatedValue, stringAt } from '../../manifest/model';
import type { Rule } from '../rule';
import type { Problem } from '../types';
import type { Fix } from '../../text/edits';
import { clauseJoin } from '../../l10n/lists';
import { msg, type Message } from '../../l10n';

/** The placeholders of the adapter's query template (pkg/naming/metrics_query.go queryTemplateArgs), `<<` `>>` delimiters. */
const PLACEHOLDER = (field: string) => new RegExp(`<<-?\\s*\\.${field}\\b[^>]*>>`);

export const prometheusAdapterQueryPlaceholders: Rule = {
  id: 'prometheus-adapter-query-placeholders',
  category: 'infra',
  severity: 'warning',
  title: 'prometheus-adapter metricsQuery without <<.Series>>, <<.LabelMatchers>> or <<.GroupBy>>',
  docs: [
    "prometheus-adapter fills a rule's `metricsQuery` (a Go template with `<<` `>>` delimiters) for each request: `<<.Series>>` is the series name,",
    "`<<.LabelMatchers>>` selects the namespace and the objects the HPA asks about (and, for external metrics, the HPA's metric selector), `<<.GroupBy>>` is the label",
    'that names those objects. The adapter gives each object the value of the result series whose label names it; a later series for the same object overwrites an earlier one.',
    '',
    '- No `<<.LabelMatchers>>`: the query ignores the namespace and the pods asked about. A hard-coded `{namespace="podinfo",app="podinfo"}` serves those series to every HPA in every namespace that asks for the metric.',
    '- No `by (<<.GroupBy>>)` in a custom rule: a pod with several series (one per path, method, status) gets the value of one arbitrary series, not their sum.',
    '- No `<<.Series>>` where `seriesQuery` selects several series: every metric of the rule queries the same series.',
    '- No `metricsQuery`: the template renders an empty query and every request fails (`empty query produced by metrics query template`).',
    '',
    'The usual form is `sum(rate(<<.Series>>{<<.LabelMatchers>>}[2m])) by (<<.GroupBy>>)`. For a query of the form `rate(name{…}[2m])` on the series `seriesQuery` names, the quick fix',
    'writes that form and keeps the hard-coded matchers other than namespace and pod (to review: it changes what the HPA sees).',
  ].join('\n'),
  kindless: true,
  applies: mayHoldAdapterConfig,
  check(doc) {
    return adapterRulesOf(doc).flatMap(({ config, rule }) => checkRule(config, rule));
  },
};

function checkRule(config: AdapterConfig, rule: AdapterRule): Problem[] {
  const node = rule.node.get('metricsQuery', true) as Node | undefined;
  const query = isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
  if (node && !isScalar(node)) return [];
  if (query === undefined || query.trim() === '') {
    return [
      {
        message: msg('{rule} has no metricsQuery: the adapter renders an empty query and every request for its metrics fails (empty query produced by metrics query template). Write e.g. {example}.', {
          rule: rule.label,
          example: 'sum(rate(<<.Series>>{<<.LabelMatchers>>}[2m])) by (<<.GroupBy>>)',
        }),
        severity: 'error',
        range: node ? config.keyRange(rule.node, 'metricsQuery') : ruleAnchor(config, rule),
      },
    ];
  }
  if (isTemplatedValue(query)) return [];
  const seriesQuery = stringAt(rule.node, ['seriesQuery']) ?? '';
  const literal = literalSeriesNames(seriesQuery);
  const external = rule.list === 'externalRules';
  // Each missing placeholder is written as its <<…>> (a value), and why it matters.
  const missing: Message[] = [];
  if (!PLACEHOLDER('Series').test(query) && !literal)
    missing.push(msg('{placeholder}: every metric of this rule queries the same series, though seriesQuery selects several', { placeholder: '<<.Series>>' }));
  if (!PLACEHOLDER('LabelMatchers').test(query) && !PLACEHOLDER('LabelValuesByName').test(query))
    missing.push(
      external
        ? msg("{placeholder}: the query ignores the HPA's namespace and metric selector", { placeholder: '<<.LabelMatchers>>' })
        : msg('{placeholder}: the query ignores the namespace and the objects the HPA asks about, so every HPA asking for this metric, in any namespace, is served the same series', {
            placeholder: '<<.LabelMatchers>>',
          }),
    );
  if (!external && !PLACEHOLDER('GroupBy').test(query) && !PLACEHOLDER('GroupBySlice').test(query))
    missing.push(msg("{placeholder}: results are not one per object, so a pod with several series gets one arbitrary series' value, not their sum", { placeholder: 'by (<<.GroupBy>>)' }));
  if (missing.length === 0) return [];
  return [
    {
      message: msg('{rule}: metricsQuery does not use {missing}.', { rule: rule.label, missing: clauseJoin(missing) }),
      range: config.rangeOf(node),
      fixes: () => templateFix(config, rule, node, query, literal),
    },
  ];
}

/** `f(name{matchers}[window])` on the series seriesQuery names → the adapter's usual form, keeping other matchers. */
function templateFix(config: AdapterConfig, rule: AdapterRule, node: Node | undefined, query: string, literal: string[] | undefined): Fix[] {
  const m = /^\s*(\w+)\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?:\{([^}]*)\})?\s*(\[[^\]]+\])\s*\)\s*$/.exec(query);
  if (!m || !literal?.includes(m[2]) || !isScalar(node) || !node.range) return [];
  const kept = (m[3] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s && !/^(namespace|pod)\s*(=|!=|=~|!~)/.test(s));
  const selector = ['<<.LabelMatchers>>', ...kept].join(',');
  const inner = `${m[1]}(<<.Series>>{${selector}}${m[4]})`;
  const newQuery = rule.list === 'externalRules' ? `sum(${inner})` : `sum(${inner}) by (<<.GroupBy>>)`;
  const written = config.text.slice(node.range[0], node.range[1]);
  const quote = written[0] === "'" || written[0] === '"' ? written[0] : '';
  if (quote === '"' || (quote === "'" && newQuery.includes("'")) || (!quote && /[#:]\s|^[{[&*!|>%@`'"]/.test(newQuery))) {
    // Re-quote as a single-quoted YAML scalar, where only ' needs doubling.
    const edit = config.edit({ start: node.range[0], end: node.range[1] }, `'${newQuery.replace(/'/g, "''")}'`);
    return edit ? [fix(config, edit, newQuery)] : [];
  }
  const edit = config.edit({ start: node.range[0] + (quote ? 1 : 0), end: node.range[1] - (quote ? 1 : 0) }, newQuery);
  return edit ? [fix(config, edit, newQuery)] : [];
}

function fix(config: AdapterConfig, edit: { range: { start: number; end: number }; newText: string }, query: string): Fix {
  return {
    title: msg("Use the adapter's placeholders: {query}", { query }),
    edits: [{ uri: config.doc.file.uri, ...edit }],
    safety: 'review',
    why: msg('the query then selects by the namespace and pods the HPA asks about and sums per pod: the values the HPA sees change'),
    preferred: true,
  };
}

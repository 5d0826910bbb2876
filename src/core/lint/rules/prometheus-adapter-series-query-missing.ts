// prometheus-adapter-series-query-missing: a discovery rule without seriesQuery. The adapter sends the empty selector to
// Prometheus' series API, which refuses it, and one failed series query fails the whole discovery: no rule's metrics are listed.
import { isScalar } from 'yaml';
import { adapterRulesOf, mayHoldAdapterConfig, ruleAnchor } from '../../k8s/prometheusAdapter';
import type { Rule } from '../rule';
import type { Problem } from '../types';
import { msg } from '../../l10n';

export const prometheusAdapterSeriesQueryMissing: Rule = {
  id: 'prometheus-adapter-series-query-missing',
  category: 'infra',
  severity: 'error',
  title: 'prometheus-adapter rule without seriesQuery',
  docs: [
    'Each rule of a prometheus-adapter configuration (`rules`, `externalRules`; in the Helm chart `rules.custom`, `rules.external`) finds its series with `seriesQuery`,',
    "a Prometheus series selector sent to `/api/v1/series`. Without it the adapter sends an empty selector, which Prometheus refuses, and the adapter's discovery fails",
    'as a whole (`unable to update list of all metrics`): none of the metrics of any rule are listed, and every HPA on them reports `FailedGetPodsMetric` or `FailedGetExternalMetric`.',
    '',
    'Write the series the rule is about, e.g. `seriesQuery: \'http_requests_total{namespace!="",pod!=""}\'`.',
  ].join('\n'),
  kindless: true,
  applies: mayHoldAdapterConfig,
  check(doc) {
    const problems: Problem[] = [];
    for (const { config, rule } of adapterRulesOf(doc)) {
      const node = rule.node.get('seriesQuery', true);
      const value = isScalar(node) ? node.value : undefined;
      if (typeof value === 'string' && value.trim() !== '') continue;
      if (node && !isScalar(node)) continue;
      const written = rule.node.has('seriesQuery');
      problems.push({
        message: written
          ? msg("{rule} has an empty seriesQuery: Prometheus refuses the empty series selector, and one failed series query fails the adapter's whole discovery, so no metric of any rule is listed.", {
              rule: rule.label,
            })
          : msg("{rule} has no seriesQuery: Prometheus refuses the empty series selector, and one failed series query fails the adapter's whole discovery, so no metric of any rule is listed.", {
              rule: rule.label,
            }),
        range: written ? config.keyRange(rule.node, 'seriesQuery') : ruleAnchor(config, rule),
      });
    }
    return problems;
  },
};

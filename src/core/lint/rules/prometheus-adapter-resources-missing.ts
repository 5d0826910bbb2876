// prometheus-adapter-resources-missing: a rule whose `resources` has neither `overrides` nor `template`. A custom rule then
// maps its series to no Kubernetes resource and lists nothing; an external rule cannot put the HPA's namespace in its query.
import { isMap } from 'yaml';
import { adapterRulesOf, mayHoldAdapterConfig, ruleAnchor } from '../../k8s/prometheusAdapter';
import { mapAt, stringAt } from '../../manifest/model';
import type { Rule } from '../rule';
import type { Problem } from '../types';
import { msg } from '../../l10n';

export const prometheusAdapterResourcesMissing: Rule = {
  id: 'prometheus-adapter-resources-missing',
  category: 'infra',
  severity: 'warning',
  title: 'prometheus-adapter rule without resources overrides or template',
  docs: [
    'A prometheus-adapter rule tells which Prometheus labels name Kubernetes objects with `resources.overrides` (label → resource) or `resources.template` (e.g. `<<.Resource>>`).',
    '',
    "- In `rules` (custom metrics) without either, no series maps to any resource, so the adapter lists none of the rule's metrics: HPAs get `FailedGetPodsMetric`/`FailedGetObjectMetric`.",
    "- In `externalRules` without either (and without `namespaced: false`), every request fails: the adapter has no label to put the HPA's namespace in (`unable to convert resource namespaces into label`).",
    '',
    'Map at least the namespace (and, for per-pod metrics, the pod) label: `overrides: {namespace: {resource: namespace}, pod: {resource: pod}}`.',
  ].join('\n'),
  kindless: true,
  applies: mayHoldAdapterConfig,
  check(doc) {
    const problems: Problem[] = [];
    for (const { config, rule } of adapterRulesOf(doc)) {
      const resources = mapAt(rule.node, ['resources']);
      const overrides = resources?.get('overrides', true);
      if (isMap(overrides) && overrides.items.length > 0) continue;
      if (stringAt(resources, ['template'])?.trim()) continue;
      const namespacedOff = resources?.get('namespaced') === false;
      const range = resources ? config.keyRange(rule.node, 'resources') : ruleAnchor(config, rule);
      if (rule.list === 'rules') {
        problems.push({
          message: msg('{rule} maps no label to a Kubernetes resource (resources has neither overrides nor template): the adapter associates its series with nothing and lists none of its metrics.', {
            rule: rule.label,
          }),
          range,
        });
      } else if (!namespacedOff) {
        problems.push({
          message: msg(
            "{rule} maps no label to the namespace (resources has neither overrides nor template): every request for its metrics fails, the adapter cannot put the HPA's namespace in the query (unable to convert resource namespaces into label). Map the namespace label, or set resources.namespaced: false for a metric without namespace.",
            { rule: rule.label },
          ),
          range,
        });
      }
    }
    return problems;
  },
};

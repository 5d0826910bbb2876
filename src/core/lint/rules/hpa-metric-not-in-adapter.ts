// hpa-metric-not-in-adapter: an HPA's Pods, Object or External metric that no prometheus-adapter rule in the workspace
// exposes (a typo, a rule renamed with name.as, a `_total` series asked for by its series name), with the nearest names.
import { isMap, type Node } from 'yaml';
import { adapterConfigsOf, adapterNames, serves, type ServedNames } from '../../k8s/prometheusAdapter';
import { isHpa, version } from '../../manifest/kinds';
import { isTemplatedValue, rangeOf, seqAt, stringAt, type ManifestDoc } from '../../manifest/model';
import type { Workspace } from '../../manifest/workspace';
import { closestName, editDistance } from '../../text/similar';
import type { Rule } from '../rule';
import type { Problem } from '../types';
import { msg, type Message } from '../../l10n';

interface MetricRef {
  type: 'Pods' | 'Object' | 'External';
  name: string;
  node: Node;
  /** Path of the name below the metric entry, for messages. */
  path: string;
}

/** Where each metric type keeps its name: autoscaling/v2 and v2beta2 `<type>.metric.name`, v2beta1 `<type>.metricName`. */
const SOURCES: Record<MetricRef['type'], string> = { Pods: 'pods', Object: 'object', External: 'external' };

/** The Pods, Object and External metric names of an HPA (not templated ones). */
function customMetrics(doc: ManifestDoc): MetricRef[] {
  const metrics = seqAt(doc.root, ['spec', 'metrics']);
  const out: MetricRef[] = [];
  for (const item of metrics?.items ?? []) {
    if (!isMap(item)) continue;
    const type = stringAt(item, ['type']) as MetricRef['type'] | undefined;
    if (!type || !(type in SOURCES)) continue;
    const source = SOURCES[type];
    const beta1 = version(doc.apiVersion) === 'v2beta1';
    const path = beta1 ? [source, 'metricName'] : [source, 'metric', 'name'];
    const name = stringAt(item, path);
    const node = item.getIn(path, true);
    if (!name || isTemplatedValue(name) || !node) continue;
    out.push({ type, name, node: node as Node, path: path.join('.') });
  }
  return out;
}

/** The workspace files that hold adapter rules, for messages. */
function configFiles(ws: Workspace): string[] {
  return ws.memo('prometheus-adapter/files', () => {
    const files = new Set<string>();
    for (const d of ws.allDocs()) if (adapterConfigsOf(d).length) files.add(d.file.uri.replace(/^.*\//, ''));
    return [...files];
  });
}

/** The served names nearest `name`: the closest typo first, then the next few by edit distance. */
function nearest(name: string, served: ServedNames): string[] {
  const names = [...served.exact].filter((n) => n !== '');
  const best = closestName(name, names);
  const ranked = names
    .map((n) => ({ n, d: editDistance(name.toLowerCase(), n.toLowerCase()) }))
    .sort((a, b) => a.d - b.d || a.n.localeCompare(b.n))
    .map((r) => r.n);
  return [...new Set([...(best ? [best] : []), ...ranked])].slice(0, 3);
}

/** What the adapter does serve instead: the nearest names, the forms a pattern rule serves, or both. */
function alternativesOf(near: string[], forms: string[]): Message | undefined {
  const names = near.join(', ');
  const shapes = forms.join(', ');
  if (near.length && forms.length) return msg('nearest: {names}; names of the form {forms}', { names, forms: shapes });
  if (near.length) return msg('nearest: {names}', { names });
  if (forms.length) return msg('names of the form {forms}', { forms: shapes });
  return undefined;
}

export const hpaMetricNotInAdapter: Rule = {
  id: 'hpa-metric-not-in-adapter',
  category: 'workload',
  severity: 'warning',
  title: 'HPA metric that no prometheus-adapter rule in the workspace exposes',
  docs: [
    "An HPA's `Pods` and `Object` metrics come from custom.metrics.k8s.io and its `External` metrics from external.metrics.k8s.io. When the workspace holds a prometheus-adapter",
    "configuration (a ConfigMap with `config.yaml`, or the Helm chart's values), each metric name is checked against the names its rules expose: a series the rule selects by",
    'name, renamed by `name.matches`/`name.as` (`http_requests_total` → `http_requests_per_second`). A name no rule exposes makes the HPA report `FailedGetPodsMetric`,',
    '`FailedGetObjectMetric` or `FailedGetExternalMetric` and never scale on it. The message lists the nearest exposed names.',
    '',
    "Names are checked only against an API the workspace's configurations have rules for, and not at all where a rule may expose any name: a regex `seriesQuery` renamed by `as` matches",
    "every name `as` can spell, and the Helm chart's default rules (`rules.default`, on unless `false`) expose nearly every series.",
  ].join('\n'),
  applies: (doc) => isHpa(doc) && version(doc.apiVersion) !== 'v1',
  check(doc, ctx) {
    const metrics = customMetrics(doc);
    if (metrics.length === 0) return [];
    const served = adapterNames(ctx.workspace);
    const problems: Problem[] = [];
    for (const m of metrics) {
      const api = m.type === 'External' ? served.external : served.custom;
      if (!api.configured || serves(api, m.name)) continue;
      const near = nearest(m.name, api);
      const forms = api.patterns.map((p) => p.shown);
      const alternatives = alternativesOf(near, [...new Set(forms)]);
      const args = {
        type: m.type,
        name: m.name,
        list: m.type === 'External' ? msg('external metrics rule (externalRules)') : msg('custom metrics rule (rules)'),
        files: configFiles(ctx.workspace).join(', '),
        reason: `FailedGet${m.type === 'Pods' ? 'Pods' : m.type}Metric`,
      };
      problems.push({
        message: alternatives
          ? msg('{type} metric {name}: no prometheus-adapter {list} in the workspace ({files}) exposes it ({alternatives}). The HPA would report {reason}.', { ...args, alternatives })
          : msg('{type} metric {name}: no prometheus-adapter {list} in the workspace ({files}) exposes it. The HPA would report {reason}.', args),
        range: rangeOf(m.node),
        fixes:
          near.length && closestName(m.name, near) === near[0]
            ? [
                {
                  title: msg('Use {name} (a guess: the nearest exposed name)', { name: near[0] }),
                  edits: [{ uri: doc.file.uri, range: rangeOf(m.node), newText: near[0] }],
                  safety: 'guess',
                  why: msg('the tool chose the name'),
                },
              ]
            : [],
      });
    }
    return problems;
  },
};

// cluster-autoscaler-discovery-placeholder: `--node-group-auto-discovery` still names `<YOUR CLUSTER NAME>`, so CA discovers no node group.
import { isMap, isSeq, type YAMLMap } from 'yaml';
import { CA_BOOLEAN_FLAGS, containersOf, isClusterAutoscalerContainer } from '../../k8s/clusterAutoscaler';
import { readFlags } from '../../k8s/metricsServer';
import { isWorkload } from '../../manifest/kinds';
import { rangeOf, stringAt } from '../../manifest/model';
import { findPlaceholders, type Placeholder } from '../../text/placeholders';
import type { Rule } from '../rule';
import type { Problem } from '../types';
import { msg } from '../../l10n';

/** A tag value that is the documentation's stand-in for the cluster name (`…/cluster-autoscaler/CLUSTER_NAME`, `=your-cluster-name`), not a tag key such as `eks:cluster-name=`. */
const NAME_WORD = /(?<=[/=])(?:(?:your|my)[-_]?)?cluster[-_]?name(?=$|,)/gi;

/** Names of env vars the container defines; undefined when `envFrom` may define any. */
function envNames(container: YAMLMap): Set<string> | undefined {
  if (container.has('envFrom')) return undefined;
  const env = container.get('env', true);
  const names = new Set<string>();
  if (isSeq(env)) for (const e of env.items) if (isMap(e)) names.add(stringAt(e, ['name']) ?? '');
  return names;
}

function placeholdersIn(value: string, container: YAMLMap): Placeholder[] {
  const env = envNames(container);
  const found = findPlaceholders(value).filter((p) => !p.kubernetesVar || (env !== undefined && !env.has(p.kubernetesVar)));
  for (const m of value.matchAll(NAME_WORD)) found.push({ text: m[0], index: m.index ?? 0 });
  return found.sort((a, b) => a.index - b.index);
}

export const clusterAutoscalerDiscoveryPlaceholder: Rule = {
  id: 'cluster-autoscaler-discovery-placeholder',
  category: 'infra',
  severity: 'error',
  title: 'Cluster Autoscaler node-group auto-discovery still names a placeholder cluster',
  docs: [
    'The `--node-group-auto-discovery` flag of Cluster Autoscaler still holds the placeholder of the example it was copied from',
    '(`asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/<YOUR CLUSTER NAME>`, `${CLUSTER_NAME}`, `$(CLUSTER_NAME)` with no such env var).',
    'No Auto Scaling group carries that tag, so CA discovers no node group: it starts, logs nothing alarming, and pending pods never get a node.',
    'Write the real cluster name (the one in the ASG tags).',
  ].join('\n'),
  applies: (doc) => isWorkload(doc),
  check(doc) {
    const problems: Problem[] = [];
    for (const container of containersOf(doc)) {
      if (!isClusterAutoscalerContainer(container)) continue;
      for (const use of readFlags(container, CA_BOOLEAN_FLAGS)) {
        if (use.flag !== '--node-group-auto-discovery' || use.value === undefined) continue;
        const node = use.valueNode ?? use.node;
        const written = doc.file.text.slice(rangeOf(node).start, rangeOf(node).end);
        const [first] = placeholdersIn(use.value, container);
        if (!first) continue;
        const at = written.indexOf(first.text);
        const start = at === -1 ? rangeOf(node).start : rangeOf(node).start + at;
        problems.push({
          message: msg(
            "--node-group-auto-discovery still names the placeholder {placeholder}: it matches no node group, so Cluster Autoscaler discovers none and pending pods never get a node. Write the cluster's real name.",
            { placeholder: first.text },
          ),
          range: at === -1 ? rangeOf(node) : { start, end: start + first.text.length },
        });
      }
    }
    return problems;
  },
};

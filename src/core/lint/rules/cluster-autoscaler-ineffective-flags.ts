// cluster-autoscaler-ineffective-flags: Cluster Autoscaler flags that cannot take effect as written: scale-down tuning with
// `--scale-down-enabled=false`, and `--expander=priority` without the ConfigMap the priority expander reads.
import type { YAMLMap } from 'yaml';
import { CA_BOOLEAN_FLAGS, containersOf, isClusterAutoscalerContainer, isScaleDownTuningFlag, PRIORITY_EXPANDER_CONFIGMAP } from '../../k8s/clusterAutoscaler';
import { isFlagOn, readFlags, type FlagUse } from '../../k8s/metricsServer';
import { isWorkload } from '../../manifest/kinds';
import { isTemplatedValue, type ManifestDoc } from '../../manifest/model';
import type { Workspace } from '../../manifest/workspace';
import type { Rule } from '../rule';
import type { Problem } from '../types';
import { msg } from '../../l10n';

/** Namespaces holding a priority-expander ConfigMap in the workspace (`*` for one written without a namespace: it lands where it is applied). */
function priorityConfigMapNamespaces(workspace: Workspace): Set<string> {
  return workspace.memo('cluster-autoscaler-priority-configmaps', () => {
    const out = new Set<string>();
    for (const d of workspace.allDocs()) if (d.kind === 'ConfigMap' && d.name === PRIORITY_EXPANDER_CONFIGMAP) out.add(d.namespaceExplicit ? d.namespace : '*');
    return out;
  });
}

function scaleDownProblems(uses: FlagUse[]): Problem[] {
  const disabled = uses.filter((u) => u.flag === '--scale-down-enabled').pop();
  if (!disabled || isFlagOn(disabled)) return [];
  return uses
    .filter((u) => isScaleDownTuningFlag(u.flag))
    .map((u) => ({
      severity: 'warning' as const,
      message: msg('{flag} has no effect: {disabling} turns scale-down off, so Cluster Autoscaler never runs the scale-down pass this flag tunes. Remove it, or enable scale-down.', {
        flag: u.flag,
        disabling: disabled.value === undefined ? '--scale-down-enabled' : `--scale-down-enabled=${disabled.value}`,
      }),
      range: u.range,
      tags: ['unnecessary' as const],
    }));
}

function priorityProblem(doc: ManifestDoc, uses: FlagUse[], workspace: Workspace): Problem | undefined {
  const expander = uses.filter((u) => u.flag === '--expander').pop();
  if (!expander?.value || isTemplatedValue(expander.value) || !expander.value.split(',').includes('priority')) return undefined;
  if (doc.file.templated) return undefined;
  const nsFlag = uses.filter((u) => u.flag === '--namespace').pop()?.value;
  const namespace = nsFlag && !isTemplatedValue(nsFlag) ? nsFlag : 'kube-system';
  const found = priorityConfigMapNamespaces(workspace);
  if (found.has(namespace) || found.has('*')) return undefined;
  return {
    message: msg(
      "--expander={expander} uses the priority expander, but no ConfigMap {configMap} in namespace {namespace} (Cluster Autoscaler's --namespace) is in the workspace: without it the priority expander picks no node group and scale-ups fail. Create it, with a priorities key, next to this Deployment.",
      { expander: expander.value, configMap: PRIORITY_EXPANDER_CONFIGMAP, namespace },
    ),
    range: expander.range,
  };
}

export const clusterAutoscalerIneffectiveFlags: Rule = {
  id: 'cluster-autoscaler-ineffective-flags',
  category: 'infra',
  severity: 'warning',
  title: 'Cluster Autoscaler flags that cannot take effect as written',
  docs: [
    '- Scale-down tuning flags (`--scale-down-unneeded-time`, `--scale-down-utilization-threshold`, `--scale-down-delay-after-add`, … `--max-empty-bulk-delete`)',
    'next to `--scale-down-enabled=false`: the scale-down pass never runs, so they change nothing (and suggest it does scale down).',
    '- `--expander=priority` (alone or in a list) with no ConfigMap `cluster-autoscaler-priority-expander` in the workspace, in the namespace Cluster Autoscaler',
    'reads (`--namespace`, default `kube-system`): the priority expander reads that ConfigMap on every scale-up and chooses no node group without it.',
  ].join('\n'),
  applies: (doc) => isWorkload(doc),
  check(doc, ctx) {
    const problems: Problem[] = [];
    for (const container of containersOf(doc) as YAMLMap[]) {
      if (!isClusterAutoscalerContainer(container)) continue;
      const uses = readFlags(container, CA_BOOLEAN_FLAGS);
      problems.push(...scaleDownProblems(uses));
      const priority = priorityProblem(doc, uses, ctx.workspace);
      if (priority) problems.push(priority);
    }
    return problems;
  },
};

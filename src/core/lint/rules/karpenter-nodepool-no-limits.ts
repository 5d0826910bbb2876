// karpenter-nodepool-no-limits: a NodePool without `spec.limits`, so nothing bounds what Karpenter launches for it.
import { isMap } from 'yaml';
import { isNodePool } from '../../k8s/karpenter';
import { keyRange, mapAt, rangeOf } from '../../manifest/model';
import type { Rule } from '../rule';
import { msg } from '../../l10n';

export const karpenterNodepoolNoLimits: Rule = {
  id: 'karpenter-nodepool-no-limits',
  category: 'infra',
  severity: 'warning',
  title: 'Karpenter NodePool without limits',
  docs: [
    'A NodePool without `spec.limits` (or with an empty one) has no ceiling: Karpenter launches nodes for every pending pod it can fit,',
    'so a runaway Deployment, an HPA with a huge `maxReplicas` or a pod that never schedules for another reason buys capacity without end.',
    'Set `limits` (`cpu`, `memory`, `nodes`, GPUs) to what this pool may cost at most. A static NodePool (`spec.replicas`) is bounded by its replicas and is not reported.',
  ].join('\n'),
  applies: (doc) => isNodePool(doc),
  check(doc) {
    const spec = mapAt(doc.root, ['spec']);
    if (!spec || spec.has('replicas')) return [];
    const limits = spec.get('limits', true);
    if (isMap(limits) && limits.items.length > 0) return [];
    if (limits !== undefined && !isMap(limits)) return [];
    const range = limits === undefined ? keyRange(doc.root!, 'spec', rangeOf(doc.root)) : keyRange(spec, 'limits');
    return [
      {
        message:
          doc.name === undefined
            ? msg(
                'NodePool (unnamed) has no limits: Karpenter launches nodes for every pending pod it can fit, without a ceiling on cpu, memory or node count. Set spec.limits to what this pool may grow to.',
              )
            : msg(
                'NodePool {name} has no limits: Karpenter launches nodes for every pending pod it can fit, without a ceiling on cpu, memory or node count. Set spec.limits to what this pool may grow to.',
                {
                  name: doc.name,
                },
              ),
        range,
      },
    ];
  },
};

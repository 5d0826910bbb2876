// karpenter-consolidation-ignored: v1 NodePool consolidation settings Karpenter does not act on: a consolidating policy with
// `consolidateAfter: Never` (consolidation off), or consolidation settings on a static NodePool (`spec.replicas`).
import { isNodePoolV1 } from '../../k8s/karpenter';
import { keyRange, mapAt, stringAt } from '../../manifest/model';
import type { Rule } from '../rule';
import type { Problem } from '../types';
import { msg } from '../../l10n';

export const karpenterConsolidationIgnored: Rule = {
  id: 'karpenter-consolidation-ignored',
  category: 'infra',
  severity: 'warning',
  title: 'Karpenter NodePool consolidation settings that have no effect',
  docs: [
    '- **warning**: `consolidationPolicy: WhenEmptyOrUnderutilized` (or `Balanced`) with `consolidateAfter: Never`. `Never` turns consolidation off for the NodePool,',
    'empty nodes included, so the policy asks for something Karpenter never does: nodes stay until they expire, drift or are deleted.',
    'Write a duration (`0s` consolidates as soon as a node qualifies) or, to keep nodes, `consolidationPolicy: WhenEmpty` with `consolidateAfter: Never` (what the Provisioner conversion writes for a pool that never removed nodes).',
    '- **info**: `consolidationPolicy` or `consolidateAfter` on a static NodePool (`spec.replicas`): Karpenter ignores both there.',
  ].join('\n'),
  applies: (doc) => isNodePoolV1(doc),
  check(doc) {
    const spec = mapAt(doc.root, ['spec']);
    const disruption = mapAt(spec, ['disruption']);
    if (!disruption) return [];
    if (spec?.has('replicas')) {
      return ['consolidationPolicy', 'consolidateAfter']
        .filter((key) => disruption.has(key))
        .map((key): Problem => ({
          severity: 'info',
          message: msg('{key} has no effect on a static NodePool (spec.replicas is set): Karpenter keeps the replica count and ignores consolidation settings. Remove it.', { key }),
          range: keyRange(disruption, key),
          tags: ['unnecessary'],
        }));
    }
    const policy = stringAt(disruption, ['consolidationPolicy']);
    if (stringAt(disruption, ['consolidateAfter']) !== 'Never' || (policy !== 'WhenEmptyOrUnderutilized' && policy !== 'Balanced')) return [];
    return [
      {
        message: msg(
          'consolidationPolicy: {policy} never applies: consolidateAfter: Never turns consolidation off for this NodePool, empty nodes included. Write a duration (0s consolidates as soon as a node qualifies), or consolidationPolicy: WhenEmpty to say that nodes are kept.',
          { policy },
        ),
        range: keyRange(disruption, 'consolidateAfter'),
      },
    ];
  },
};

// A NodePool that fits the pending pods has spent its spec.limits: what its nodes already have (status.resources)
// leaves less than the pods request, so Karpenter filters out every instance type ("all available instance types
// exceed limits for nodepool") or the node count is used up ("node limits have been exhausted for nodepool").
import { capEvidence, type Check, type Draft } from '../checkKit';
import { groupName, karpenterEvents, karpenterExplanations, nodePoolNamed, nodePoolRef, type KarpenterExplanation } from '../karpenterKit';
import { msg } from '../../l10n';
import { sentences } from '../../l10n/lists';

export const check: Check = {
  id: 'karpenter-nodepool-limits',
  title: msg('A Karpenter NodePool that fits the pending pods has spent its limits'),
  run(state) {
    const byPool = new Map<string, KarpenterExplanation[]>();
    for (const e of karpenterExplanations(state).values()) if (e.diagnosis === 'karpenter-nodepool-limits' && e.nodePool) byPool.set(e.nodePool, [...(byPool.get(e.nodePool) ?? []), e]);
    const out: Draft[] = [];
    for (const [name, explained] of byPool) {
      const np = nodePoolNamed(state, name);
      const block = explained[0].verdicts.find((v) => v.nodePool === name)?.blocks.find((b) => b.kind === 'limits');
      const pods = explained.reduce((n, e) => n + e.group.pods.length, 0);
      const limits = Object.entries(np?.spec?.limits ?? {}).map(([k, v]) => `${k}=${v}`);
      const used = Object.entries(np?.status?.resources ?? {}).map(([k, v]) => `${k}=${v}`);
      const workloads = explained.map((e) => groupName(e.group)).join(', ');
      out.push({
        id: 'karpenter-nodepool-limits',
        severity: 'error',
        message:
          pods === 1
            ? msg('NodePool {name} has spent its limits; 1 pending pod waits for it ({workloads})', { name, workloads })
            : msg('NodePool {name} has spent its limits; {count} pending pods wait for it ({workloads})', { name, count: pods, workloads }),
        object: nodePoolRef(name),
        evidence: capEvidence([
          msg('NodePool {name}: {reason}', { name, reason: block?.message ?? msg('limits spent') }),
          limits.length ? `spec.limits: ${limits.join(', ')}` : msg('spec.limits: (none)'),
          used.length ? `status.resources: ${used.join(', ')}` : msg('status.resources: (none)'),
          ...explained.flatMap((e) => karpenterEvents(state, e.group.pods)),
        ]),
        explanation: sentences(
          msg(
            "Karpenter subtracts the capacity of a NodePool's nodes from its spec.limits and launches only instance types that fit in what remains; when nothing fits (or limits.nodes is used up) it makes no node from this NodePool and tries the next by weight.",
          ),
          msg(
            'Raise the limit, let consolidation or expireAfter remove nodes that are no longer needed, or add a NodePool (a lower weight one serves as overflow). status.resources counts node capacity, not pod requests, so half-empty nodes count in full.',
          ),
        ),
        repairs: [],
      });
    }
    return out;
  },
};

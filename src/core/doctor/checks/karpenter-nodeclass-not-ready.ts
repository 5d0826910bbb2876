// A NodePool is not Ready: its NodeClass is missing, terminating or not Ready (NodeClassReady=False, copied from the
// NodeClass's Ready condition by controllers/nodepool/readiness), or its validation failed. Karpenter's provisioner
// ignores such a NodePool ("ignoring nodepool, not ready"): pods it would fit stay Pending.
import { capEvidence, conditionLine, type Check, type Draft } from '../checkKit';
import { groupName, karpenterExplanations, nodeClassOf, nodePoolRef, type KarpenterExplanation } from '../karpenterKit';
import { notReady, type NodeClass } from '../../k8s/karpenterScheduling';
import type { DoctorText } from '../types';
import { msg } from '../../l10n';
import { sentences } from '../../l10n/lists';

export const check: Check = {
  id: 'karpenter-nodeclass-not-ready',
  title: msg('A Karpenter NodePool is not Ready (its NodeClass is missing or not Ready)'),
  run(state) {
    const k = state.karpenter;
    if (!k?.installed || !k.nodePools) return [];
    const waiting = new Map<string, KarpenterExplanation[]>();
    for (const e of karpenterExplanations(state).values()) if (e.diagnosis === 'karpenter-nodeclass-not-ready' && e.nodePool) waiting.set(e.nodePool, [...(waiting.get(e.nodePool) ?? []), e]);
    const out: Draft[] = [];
    for (const np of k.nodePools) {
      const why = notReady(np);
      const name = np.metadata.name;
      if (!why || np.spec?.replicas !== undefined) continue;
      // Without any condition the controller has not seen the NodePool yet: worth saying only when pods wait for it.
      if (!np.status?.conditions?.length && !waiting.has(name)) continue;
      const ref = np.spec?.template?.spec?.nodeClassRef;
      const nc = nodeClassOf(state, np);
      const ncName = `${ref?.kind ?? 'NodeClass'} ${ref?.name ?? '?'}`;
      const ncLine = nc === null ? msg('{nodeClass} ({group}): not found', { nodeClass: ncName, group: ref?.group ?? '?' }) : nc ? nodeClassLine(ncName, nc) : undefined;
      const explained = waiting.get(name) ?? [];
      const pods = explained.reduce((n, e) => n + e.group.pods.length, 0);
      const workloads = explained.map((e) => groupName(e.group)).join(', ');
      out.push({
        id: 'karpenter-nodeclass-not-ready',
        severity: pods ? 'error' : 'warning',
        message: !pods
          ? msg('NodePool {name} is not Ready, so Karpenter ignores it', { name })
          : pods === 1
            ? msg('NodePool {name} is not Ready, so Karpenter ignores it; 1 pending pod it would fit waits ({workloads})', { name, workloads })
            : msg('NodePool {name} is not Ready, so Karpenter ignores it; {count} pending pods it would fit wait ({workloads})', { name, count: pods, workloads }),
        object: nodePoolRef(name),
        evidence: capEvidence([
          ...(np.status?.conditions?.length
            ? np.status.conditions.filter((c) => c.status !== 'True').map((c) => `NodePool ${name}: ${conditionLine(c)}`)
            : [msg('NodePool {name}: {reason}', { name, reason: why })]),
          ...(ncLine ? [ncLine] : []),
        ]),
        explanation: sentences(
          msg(
            'Karpenter makes nodes only from NodePools whose Ready condition is True, which needs ValidationSucceeded and NodeClassReady. NodeClassReady copies the Ready condition of the NodeClass named in spec.template.spec.nodeClassRef (NodeClassNotFound when it does not exist, NodeClassTerminating while it is deleted).',
          ),
          msg(
            "Fix the NodeClass (for EC2NodeClass its status conditions name the subnet, security group, AMI or instance profile it could not resolve) or point nodeClassRef at one that is Ready; a failed validation names the field in ValidationSucceeded's message.",
          ),
        ),
        repairs: [],
      });
    }
    return out;
  },
};

/** `EC2NodeClass default: Ready=False …` as the NodeClass says it, or that it has no Ready condition; and whether it is being deleted. */
function nodeClassLine(nodeClass: string, nc: NodeClass): DoctorText {
  const conditions = (nc.status?.conditions ?? [])
    .filter((c) => c.type === 'Ready')
    .map(conditionLine)
    .join('; ');
  const terminating = !!nc.metadata.deletionTimestamp;
  if (conditions) return terminating ? msg('{nodeClass}: {conditions} (terminating)', { nodeClass, conditions }) : `${nodeClass}: ${conditions}`;
  return terminating ? msg('{nodeClass}: no Ready condition (terminating)', { nodeClass }) : msg('{nodeClass}: no Ready condition', { nodeClass });
}

// A NodePool is not Ready: its NodeClass is missing, terminating or not Ready (NodeClassReady=False, copied from the
// NodeClass's Ready condition by controllers/nodepool/readiness), or its validation failed. Karpenter's provisioner
// ignores such a NodePool ("ignoring nodepool, not ready"): pods it would fit stay Pending.
import { plural } from '../../text/plural';
import { capEvidence, conditionLine, type Check, type Draft } from '../checkKit';
import { groupName, karpenterExplanations, nodeClassOf, nodePoolRef, type KarpenterExplanation } from '../karpenterKit';
import { notReady } from '../../k8s/karpenterScheduling';
import { msg } from '../../l10n';

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
      const ncLine =
        nc === null
          ? `${ncName} (${ref?.group ?? '?'}): not found`
          : nc
            ? `${ncName}: ${
                (nc.status?.conditions ?? [])
                  .filter((c) => c.type === 'Ready')
                  .map(conditionLine)
                  .join('; ') || 'no Ready condition'
              }${nc.metadata.deletionTimestamp ? ' (terminating)' : ''}`
            : undefined;
      const explained = waiting.get(name) ?? [];
      const pods = explained.reduce((n, e) => n + e.group.pods.length, 0);
      out.push({
        id: 'karpenter-nodeclass-not-ready',
        severity: pods ? 'error' : 'warning',
        message: `NodePool ${name} is not Ready, so Karpenter ignores it${pods ? `; ${plural(pods, 'pending pod')} it would fit ${pods === 1 ? 'waits' : 'wait'} (${explained.map((e) => groupName(e.group)).join(', ')})` : ''}`,
        object: nodePoolRef(name),
        evidence: capEvidence([
          ...(np.status?.conditions?.length ? np.status.conditions.filter((c) => c.status !== 'True').map((c) => `NodePool ${name}: ${conditionLine(c)}`) : [`NodePool ${name}: ${why}`]),
          ...(ncLine ? [ncLine] : []),
        ]),
        explanation:
          'Karpenter makes nodes only from NodePools whose Ready condition is True, which needs ValidationSucceeded and NodeClassReady. NodeClassReady copies the Ready condition of the NodeClass named in spec.template.spec.nodeClassRef (NodeClassNotFound when it does not exist, NodeClassTerminating while it is deleted). ' +
          "Fix the NodeClass (for EC2NodeClass its status conditions name the subnet, security group, AMI or instance profile it could not resolve) or point nodeClassRef at one that is Ready; a failed validation names the field in ValidationSucceeded's message.",
        repairs: [],
      });
    }
    return out;
  },
};

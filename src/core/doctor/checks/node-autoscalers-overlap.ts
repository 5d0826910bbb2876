// node-autoscalers-overlap: Karpenter and Cluster Autoscaler both run and both can add a node for the same pending
// pods: a Karpenter NodePool fits them, and Cluster Autoscaler triggered a scale-up for them or has node groups with
// room. Each acts on the same unschedulable pods without knowing of the other, so both may add capacity for them.
import { isAtMax } from '../../k8s/clusterAutoscalerStatus';
import { ignoresKarpenter, nodePoolVerdicts, verdictLine, type PodSpecLike } from '../../k8s/karpenterScheduling';
import { capEvidence, type Check, type Draft } from '../checkKit';
import { caStatus, eventLine } from '../clusterAutoscalerKit';
import { karpenterHealth, groupKey, groupName, karpenterEvents, karpenterExplanations, pendingGroups } from '../karpenterKit';
import { msg } from '../../l10n';
import { sentences } from '../../l10n/lists';

export const check: Check = {
  id: 'node-autoscalers-overlap',
  title: msg('Karpenter and Cluster Autoscaler both add nodes for the same pods'),
  run(state): Draft[] {
    const nodePools = state.karpenter?.installed ? state.karpenter.nodePools : undefined;
    const ca = state.clusterAutoscaler;
    // A CA Deployment scaled to zero is the way Karpenter's migration guide turns CA off: no overlap then.
    const caRuns = ca?.deployment ? (ca.deployment.spec?.replicas ?? 1) > 0 : !!caStatus(state);
    if (!nodePools?.length || !caRuns || karpenterHealth(state).running === false) return [];
    const explained = karpenterExplanations(state);
    const groupsWithRoom = (caStatus(state)?.nodeGroups ?? []).filter((g) => !isAtMax(g));
    const out: Draft[] = [];
    for (const group of pendingGroups(state)) {
      const spec = (group.pods[0].spec ?? {}) as PodSpecLike;
      // Karpenter makes no node for these pods (another finding says why), or they opt out of it.
      if (explained.has(groupKey(group)) || ignoresKarpenter(spec)) continue;
      const fitting = nodePoolVerdicts(nodePools, spec).find((v) => !v.blocks.length);
      if (!fitting) continue;
      const names = new Set(group.pods.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`));
      const caEvents = state.events.filter((e) => e.source?.component === 'cluster-autoscaler' && names.has(`${e.involvedObject?.namespace}/${e.involvedObject?.name}`));
      const triggered = caEvents.filter((e) => e.reason === 'TriggeredScaleUp');
      // CA said no node group can take them: only Karpenter acts.
      if (!triggered.length && (caEvents.some((e) => e.reason === 'NotTriggerScaleUp') || !groupsWithRoom.length)) continue;
      const caSide = triggered.length
        ? msg('Cluster Autoscaler triggered a scale-up for them')
        : groupsWithRoom.length === 1
          ? msg('Cluster Autoscaler has 1 node group with room')
          : msg('Cluster Autoscaler has {count} node groups with room', { count: groupsWithRoom.length });
      const who = { workload: groupName(group), nodePool: fitting.nodePool, caSide };
      out.push({
        id: 'node-autoscalers-overlap',
        severity: 'warning',
        message:
          group.pods.length === 1
            ? msg('{workload}: Karpenter (NodePool {nodePool}) and Cluster Autoscaler can both add a node for its 1 pending pod; {caSide}', who)
            : msg('{workload}: Karpenter (NodePool {nodePool}) and Cluster Autoscaler can both add a node for its {count} pending pods; {caSide}', { ...who, count: group.pods.length }),
        object: { kind: group.kind, namespace: group.namespace, name: group.name, ...(group.kind === 'Deployment' || group.kind === 'StatefulSet' ? { apiVersion: 'apps/v1' } : {}) },
        evidence: capEvidence([
          verdictLine(fitting),
          ...karpenterEvents(state, group.pods),
          ...(triggered.length ? triggered.map(eventLine) : groupsWithRoom.map((g) => `cluster-autoscaler-status: ${g.health?.line ?? g.name}`)),
          ...(ca?.deployment
            ? [msg('Deployment {name}: {replicas} replica(s)', { name: `${ca.deployment.metadata?.namespace}/${ca.deployment.metadata?.name}`, replicas: ca.deployment.spec?.replicas ?? 1 })]
            : []),
        ]),
        explanation: sentences(
          msg(
            'Both node autoscalers watch for unschedulable pods and neither knows of the other: Karpenter launches a NodeClaim from the NodePool that fits, Cluster Autoscaler grows a node group whose template node fits.',
          ),
          msg(
            "For the same pods both can act, so one of the new nodes may stay empty until it is scaled down again (Karpenter's consolidation, CA's scale-down after it is unneeded), and which one serves the pods depends on timing.",
          ),
          msg(
            "Give each its own workloads — a label or taint that only one side's nodes have, or `karpenter.sh/nodepool DoesNotExist` in the required node affinity of pods Karpenter must leave alone — or finish a migration: Karpenter's guide (Migrating from Cluster Autoscaler) scales the cluster-autoscaler Deployment to zero once NodePools serve the workloads.",
          ),
        ),
        repairs: [],
      });
    }
    return out;
  },
};

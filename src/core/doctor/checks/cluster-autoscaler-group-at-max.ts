// cluster-autoscaler-group-at-max: pending pods that Cluster Autoscaler did not scale up for because their node
// groups are at their maximum size ("max node group size reached"), with the groups' sizes from its status ConfigMap.
import { isAtMax } from '../../k8s/clusterAutoscalerStatus';
import { capEvidence, type Check, type Draft } from '../checkKit';
import { caRef, caStatus, eventLine, notTriggeredEvents, notTriggeredReasons, podsOf, statusRef, translateNotTriggered } from '../clusterAutoscalerKit';
import { msg } from '../../l10n';
import { sentences } from '../../l10n/lists';

export const check: Check = {
  id: 'cluster-autoscaler-group-at-max',
  title: msg('Cluster Autoscaler node groups at their maximum size'),
  run(state): Draft[] {
    const events = notTriggeredEvents(state).filter((e) => notTriggeredReasons(e.message ?? '').some((r) => r.reason.startsWith('max node group size reached')));
    if (!events.length) return [];
    const atMax = (caStatus(state)?.nodeGroups ?? []).filter(isAtMax);
    const groups = atMax.map((g) => `${g.name} (${g.cloudProviderTarget}/${g.maxSize})`).join(', ');
    const pods = podsOf(events);
    return [
      {
        id: 'cluster-autoscaler-group-at-max',
        severity: 'error',
        message: groups
          ? msg('{pods} get no node: Cluster Autoscaler says "max node group size reached" for {groups}', { pods, groups })
          : msg('{pods} get no node: Cluster Autoscaler says "max node group size reached"', { pods }),
        object: atMax.length ? statusRef : (caRef(state) ?? statusRef),
        evidence: capEvidence([...events.map(eventLine), ...atMax.map((g) => `cluster-autoscaler-status: ${g.health?.line ?? g.name}`)]),
        explanation: sentences(
          msg('Cluster Autoscaler looked at every node group for these pods and none can grow for them: {reasons}', { reasons: translateNotTriggered(events[0].message ?? '') }),
          msg('A group at its maximum stays there until its max is raised in the cloud (the ASG or node pool, or the min:max of --nodes) — CA never goes past it.'),
          msg('If another group should serve the pods, the other reasons say why it does not.'),
        ),
        repairs: [],
      },
    ];
  },
};

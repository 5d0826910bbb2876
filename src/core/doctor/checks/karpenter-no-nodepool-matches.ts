// No Karpenter NodePool can make a node for a pending workload: each NodePool's requirements or template labels exclude
// the pod's nodeSelector / required node affinity, or its taints are not tolerated (or there is no NodePool at all).
// One finding per workload, each NodePool with the first reason, in the order Karpenter tries them.
import { capEvidence, type Check, type Draft } from '../checkKit';
import { verdictLine } from '../../k8s/karpenterScheduling';
import { groupName, karpenterEvents, karpenterExplanations } from '../karpenterKit';
import { msg } from '../../l10n';
import { sentences } from '../../l10n/lists';

export const check: Check = {
  id: 'karpenter-no-nodepool-matches',
  title: msg('No Karpenter NodePool can make a node for these pods (requirements, labels, taints)'),
  run(state) {
    const out: Draft[] = [];
    for (const e of karpenterExplanations(state).values()) {
      if (e.diagnosis !== 'karpenter-no-nodepool-matches') continue;
      const { group } = e;
      const none = e.cause === 'no-nodepool';
      const kinds = new Set(e.verdicts.map((v) => v.first?.kind));
      const pods = group.pods.length;
      const workload = groupName(group);
      const reason = e.verdicts[0]?.first?.message ?? '';
      out.push({
        id: 'karpenter-no-nodepool-matches',
        severity: 'error',
        message: none
          ? pods === 1
            ? msg('1 pod of {workload} waits for a node, but Karpenter has no NodePool', { workload })
            : msg('{count} pods of {workload} wait for a node, but Karpenter has no NodePool', { count: pods, workload })
          : pods === 1
            ? msg('No Karpenter NodePool fits 1 pod of {workload}: {reason}', { workload, reason })
            : msg('No Karpenter NodePool fits {count} pods of {workload}: {reason}', { count: pods, workload, reason }),
        object: { kind: group.kind, namespace: group.namespace, name: group.name, ...(['Deployment', 'StatefulSet', 'ReplicaSet'].includes(group.kind) ? { apiVersion: 'apps/v1' } : {}) },
        evidence: capEvidence([...e.verdicts.map(verdictLine), ...karpenterEvents(state, group.pods)]),
        explanation: none
          ? msg(
              'Karpenter makes nodes only from NodePools (karpenter.sh/v1); with none it logs "no dynamic nodepools found" and leaves the pods Pending without an event. Create a NodePool whose nodeClassRef names a NodeClass of your cloud provider.',
            )
          : sentences(
              msg(
                "Karpenter tries NodePools by weight (highest first) and makes a node only from one whose requirements and template labels satisfy the pod's nodeSelector and required node affinity, and whose taints the pod tolerates.",
              ),
              kinds.has('requirements') &&
                msg(
                  "A label the pod selects on must be produced by the NodePool: a custom label (like `type: karpenter`) only when the NodePool sets it in spec.template.metadata.labels or as a requirement with In; well-known labels (zone, arch, instance type, capacity type) may be left open. Either add the label to a NodePool or change the pod's selector.",
                ),
              kinds.has('taints') && msg('A NodePool taint (spec.template.spec.taints) the pod does not tolerate rules it out: add the toleration to the pod or use a NodePool without that taint.'),
              kinds.has('static') && msg('Static NodePools (spec.replicas) keep a fixed number of nodes and never provision for pending pods.'),
            ),
        repairs: [],
      });
    }
    return out;
  },
};

// cluster-autoscaler-scale-down-blocked: nodes Cluster Autoscaler finds unneeded ("was unneeded for 7m2s",
// core/scaledown/unneeded/nodes.go) but cannot remove ("Node … cannot be removed: …", simulator/cluster.go), e.g. a pod
// annotated cluster-autoscaler.kubernetes.io/safe-to-evict: "false" (simulator/drainability/rules/notsafetoevict).
import type { DoctorState } from '../state';
import { capEvidence, flagValue, klogMessage, type Check, type Draft } from '../checkKit';
import { caContainerOf, caLogLines, caRef, eventLine } from '../clusterAutoscalerKit';
import { msg, type Message } from '../../l10n';
import { sentences } from '../../l10n/lists';
import type { DoctorText } from '../types';

const UNNEEDED = /(\S+) was unneeded for (\S+)/;
const BLOCKED = /Node (\S+) cannot be removed: (.*)$/;

export const check: Check = {
  id: 'cluster-autoscaler-scale-down-blocked',
  title: msg('Cluster Autoscaler cannot remove nodes it finds unneeded'),
  run(state): Draft[] {
    const lines = caLogLines(state);
    const blocked = new Map<string, { line: string; why: string }>();
    for (const l of lines) {
      const m = BLOCKED.exec(klogMessage(l));
      if (m) blocked.set(m[1], { line: l, why: m[2] });
    }
    const failed = (state.clusterAutoscaler?.events ?? []).filter((e) => e.reason === 'ScaleDownFailed');
    if (!blocked.size && !failed.length) return [];
    // The nodes CA will remove in time ("was unneeded for 7m2s" of 10m), beside the ones it cannot.
    const unneeded = lines.filter((l) => UNNEEDED.test(klogMessage(l)));
    const reasons = [...blocked.values()].map((b) => b.why);
    const safeToEvict = reasons.some((r) => /not safe to evict/.test(r));
    const nodes = [...blocked.keys(), ...failed.map((e) => e.involvedObject?.name ?? '')].filter((n, i, all) => n && all.indexOf(n) === i);
    return [
      {
        id: 'cluster-autoscaler-scale-down-blocked',
        severity: 'warning',
        message:
          nodes.length === 1
            ? reasons[0]
              ? msg('Cluster Autoscaler cannot remove node {node}: {reason}', { node: nodes[0], reason: reasons[0] })
              : msg('Cluster Autoscaler cannot remove node {node}', { node: nodes[0] })
            : reasons[0]
              ? msg('Cluster Autoscaler cannot remove {count} nodes: {reason}', { count: nodes.length, reason: reasons[0] })
              : msg('Cluster Autoscaler cannot remove {count} nodes', { count: nodes.length }),
        object: caRef(state),
        evidence: capEvidence([...[...blocked.values()].map((b) => b.line), ...failed.map(eventLine), ...unneeded.slice(-2)]),
        explanation: sentences(
          msg('CA removes a node once it has been unneeded for --scale-down-unneeded-time (10m by default) and its pods can move elsewhere.'),
          safeToEvict
            ? msg(
                'A pod annotated cluster-autoscaler.kubernetes.io/safe-to-evict: "false" pins its node: CA never evicts it (meant for CA itself and pods that must not be interrupted). Remove the annotation from the workload if the pod may move, or accept that the node stays.',
              )
            : msg(
                'Pods without a controller, with local storage (--skip-nodes-with-local-storage), kube-system pods without a PodDisruptionBudget (--skip-nodes-with-system-pods) or a PodDisruptionBudget that allows no disruption keep a node too.',
              ),
          ...reasonAdvice(state, reasons),
          msg('The reason is in the log line CA writes for the node.'),
        ),
        repairs: [],
      },
    ];
  },
};

/** What to change for the drainability rules' reasons (simulator/drainability/rules/*), with this CA's flag values. */
function reasonAdvice(state: DoctorState, reasons: string[]): Message[] {
  const flag = (name: string): DoctorText => flagValue(caContainerOf(state), name) ?? msg('true (the default)');
  const out: Message[] = [];
  if (reasons.some((r) => /pod with local storage present/.test(r)) && flagValue(caContainerOf(state), '--skip-nodes-with-local-storage') !== 'false')
    out.push(
      msg(
        'A pod with emptyDir/hostPath storage blocks it while --skip-nodes-with-local-storage is {value}: set it to false, or annotate the pod cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes with the volumes it may lose.',
        { value: flag('--skip-nodes-with-local-storage') },
      ),
    );
  if (reasons.some((r) => /non-pdb-assigned kube-system pod/.test(r)))
    out.push(
      msg('A kube-system pod without a PodDisruptionBudget blocks it while --skip-nodes-with-system-pods is {value}: give the pod a PodDisruptionBudget.', {
        value: flag('--skip-nodes-with-system-pods'),
      }),
    );
  if (reasons.some((r) => /not enough pod disruption budget/.test(r))) out.push(msg('A PodDisruptionBudget allows no disruption right now.'));
  if (reasons.some((r) => /is not replicated/.test(r))) out.push(msg('A pod without a controller would be lost: run it from a Deployment or annotate it safe-to-evict: "true".'));
  return out;
}

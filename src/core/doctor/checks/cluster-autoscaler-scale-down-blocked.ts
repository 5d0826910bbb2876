// cluster-autoscaler-scale-down-blocked: nodes Cluster Autoscaler finds unneeded ("was unneeded for 7m2s",
// core/scaledown/unneeded/nodes.go) but cannot remove ("Node … cannot be removed: …", simulator/cluster.go), e.g. a pod
// annotated cluster-autoscaler.kubernetes.io/safe-to-evict: "false" (simulator/drainability/rules/notsafetoevict).
import type { DoctorState } from '../state';
import { capEvidence, flagValue, klogMessage, type Check, type Draft } from '../checkKit';
import { caContainerOf, caLogLines, caRef, eventLine } from '../clusterAutoscalerKit';
import { msg } from '../../l10n';

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
        message: `Cluster Autoscaler cannot remove ${nodes.length === 1 ? `node ${nodes[0]}` : `${nodes.length} nodes`}${reasons[0] ? `: ${reasons[0]}` : ''}`,
        object: caRef(state),
        evidence: capEvidence([...[...blocked.values()].map((b) => b.line), ...failed.map(eventLine), ...unneeded.slice(-2)]),
        explanation:
          'CA removes a node once it has been unneeded for --scale-down-unneeded-time (10m by default) and its pods can move elsewhere. ' +
          (safeToEvict
            ? 'A pod annotated cluster-autoscaler.kubernetes.io/safe-to-evict: "false" pins its node: CA never evicts it (meant for CA itself and pods that must not be interrupted). Remove the annotation from the workload if the pod may move, or accept that the node stays. '
            : 'Pods without a controller, with local storage (--skip-nodes-with-local-storage), kube-system pods without a PodDisruptionBudget (--skip-nodes-with-system-pods) or a PodDisruptionBudget that allows no disruption keep a node too. ') +
          reasonAdvice(state, reasons) +
          'The reason is in the log line CA writes for the node.',
        repairs: [],
      },
    ];
  },
};

/** What to change for the drainability rules' reasons (simulator/drainability/rules/*), with this CA's flag values. */
function reasonAdvice(state: DoctorState, reasons: string[]): string {
  const flag = (name: string) => flagValue(caContainerOf(state), name) ?? 'true (the default)';
  const out: string[] = [];
  if (reasons.some((r) => /pod with local storage present/.test(r)) && flagValue(caContainerOf(state), '--skip-nodes-with-local-storage') !== 'false')
    out.push(
      `A pod with emptyDir/hostPath storage blocks it while --skip-nodes-with-local-storage is ${flag('--skip-nodes-with-local-storage')}: set it to false, or annotate the pod cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes with the volumes it may lose.`,
    );
  if (reasons.some((r) => /non-pdb-assigned kube-system pod/.test(r)))
    out.push(`A kube-system pod without a PodDisruptionBudget blocks it while --skip-nodes-with-system-pods is ${flag('--skip-nodes-with-system-pods')}: give the pod a PodDisruptionBudget.`);
  if (reasons.some((r) => /not enough pod disruption budget/.test(r))) out.push('A PodDisruptionBudget allows no disruption right now.');
  if (reasons.some((r) => /is not replicated/.test(r))) out.push('A pod without a controller would be lost: run it from a Deployment or annotate it safe-to-evict: "true".');
  return out.length ? `${out.join(' ')} ` : '';
}

// The HPA wants more replicas than maxReplicas allows (ScalingLimited=True, TooManyReplicas).
import { condition, conditionLine, hpaRef, type Check, type Draft } from '../checkKit';
import { replayFromState } from '../hpaReplayInputs';
import { msg } from '../../l10n';

export const check: Check = {
  id: 'hpa-at-max',
  title: msg('An HPA is held at maxReplicas'),
  run(state) {
    const out: Draft[] = [];
    for (const hpa of state.hpas) {
      const limited = condition(hpa, 'ScalingLimited');
      if (limited?.status !== 'True' || limited.reason !== 'TooManyReplicas') continue;
      const s = hpa.status;
      out.push({
        id: 'hpa-at-max',
        severity: 'warning',
        message: msg('HPA {hpa} is held at maxReplicas {max}: its metrics ask for more', { hpa: `${hpa.metadata?.namespace}/${hpa.metadata?.name}`, max: String(hpa.spec?.maxReplicas) }),
        object: hpaRef(hpa),
        evidence: [
          conditionLine(limited),
          `currentReplicas=${s?.currentReplicas ?? '?'} desiredReplicas=${s?.desiredReplicas ?? '?'} maxReplicas=${hpa.spec?.maxReplicas}`,
          // The controller's arithmetic replayed on the pods just read (hpa-replicas-held's chain), when they were read.
          ...(replayFromState(state, hpa)?.replay.chain ?? []),
        ],
        explanation: msg(
          'The metrics are above target even at the maximum, so the workload runs hotter than intended (latency, throttling, OOM risk). Raise `maxReplicas` if the cluster has room (Cluster Autoscaler or Karpenter will add nodes for the new pods), lower the per-pod load, or give each pod more resources. If this is expected peak behaviour, it is only a warning.',
        ),
        repairs: [],
      });
    }
    return out;
  },
};

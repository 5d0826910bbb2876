// The HPA's metrics ask for fewer replicas than minReplicas (ScalingLimited=True, TooFewReplicas). Older HPA
// controllers paired that reason with the maximum's message ("the desired replica count is more than the maximum
// replica count", kubernetes#79773): convertDesiredReplicasWithRules set the reason but kept the message of the
// TooManyReplicas branch. The reason is the truth; the finding says so.
import { condition, conditionLine, hpaRef, type Check, type Draft } from '../checkKit';
import { replayFromState } from '../hpaReplayInputs';
import { msg } from '../../l10n';
import { sentences } from '../../l10n/lists';

export const MISMATCHED_MESSAGE = /more than the maximum/;

export const check: Check = {
  id: 'hpa-at-min',
  title: msg('An HPA is held at minReplicas (ScalingLimited TooFewReplicas), whatever its message says'),
  run(state) {
    const out: Draft[] = [];
    for (const hpa of state.hpas) {
      const limited = condition(hpa, 'ScalingLimited');
      if (limited?.status !== 'True' || limited.reason !== 'TooFewReplicas') continue;
      const s = hpa.status;
      const mismatched = MISMATCHED_MESSAGE.test(limited.message ?? '');
      const args = { hpa: `${hpa.metadata?.namespace}/${hpa.metadata?.name}`, min: hpa.spec?.minReplicas ?? 1 };
      out.push({
        id: 'hpa-at-min',
        severity: 'info',
        message: mismatched
          ? msg('HPA {hpa} is held at minReplicas {min}: its metrics ask for fewer (the condition message says "more than the maximum": an old controller\'s wrong text)', args)
          : msg('HPA {hpa} is held at minReplicas {min}: its metrics ask for fewer', args),
        object: hpaRef(hpa),
        evidence: [
          conditionLine(limited),
          `currentReplicas=${s?.currentReplicas ?? '?'} desiredReplicas=${s?.desiredReplicas ?? '?'} minReplicas=${hpa.spec?.minReplicas ?? 1} maxReplicas=${hpa.spec?.maxReplicas}`,
          ...(replayFromState(state, hpa)?.replay.chain ?? []),
        ],
        explanation: sentences(
          msg(
            'TooFewReplicas means the replica count computed from the metrics is below `minReplicas`, so the HPA keeps `minReplicas`: the workload is idle relative to its target, which is normal outside peak hours and needs no action.',
          ),
          mismatched &&
            msg(
              'The message "the desired replica count is more than the maximum replica count" contradicts the reason: HPA controllers of that time set the reason TooFewReplicas but left the message of the TooManyReplicas branch (pkg/controller/podautoscaler/horizontal.go, convertDesiredReplicasWithRules; kubernetes#79773). Go by the reason; later releases set "less than the minimum replica count".',
            ),
          msg('Lower `minReplicas` if you want it to scale further down; the condition also stays True while the count sits at the minimum (kubernetes#116387).'),
        ),
        repairs: [],
      });
    }
    return out;
  },
};

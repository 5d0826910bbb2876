// The HPA's count is not what its metrics alone propose: the controller's arithmetic (replayed by
// cluster/hpaReplay.ts on the pods and samples just read) held it by the tolerance, a stabilization window,
// a behavior policy or the 2×/4 scale-up limit, or by pods without metrics or not ready yet. The chain is the
// evidence. Held at maxReplicas or minReplicas alone is hpa-at-max's and hpa-at-min's; a metric that cannot
// be read is hpa-unknown-metric's.
import { utcClock, type HeldCause } from '../../cluster/hpaReplay';
import { condition, conditionLine, hpaKey, hpaRef, type Check, type Draft } from '../checkKit';
import { replayFromState } from '../hpaReplayInputs';
import { englishText } from '../findingText';
import { msg } from '../../l10n';

/** Causes this check reports; max/min alone belong to hpa-at-max / hpa-at-min. */
const OWN: HeldCause[] = ['tolerance', 'unready-pods', 'missing-metrics', 'scale-down-window', 'scale-up-window', 'scale-up-policy', 'scale-down-policy', 'scale-up-limit'];

const WHY: Partial<Record<HeldCause, string>> = {
  tolerance: 'The ratio of current to target is within the tolerance (10 % either way unless kube-controller-manager says otherwise): the controller keeps the count rather than chase a small change.',
  'missing-metrics':
    'Some pods have no metrics yet (just started, or metrics-server has not scraped them): the controller counts them at 0 % of their request when the others ask to scale up and at 100 % when they ask to scale down, and keeps the count when that would reverse the direction.',
  'unready-pods':
    'Some pods are not ready (or, for CPU, still inside the 5 min CPU initialization period without a sample taken after they became ready): on a scale-up the controller counts them at 0 %, which damps the step.',
  'scale-down-window':
    'The scale-down stabilization window (`spec.behavior.scaleDown.stabilizationWindowSeconds`, 300 s by default) applies the highest recommendation of the window: the count drops only once the higher recommendations are older than the window.',
  'scale-up-window': 'The scale-up stabilization window (`spec.behavior.scaleUp.stabilizationWindowSeconds`) applies the lowest recommendation of the window.',
  'scale-up-policy': 'A `spec.behavior.scaleUp` policy caps how many pods may be added per period (selectPolicy Max takes the largest allowance, Min the smallest, Disabled none).',
  'scale-down-policy': 'A `spec.behavior.scaleDown` policy caps how many pods may be removed per period.',
  'scale-up-limit': 'Without `spec.behavior`, one step may at most double the count (or reach 4): larger jumps take several syncs.',
};

export const check: Check = {
  id: 'hpa-replicas-held',
  title: msg("An HPA's replica count is held away from what its metrics propose"),
  run(state) {
    const out: Draft[] = [];
    for (const hpa of state.hpas) {
      if (condition(hpa, 'ScalingActive')?.status === 'False') continue;
      const replayed = replayFromState(state, hpa);
      if (!replayed) continue;
      const { replay } = replayed;
      const causes = replay.held.filter((c) => OWN.includes(c));
      if (!causes.length || replay.proposal === undefined) continue;
      const windowStep = replay.limits.find((s) => s.kind === 'scale-down-window' || s.kind === 'scale-up-window');
      const until = windowStep && 'until' in windowStep && windowStep.until !== undefined ? ` until ${utcClock(windowStep.until)} UTC${replayed.untilIsLatest ? ' at the latest' : ''}` : '';
      // What the metrics alone point to: before the tolerance, before filling in pods without a usable sample.
      const pointed = replay.metrics.map((m) => m.proposal && (m.proposal.naive ?? m.proposal.unheld ?? m.proposal.replicas)).filter((n): n is number => n !== undefined);
      const asked = causes.some((c) => c === 'tolerance' || c === 'missing-metrics' || c === 'unready-pods') ? Math.max(...pointed) : replay.proposal;
      const able = condition(hpa, 'AbleToScale');
      const limited = condition(hpa, 'ScalingLimited');
      out.push({
        id: 'hpa-replicas-held',
        severity: 'info',
        message: `HPA ${hpaKey(hpa)} stays at ${replay.desiredReplicas} replicas while its metrics point to ${asked}: held by ${causes.map(causeText).join(', ')}${until}`,
        object: hpaRef(hpa),
        evidence: [
          ...replay.chain,
          `replayed: ${englishText(replay.summary)}${replayed.sampledPods !== undefined ? ` (metrics.k8s.io samples of ${replayed.sampledPods} pod${replayed.sampledPods === 1 ? '' : 's'})` : ''}`,
          ...[able, limited].filter((c) => c !== undefined).map((c) => conditionLine(c)),
          `currentReplicas=${hpa.status?.currentReplicas ?? '?'} desiredReplicas=${hpa.status?.desiredReplicas ?? '?'}`,
        ],
        explanation: [
          ...causes.map((c) => WHY[c]).filter((w): w is string => !!w),
          replayed.untilIsLatest && windowStep
            ? 'The controller keeps its recommendations in memory; this read saw only that it was stabilizing, so the time given is the latest the window can end if the metrics stay where they are.'
            : '',
          'The chain follows the HPA controller of Kubernetes v1.33.13 (docs/why-scaling.md).',
        ]
          .filter(Boolean)
          .join(' '),
        repairs: [],
      });
    }
    return out;
  },
};

function causeText(c: HeldCause): string {
  switch (c) {
    case 'tolerance':
      return 'the tolerance';
    case 'missing-metrics':
      return 'pods without metrics';
    case 'unready-pods':
      return 'unready pods';
    case 'scale-down-window':
      return 'the scale-down stabilization window';
    case 'scale-up-window':
      return 'the scale-up stabilization window';
    case 'scale-up-policy':
      return 'a scale-up policy';
    case 'scale-down-policy':
      return 'a scale-down policy';
    case 'scale-up-limit':
      return 'the 2× scale-up limit';
    default:
      return c;
  }
}

// The HPA's count is not what its metrics alone propose: the controller's arithmetic (replayed by
// cluster/hpaReplay.ts on the pods and samples just read) held it by the tolerance, a stabilization window,
// a behavior policy or the 2×/4 scale-up limit, or by pods without metrics or not ready yet. The chain is the
// evidence. Held at maxReplicas or minReplicas alone is hpa-at-max's and hpa-at-min's; a metric that cannot
// be read is hpa-unknown-metric's.
import { utcClock, type HeldCause } from '../../cluster/hpaReplay';
import { condition, conditionLine, hpaKey, hpaRef, type Check, type Draft } from '../checkKit';
import { replayFromState } from '../hpaReplayInputs';
import { msg, type Message } from '../../l10n';
import { listJoin, sentences } from '../../l10n/lists';

/** Causes this check reports; max/min alone belong to hpa-at-max / hpa-at-min. */
const OWN: HeldCause[] = ['tolerance', 'unready-pods', 'missing-metrics', 'scale-down-window', 'scale-up-window', 'scale-up-policy', 'scale-down-policy', 'scale-up-limit'];

const WHY: Partial<Record<HeldCause, Message>> = {
  tolerance: msg(
    'The ratio of current to target is within the tolerance (10 % either way unless kube-controller-manager says otherwise): the controller keeps the count rather than chase a small change.',
  ),
  'missing-metrics': msg(
    'Some pods have no metrics yet (just started, or metrics-server has not scraped them): the controller counts them at 0 % of their request when the others ask to scale up and at 100 % when they ask to scale down, and keeps the count when that would reverse the direction.',
  ),
  'unready-pods': msg(
    'Some pods are not ready (or, for CPU, still inside the 5 min CPU initialization period without a sample taken after they became ready): on a scale-up the controller counts them at 0 %, which damps the step.',
  ),
  'scale-down-window': msg(
    'The scale-down stabilization window (`spec.behavior.scaleDown.stabilizationWindowSeconds`, 300 s by default) applies the highest recommendation of the window: the count drops only once the higher recommendations are older than the window.',
  ),
  'scale-up-window': msg('The scale-up stabilization window (`spec.behavior.scaleUp.stabilizationWindowSeconds`) applies the lowest recommendation of the window.'),
  'scale-up-policy': msg('A `spec.behavior.scaleUp` policy caps how many pods may be added per period (selectPolicy Max takes the largest allowance, Min the smallest, Disabled none).'),
  'scale-down-policy': msg('A `spec.behavior.scaleDown` policy caps how many pods may be removed per period.'),
  'scale-up-limit': msg('Without `spec.behavior`, one step may at most double the count (or reach 4): larger jumps take several syncs.'),
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
      const until = windowStep && 'until' in windowStep && windowStep.until !== undefined ? utcClock(windowStep.until) : undefined;
      // What the metrics alone point to: before the tolerance, before filling in pods without a usable sample.
      const pointed = replay.metrics.map((m) => m.proposal && (m.proposal.naive ?? m.proposal.unheld ?? m.proposal.replicas)).filter((n): n is number => n !== undefined);
      const asked = causes.some((c) => c === 'tolerance' || c === 'missing-metrics' || c === 'unready-pods') ? Math.max(...pointed) : replay.proposal;
      const able = condition(hpa, 'AbleToScale');
      const limited = condition(hpa, 'ScalingLimited');
      out.push({
        id: 'hpa-replicas-held',
        severity: 'info',
        message: heldMessage({ hpa: hpaKey(hpa), desired: replay.desiredReplicas, asked, causes: listJoin(causes.map(causeText)) }, until, replayed.untilIsLatest),
        object: hpaRef(hpa),
        evidence: [
          ...replay.chain,
          replayed.sampledPods === undefined
            ? msg('replayed: {summary}', { summary: replay.summary })
            : replayed.sampledPods === 1
              ? msg('replayed: {summary} (metrics.k8s.io samples of 1 pod)', { summary: replay.summary })
              : msg('replayed: {summary} (metrics.k8s.io samples of {count} pods)', { summary: replay.summary, count: replayed.sampledPods }),
          ...[able, limited].filter((c) => c !== undefined).map((c) => conditionLine(c)),
          `currentReplicas=${hpa.status?.currentReplicas ?? '?'} desiredReplicas=${hpa.status?.desiredReplicas ?? '?'}`,
        ],
        explanation: sentences(
          ...causes.map((c) => WHY[c]),
          !!(replayed.untilIsLatest && windowStep) &&
            msg(
              'The controller keeps its recommendations in memory; this read saw only that it was stabilizing, so the time given is the latest the window can end if the metrics stay where they are.',
            ),
          msg('The chain follows the HPA controller of Kubernetes v1.33.13 (docs/why-scaling.md).'),
        ),
        repairs: [],
      });
    }
    return out;
  },
};

/** `HPA shop/web stays at 6 replicas while its metrics point to 2: held by …`, with the time a window ends when one holds it. */
function heldMessage(args: { hpa: string; desired: number; asked: number; causes: Message | string }, until: string | undefined, latest: boolean | undefined): Message {
  if (until === undefined) return msg('HPA {hpa} stays at {desired} replicas while its metrics point to {asked}: held by {causes}', args);
  return latest
    ? msg('HPA {hpa} stays at {desired} replicas while its metrics point to {asked}: held by {causes} until {time} UTC at the latest', { ...args, time: until })
    : msg('HPA {hpa} stays at {desired} replicas while its metrics point to {asked}: held by {causes} until {time} UTC', { ...args, time: until });
}

function causeText(c: HeldCause): Message | string {
  switch (c) {
    case 'tolerance':
      return msg('the tolerance');
    case 'missing-metrics':
      return msg('pods without metrics');
    case 'unready-pods':
      return msg('unready pods');
    case 'scale-down-window':
      return msg('the scale-down stabilization window');
    case 'scale-up-window':
      return msg('the scale-up stabilization window');
    case 'scale-up-policy':
      return msg('a scale-up policy');
    case 'scale-down-policy':
      return msg('a scale-down policy');
    case 'scale-up-limit':
      return msg('the 2× scale-up limit');
    default:
      return c;
  }
}

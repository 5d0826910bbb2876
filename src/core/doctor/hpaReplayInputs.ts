// What the doctor feeds the HPA replay (cluster/hpaReplay.ts) from one read of the cluster. The controller keeps
// its recommendations and scale events in memory, so a one-shot read reconstructs what it can: rescales from the
// SuccessfulRescale events, and — only when the controller itself reported a stabilized count — one recommendation
// of the held count made now, which makes the window's end an upper bound ("at the latest"), never a guess.
import type * as k8s from '@kubernetes/client-node';
import { eventRows } from '../cluster/events';
import { replayHpa, type Replay } from '../cluster/hpaReplay';
import type { Recommendation, ScaleEvent } from '../k8s/hpaController/normalize';
import { condition, hpaKey } from './checkKit';
import type { DoctorState } from './state';

export interface DoctorReplay {
  replay: Replay;
  /** True when the window's end is an upper bound (the controller's recommendations were not known). */
  untilIsLatest: boolean;
  /** How many pods had metrics.k8s.io samples, when Resource metrics were replayed from them. */
  sampledPods?: number;
}

const newSize = (message: string) => Number(/New size: (\d+)/.exec(message)?.[1] ?? NaN);

/** Rescales of one HPA from its SuccessfulRescale events: each change is the difference to the previous new size. */
export function scaleEventsOf(events: k8s.CoreV1Event[], hpa: k8s.V2HorizontalPodAutoscaler): { ups: ScaleEvent[]; downs: ScaleEvent[] } {
  const key = hpaKey(hpa);
  const rows = eventRows(events.filter((e) => e.involvedObject?.kind === 'HorizontalPodAutoscaler' && `${e.involvedObject.namespace}/${e.involvedObject.name}` === key))
    .filter((e) => e.reason === 'SuccessfulRescale' && e.last && Number.isFinite(newSize(e.message)))
    .reverse();
  const ups: ScaleEvent[] = [];
  const downs: ScaleEvent[] = [];
  for (let i = 1; i < rows.length; i++) {
    const change = newSize(rows[i].message) - newSize(rows[i - 1].message);
    const at = Date.parse(rows[i].last!);
    if (change > 0) ups.push({ change, at });
    else if (change < 0) downs.push({ change: -change, at });
  }
  return { ups, downs };
}

export function replayFromState(state: DoctorState, hpa: k8s.V2HorizontalPodAutoscaler): DoctorReplay | undefined {
  const target = state.targets[hpaKey(hpa)];
  if (!target || target.error) return undefined;
  const now = state.now ? Date.parse(state.now) : Date.now();
  // The controller's current count is the target's spec.replicas; the HPA's status repeats it one sync late.
  const current = target.replicas?.spec ?? hpa.status?.currentReplicas ?? 0;
  const able = condition(hpa, 'AbleToScale');
  const stabilized = able?.status === 'True' && (able.reason === 'ScaleDownStabilized' || able.reason === 'ScaleUpStabilized');
  const recommendations: Recommendation[] = stabilized ? [{ replicas: current, at: now }] : [];
  const { ups, downs } = scaleEventsOf(state.hpaEvents ?? [], hpa);
  const replay = replayHpa({
    hpa,
    pods: target.pods,
    podMetrics: target.podMetrics,
    specReplicas: current,
    statusReplicas: target.replicas?.status,
    recommendations,
    scaleUpEvents: ups,
    scaleDownEvents: downs,
    now,
  });
  const sampled = target.podMetrics ? target.pods.filter((p) => target.podMetrics!.some((m) => m.metadata.name === p.metadata?.name)).length : undefined;
  return { replay, untilIsLatest: stabilized, sampledPods: sampled };
}

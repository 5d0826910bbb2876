// What the doctor, the HPA panel and the live CodeLens feed the HPA replay (cluster/hpaReplay.ts) from one read of the
// cluster. The controller keeps its recommendations and scale events in memory, so a one-shot read reconstructs what
// it can: rescales from the SuccessfulRescale events, and — only when the controller itself reported a stabilized
// count — one recommendation of the held count made now, which makes the window's end an upper bound ("at the
// latest"), never a guess.
import type * as k8s from '@kubernetes/client-node';
import { eventRows, type EventRow } from '../cluster/events';
import { replayHpa, utcClock, type MetricValues, type Replay } from '../cluster/hpaReplay';
import type { Recommendation, ScaleEvent } from '../k8s/hpaController/normalize';
import { milliValue, parseQuantity } from '../k8s/quantity';
import { msg } from '../l10n';
import { condition, hpaKey } from './checkKit';
import type { MetricRead } from './customMetricsReads';
import { readHpaWithTarget, type DoctorState, type HpaTarget } from './state';

export interface DoctorReplay {
  replay: Replay;
  /** True when the window's end is an upper bound (the controller's recommendations were not known). */
  untilIsLatest: boolean;
  /** How many pods had metrics.k8s.io samples, when Resource metrics were replayed from them. */
  sampledPods?: number;
  /** How many Pods, Object and External metrics were replayed from their metrics API's values (not the HPA status). */
  fromMetricApis?: number;
}

/** One SuccessfulRescale event: the count the controller set and why (horizontal.go: `New size: %d; reason: %s`). */
export interface Rescale {
  /** ISO time of the last occurrence. */
  at?: string;
  newSize: number;
  reason: string;
  /** How often the same message was recorded (the event's count). */
  count: number;
}

/** A SuccessfulRescale message's new size and reason; undefined when it names no size. */
export function parseRescale(message: string): { newSize: number; reason: string } | undefined {
  const m = /New size: (\d+)(?:; reason: (.*))?/s.exec(message);
  return m ? { newSize: Number(m[1]), reason: m[2] ?? '' } : undefined;
}

/** The SuccessfulRescale events among an HPA's event rows, newest first as the rows are. */
export function rescalesOf(rows: readonly EventRow[]): Rescale[] {
  const out: Rescale[] = [];
  for (const e of rows) {
    const parsed = e.reason === 'SuccessfulRescale' ? parseRescale(e.message) : undefined;
    if (parsed) out.push({ at: e.last, ...parsed, count: e.count });
  }
  return out;
}

/** Rescales of one HPA from its event rows: each change is the difference to the previous new size. */
export function scaleEventsOf(rows: readonly EventRow[]): { ups: ScaleEvent[]; downs: ScaleEvent[] } {
  const rescales = rescalesOf(rows)
    .filter((r) => r.at)
    .reverse();
  const ups: ScaleEvent[] = [];
  const downs: ScaleEvent[] = [];
  for (let i = 1; i < rescales.length; i++) {
    const change = rescales[i].newSize - rescales[i - 1].newSize;
    const at = Date.parse(rescales[i].at!);
    if (change > 0) ups.push({ change, at });
    else if (change < 0) downs.push({ change: -change, at });
  }
  return { ups, downs };
}

/**
 * The doctor's reads of an HPA's Pods, Object and External metrics (customMetricsReads.ts: the API the HPA controller
 * asks, with the same selectors) as the replay's values, by spec.metrics index: per pod for a Pods metric
 * (GetRawMetric), the one value of an Object metric (GetObjectMetric), the sum of an External metric's series
 * (GetExternalMetric). A read that failed or was skipped is an error, and the replay uses the HPA status.
 */
export function metricValuesOf(hpa: k8s.V2HorizontalPodAutoscaler, reads: readonly MetricRead[] | undefined): (MetricValues | undefined)[] {
  const key = hpaKey(hpa);
  const out: (MetricValues | undefined)[] = [];
  for (const read of reads ?? []) {
    if (read.hpa !== key) continue;
    out[read.index] = valuesOf(read);
  }
  return out;
}

function valuesOf(read: MetricRead): MetricValues {
  if (read.skipped) return { kind: 'error', error: read.skipped };
  if (read.error || !read.values) return { kind: 'error', error: read.error ? read.error.message : msg('{request} answered no values', { request: read.request }) };
  const values: { of: string; value: number }[] = [];
  for (const v of read.values) {
    const q = parseQuantity(v.value);
    if (!q.ok) return { kind: 'error', error: msg('{request} answered "{value}", not a quantity', { request: read.request, value: v.value }) };
    values.push({ of: v.of, value: Number(milliValue(q)) });
  }
  if (read.type === 'Pods') return { kind: 'pods', values: values.map((v) => ({ pod: v.of, value: v.value })) };
  // GetExternalMetric and GetObjectMetric: an empty answer is the controller's error too, in its words (rest_metrics_client.go).
  if (!values.length) return { kind: 'error', error: `no metrics returned from ${read.type === 'External' ? 'external' : 'custom'} metrics API` };
  if (read.type === 'Object' && values.length !== 1) return { kind: 'error', error: msg('{request} answered {count} values for one object', { request: read.request, count: values.length }) };
  return { kind: 'total', value: values.reduce((n, v) => n + v.value, 0), series: values.length };
}

/** The replay of one HPA from its target as read, its event rows and the time of the read. */
export function replayOf(hpa: k8s.V2HorizontalPodAutoscaler, target: HpaTarget, events: readonly EventRow[], now: number, clock = utcClock, metricReads?: readonly MetricRead[]): DoctorReplay {
  // The controller's current count is the target's spec.replicas; the HPA's status repeats it one sync late.
  const current = target.replicas?.spec ?? hpa.status?.currentReplicas ?? 0;
  const able = condition(hpa, 'AbleToScale');
  const stabilized = able?.status === 'True' && (able.reason === 'ScaleDownStabilized' || able.reason === 'ScaleUpStabilized');
  const metricValues = metricValuesOf(hpa, metricReads);
  const recommendations: Recommendation[] = stabilized ? [{ replicas: current, at: now }] : [];
  const { ups, downs } = scaleEventsOf(events);
  const replay = replayHpa(
    {
      hpa,
      pods: target.pods,
      podMetrics: target.podMetrics,
      metricValues,
      specReplicas: current,
      statusReplicas: target.replicas?.status,
      recommendations,
      scaleUpEvents: ups,
      scaleDownEvents: downs,
      now,
    },
    clock,
  );
  const sampled = target.podMetrics ? target.pods.filter((p) => target.podMetrics!.some((m) => m.metadata.name === p.metadata?.name)).length : undefined;
  const fromMetricApis = metricValues.filter((v, i) => v && v.kind !== 'error' && replay.metrics[i]?.source !== 'status').length;
  return { replay, untilIsLatest: stabilized, sampledPods: sampled, ...(fromMetricApis ? { fromMetricApis } : {}) };
}

export function replayFromState(state: DoctorState, hpa: k8s.V2HorizontalPodAutoscaler): DoctorReplay | undefined {
  const target = state.targets[hpaKey(hpa)];
  if (!target || target.error) return undefined;
  const now = state.now ? Date.parse(state.now) : Date.now();
  const key = hpaKey(hpa);
  const rows = eventRows((state.hpaEvents ?? []).filter((e) => e.involvedObject?.kind === 'HorizontalPodAutoscaler' && `${e.involvedObject.namespace}/${e.involvedObject.name}` === key));
  return replayOf(hpa, target, rows, now, utcClock, state.customMetrics?.reads);
}

/** What a live view shows of one HPA: the replay, or why there is none. */
export interface LiveHpaReplay {
  replay?: DoctorReplay;
  /** Why there is no replay, in one sentence. */
  notice?: string;
}

/**
 * Reads one HPA and its target's pods and samples, and replays the controller's decision with the HPA's event rows
 * (read by the caller, which shows them too): the HPA panel and the live CodeLens. `clock` writes the window's end
 * (views: local time). A cluster that does not answer gives a notice, never a throw.
 */
export async function readLiveHpaReplay(kc: k8s.KubeConfig, namespace: string, name: string, events: readonly EventRow[], clock = utcClock): Promise<LiveHpaReplay> {
  const read = await readHpaWithTarget(kc, namespace, name);
  const now = Date.now();
  if (!read.hpa) return { notice: read.problems[0] ? `${read.problems[0].title}: ${read.problems[0].message}` : `HPA ${namespace}/${name} was not found.` };
  if (!read.target) return { notice: 'The HPA names no scale target.' };
  if (read.target.error) return { notice: `The target's pods could not be read: ${read.target.error}` };
  return { replay: replayOf(read.hpa, read.target, events, now, clock, read.customMetrics?.reads) };
}

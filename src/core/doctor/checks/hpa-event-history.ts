// What the HPA controller did, from its events rather than its conditions (which only say the last sync):
// failures that have stopped (`FailedGetResourceMetric`, `FailedComputeMetricsReplicas` … whose count no longer
// grows, article 000), and a `SuccessfulRescale` history that goes up and down (article 004: 2→4→2→4→3).
// A failure the conditions still show is hpa-unknown-metric's; this check adds what only the events tell.
import type * as k8s from '@kubernetes/client-node';
import { eventRows, type EventRow } from '../../cluster/events';
import { DEFAULT_TOLERANCE } from '../../k8s/hpaController/replicaCalculator';
import { condition, hpaKey, type Check, type Draft } from '../checkKit';
import { parseRescale, replayFromState } from '../hpaReplayInputs';
import type { DoctorState } from '../state';
import { msg, type Message } from '../../l10n';
import { clauseJoin, listJoin, sentences } from '../../l10n/lists';
import type { DoctorText } from '../types';

const FAILED = /^Failed(ComputeMetricsReplicas|Get\w*Metric|GetScale|Rescale|UpdateStatus)$/;
/** Rescales within this window count as one history. */
const HISTORY_SECONDS = 60 * 60;

/** An event as `kubectl describe` lists it: type, reason, count and last time, source, message. */
function describeLine(e: EventRow): DoctorText {
  const row = { type: e.type, reason: e.reason, count: e.count, source: e.source ?? 'horizontal-pod-autoscaler', message: e.message };
  return e.last ? msg('{type}  {reason}  (x{count}, last {last})  {source}  {message}', { ...row, last: e.last }) : `${e.type}  ${e.reason}  (x${e.count})  ${row.source}  ${e.message}`;
}
const newSize = (e: EventRow) => parseRescale(e.message)?.newSize ?? NaN;

function byHpa(events: k8s.CoreV1Event[]): Map<string, k8s.CoreV1Event[]> {
  const out = new Map<string, k8s.CoreV1Event[]>();
  for (const e of events) {
    if (e.involvedObject?.kind !== 'HorizontalPodAutoscaler') continue;
    const key = `${e.involvedObject.namespace}/${e.involvedObject.name}`;
    out.set(key, [...(out.get(key) ?? []), e]);
  }
  return out;
}

export const check: Check = {
  id: 'hpa-event-history',
  title: msg("An HPA's events show past metric failures or a replica count that flaps"),
  run(state) {
    const out: Draft[] = [];
    const now = state.now ? Date.parse(state.now) : Date.now();
    const hpas = new Map(state.hpas.map((h) => [hpaKey(h), h]));
    for (const [key, events] of byHpa(state.hpaEvents ?? [])) {
      const [namespace, name] = key.split('/');
      const object = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', namespace, name };
      const rows = eventRows(events);
      const hpa = hpas.get(key);
      const failures = rows.filter((e) => e.type === 'Warning' && FAILED.test(e.reason));
      const active = hpa && condition(hpa, 'ScalingActive');
      if (failures.length && active?.status === 'True') {
        out.push({
          id: 'hpa-event-history',
          severity: 'info',
          message: msg('HPA {hpa} failed {count} times ({reasons}) but computes its replicas now', {
            hpa: key,
            count: failures.reduce((n, e) => n + e.count, 0),
            reasons: [...new Set(failures.map((e) => e.reason))].join(', '),
          }),
          object,
          evidence: [...failures.slice(0, 6).map(describeLine), `ScalingActive=True ${active.reason ?? ''}`.trim()],
          explanation: msg(
            "`kubectl describe hpa` keeps listing these events until they expire (the API server's --event-ttl, 1 h by default), so they look current after the cause was fixed. The condition says the last sync read its metrics: check that the events' count no longer grows; if it does, the failure comes and goes (metrics-server restarts, pods without metrics right after a scale-up).",
          ),
          repairs: [],
        });
      }
      const rescales = rows.filter((e) => e.reason === 'SuccessfulRescale' && Number.isFinite(newSize(e)) && (!e.last || now - Date.parse(e.last) < HISTORY_SECONDS * 1000));
      // rescaleReason in horizontal.go: "<metric> above target" and "below Spec.MinReplicas" go up; "All metrics below target" and "above Spec.MaxReplicas" down.
      const ups = rescales.filter((e) => /above target|below Spec\.MinReplicas/.test(e.message));
      const downs = rescales.filter((e) => /below target|above Spec\.MaxReplicas/.test(e.message));
      const total = rescales.reduce((n, e) => n + e.count, 0);
      if (ups.length && downs.length && total >= 4) {
        const sizes = [...rescales].reverse().map((e) => `${newSize(e)}${e.count > 1 ? ` (x${e.count})` : ''}`);
        const likely = hpa ? flapCauses(hpa, state) : [];
        const replayed = hpa && likely.some((c) => c.metric !== undefined) ? replayFromState(state, hpa) : undefined;
        // What the metric behind the likeliest cause proposes now, from its metrics API: the evidence that it swings.
        const metricNow = likely
          .map((c) => c.metric)
          .filter((i): i is number => i !== undefined)
          .map((i) => replayed?.replay.metrics[i])
          .filter((m) => m && m.source !== 'status')
          .map((m) =>
            replayed!.replay.currentReplicas === 1
              ? msg('read now: {metric} (at 1 replica)', { metric: m!.text })
              : msg('read now: {metric} (at {count} replicas)', { metric: m!.text, count: replayed!.replay.currentReplicas }),
          );
        const flaps = { hpa: key, count: total, sizes: sizes.join(' → ') };
        out.push({
          id: 'hpa-event-history',
          severity: 'warning',
          message: likely.length
            ? msg('HPA {hpa} rescaled {count} times within an hour, up and down (new sizes {sizes}): the replica count flaps; likely: {cause}', { ...flaps, cause: likely[0].short })
            : msg('HPA {hpa} rescaled {count} times within an hour, up and down (new sizes {sizes}): the replica count flaps', flaps),
          object,
          evidence: [...likely.map((l) => msg('likely: {cause}', { cause: l.detail })), ...metricNow, ...rescales.slice(0, 8).map(describeLine)],
          explanation: sentences(
            likely.length > 0 && msg('Likely here: {causes}.', { causes: clauseJoin(likely.map((l) => l.detail)) }),
            msg(
              'Scaling up and down again within minutes costs pod starts and capacity. Causes, most likely first: a second autoscaler on the same workload (another HPA, or a KEDA ScaledObject whose HPA acts too; see autoscaler-conflict; Kubernetes releases before the AmbiguousSelector condition let both act), a metric that swings with the replica count (a per-pod average of a value that already falls as pods are added), or no scale-down stabilization (`spec.behavior.scaleDown.stabilizationWindowSeconds`, default 300).',
            ),
          ),
          repairs: [],
        });
      }
    }
    return out;
  },
};

/** One likely cause of flapping: a few words for the message, the whole sentence for the evidence. */
export interface FlapCause {
  short: Message;
  detail: Message;
  /** spec.metrics index of the metric the cause is about, when it is one. */
  metric?: number;
}

/**
 * What in this HPA's setup makes its count flap, from the objects alone, likeliest first: a second autoscaler on its
 * target; an AverageValue target over an Object/External metric with no scale-down window (the controller proposes
 * ceil(value / target) whatever runs, so a value that falls as pods are added proposes few pods when many run and
 * many when few run, and nothing waits between the two); no scale-down window; a load no replica count keeps within
 * the tolerance (the count has no steady state); the AverageValue target alone.
 */
export function flapCauses(hpa: k8s.V2HorizontalPodAutoscaler, state: DoctorState): FlapCause[] {
  const out: FlapCause[] = [];
  const ref = hpa.spec?.scaleTargetRef;
  const ns = hpa.metadata?.namespace;
  const sameTarget = (r: { kind?: string; name?: string } | undefined) => r?.name === ref?.name && (r?.kind ?? 'Deployment') === ref?.kind;
  const others = [
    ...state.hpas.filter((h) => h !== hpa && h.metadata?.namespace === ns && sameTarget(h.spec?.scaleTargetRef)).map((h) => `HPA ${h.metadata?.name}`),
    ...(state.scaledObjects ?? []).filter((so) => so.metadata.namespace === ns && sameTarget(so.spec.scaleTargetRef)).map((so) => `ScaledObject ${so.metadata.name}`),
  ].filter((o) => !(o.startsWith('ScaledObject') && state.hpas.some((h) => h === hpa && h.metadata?.labels?.['scaledobject.keda.sh/name'] === o.slice('ScaledObject '.length))));
  if (others.length)
    out.push({
      short: msg('a second autoscaler ({others})', { others: others.join(', ') }),
      detail: msg('{kind} {name} is also scaled by {others} (see autoscaler-conflict)', { kind: ref?.kind ?? '', name: ref?.name ?? '', others: others.join(', ') }),
    });
  const noWindow = hpa.spec?.behavior?.scaleDown?.stabilizationWindowSeconds === 0;
  const perPodTotals = averageValueTotals(hpa);
  for (const m of noWindow ? perPodTotals : []) {
    out.push({
      short: msg('{metric} with an AverageValue target and no scale-down window', { metric: m.metric }),
      detail: msg(
        '{metric} has an AverageValue target ({target} per pod) and spec.behavior.scaleDown.stabilizationWindowSeconds is 0: the controller proposes ceil(value / {target}) pods whatever runs now, so a value that falls as pods are added (a per-pod rate, a latency, an average already taken per pod) proposes few pods while many run and many while few run, and no window waits between the two',
        { metric: m.metricOf, target: m.target },
      ),
      metric: m.index,
    });
  }
  if (noWindow) out.push({ short: msg('no scale-down window'), detail: msg('no scale-down window: spec.behavior.scaleDown.stabilizationWindowSeconds is 0') });
  const steady = noSteadyCount(hpa);
  if (steady) out.push({ short: msg('a target no replica count meets within the tolerance'), detail: steady });
  for (const m of noWindow ? [] : perPodTotals) {
    out.push({
      short: msg('{metric} with an AverageValue target', { metric: m.metric }),
      detail: msg(
        '{metric} has an AverageValue target: the controller takes the value as a total and divides it by the pod count, so unless it is one (a queue length, requests per second of the whole service) it falls as pods are added',
        { metric: m.metricOf },
      ),
      metric: m.index,
    });
  }
  return out;
}

/** The Object and External metrics whose target is an AverageValue (GetObjectPerPodMetricReplicas, GetExternalPerPodMetricReplicas). */
function averageValueTotals(hpa: k8s.V2HorizontalPodAutoscaler): { index: number; metric: Message; metricOf: Message; target: string }[] {
  const out: { index: number; metric: Message; metricOf: Message; target: string }[] = [];
  for (const [index, m] of (hpa.spec?.metrics ?? []).entries()) {
    const source = m.type === 'External' ? m.external : m.type === 'Object' ? m.object : undefined;
    // Object: the controller takes a Value target first (computeStatusForObjectMetric); External: AverageValue first.
    const perPod = m.type === 'Object' ? !(m.object?.target?.type === 'Value' && m.object.target.value !== undefined) : true;
    if (!source || !perPod || source.target?.averageValue === undefined) continue;
    const described = m.type === 'Object' ? m.object?.describedObject : undefined;
    // `External metric queue_length`, and with the object an Object metric describes: `Object metric rps of Service web`.
    const metric = msg('{type} metric {name}', { type: m.type, name: source.metric?.name ?? '' });
    const metricOf = described ? msg('{type} metric {name} of {kind} {object}', { type: m.type, name: source.metric?.name ?? '', kind: described.kind, object: described.name }) : metric;
    out.push({ index, metric, metricOf, target: String(source.target.averageValue) });
  }
  return out;
}

/** The load in pods' worth of the target (ratio × count): a count m is steady while load/m is within 1 ± 0.1. */
function noSteadyCount(hpa: k8s.V2HorizontalPodAutoscaler): Message | undefined {
  const n = hpa.status?.currentReplicas;
  if (!n) return undefined;
  for (const [i, m] of (hpa.spec?.metrics ?? []).entries()) {
    const target = m.type === 'Resource' ? m.resource?.target : m.type === 'ContainerResource' ? m.containerResource?.target : undefined;
    const current = hpa.status?.currentMetrics?.[i];
    const now = current?.resource?.current ?? current?.containerResource?.current;
    if (target?.averageUtilization === undefined || now?.averageUtilization === undefined) continue;
    const load = (now.averageUtilization / target.averageUtilization) * n;
    const low = Math.ceil(load / (1 + DEFAULT_TOLERANCE));
    const high = Math.floor(load / (1 - DEFAULT_TOLERANCE));
    if (low > high) {
      const below = Math.floor(load / (1 + DEFAULT_TOLERANCE));
      const name = m.type === 'Resource' ? m.resource?.name : m.containerResource?.name;
      const at = (pods: number) => {
        const utilization = Math.round((load / pods) * target.averageUtilization!);
        return pods === 1 ? msg('1 pod → {utilization} %', { utilization }) : msg('{count} pods → {utilization} %', { count: pods, utilization });
      };
      return msg(
        "no replica count keeps {metric} within the 10 % tolerance of its {target} % target (the load is {load} pods' worth: {counts}): the target is too close to where one pod more or less crosses it",
        { metric: name ?? '', target: target.averageUtilization, load: load.toFixed(2), counts: listJoin(below > 0 ? [at(below), at(below + 1)] : [at(below + 1)]) },
      );
    }
  }
  return undefined;
}

// What the HPA controller did, from its events rather than its conditions (which only say the last sync):
// failures that have stopped (`FailedGetResourceMetric`, `FailedComputeMetricsReplicas` … whose count no longer
// grows, article 000), and a `SuccessfulRescale` history that goes up and down (article 004: 2→4→2→4→3).
// A failure the conditions still show is hpa-unknown-metric's; this check adds what only the events tell.
import type * as k8s from '@kubernetes/client-node';
import { eventRows, type EventRow } from '../../cluster/events';
import { DEFAULT_TOLERANCE } from '../../k8s/hpaController/replicaCalculator';
import { condition, hpaKey, type Check, type Draft } from '../checkKit';
import { parseRescale } from '../hpaReplayInputs';
import type { DoctorState } from '../state';
import { msg } from '../../l10n';

const FAILED = /^Failed(ComputeMetricsReplicas|Get\w*Metric|GetScale|Rescale|UpdateStatus)$/;
/** Rescales within this window count as one history. */
const HISTORY_SECONDS = 60 * 60;

const describeLine = (e: EventRow) => `${e.type}  ${e.reason}  (x${e.count}${e.last ? `, last ${e.last}` : ''})  ${e.source ?? 'horizontal-pod-autoscaler'}  ${e.message}`;
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
          message: `HPA ${key} failed ${failures.reduce((n, e) => n + e.count, 0)} times (${[...new Set(failures.map((e) => e.reason))].join(', ')}) but computes its replicas now`,
          object,
          evidence: [...failures.slice(0, 6).map(describeLine), `ScalingActive=True ${active.reason ?? ''}`.trim()],
          explanation:
            "`kubectl describe hpa` keeps listing these events until they expire (the API server's --event-ttl, 1 h by default), so they look current after the cause was fixed. The condition says the last sync read its metrics: check that the events' count no longer grows; if it does, the failure comes and goes (metrics-server restarts, pods without metrics right after a scale-up).",
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
        out.push({
          id: 'hpa-event-history',
          severity: 'warning',
          message: `HPA ${key} rescaled ${total} times within an hour, up and down (new sizes ${sizes.join(' → ')}): the replica count flaps`,
          object,
          evidence: [...likely.map((l) => `likely: ${l}`), ...rescales.slice(0, 8).map(describeLine)],
          explanation:
            (likely.length ? `Likely here: ${likely.join('; ')}. ` : '') +
            'Scaling up and down again within minutes costs pod starts and capacity. Causes, most likely first: a second autoscaler on the same workload (another HPA, or a KEDA ScaledObject whose HPA acts too; see autoscaler-conflict; Kubernetes releases before the AmbiguousSelector condition let both act), a metric that swings with the replica count (a per-pod average of a total that does not shrink with more pods), or no scale-down stabilization (`spec.behavior.scaleDown.stabilizationWindowSeconds`, default 300).',
          repairs: [],
        });
      }
    }
    return out;
  },
};

/**
 * What in this HPA's setup makes its count flap, from the objects alone: a second autoscaler on its target, no
 * scale-down window, a load no replica count keeps within the tolerance (the count has no steady state), an
 * AverageValue target over an Object/External metric (divided by the pod count, it falls as pods are added).
 */
export function flapCauses(hpa: k8s.V2HorizontalPodAutoscaler, state: DoctorState): string[] {
  const out: string[] = [];
  const ref = hpa.spec?.scaleTargetRef;
  const ns = hpa.metadata?.namespace;
  const sameTarget = (r: { kind?: string; name?: string } | undefined) => r?.name === ref?.name && (r?.kind ?? 'Deployment') === ref?.kind;
  const others = [
    ...state.hpas.filter((h) => h !== hpa && h.metadata?.namespace === ns && sameTarget(h.spec?.scaleTargetRef)).map((h) => `HPA ${h.metadata?.name}`),
    ...(state.scaledObjects ?? []).filter((so) => so.metadata.namespace === ns && sameTarget(so.spec.scaleTargetRef)).map((so) => `ScaledObject ${so.metadata.name}`),
  ].filter((o) => !(o.startsWith('ScaledObject') && state.hpas.some((h) => h === hpa && h.metadata?.labels?.['scaledobject.keda.sh/name'] === o.slice('ScaledObject '.length))));
  if (others.length) out.push(`${ref?.kind} ${ref?.name} is also scaled by ${others.join(', ')} (see autoscaler-conflict)`);
  if (hpa.spec?.behavior?.scaleDown?.stabilizationWindowSeconds === 0) out.push('no scale-down window: spec.behavior.scaleDown.stabilizationWindowSeconds is 0');
  const steady = noSteadyCount(hpa);
  if (steady) out.push(steady);
  for (const m of hpa.spec?.metrics ?? []) {
    const source = m.type === 'External' ? m.external : m.type === 'Object' ? m.object : undefined;
    if (source?.target?.averageValue !== undefined) {
      out.push(
        `${m.type} metric ${source.metric?.name} has an AverageValue target: the controller divides it by the pod count, so unless it is a total (a queue length, requests per second of the whole service) it falls as pods are added`,
      );
    }
  }
  return out;
}

/** The load in pods' worth of the target (ratio × count): a count m is steady while load/m is within 1 ± 0.1. */
function noSteadyCount(hpa: k8s.V2HorizontalPodAutoscaler): string | undefined {
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
      const at = (pods: number) => `${pods} pod${pods === 1 ? '' : 's'} → ${Math.round((load / pods) * target.averageUtilization!)} %`;
      return `no replica count keeps ${name} within the 10 % tolerance of its ${target.averageUtilization} % target (the load is ${load.toFixed(2)} pods' worth: ${below > 0 ? `${at(below)}, ` : ''}${at(below + 1)}): the target is too close to where one pod more or less crosses it`;
    }
  }
  return undefined;
}

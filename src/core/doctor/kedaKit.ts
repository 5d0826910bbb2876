// What the KEDA checks share: a ScaledObject's reference, conditions and pause annotations (KEDA v2.21.1
// apis/keda/v1alpha1/scaledobject_types.go), the events KEDA wrote on it, whether its operator runs, and whether an
// APIService is KEDA's.
import type * as k8s from '@kubernetes/client-node';
import { controllerHealth, type ControllerHealth } from './checkKit';
import { adapterOwner } from './customMetrics';
import type { AdapterApiService } from './customMetricsReads';
import { KEDA_LEASE, KEDA_OPERATOR_SELECTOR } from './kedaReads';
import type { DoctorState, ScaledObject } from './state';
import { msg, type Message } from '../l10n';

export const soKey = (so: ScaledObject) => `${so.metadata.namespace}/${so.metadata.name}`;

/** "1 ScaledObject" / "3 ScaledObjects", as a phrase of a KEDA finding's sentence. */
export const scaledObjectCount = (n: number): Message => (n === 1 ? msg('1 ScaledObject') : msg('{count} ScaledObjects', { count: n }));

export const soRef = (so: ScaledObject) => ({ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', namespace: so.metadata.namespace, name: so.metadata.name });

export const soCondition = (so: ScaledObject, type: string) => so.status?.conditions?.find((c) => c.type === type);

/** `Deployment/web` (KEDA's default kind when scaleTargetRef.kind is empty). */
export const targetName = (so: ScaledObject) => `${so.spec.scaleTargetRef.kind || 'Deployment'}/${so.spec.scaleTargetRef.name}`;

/** The triggers read through the external metrics API: all but cpu and memory, which KEDA's HPA reads as Resource metrics. */
export const externalTriggers = (so: ScaledObject) => (so.spec.triggers ?? []).filter((t) => t.type !== 'cpu' && t.type !== 'memory');

const PAUSED = 'autoscaling.keda.sh/paused';
const PAUSED_REPLICAS = 'autoscaling.keda.sh/paused-replicas';
/** KEDA's getBoolAnnotation: a value strconv.ParseBool cannot read counts as true. */
const boolAnnotation = (v: string | undefined) => v !== undefined && !/^(0|f|F|false|FALSE|False)$/.test(v);

/** The annotation that pauses the ScaledObject (NeedToBePausedByAnnotation), as `name: value`; undefined: not paused by annotation. */
export function pauseAnnotation(so: ScaledObject): string | undefined {
  const a = so.metadata.annotations ?? {};
  if (a[PAUSED_REPLICAS] !== undefined) return `${PAUSED_REPLICAS}: "${a[PAUSED_REPLICAS]}"`;
  if (boolAnnotation(a[PAUSED])) return `${PAUSED}: "${a[PAUSED]}"`;
  return undefined;
}

/** The KEDA events on the ScaledObject, newest first, as `Warning KEDAScalerFailed: message (×3)`; only `reasons` when given. */
export function soEventLines(state: DoctorState, so: ScaledObject, reasons?: readonly string[]): string[] {
  return (state.keda?.events ?? [])
    .filter((e) => e.involvedObject?.namespace === so.metadata.namespace && e.involvedObject?.name === so.metadata.name && (!reasons || reasons.includes(e.reason ?? '')))
    .reverse()
    .map(eventLine);
}

const eventLine = (e: k8s.CoreV1Event) => `${e.type ?? 'Normal'} ${e.reason ?? ''}: ${e.message ?? ''}${(e.count ?? 1) > 1 ? ` (×${e.count})` : ''}`;

/** KEDA's operator: a ready replica of its Deployment or a fresh Lease operator.keda.sh. */
export function kedaOperatorHealth(state: DoctorState): ControllerHealth {
  return controllerHealth({
    deployments: state.keda?.operators,
    leases: state.keda?.leases,
    now: state.now,
    nothing: msg('no Deployment labelled {selector} and no Lease {lease} in any namespace', { selector: KEDA_OPERATOR_SELECTOR, lease: KEDA_LEASE }),
  });
}

/** Whether the APIService routes to KEDA's metrics server (adapterOwner: its Service's name and labels). */
export const isKedaApiService = (a: AdapterApiService | undefined) => !!a?.apiService && adapterOwner(a).template.startsWith("KEDA's");

/** The HPAs KEDA made for ScaledObjects (named by status.hpaName, or labelled scaledobject.keda.sh/name). */
export function kedaHpas(state: DoctorState): k8s.V2HorizontalPodAutoscaler[] {
  return state.hpas.filter(
    (h) => h.metadata?.labels?.['scaledobject.keda.sh/name'] || (state.scaledObjects ?? []).some((so) => so.status?.hpaName === h.metadata?.name && so.metadata.namespace === h.metadata?.namespace),
  );
}

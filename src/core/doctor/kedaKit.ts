// What the KEDA checks share: a ScaledObject's or ScaledJob's reference, conditions and pause annotations (KEDA v2.21.1
// apis/keda/v1alpha1/scaledobject_types.go, scaledjob_types.go), the events KEDA wrote on it, whether its operator runs, whether an
// APIService is KEDA's, and which KEDA release the cluster runs.
import type * as k8s from '@kubernetes/client-node';
import { installedVersionsOf, kedaVersionOfHpas, KEDA_VERSION_LABEL } from '../cluster/installedVersions';
import { redact } from '../cluster/redact';
import { controllerHealth, hpaKey, hpaRef, type ControllerHealth } from './checkKit';
import { adapterOwner } from './customMetrics';
import type { AdapterApiService } from './customMetricsReads';
import { KEDA_LEASE, KEDA_OPERATOR_SELECTOR } from './kedaReads';
import type { DoctorState, ScaledJob, ScaledObject } from './state';
import type { DoctorText } from './types';
import { msg, type Message } from '../l10n';

/** What KEDA scales from triggers: a ScaledObject (through its HPA) or a ScaledJob (Jobs it creates itself). */
export type KedaObject = ScaledObject | ScaledJob;

export const isScaledJob = (o: KedaObject): o is ScaledJob => o.kind === 'ScaledJob';
export const kindOf = (o: KedaObject) => (isScaledJob(o) ? 'ScaledJob' : 'ScaledObject');

/** The ScaledObjects, then the ScaledJobs: the objects the not-Ready, paused and trigger checks look at alike. */
export const kedaObjects = (state: DoctorState): KedaObject[] => [...(state.scaledObjects ?? []), ...(state.scaledJobs ?? [])];

/** The Ready reason KEDA's executor sets when every trigger of a ScaledJob fails when asked (pkg/scaling/executor/scale_jobs.go). */
export const TRIGGER_ERROR = 'TriggerError';

export const soKey = (so: KedaObject) => `${so.metadata.namespace}/${so.metadata.name}`;

/** "1 ScaledObject" / "3 ScaledObjects", as a phrase of a KEDA finding's sentence. */
export const scaledObjectCount = (n: number): Message => (n === 1 ? msg('1 ScaledObject') : msg('{count} ScaledObjects', { count: n }));

export const soRef = (so: KedaObject) => ({ apiVersion: 'keda.sh/v1alpha1', kind: kindOf(so), namespace: so.metadata.namespace, name: so.metadata.name });

export const soCondition = (so: KedaObject, type: string) => so.status?.conditions?.find((c) => c.type === type);

/** `Deployment/web` (KEDA's default kind when scaleTargetRef.kind is empty). */
export const targetName = (so: ScaledObject) => `${so.spec.scaleTargetRef.kind || 'Deployment'}/${so.spec.scaleTargetRef.name}`;

/** The triggers read through the external metrics API: all but cpu and memory, which KEDA's HPA reads as Resource metrics. */
export const externalTriggers = (so: ScaledObject) => (so.spec.triggers ?? []).filter((t) => t.type !== 'cpu' && t.type !== 'memory');

const PAUSED = 'autoscaling.keda.sh/paused';
const PAUSED_REPLICAS = 'autoscaling.keda.sh/paused-replicas';
/** KEDA's getBoolAnnotation: a value strconv.ParseBool cannot read counts as true. */
const boolAnnotation = (v: string | undefined) => v !== undefined && !/^(0|f|F|false|FALSE|False)$/.test(v);

/**
 * The annotation that pauses the object (NeedToBePausedByAnnotation), as `name: value`; undefined: not paused by
 * annotation. A ScaledJob reads `paused` only (scaledjob_types.go): it has no replica count to hold.
 */
export function pauseAnnotation(so: KedaObject): string | undefined {
  const a = so.metadata.annotations ?? {};
  if (!isScaledJob(so) && a[PAUSED_REPLICAS] !== undefined) return `${PAUSED_REPLICAS}: "${a[PAUSED_REPLICAS]}"`;
  if (boolAnnotation(a[PAUSED])) return `${PAUSED}: "${a[PAUSED]}"`;
  return undefined;
}

/** The KEDA events on the object, newest first, as `Warning KEDAScalerFailed: message (×3)`; only `reasons` when given. */
export function soEventLines(state: DoctorState, so: KedaObject, reasons?: readonly string[]): string[] {
  const kind = kindOf(so);
  return (state.keda?.events ?? [])
    .filter(
      (e) =>
        (e.involvedObject?.kind ?? kind) === kind &&
        e.involvedObject?.namespace === so.metadata.namespace &&
        e.involvedObject?.name === so.metadata.name &&
        (!reasons || reasons.includes(e.reason ?? '')),
    )
    .reverse()
    .map(eventLine);
}

// A scaler's error may quote its trigger's address, credentials included: redacted like the operator's log lines.
const eventLine = (e: k8s.CoreV1Event) => `${e.type ?? 'Normal'} ${e.reason ?? ''}: ${redact(e.message ?? '')}${(e.count ?? 1) > 1 ? ` (×${e.count})` : ''}`;

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

export interface LiveKedaVersion {
  /** As KEDA names itself: `2.21.1`. */
  version: string;
  /** Where it was read, as an evidence line. */
  from: DoctorText;
  /** The object it was read from. */
  object: { apiVersion: string; kind: string; namespace?: string; name: string };
}

/**
 * The KEDA release the cluster runs: the image tag of its operator's Deployment, else the version label the operator
 * writes on the HPAs it makes (and refreshes at every reconcile, updateHPAIfNeeded), the newest when they differ. A
 * ScaledObject's own labels are copied over KEDA's, so an HPA whose ScaledObject sets that label says nothing.
 */
export function liveKedaVersion(state: DoctorState): LiveKedaVersion | undefined {
  for (const dep of state.keda?.operators ?? []) {
    const found = installedVersionsOf([dep]).keda;
    // `Deployment keda/keda-operator (ghcr.io/kedacore/keda:2.21.1)`: names and the image, no words of ours.
    if (found) return { version: found.version, from: found.from, object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: dep.metadata?.namespace, name: dep.metadata?.name ?? '' } };
  }
  // KEDA copies a ScaledObject's own labels over its HPA's: such an HPA's version label is the user's, not KEDA's.
  const newest = kedaVersionOfHpas(kedaHpas(state).filter((h) => !soOfHpa(state, h)?.metadata.labels?.[KEDA_VERSION_LABEL]));
  if (!newest) return undefined;
  return {
    version: newest.version.replace(/^v/, ''),
    from: msg("HPA {hpa} label {label}: {version} (written by KEDA's operator)", { hpa: hpaKey(newest.hpa), label: KEDA_VERSION_LABEL, version: newest.version }),
    object: hpaRef(newest.hpa),
  };
}

/** The ScaledObject that owns a KEDA HPA (status.hpaName, else the scaledobject.keda.sh/name label). */
function soOfHpa(state: DoctorState, hpa: k8s.V2HorizontalPodAutoscaler): ScaledObject | undefined {
  const ns = hpa.metadata?.namespace;
  const byLabel = hpa.metadata?.labels?.['scaledobject.keda.sh/name'];
  return (state.scaledObjects ?? []).find((so) => so.metadata.namespace === ns && (so.status?.hpaName === hpa.metadata?.name || so.metadata.name === byLabel));
}

/** A line of KEDA's operator log, zap's console encoder as KEDA's manifests set it: time, level, logger, message, fields. */
const ZAP_CONSOLE = /^(\S+)\t([A-Z]+)\t(?:([^\t{]*)\t)?([^\t]*)\t(\{.*\})\s*$/;
/**
 * The field pairs KEDA's loggers name an object with (pkg/scaling/scale_handler.go: WithValues). A ScaledJob's scaler
 * error carries `scaledJob.Name` only (getScaledJobMetrics' scalerLogger): matched by name when no namespace is given.
 */
const OBJECT_KEYS = {
  ScaledObject: [
    ['scaledObject.Namespace', 'scaledObject.Name'],
    ['namespace', 'name'],
  ],
  ScaledJob: [
    ['scaledJob.Namespace', 'scaledJob.Name'],
    ['namespace', 'name'],
  ],
} as const;
const NAME_ONLY = { ScaledObject: undefined, ScaledJob: 'scaledJob.Name' } as const;
const MAX_LOG_LINES = 3;

export interface OperatorLogLine {
  /** The line as KEDA wrote it, credentials redacted (a trigger's address may carry them). */
  line: string;
  /** Its `error` field: the scaler's own words. */
  error?: string;
}

interface ErrorEntry {
  line: string;
  logger: string;
  message: string;
  fields: Record<string, unknown>;
}
/** The operator logs' ERROR lines with their fields, in log order; parsed once per doctor run (thousands of lines). */
const parsedLogs = new WeakMap<object, ErrorEntry[]>();
function errorEntries(keda: DoctorState['keda']): ErrorEntry[] {
  if (!keda?.operatorLogs) return [];
  let entries = parsedLogs.get(keda);
  if (entries) return entries;
  entries = [];
  for (const line of keda.operatorLogs.flatMap((l) => l.lines)) {
    const m = ZAP_CONSOLE.exec(line);
    if (!m || m[2] !== 'ERROR') continue;
    try {
      const fields: unknown = JSON.parse(m[5]);
      if (fields && typeof fields === 'object') entries.push({ line, logger: m[3] ?? '', message: m[4], fields: fields as Record<string, unknown> });
    } catch {
      // not JSON after all: not a line KEDA's encoder wrote
    }
  }
  parsedLogs.set(keda, entries);
  return entries;
}

/**
 * The ERROR lines of KEDA's operator log that name this object (its namespace and name fields), newest first, one per
 * distinct message and error, at most three: a scaler's failure as the operator logged it (KEDA v2.21.1
 * pkg/scaling/scale_handler.go: "error getting scale decision", "error getting metric spec for the scaler"…).
 */
export function operatorLogLines(state: DoctorState, obj: KedaObject): OperatorLogLine[] {
  const kind = kindOf(obj);
  const nameOnly = NAME_ONLY[kind];
  const entries = errorEntries(state.keda);
  const out: OperatorLogLine[] = [];
  const seen = new Set<string>();
  for (let i = entries.length - 1; i >= 0 && out.length < MAX_LOG_LINES; i--) {
    const { line, logger, message, fields } = entries[i];
    if (typeof fields.type === 'string' && fields.type !== kind) continue;
    const names =
      OBJECT_KEYS[kind].some(([ns, name]) => fields[ns] === obj.metadata.namespace && fields[name] === obj.metadata.name) ||
      (!!nameOnly && fields[nameOnly] === obj.metadata.name && OBJECT_KEYS[kind].every(([ns]) => fields[ns] === undefined));
    if (!names) continue;
    const error = typeof fields.error === 'string' ? redact(fields.error) : undefined;
    // A scaler's error may carry the query's time (prometheus: `&time=2026-12-06T14:50:18Z`): one line per error all the same.
    const key = `${logger}\t${message}\n${(error ?? '').replace(/\d{4}-\d{2}-\d{2}T[\d:.]+Z/g, '<time>')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ line: redact(line), error });
  }
  return out;
}

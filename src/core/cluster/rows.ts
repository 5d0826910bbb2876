// Pure functions from API objects (+ metrics) to the rows of types.ts, formatted as kubectl formats
// them: `kubectl top` (metricsutil/metrics_printer.go), `kubectl get pods` STATUS and RESTARTS and
// `kubectl get hpa` TARGETS (pkg/printers/internalversion/printers.go, Kubernetes 1.33).
import type * as k8s from '@kubernetes/client-node';
import { canonicalQuantity, milliValue, parseQuantity, wholeValue } from '../k8s/quantity';
import type { Amounts, AutoscalerCondition, AutoscalerMetric, AutoscalerRow, ContainerRow, NodeRow, PodRow } from './types';

/** metrics.k8s.io/v1beta1 NodeMetrics (the fields used). */
export interface NodeMetrics {
  metadata: { name: string };
  timestamp?: string;
  window?: string;
  usage: Record<string, string>;
}

/** metrics.k8s.io/v1beta1 PodMetrics (the fields used). */
export interface PodMetrics {
  metadata: { name: string; namespace?: string };
  timestamp?: string;
  window?: string;
  containers: { name: string; usage: Record<string, string> }[];
}

/** Exact resource totals in nano-units (cpu in nanocores, memory in nanobytes), as Quantity.Add sums them. */
export interface NanoAmounts {
  cpu: bigint;
  memory: bigint;
}

export const ZERO: NanoAmounts = { cpu: 0n, memory: 0n };

/** Parsed quantities by text: a cluster repeats a few request values over thousands of pods. */
const parsed = new Map<string | number, bigint | undefined>();
const PARSED_MAX = 20_000;

function nanos(q: unknown): bigint | undefined {
  if (typeof q !== 'string' && typeof q !== 'number') return undefined;
  if (parsed.has(q)) return parsed.get(q);
  const p = parseQuantity(q);
  const value = p.ok ? p.nanos : undefined;
  if (parsed.size >= PARSED_MAX) parsed.clear();
  parsed.set(q, value);
  return value;
}

/** Plain amounts as kubectl reads them: cpu `MilliValue()` (rounded up), memory `Value()` (rounded up). */
export function toAmounts(n: NanoAmounts): Amounts {
  return { cpuMilli: Number(milliValue({ nanos: n.cpu })), memoryBytes: Number(wholeValue({ nanos: n.memory })) };
}

export function addNanos(a: NanoAmounts, b: NanoAmounts, sign: 1n | -1n = 1n): NanoAmounts {
  return { cpu: a.cpu + sign * b.cpu, memory: a.memory + sign * b.memory };
}

/** `int64(float64(used) / float64(available) * 100)`, as kubectl top and describe node compute it. */
export function percent(used: number, available: number): number | undefined {
  if (!(available > 0)) return undefined;
  return Math.trunc((used / available) * 100);
}

const isRestartable = (c: k8s.V1Container) => c.restartPolicy === 'Always';

function requestNanos(c: { resources?: k8s.V1ResourceRequirements }): NanoAmounts {
  const r = c.resources?.requests ?? {};
  return { cpu: nanos(r.cpu) ?? 0n, memory: nanos(r.memory) ?? 0n };
}

const maxNanos = (a: NanoAmounts, b: NanoAmounts): NanoAmounts => ({ cpu: a.cpu > b.cpu ? a.cpu : b.cpu, memory: a.memory > b.memory ? a.memory : b.memory });

/**
 * The pod's effective request as the scheduler and `kubectl describe node` count it
 * (component-helpers resource.PodRequests): pod-level requests when set; else the larger of the
 * containers (+ restartable init containers) and each init container's peak; plus overhead.
 */
export function podSchedulingRequest(pod: k8s.V1Pod): NanoAmounts {
  const spec = pod.spec;
  if (!spec) return ZERO;
  const podLevel = (spec as { resources?: k8s.V1ResourceRequirements }).resources?.requests;
  let reqs: NanoAmounts = ZERO;
  for (const c of spec.containers ?? []) reqs = addNanos(reqs, requestNanos(c));
  let sidecars: NanoAmounts = ZERO;
  let initPeak: NanoAmounts = ZERO;
  for (const c of spec.initContainers ?? []) {
    let containerReqs = requestNanos(c);
    if (isRestartable(c)) {
      reqs = addNanos(reqs, containerReqs);
      sidecars = addNanos(sidecars, containerReqs);
      containerReqs = sidecars;
    } else {
      containerReqs = addNanos(containerReqs, sidecars);
    }
    initPeak = maxNanos(initPeak, containerReqs);
  }
  reqs = maxNanos(reqs, initPeak);
  if (podLevel) {
    const cpu = nanos(podLevel.cpu);
    const memory = nanos(podLevel.memory);
    reqs = { cpu: cpu ?? reqs.cpu, memory: memory ?? reqs.memory };
  }
  const overhead = spec.overhead ?? {};
  return addNanos(reqs, { cpu: nanos(overhead.cpu) ?? 0n, memory: nanos(overhead.memory) ?? 0n });
}

/** Pods that hold node resources: `kubectl describe node` lists pods whose phase is neither Succeeded nor Failed. */
export function isTerminated(pod: k8s.V1Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** Sums node usage from a NodeMetrics item. */
export function usageNanos(usage: Record<string, string> | undefined): NanoAmounts {
  return { cpu: nanos(usage?.cpu) ?? 0n, memory: nanos(usage?.memory) ?? 0n };
}

export function podUsageNanos(m: PodMetrics): NanoAmounts {
  let sum = ZERO;
  for (const c of m.containers ?? []) sum = addNanos(sum, usageNanos(c.usage));
  return sum;
}

export function nodeRow(node: k8s.V1Node, requested: NanoAmounts, metrics?: NodeMetrics): NodeRow {
  const alloc = node.status?.allocatable ?? {};
  const allocatable = toAmounts({ cpu: nanos(alloc.cpu) ?? 0n, memory: nanos(alloc.memory) ?? 0n });
  const req = toAmounts(requested);
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  const row: NodeRow = {
    name: node.metadata?.name ?? '',
    ready,
    unschedulable: !!node.spec?.unschedulable,
    allocatable,
    requested: req,
    // kubectl computes the fraction on MilliValue() of both sides, memory included.
    cpuRequestedPercent: percent(Number(milliValue({ nanos: requested.cpu })), allocatable.cpuMilli) ?? 0,
    memoryRequestedPercent: percent(Number(milliValue({ nanos: requested.memory })), milliOf(alloc.memory)) ?? 0,
  };
  if (metrics) {
    const u = usageNanos(metrics.usage);
    row.usage = toAmounts(u);
    row.cpuPercent = percent(Number(milliValue({ nanos: u.cpu })), allocatable.cpuMilli);
    row.memoryPercent = percent(Number(milliValue({ nanos: u.memory })), milliOf(alloc.memory));
  }
  return row;
}

function milliOf(q: unknown): number {
  const n = nanos(q);
  return n === undefined ? 0 : Number(milliValue({ nanos: n }));
}

/** Containers the HPA counts for Utilization: regular ones and restartable init containers (sidecars). */
export function countedContainers(pod: k8s.V1Pod): k8s.V1Container[] {
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter(isRestartable)];
}

export interface PodRowOptions {
  workload?: { kind: string; name: string };
  metrics?: PodMetrics;
  /** Whether a pod without metrics is too new for them (see `metricsExpected`). */
  now?: number;
  /** How long after a container starts metrics may still be missing; default 90 s. */
  pendingWindowMs?: number;
}

export const METRICS_PENDING_WINDOW_MS = 90_000;

export function podRow(pod: k8s.V1Pod, opts: PodRowOptions = {}): PodRow {
  const { status, restarts } = podStatus(pod);
  // Requests summed in nano-units, then rounded once (as the HPA's Quantity sums); undefined if any container lacks one.
  let cpuReq: bigint | undefined = 0n;
  let memReq: bigint | undefined = 0n;
  const containers: ContainerRow[] = countedContainers(pod).map((c) => {
    const r = c.resources?.requests ?? {};
    const cpu = nanos(r.cpu);
    const memory = nanos(r.memory);
    cpuReq = cpuReq === undefined || cpu === undefined ? undefined : cpuReq + cpu;
    memReq = memReq === undefined || memory === undefined ? undefined : memReq + memory;
    const request: ContainerRow['request'] = {};
    if (cpu !== undefined) request.cpuMilli = Number(milliValue({ nanos: cpu }));
    if (memory !== undefined) request.memoryBytes = Number(wholeValue({ nanos: memory }));
    const row: ContainerRow = { name: c.name, request };
    const m = opts.metrics?.containers?.find((x) => x.name === c.name);
    if (m) row.usage = toAmounts(usageNanos(m.usage));
    return row;
  });
  const request: PodRow['request'] = {};
  if (cpuReq !== undefined && containers.length) request.cpuMilli = Number(milliValue({ nanos: cpuReq }));
  if (memReq !== undefined && containers.length) request.memoryBytes = Number(wholeValue({ nanos: memReq }));
  const row: PodRow = {
    namespace: pod.metadata?.namespace ?? '',
    name: pod.metadata?.name ?? '',
    status,
    restarts,
    containers,
    request,
    metrics: 'unavailable',
  };
  if (opts.workload) row.workload = opts.workload;
  if (pod.spec?.nodeName) row.nodeName = pod.spec.nodeName;
  if (opts.metrics) {
    const u = toAmounts(podUsageNanos(opts.metrics));
    row.usage = u;
    row.metrics = 'ok';
    if (request.cpuMilli) row.cpuPercentOfRequest = percent(u.cpuMilli, request.cpuMilli);
    if (request.memoryBytes) row.memoryPercentOfRequest = percent(u.memoryBytes, request.memoryBytes);
  } else if (metricsPending(pod, opts.now ?? Date.now(), opts.pendingWindowMs ?? METRICS_PENDING_WINDOW_MS)) {
    row.metrics = 'pending';
  }
  return row;
}

/** A running pod whose containers started within the window: metrics-server has not scraped it yet. */
export function metricsPending(pod: k8s.V1Pod, now: number, windowMs = METRICS_PENDING_WINDOW_MS): boolean {
  if (pod.status?.phase !== 'Running') return false;
  let started = time(pod.status?.startTime) ?? time(pod.metadata?.creationTimestamp);
  for (const cs of pod.status?.containerStatuses ?? []) {
    const t = time(cs.state?.running?.startedAt);
    if (t !== undefined && (started === undefined || t > started)) started = t;
  }
  return started !== undefined && now - started < windowMs;
}

function time(t: Date | string | undefined): number | undefined {
  if (t === undefined || t === null) return undefined;
  const ms = t instanceof Date ? t.getTime() : Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The STATUS and RESTARTS columns of `kubectl get pods` (printPod, Kubernetes 1.33). */
export function podStatus(pod: k8s.V1Pod): { status: string; restarts: number } {
  const st = pod.status ?? {};
  let restarts = 0;
  let sidecarRestarts = 0;
  let reason: string = st.reason || st.phase || '';
  if ((st.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';
  const inits = new Map((pod.spec?.initContainers ?? []).map((c) => [c.name, c]));
  const initCount = pod.spec?.initContainers?.length ?? 0;
  let initializing = false;
  const initStatuses = st.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i];
    restarts += c.restartCount ?? 0;
    const spec = inits.get(c.name);
    const restartable = !!spec && isRestartable(spec);
    if (restartable) sidecarRestarts += c.restartCount ?? 0;
    const term = c.state?.terminated;
    if (term && term.exitCode === 0) continue;
    if (restartable && c.started) continue;
    if (term) {
      reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
    } else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') {
      reason = `Init:${c.state.waiting.reason}`;
    } else {
      reason = `Init:${i}/${initCount}`;
    }
    initializing = true;
    break;
  }
  const initialized = (st.conditions ?? []).some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    restarts = sidecarRestarts;
    let hasRunning = false;
    const cs = st.containerStatuses ?? [];
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i];
      restarts += c.restartCount ?? 0;
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (c.state?.terminated?.reason) reason = c.state.terminated.reason;
      else if (c.state?.terminated) reason = c.state.terminated.signal ? `Signal:${c.state.terminated.signal}` : `ExitCode:${c.state.terminated.exitCode}`;
      else if (c.ready && c.state?.running) hasRunning = true;
    }
    if (reason === 'Completed' && hasRunning) {
      reason = (st.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata?.deletionTimestamp && st.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp && st.phase !== 'Succeeded' && st.phase !== 'Failed') reason = 'Terminating';
  return { status: reason, restarts };
}

/** The controller owner reference, if any. */
export function controllerOf(meta: k8s.V1ObjectMeta | undefined): k8s.V1OwnerReference | undefined {
  return meta?.ownerReferences?.find((o) => o.controller);
}

/**
 * The workload a pod belongs to: its controller, with a ReplicaSet replaced by the Deployment that
 * owns it. `replicaSetOwner` answers from the ReplicaSets the caller can see; when it cannot (no
 * permission to list ReplicaSets), the pod-template-hash naming convention
 * (`<deployment>-<hash>`) is used for ReplicaSets that carry the hash label.
 */
export function workloadOf(
  pod: k8s.V1Pod,
  replicaSetOwner?: (namespace: string, name: string) => { kind: string; name: string } | null | undefined,
): { kind: string; name: string } | undefined {
  const owner = controllerOf(pod.metadata);
  if (!owner) return undefined;
  if (owner.kind !== 'ReplicaSet') return { kind: owner.kind, name: owner.name };
  const known = replicaSetOwner?.(pod.metadata?.namespace ?? '', owner.name);
  if (known) return known;
  if (known === null) return { kind: 'ReplicaSet', name: owner.name }; // a ReplicaSet without a controller
  const hash = pod.metadata?.labels?.['pod-template-hash'];
  if (hash && owner.name.endsWith(`-${hash}`)) return { kind: 'Deployment', name: owner.name.slice(0, -hash.length - 1) };
  return { kind: 'ReplicaSet', name: owner.name };
}

// ---- HorizontalPodAutoscaler (autoscaling/v2) ----

/** Quantity.String(): the canonical form; `<nil>` for a missing quantity, as Go prints a nil *Quantity. */
export function quantityString(q: unknown): string {
  if (q === undefined || q === null) return '<nil>';
  const p = parseQuantity(q as string | number);
  return p.ok ? canonicalQuantity(p) : String(q);
}

/** The TARGETS cell piece of one metric (formatHPAMetrics), with its name and parts. */
export function hpaMetricCell(spec: k8s.V2MetricSpec, status: k8s.V2MetricStatus | undefined): Omit<AutoscalerMetric, 'unknownReason'> {
  const unknown = '<unknown>';
  switch (spec.type) {
    case 'External': {
      const t = spec.external?.target;
      const name = spec.external?.metric?.name ?? 'external';
      if (t?.averageValue !== undefined && t?.averageValue !== null) {
        const current = status?.external?.current?.averageValue != null ? quantityString(status.external.current.averageValue) : undefined;
        const target = quantityString(t.averageValue);
        return { name, text: `${current ?? unknown}/${target} (avg)`, current, target };
      }
      const current = status?.external ? quantityString(status.external.current?.value) : undefined;
      const target = quantityString(t?.value);
      return { name, text: `${current ?? unknown}/${target}`, current, target };
    }
    case 'Pods': {
      const name = spec.pods?.metric?.name ?? 'pods';
      const current = status?.pods ? quantityString(status.pods.current?.averageValue) : undefined;
      const target = quantityString(spec.pods?.target?.averageValue);
      return { name, text: `${current ?? unknown}/${target}`, current, target };
    }
    case 'Object': {
      const t = spec.object?.target;
      const name = spec.object?.metric?.name ?? 'object';
      if (t?.averageValue !== undefined && t?.averageValue !== null) {
        const current = status?.object?.current?.averageValue != null ? quantityString(status.object.current.averageValue) : undefined;
        const target = quantityString(t.averageValue);
        return { name, text: `${current ?? unknown}/${target} (avg)`, current, target };
      }
      const current = status?.object ? quantityString(status.object.current?.value) : undefined;
      const target = quantityString(t?.value);
      return { name, text: `${current ?? unknown}/${target}`, current, target };
    }
    case 'Resource':
    case 'ContainerResource': {
      const src = spec.type === 'Resource' ? spec.resource : spec.containerResource;
      const st = spec.type === 'Resource' ? status?.resource : status?.containerResource;
      const name = src?.name ?? '';
      const t = src?.target;
      if (t?.averageValue !== undefined && t?.averageValue !== null) {
        const current = st ? quantityString(st.current?.averageValue) : undefined;
        const target = quantityString(t.averageValue);
        return { name, text: `${name}: ${current ?? unknown}/${target}`, current, target };
      }
      const util = st?.current?.averageUtilization;
      const current = st && util !== undefined && util !== null ? `${util}%` : undefined;
      const target = t?.averageUtilization !== undefined && t?.averageUtilization !== null ? `${t.averageUtilization}%` : '<auto>';
      return { name, text: `${name}: ${current ?? unknown}/${target}`, current, target };
    }
    default:
      return { name: String(spec.type ?? ''), text: '<unknown type>', target: '' };
  }
}

/** The TARGETS column of `kubectl get hpa`: the first two metrics, then `+ N more...`. */
export function hpaTargets(hpa: k8s.V2HorizontalPodAutoscaler): string {
  const specs = hpa.spec?.metrics ?? [];
  if (specs.length === 0) return '<none>';
  const statuses = hpa.status?.currentMetrics ?? [];
  const cells = specs.map((s, i) => hpaMetricCell(s, statuses[i]).text);
  const shown = cells.slice(0, 2).join(', ');
  return cells.length > 2 ? `${shown} + ${cells.length - 2} more...` : shown;
}

function conditionsOf(list: { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: Date | string }[] | undefined): AutoscalerCondition[] {
  return (list ?? []).map((c) => {
    const out: AutoscalerCondition = { type: c.type, status: c.status };
    if (c.reason) out.reason = c.reason;
    if (c.message) out.message = c.message;
    const t = c.lastTransitionTime;
    if (t) out.lastTransitionTime = t instanceof Date ? t.toISOString() : String(t);
    return out;
  });
}

/** Why a metric shows `<unknown>`: the failing condition (ScalingActive, then AbleToScale) in one line. */
export function unknownReason(conditions: AutoscalerCondition[]): string {
  const failing = conditions.find((c) => c.type === 'ScalingActive' && c.status === 'False') ?? conditions.find((c) => c.type === 'AbleToScale' && c.status === 'False');
  if (failing) return [failing.reason, failing.message].filter(Boolean).join(': ');
  if (!conditions.length) return 'the HPA controller has not processed this HPA yet (no conditions)';
  return 'no current value reported yet by the HPA controller';
}

export function hpaRow(hpa: k8s.V2HorizontalPodAutoscaler): AutoscalerRow {
  const conditions = conditionsOf(hpa.status?.conditions);
  const statuses = hpa.status?.currentMetrics ?? [];
  const metrics: AutoscalerMetric[] = (hpa.spec?.metrics ?? []).map((s, i) => {
    const cell: AutoscalerMetric = hpaMetricCell(s, statuses[i]);
    if (cell.current === undefined) cell.unknownReason = unknownReason(conditions);
    return cell;
  });
  const ref = hpa.spec?.scaleTargetRef;
  const row: AutoscalerRow = {
    kind: 'HorizontalPodAutoscaler',
    namespace: hpa.metadata?.namespace ?? '',
    name: hpa.metadata?.name ?? '',
    target: { ...(ref?.apiVersion ? { apiVersion: ref.apiVersion } : {}), kind: ref?.kind ?? '', name: ref?.name ?? '' },
    metrics,
    targets: hpaTargets(hpa),
    maxReplicas: hpa.spec?.maxReplicas,
    currentReplicas: hpa.status?.currentReplicas ?? 0,
    conditions,
    atMax: false,
  };
  if (hpa.spec?.minReplicas !== undefined) row.minReplicas = hpa.spec.minReplicas;
  if (hpa.status?.desiredReplicas !== undefined) row.desiredReplicas = hpa.status.desiredReplicas;
  row.atMax = isAtMax(conditions, row.currentReplicas, row.maxReplicas);
  return row;
}

function isAtMax(conditions: AutoscalerCondition[], current: number | undefined, max: number | undefined): boolean {
  const limited = conditions.some((c) => c.type === 'ScalingLimited' && c.status === 'True' && c.reason === 'TooManyReplicas');
  return limited || (current !== undefined && max !== undefined && max > 0 && current >= max);
}

// ---- KEDA ScaledObject (keda.sh/v1alpha1) ----

export interface ScaledObject {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
  spec?: {
    scaleTargetRef?: { apiVersion?: string; kind?: string; name?: string };
    minReplicaCount?: number;
    maxReplicaCount?: number;
    triggers?: { type?: string; name?: string; metricType?: string; metadata?: Record<string, string> }[];
    advanced?: { horizontalPodAutoscalerConfig?: { name?: string } };
  };
  status?: { hpaName?: string; conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

/** The name of the HPA KEDA makes for a ScaledObject. */
export function kedaHpaName(so: ScaledObject): string {
  return so.status?.hpaName || so.spec?.advanced?.horizontalPodAutoscalerConfig?.name || `keda-hpa-${so.metadata?.name ?? ''}`;
}

/**
 * A ScaledObject with its triggers; values come from the HPA KEDA made (`hpa`), matched per
 * trigger: cpu/memory triggers to the Resource metric, others to the External metric `s<index>-…`.
 */
export function scaledObjectRow(so: ScaledObject, hpa?: k8s.V2HorizontalPodAutoscaler): AutoscalerRow {
  const hpaRowValue = hpa ? hpaRow(hpa) : undefined;
  const specs = hpa?.spec?.metrics ?? [];
  const conditions = [...conditionsOf(so.status?.conditions), ...(hpaRowValue?.conditions ?? [])];
  const metrics: AutoscalerMetric[] = (so.spec?.triggers ?? []).map((t, i) => {
    const type = t.type ?? '';
    let index = -1;
    if (type === 'cpu' || type === 'memory') index = specs.findIndex((s) => s.type === 'Resource' && s.resource?.name === type);
    else index = specs.findIndex((s) => s.type === 'External' && (s.external?.metric?.name ?? '').startsWith(`s${i}-`));
    const m = index >= 0 ? hpaRowValue?.metrics[index] : undefined;
    if (m) return { ...m, name: t.name || m.name };
    const target = t.metadata?.value ?? t.metadata?.threshold ?? t.metadata?.targetValue ?? '';
    const name = t.name || type;
    return { name, text: `${name}: <unknown>/${target || '?'}`, target, unknownReason: hpa ? unknownReason(conditions) : `the HPA ${kedaHpaName(so)} that KEDA makes for this ScaledObject does not exist` };
  });
  const ref = so.spec?.scaleTargetRef;
  const row: AutoscalerRow = {
    kind: 'ScaledObject',
    namespace: so.metadata?.namespace ?? '',
    name: so.metadata?.name ?? '',
    target: { ...(ref?.apiVersion ? { apiVersion: ref.apiVersion } : {}), kind: ref?.kind || 'Deployment', name: ref?.name ?? '' },
    metrics,
    minReplicas: so.spec?.minReplicaCount ?? 0,
    maxReplicas: so.spec?.maxReplicaCount ?? 100,
    conditions,
    atMax: hpaRowValue?.atMax ?? false,
  };
  if (hpaRowValue) {
    row.hpaName = hpaRowValue.name;
    row.currentReplicas = hpaRowValue.currentReplicas;
    row.targets = hpaRowValue.targets;
    if (hpaRowValue.desiredReplicas !== undefined) row.desiredReplicas = hpaRowValue.desiredReplicas;
  }
  return row;
}

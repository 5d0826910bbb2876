// Pod rows: `kubectl top pod` usage, % of request over the containers the HPA counts, and the
// STATUS and RESTARTS columns of `kubectl get pods` (printPod, pkg/printers/internalversion, Kubernetes 1.33).
import type * as k8s from '@kubernetes/client-node';
import { milliValue, wholeValue } from '../../k8s/quantity';
import { countedContainers, isRestartable, type PodMetrics, type VerticalPodAutoscaler } from '../objects';
import type { Amounts, ContainerRow, PodRow } from '../types';
import { nanos, percent, podUsageAmounts, usageAmounts, usageRoundsTo } from './amounts';
import { containerRecommendation } from './vpa';

/**
 * A pod's metrics as its row shows them: the pod's usage (summed exactly, then rounded once) and each container's, as
 * kubectl reads them. A session keeps these instead of the PodMetrics: numbers compare without parsing the quantities
 * again at every read, and the rows share the amounts (never changed once made).
 */
export interface UsageSample {
  usage: Amounts;
  containers: { name: string; usage: Amounts }[];
}

export function usageSample(m: Pick<PodMetrics, 'containers'>): UsageSample {
  const containers = (m.containers ?? []).map((c) => ({ name: c.name, usage: usageAmounts(c.usage) }));
  // One container (most pods): its usage is the pod's, rounded the same; the quantities are not parsed twice.
  return { usage: containers.length === 1 ? containers[0].usage : podUsageAmounts(m), containers };
}

const sameAmounts = (a: Amounts | undefined, b: Amounts | undefined) => a?.cpuMilli === b?.cpuMilli && a?.memoryBytes === b?.memoryBytes;

/**
 * Whether `m` would make a sample that shows what `sample` does (sameSample(sample, usageSample(m))), without making
 * it for a pod of one container: a read keeps a new sample only for the pods whose usage moved.
 */
export function sampleShows(sample: UsageSample, m: Pick<PodMetrics, 'containers'>): boolean {
  const containers = m.containers ?? [];
  if (containers.length !== sample.containers.length) return false;
  for (let i = 0; i < containers.length; i++) {
    const held = sample.containers[i];
    if (containers[i].name !== held.name || !usageRoundsTo(held.usage, containers[i].usage)) return false;
  }
  return containers.length === 1 || sameAmounts(podUsageAmounts(m), sample.usage);
}

/** Whether two samples show the same: the pod's usage and each container's, in the same order. */
export function sameSample(a: UsageSample, b: UsageSample): boolean {
  if (!sameAmounts(a.usage, b.usage) || a.containers.length !== b.containers.length) return false;
  return a.containers.every((c, i) => c.name === b.containers[i].name && sameAmounts(c.usage, b.containers[i].usage));
}

export interface PodRowOptions {
  workload?: { kind: string; name: string };
  metrics?: PodMetrics;
  /** The pod's metrics as a sample (usageSample); given, `metrics` is not read. */
  usage?: UsageSample;
  /** The VerticalPodAutoscaler of the pod's workload: its recommendation goes beside each container's requests. */
  vpa?: VerticalPodAutoscaler;
  /** Whether a pod without metrics is too new for them (see `metricsExpected`). */
  now?: number;
  /** How long after a container starts metrics may still be missing; default 90 s. */
  pendingWindowMs?: number;
}

export const METRICS_PENDING_WINDOW_MS = 90_000;

export function podRow(pod: k8s.V1Pod, opts: PodRowOptions = {}): PodRow {
  const { status, restarts } = podStatus(pod);
  const sample = opts.usage ?? (opts.metrics && usageSample(opts.metrics));
  // Requests summed in nano-units, then rounded once (as the HPA's Quantity sums); undefined if any container lacks one.
  let cpuReq: bigint | undefined = 0n;
  let memReq: bigint | undefined = 0n;
  // Limits the same way: a container without one leaves the pod without a total (k9s shows n/a then).
  let cpuLim: bigint | undefined = 0n;
  let memLim: bigint | undefined = 0n;
  const containers: ContainerRow[] = countedContainers(pod).map((c) => {
    const r = c.resources?.requests ?? {};
    const cpu = nanos(r.cpu);
    const memory = nanos(r.memory);
    cpuReq = cpuReq === undefined || cpu === undefined ? undefined : cpuReq + cpu;
    memReq = memReq === undefined || memory === undefined ? undefined : memReq + memory;
    const l = c.resources?.limits ?? {};
    const cpuLimit = nanos(l.cpu);
    const memoryLimit = nanos(l.memory);
    cpuLim = cpuLim === undefined || cpuLimit === undefined ? undefined : cpuLim + cpuLimit;
    memLim = memLim === undefined || memoryLimit === undefined ? undefined : memLim + memoryLimit;
    const request: ContainerRow['request'] = {};
    if (cpu !== undefined) request.cpuMilli = Number(milliValue({ nanos: cpu }));
    if (memory !== undefined) request.memoryBytes = Number(wholeValue({ nanos: memory }));
    const row: ContainerRow = { name: c.name, request };
    if (sample) setContainerUsage(row, sample);
    const recommendation = opts.vpa && containerRecommendation(opts.vpa, c.name);
    if (recommendation) row.recommendation = recommendation;
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
  const created = time(pod.metadata?.creationTimestamp);
  if (created !== undefined) row.createdAt = new Date(created).toISOString();
  const limit: PodRow['request'] = {};
  if (cpuLim !== undefined && containers.length) limit.cpuMilli = Number(milliValue({ nanos: cpuLim }));
  if (memLim !== undefined && containers.length) limit.memoryBytes = Number(wholeValue({ nanos: memLim }));
  if (limit.cpuMilli !== undefined || limit.memoryBytes !== undefined) row.limit = limit;
  if (sample) {
    setPodUsage(row, sample);
  } else if (metricsPending(pod, opts.now ?? Date.now(), opts.pendingWindowMs ?? METRICS_PENDING_WINDOW_MS)) {
    row.metrics = 'pending';
  }
  return row;
}

/**
 * The row of the same pod with another usage sample: what `podRow(pod, { ...opts, usage })` makes, computed from the
 * row (its requests, limits and containers) instead of the pod. A metrics read changes usage only; 22,000 rows
 * recomputed from their pods every read were most of an idle Cluster view's CPU.
 */
export function podRowWithUsage(row: PodRow, sample: UsageSample): PodRow {
  const next: PodRow = { ...row, containers: row.containers.map((c) => setContainerUsage({ ...c }, sample)) };
  return setPodUsage(next, sample);
}

/** Whether `sample` would change what `row` shows: the pod's or a counted container's usage, as kubectl rounds it. */
export function podUsageChanged(row: PodRow, sample: UsageSample): boolean {
  if (!sameAmounts(sample.usage, row.usage)) return true;
  return row.containers.some((c) => !sameAmounts(sample.containers.find((x) => x.name === c.name)?.usage, c.usage));
}

/** A counted container's usage from the pod's sample (none when metrics do not name it). */
function setContainerUsage(row: ContainerRow, sample: UsageSample): ContainerRow {
  const m = sample.containers.find((x) => x.name === row.name);
  if (m) row.usage = m.usage;
  else delete row.usage;
  return row;
}

/** The pod's usage (summed over every container metrics name) and its shares of the request and limit. */
function setPodUsage(row: PodRow, sample: UsageSample): PodRow {
  const u = sample.usage;
  row.usage = u;
  row.metrics = 'ok';
  if (row.request.cpuMilli) row.cpuPercentOfRequest = percent(u.cpuMilli, row.request.cpuMilli);
  if (row.request.memoryBytes) row.memoryPercentOfRequest = percent(u.memoryBytes, row.request.memoryBytes);
  if (row.limit?.cpuMilli) row.cpuPercentOfLimit = percent(u.cpuMilli, row.limit.cpuMilli);
  if (row.limit?.memoryBytes) row.memoryPercentOfLimit = percent(u.memoryBytes, row.limit.memoryBytes);
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

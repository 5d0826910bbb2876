// Each metric's replica proposal, as the HPA controller of Kubernetes v1.33.13 computes it
// (pkg/controller/podautoscaler/replica_calculator.go and metrics/utilization.go of that tag).
// Pure arithmetic over explicit inputs (pods, their metric values in milli-units, the clock), so the
// doctor, the HPA panel and the tests replay the controller's decision on the data they read.
// Integer steps mirror Go's: int64 division truncates, math.Ceil rounds the replica counts up.

/** The controller's defaults (kube-controller-manager flags, cmd/kube-controller-manager/app/options). */
export const DEFAULT_TOLERANCE = 0.1;
export const DEFAULT_CPU_INITIALIZATION_SECONDS = 5 * 60;
export const DEFAULT_INITIAL_READINESS_DELAY_SECONDS = 30;

export interface Tolerances {
  scaleDown: number;
  scaleUp: number;
}

export const defaultTolerances = (): Tolerances => ({ scaleDown: DEFAULT_TOLERANCE, scaleUp: DEFAULT_TOLERANCE });

/** Tolerances.isWithin: a ratio this close to 1 keeps the current count. */
export const isWithinTolerance = (t: Tolerances, ratio: number) => 1 - t.scaleDown <= ratio && ratio <= 1 + t.scaleUp;

/** One pod the scale selector matches, with what groupPods and calculatePodRequests read of it. Times in ms. */
export interface PodInput {
  name: string;
  phase?: string;
  deleting?: boolean;
  /** The Ready condition; undefined when the pod has none. */
  ready?: { status: string; lastTransitionTime?: number };
  startTime?: number;
  /** Sum of the counted containers' requests in milli-units (Resource metrics); a string names a container without one. */
  request?: number | string;
  /** The pod's metric (milli-units) with the sample's time and window; undefined: no metric for this pod. */
  metric?: { value: number; timestamp?: number; windowMs?: number };
}

export interface GroupOptions {
  now: number;
  cpuInitializationSeconds?: number;
  initialReadinessDelaySeconds?: number;
}

export interface PodGroups {
  readyPodCount: number;
  unready: string[];
  missing: string[];
  ignored: string[];
}

/** groupPods (replica_calculator.go): which pods count, which wait (unready) and which have no metric. */
export function groupPods(pods: PodInput[], isCpu: boolean, opts: GroupOptions): PodGroups {
  const cpuInit = (opts.cpuInitializationSeconds ?? DEFAULT_CPU_INITIALIZATION_SECONDS) * 1000;
  const readinessDelay = (opts.initialReadinessDelaySeconds ?? DEFAULT_INITIAL_READINESS_DELAY_SECONDS) * 1000;
  const out: PodGroups = { readyPodCount: 0, unready: [], missing: [], ignored: [] };
  for (const pod of pods) {
    if (pod.deleting || pod.phase === 'Failed') {
      out.ignored.push(pod.name);
      continue;
    }
    if (pod.phase === 'Pending') {
      out.unready.push(pod.name);
      continue;
    }
    if (!pod.metric) {
      out.missing.push(pod.name);
      continue;
    }
    // Only CPU samples are distrusted while a pod starts (its start-up burns CPU the load did not cause).
    if (isCpu) {
      let unready: boolean;
      const cond = pod.ready;
      if (!cond || pod.startTime === undefined) unready = true;
      else if (pod.startTime + cpuInit > opts.now) {
        const transition = cond.lastTransitionTime ?? 0;
        unready = cond.status === 'False' || (pod.metric.timestamp ?? 0) < transition + (pod.metric.windowMs ?? 0);
      } else {
        unready = cond.status === 'False' && pod.startTime + readinessDelay > (cond.lastTransitionTime ?? 0);
      }
      if (unready) {
        out.unready.push(pod.name);
        continue;
      }
    }
    out.readyPodCount++;
  }
  return out;
}

/** Why a proposal equals the current count although the ratio is not 1. */
export type HeldReason = 'tolerance' | 'direction-change' | 'pod-count-direction';

export interface MetricProposal {
  replicas: number;
  /** current / target as the controller compared it (before filling in pods without metrics). */
  usageRatio: number;
  /** The ratio after pods without metrics and unready pods were filled in, when they were. */
  adjustedRatio?: number;
  /** What status.currentMetrics shows: utilization % for Utilization targets, else the milli-value. */
  current: number;
  /** Pods the ratio was applied to. */
  podCount?: number;
  groups?: PodGroups;
  /** Set when the proposal keeps the current count for a reason other than a ratio of exactly 1. */
  held?: HeldReason;
  /** ceil(ratio × pods) had the controller not held it. */
  unheld?: number;
  /** With pods unready or without metrics: ceil(first ratio × every pod not ignored), what the average alone suggests. */
  naive?: number;
}

export type ProposalResult = { ok: true; proposal: MetricProposal } | { ok: false; error: string };

const NO_PODS = 'no pods returned by selector while calculating replica count';
const NO_METRICS = 'did not receive metrics for targeted pods (pods might be unready)';

/**
 * GetResourceReplicas (replica_calculator.go) with GetResourceUtilizationRatio (metrics/utilization.go):
 * a Resource or ContainerResource metric with a Utilization target.
 */
export function resourceUtilizationReplicas(currentReplicas: number, targetUtilization: number, pods: PodInput[], isCpu: boolean, tolerances: Tolerances, opts: GroupOptions): ProposalResult {
  if (!pods.some((p) => p.metric)) return { ok: false, error: 'no metrics returned from resource metrics API' };
  if (!pods.length) return { ok: false, error: NO_PODS };
  const groups = groupPods(pods, isCpu, opts);
  const skip = new Set([...groups.ignored, ...groups.unready]);
  const metrics = new Map(pods.filter((p) => p.metric && !skip.has(p.name)).map((p) => [p.name, p.metric!.value]));
  if (!metrics.size) return { ok: false, error: NO_METRICS };
  const requests = new Map<string, number>();
  for (const pod of pods) {
    if (typeof pod.request === 'string') return { ok: false, error: `missing request in container ${pod.request} of Pod ${pod.name}` };
    requests.set(pod.name, pod.request ?? 0);
  }
  const first = utilizationRatio(metrics, requests, targetUtilization);
  if (!first.ok) return first;
  const fallbackUtilization = Math.max(100, targetUtilization);
  return finish(
    currentReplicas,
    first.ratio,
    first.utilization,
    groups,
    tolerances,
    metrics,
    (name) => Math.trunc(((requests.get(name) ?? 0) * fallbackUtilization) / 100),
    (m) => {
      const again = utilizationRatio(m, requests, targetUtilization);
      return again.ok ? again.ratio : NaN;
    },
  );
}

/** calcPlainMetricReplicas (replica_calculator.go): Resource AverageValue targets and Pods metrics. */
export function plainMetricReplicas(currentReplicas: number, targetUsage: number, pods: PodInput[], isCpu: boolean, tolerances: Tolerances, opts: GroupOptions): ProposalResult {
  if (!pods.length) return { ok: false, error: NO_PODS };
  const groups = groupPods(pods, isCpu, opts);
  const skip = new Set([...groups.ignored, ...groups.unready]);
  const metrics = new Map(pods.filter((p) => p.metric && !skip.has(p.name)).map((p) => [p.name, p.metric!.value]));
  if (!metrics.size) return { ok: false, error: NO_METRICS };
  const first = usageRatio(metrics, targetUsage);
  // On a scale-down a pod without a metric counts as using exactly the target.
  return finish(
    currentReplicas,
    first.ratio,
    first.usage,
    groups,
    tolerances,
    metrics,
    () => targetUsage,
    (m) => usageRatio(m, targetUsage).ratio,
  );
}

/** The part GetResourceReplicas and calcPlainMetricReplicas share: tolerance, then filling in pods without a usable metric. */
function finish(
  currentReplicas: number,
  ratio: number,
  current: number,
  groups: PodGroups,
  tolerances: Tolerances,
  metrics: Map<string, number>,
  scaleDownFill: (pod: string) => number,
  ratioOf: (m: Map<string, number>) => number,
): ProposalResult {
  const base = { usageRatio: ratio, current, groups };
  const scaleUpWithUnready = groups.unready.length > 0 && ratio > 1;
  if (!scaleUpWithUnready && !groups.missing.length) {
    const unheld = Math.ceil(ratio * groups.readyPodCount);
    if (isWithinTolerance(tolerances, ratio)) return ok({ ...base, replicas: currentReplicas, podCount: groups.readyPodCount, ...(unheld !== currentReplicas ? { held: 'tolerance', unheld } : {}) });
    return ok({ ...base, replicas: unheld, podCount: groups.readyPodCount });
  }
  if (groups.missing.length) {
    // Scale-down: a pod without metrics uses 100 % of its request (plain metrics: the target); scale-up: 0.
    for (const pod of groups.missing) {
      if (ratio < 1) metrics.set(pod, scaleDownFill(pod));
      else if (ratio > 1) metrics.set(pod, 0);
    }
  }
  if (scaleUpWithUnready) for (const pod of groups.unready) metrics.set(pod, 0);
  const adjusted = ratioOf(metrics);
  if (Number.isNaN(adjusted)) return { ok: false, error: 'no metrics returned matched known pods' };
  const unheld = Math.ceil(adjusted * metrics.size);
  const naive = Math.ceil(ratio * (groups.readyPodCount + groups.missing.length + groups.unready.length));
  const withAdjusted = { ...base, adjustedRatio: adjusted, podCount: metrics.size, naive };
  if (isWithinTolerance(tolerances, adjusted)) return ok({ ...withAdjusted, replicas: currentReplicas, ...(unheld !== currentReplicas ? { held: 'tolerance', unheld } : {}) });
  if ((ratio < 1 && adjusted > 1) || (ratio > 1 && adjusted < 1)) return ok({ ...withAdjusted, replicas: currentReplicas, held: 'direction-change', unheld });
  if ((adjusted < 1 && unheld > currentReplicas) || (adjusted > 1 && unheld < currentReplicas)) return ok({ ...withAdjusted, replicas: currentReplicas, held: 'pod-count-direction', unheld });
  return ok({ ...withAdjusted, replicas: unheld });
}

const ok = (proposal: MetricProposal): ProposalResult => ({ ok: true, proposal });

/** GetResourceUtilizationRatio: the utilization is a truncated integer percentage before it is divided by the target. */
export function utilizationRatio(
  metrics: Map<string, number>,
  requests: Map<string, number>,
  targetUtilization: number,
): { ok: true; ratio: number; utilization: number } | { ok: false; error: string } {
  let metricsTotal = 0;
  let requestsTotal = 0;
  for (const [pod, value] of metrics) {
    const request = requests.get(pod);
    if (request === undefined) continue;
    metricsTotal += value;
    requestsTotal += request;
  }
  if (requestsTotal === 0) return { ok: false, error: 'no metrics returned matched known pods' };
  const utilization = Math.trunc((metricsTotal * 100) / requestsTotal);
  return { ok: true, ratio: utilization / targetUtilization, utilization };
}

/** GetMetricUsageRatio: the per-pod average (truncated) over the target. */
export function usageRatio(metrics: Map<string, number>, targetUsage: number): { ratio: number; usage: number } {
  let total = 0;
  for (const v of metrics.values()) total += v;
  const usage = Math.trunc(total / metrics.size);
  return { ratio: usage / targetUsage, usage };
}

/**
 * getUsageRatioReplicaCount (replica_calculator.go), behind GetObjectMetricReplicas (Object, Value target) and
 * GetExternalMetricReplicas (External, Value target; usage is the sum of the series): the ratio times the
 * ready pods (Running with Ready=True, getReadyPodsCount); at 0 replicas, ceil(ratio) (scale from zero).
 */
export function valueMetricReplicas(specReplicas: number, usage: number, targetUsage: number, pods: { total: number; ready: number }, tolerances: Tolerances): ProposalResult {
  const readyPodCount = pods.ready;
  const ratio = usage / targetUsage;
  if (specReplicas === 0) return ok({ replicas: Math.ceil(ratio), usageRatio: ratio, current: usage });
  const unheld = Math.ceil(ratio * readyPodCount);
  if (isWithinTolerance(tolerances, ratio))
    return ok({ replicas: specReplicas, usageRatio: ratio, current: usage, podCount: readyPodCount, ...(unheld !== specReplicas ? { held: 'tolerance', unheld } : {}) });
  if (pods.total === 0) return { ok: false, error: NO_PODS };
  return ok({ replicas: unheld, usageRatio: ratio, current: usage, podCount: readyPodCount });
}

/**
 * GetObjectPerPodMetricReplicas / GetExternalPerPodMetricReplicas (AverageValue targets of Object and External
 * metrics): the total over the target per pod, compared with status.replicas (not the ready pods).
 */
export function averageValueMetricReplicas(statusReplicas: number, usage: number, targetAverage: number, tolerances: Tolerances): ProposalResult {
  const ratio = usage / (targetAverage * statusReplicas);
  const unheld = Math.ceil(usage / targetAverage);
  const perPod = Math.ceil(usage / statusReplicas);
  if (isWithinTolerance(tolerances, ratio))
    return ok({ replicas: statusReplicas, usageRatio: ratio, current: perPod, podCount: statusReplicas, ...(unheld !== statusReplicas ? { held: 'tolerance', unheld } : {}) });
  return ok({ replicas: unheld, usageRatio: ratio, current: perPod, podCount: statusReplicas });
}

/** Running with Ready=True: the pods getReadyPodsCount counts. */
export const isReadyRunning = (pod: PodInput) => pod.phase === 'Running' && pod.ready?.status === 'True';

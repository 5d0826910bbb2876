// Over 450 lines because it follows one controller pass in order (reconcileAutoscaler → computeReplicasForMetrics →
// normalizeDesiredReplicas) with each step's text beside it; split, the order a reader checks against horizontal.go is lost.
// Replays the HPA controller's decision on live objects: the HPA, the target's pods and their
// metrics.k8s.io samples, and the recommendations and rescales when known. Returns the reasoning as
// data a view renders (each metric's proposal, the highest, then each limit that changed it) plus a
// one-line summary (`desired 5 · held at 6 by scale-down window until 14:32:05`). The arithmetic is
// core/k8s/hpaController (replica_calculator.go and horizontal.go of Kubernetes v1.33.13); this file
// only turns API objects into its inputs, as reconcileAutoscaler and computeReplicasForMetric do.
import type * as k8s from '@kubernetes/client-node';
import {
  averageValueMetricReplicas,
  defaultTolerances,
  isReadyRunning,
  plainMetricReplicas,
  resourceUtilizationReplicas,
  valueMetricReplicas,
  type MetricProposal,
  type PodInput,
  type ProposalResult,
  type Tolerances,
} from '../k8s/hpaController/replicaCalculator';
import { normalize, type Behavior, type Condition, type LimitStep, type Recommendation, type ScaleEvent } from '../k8s/hpaController/normalize';
import { milliValue, parseQuantity } from '../k8s/quantity';
import { msg, type Message } from '../l10n';
import { clauseJoin, orJoin, type Part } from '../l10n/lists';
import { cpuText, memoryText } from './format';
import { countedContainers, type PodMetrics } from './objects';

/** kube-controller-manager flags that change the arithmetic; the upstream defaults when not given. */
export interface ControllerSettings {
  tolerance?: number;
  cpuInitializationSeconds?: number;
  initialReadinessDelaySeconds?: number;
  downscaleStabilizationSeconds?: number;
}

export interface ReplayInput {
  hpa: k8s.V2HorizontalPodAutoscaler;
  /** Pods the target's selector matches (terminating and failed ones may be included: they are ignored). */
  pods: k8s.V1Pod[];
  /** metrics.k8s.io PodMetrics of those pods; undefined: not read (Resource metrics then come from the HPA status). */
  podMetrics?: PodMetrics[];
  /**
   * Values of the Pods, Object and External metrics read just now from custom.metrics.k8s.io and
   * external.metrics.k8s.io, by the index of the metric in spec.metrics; a metric without an entry (or with an
   * error) is replayed from the HPA status.
   */
  metricValues?: (MetricValues | undefined)[];
  /** The target's scale.spec.replicas; default status.currentReplicas (the controller writes it there). */
  specReplicas?: number;
  /** The target's scale.status.replicas (AverageValue Object/External metrics divide by it); default specReplicas. */
  statusReplicas?: number;
  recommendations?: Recommendation[];
  scaleUpEvents?: ScaleEvent[];
  scaleDownEvents?: ScaleEvent[];
  now: number;
  controller?: ControllerSettings;
}

/** What the custom or external metrics API answered for one metric of an HPA, in milli-units. */
export type MetricValues =
  /** Pods metric: one value per pod the API returned (GetRawMetric), with its time and window. */
  | { kind: 'pods'; values: { pod: string; value: number; timestamp?: number; windowMs?: number }[] }
  /** Object metric: the object's value (GetObjectMetric); External metric: the sum of its series (GetExternalMetric). */
  | { kind: 'total'; value: number; series: number }
  /** The read failed: the replay falls back to the HPA status and shows why. */
  | { kind: 'error'; error: string | Message };

export interface MetricStep {
  /** `cpu`, `memory`, a custom metric's name. */
  name: string;
  /** `cpu 92 % / 60 % × 3 pods → 5`, or why it has no proposal. */
  text: Message;
  /**
   * Where the values came from: the pods' own samples (metrics.k8s.io, or the custom metrics API for a Pods
   * metric), the custom or external metrics API (Object, External), or the HPA status (the controller's last reading).
   */
  source: 'pods' | 'api' | 'status';
  /** Why the metric API's values could not be used, when the step fell back to the status. */
  readError?: string | Message;
  proposal?: MetricProposal;
  error?: string;
}

/** Why the count is not what the metrics alone would give. */
export type HeldCause = 'tolerance' | 'unready-pods' | 'missing-metrics' | LimitStep['kind'] | 'replicas-outside-range' | 'scaling-disabled';

export interface Replay {
  currentReplicas: number;
  metrics: MetricStep[];
  /** The highest proposal (computeReplicasForMetrics); undefined when no metric gives one. */
  proposal?: number;
  limits: LimitStep[];
  /** Each limit as a short text, in the order applied. */
  limitTexts: Part[];
  desiredReplicas: number;
  ableToScale?: Condition;
  scalingLimited?: Condition;
  /** Every cause that kept the count away from the unheld metrics' answer. */
  held: HeldCause[];
  /** The chain as one line per step: metrics, `max → n`, limits (templates, rendered where they are shown). */
  chain: Part[];
  summary: Message;
}

const CPU = 'cpu';

/** HH:MM:SS in UTC: what the doctor prints; views pass their own (local time). */
export const utcClock = (ms: number) => new Date(ms).toISOString().slice(11, 19);

export function replayHpa(input: ReplayInput, clock: (ms: number) => string = utcClock): Replay {
  const { hpa, now } = input;
  const spec = hpa.spec;
  const currentReplicas = input.specReplicas ?? hpa.status?.currentReplicas ?? 0;
  const minReplicas = spec?.minReplicas ?? 1;
  const maxReplicas = spec?.maxReplicas ?? 0;
  const held: HeldCause[] = [];
  const done = (r: Omit<Replay, 'chain' | 'summary' | 'held'>, summary: Message): Replay => ({
    ...r,
    held,
    chain: [...r.metrics.map((m) => m.text), ...(r.proposal !== undefined && r.metrics.length > 1 ? [`max → ${r.proposal}`] : []), ...r.limitTexts],
    summary,
  });

  // reconcileAutoscaler: these three cases never look at the metrics.
  if (currentReplicas === 0 && minReplicas !== 0) {
    held.push('scaling-disabled');
    return done({ currentReplicas, metrics: [], limits: [], limitTexts: [], desiredReplicas: 0 }, msg('scaling disabled: the target has 0 replicas'));
  }
  if (currentReplicas > maxReplicas || currentReplicas < minReplicas) {
    const desired = currentReplicas > maxReplicas ? maxReplicas : minReplicas;
    held.push('replicas-outside-range');
    const args = { current: currentReplicas, desired, max: maxReplicas, min: minReplicas };
    const above = currentReplicas > maxReplicas;
    return done(
      {
        currentReplicas,
        metrics: [],
        limits: [],
        limitTexts: [above ? msg('{current} replicas above maxReplicas {max} → {desired}', args) : msg('{current} replicas below minReplicas {min} → {desired}', args)],
        desiredReplicas: desired,
      },
      above ? msg('desired {desired} · {current} replicas are above maxReplicas {max}', args) : msg('desired {desired} · {current} replicas are below minReplicas {min}', args),
    );
  }

  const tolerances = defaultTolerances();
  if (input.controller?.tolerance !== undefined) tolerances.scaleDown = tolerances.scaleUp = input.controller.tolerance;
  const statusReplicas = input.statusReplicas ?? currentReplicas;
  const metrics = (spec?.metrics ?? []).map((m, i) =>
    withReadError(metricStep(m, hpa.status?.currentMetrics?.[i], input.metricValues?.[i], input, currentReplicas, statusReplicas, tolerances), input.metricValues?.[i]),
  );

  // computeReplicasForMetrics: the highest proposal wins; failures stop a scale-down, not a scale-up.
  let proposal: number | undefined;
  for (const m of metrics) if (m.proposal && (proposal === undefined || proposal === 0 || m.proposal.replicas > proposal)) proposal = m.proposal.replicas;
  const invalid = metrics.filter((m) => m.error).length;
  if (proposal === undefined || invalid >= metrics.length || (invalid > 0 && proposal < currentReplicas)) {
    const first = metrics.find((m) => m.error);
    const summary = first?.error ? msg('no replica count computed: {error}', { error: first.error }) : msg('no replica count computed: no metrics');
    return done({ currentReplicas, metrics, limits: [], limitTexts: [], desiredReplicas: currentReplicas }, summary);
  }

  const winner = metrics.find((m) => m.proposal?.replicas === proposal);
  const p = winner?.proposal;
  // Pods without metrics or not ready, and the tolerance, count only when they changed the answer inside min..max
  // (beyond it maxReplicas or minReplicas decides anyway).
  const clamp = (n: number) => Math.min(maxReplicas, Math.max(minReplicas, n));
  if (p?.naive !== undefined && clamp(p.naive) !== clamp(p.replicas) && p.groups) {
    if (p.groups.missing.length) held.push('missing-metrics');
    if (p.groups.unready.length && p.usageRatio > 1) held.push('unready-pods');
  } else if (p?.held === 'tolerance' && p.unheld !== undefined && clamp(p.unheld) !== clamp(p.replicas)) held.push('tolerance');

  const normalized = normalize({
    currentReplicas,
    proposal,
    minReplicas,
    maxReplicas,
    behavior: behaviorOf(spec?.behavior),
    recommendations: input.recommendations ?? [],
    scaleUpEvents: input.scaleUpEvents,
    scaleDownEvents: input.scaleDownEvents,
    now,
    downscaleStabilizationSeconds: input.controller?.downscaleStabilizationSeconds,
  });
  held.push(...normalized.steps.map((s) => s.kind));
  const limitTexts = normalized.steps.map((s) => limitText(s, clock));
  const desired = normalized.desiredReplicas;
  const last = normalized.steps[normalized.steps.length - 1];
  const args = { proposal, desired, current: currentReplicas };
  const summary = last
    ? 'until' in last && last.until !== undefined
      ? msg('desired {proposal} · held at {desired} by {limit} until {time}', { ...args, limit: limitName(last), time: clock(last.until) })
      : msg('desired {proposal} · held at {desired} by {limit}', { ...args, limit: limitName(last) })
    : desired !== currentReplicas
      ? msg('desired {proposal} · scaling {current} → {desired}', args)
      : held.includes('tolerance')
        ? msg('desired {proposal} · held at {desired} by the {tolerance} % tolerance', { ...args, tolerance: Math.round(tolerances.scaleUp * 100) })
        : held.includes('missing-metrics')
          ? msg('desired {proposal} · held at {desired} by pods without metrics', args)
          : held.includes('unready-pods')
            ? msg('desired {proposal} · held at {desired} by unready pods', args)
            : msg('desired {proposal} · steady', args);
  return done(
    { currentReplicas, metrics, proposal, limits: normalized.steps, limitTexts, desiredReplicas: desired, ableToScale: normalized.ableToScale, scalingLimited: normalized.scalingLimited },
    summary,
  );
}

/** A step replayed from the HPA status because the metric API's read failed says so. */
function withReadError(s: MetricStep, read: MetricValues | undefined): MetricStep {
  return read?.kind === 'error' && s.source === 'status' ? { ...s, readError: read.error } : s;
}

function metricStep(
  m: k8s.V2MetricSpec,
  status: k8s.V2MetricStatus | undefined,
  read: MetricValues | undefined,
  input: ReplayInput,
  current: number,
  statusReplicas: number,
  tolerances: Tolerances,
): MetricStep {
  const opts = { now: input.now, cpuInitializationSeconds: input.controller?.cpuInitializationSeconds, initialReadinessDelaySeconds: input.controller?.initialReadinessDelaySeconds };
  const pods = { total: input.pods.length, ready: input.pods.map((p) => podInput(p)).filter(isReadyRunning).length };
  if (m.type === 'Resource' || m.type === 'ContainerResource') {
    const source = m.type === 'Resource' ? m.resource : m.containerResource;
    const name = source?.name ?? '';
    const container = m.type === 'ContainerResource' ? m.containerResource?.container : undefined;
    const target = source?.target;
    const isCpu = name === CPU;
    const label = container ? `${name} (${container})` : name;
    if (input.podMetrics) {
      const inputs = input.pods.map((p) => podInput(p, name, container, input.podMetrics));
      if (target?.averageValue !== undefined) {
        const targetMilli = milli(target.averageValue);
        const r = plainMetricReplicas(current, targetMilli, inputs, isCpu, tolerances, opts);
        return step(label, 'pods', r, (pr) => `${label} ${amount(name, pr.current)} / ${amount(name, targetMilli)}`);
      }
      if (target?.averageUtilization !== undefined) {
        const util = target.averageUtilization;
        const r = resourceUtilizationReplicas(current, util, inputs, isCpu, tolerances, opts);
        return step(label, 'pods', r, (pr) => `${label} ${pr.current} % / ${util} %`);
      }
      return { name: label, text: msg('{metric}: neither an average utilization target nor an average value target', { metric: label }), source: 'pods', error: 'invalid resource metric source' };
    }
    // No samples read: the controller's last reading (status) over the ready pods, without the per-pod rules.
    const now = m.type === 'Resource' ? status?.resource?.current : status?.containerResource?.current;
    if (target?.averageUtilization !== undefined && now?.averageUtilization !== undefined) {
      const util = target.averageUtilization;
      const r = valueMetricReplicas(current, now.averageUtilization, util, pods, tolerances);
      return step(label, 'status', r, () => `${label} ${now.averageUtilization} % / ${util} %`);
    }
    if (target?.averageValue !== undefined && now?.averageValue !== undefined) {
      const t = milli(target.averageValue);
      const r = valueMetricReplicas(current, milli(now.averageValue), t, pods, tolerances);
      return step(label, 'status', r, (pr) => `${label} ${amount(name, pr.current)} / ${amount(name, t)}`);
    }
    return { name: label, text: msg('{metric}: no current value in the HPA status', { metric: label }), source: 'status', error: 'no current value' };
  }
  if (m.type === 'Pods') {
    const name = m.pods?.metric?.name ?? '';
    const now = status?.pods?.current?.averageValue;
    const t = m.pods?.target?.averageValue;
    if (read?.kind === 'pods' && t !== undefined) {
      // GetMetricReplicas → calcPlainMetricReplicas: the pods' own values, grouped like Resource metrics (not CPU).
      // The controller's own error text (GetMetricReplicas), quoted as it writes it.
      const error = 'no metrics returned from custom metrics API';
      if (!read.values.length) return { name, text: msg('{metric}: {error}', { metric: name, error }), source: 'pods', error };
      const byPod = new Map(read.values.map((v) => [v.pod, v]));
      const inputs = input.pods.map((p) => {
        const one = podInput(p);
        const v = byPod.get(one.name);
        return v ? { ...one, metric: { value: v.value, timestamp: v.timestamp, windowMs: v.windowMs } } : one;
      });
      const r = plainMetricReplicas(current, milli(t), inputs, false, tolerances, opts);
      return step(name, 'pods', r, (pr) => perPod(name, amount(name, pr.current), amount(name, milli(t))));
    }
    if (now === undefined || t === undefined) return { name, text: msg('{metric}: no current value in the HPA status', { metric: name }), source: 'status', error: 'no current value' };
    const r = valueMetricReplicas(current, milli(now), milli(t), pods, tolerances);
    return step(name, 'status', r, (pr) => perPod(name, amount(name, pr.current), amount(name, milli(t))));
  }
  if (m.type === 'Object' || m.type === 'External') {
    const spec = m.type === 'Object' ? m.object : m.external;
    const now = m.type === 'Object' ? status?.object?.current : status?.external?.current;
    const name = spec?.metric?.name ?? '';
    const target = spec?.target;
    // Object prefers Value, External prefers AverageValue (computeStatusForObjectMetric / ...ExternalMetric).
    const useValue = m.type === 'Object' ? target?.type === 'Value' && target.value !== undefined : target?.averageValue === undefined && target?.value !== undefined;
    if (read?.kind === 'total' && (useValue || target?.averageValue !== undefined)) {
      // GetObjectMetricReplicas / GetExternalMetricReplicas (Value: ratio × ready pods) or their PerPod variants
      // (AverageValue: the total over the target per pod, against status.replicas), on the value read just now.
      const t = milli(useValue ? target!.value! : target!.averageValue!);
      const r = useValue ? valueMetricReplicas(current, read.value, t, pods, tolerances) : averageValueMetricReplicas(statusReplicas, read.value, t, tolerances);
      const summed = m.type === 'External' && read.series > 1;
      return step(name, 'api', r, (pr) => {
        const args = { metric: name, current: amount(name, pr.current), target: amount(name, t), series: read.series };
        if (summed) return useValue ? msg('{metric} {current} (sum of {series} series) / {target}', args) : msg('{metric} {current} (sum of {series} series) / {target} per pod', args);
        return useValue ? `${name} ${args.current} / ${args.target}` : perPod(name, args.current, args.target);
      });
    }
    if (useValue && now?.value !== undefined) {
      const t = milli(target!.value!);
      const r = valueMetricReplicas(current, milli(now.value), t, pods, tolerances);
      return step(name, 'status', r, (pr) => `${name} ${amount(name, pr.current)} / ${amount(name, t)}`);
    }
    if (!useValue && target?.averageValue !== undefined && now?.averageValue !== undefined) {
      const t = milli(target.averageValue);
      // status shows ceil(total / status.replicas): the total is read back from it.
      const r = averageValueMetricReplicas(statusReplicas, milli(now.averageValue) * statusReplicas, t, tolerances);
      return step(name, 'status', r, (pr) => perPod(name, amount(name, pr.current), amount(name, t)));
    }
    return { name, text: msg('{metric}: no current value in the HPA status', { metric: name }), source: 'status', error: 'no current value' };
  }
  return { name: String(m.type), text: msg('unknown metric source type "{type}"', { type: String(m.type) }), source: 'status', error: `unknown metric source type "${m.type}"` };
}

/** `requests 25 / 100 per pod`: a value per pod against a target per pod. */
const perPod = (metric: string, current: string, target: string) => msg('{metric} {current} / {target} per pod', { metric, current, target });

function step(name: string, source: MetricStep['source'], r: ProposalResult, head: (p: MetricProposal) => Part): MetricStep {
  if (!r.ok) return { name, text: msg('{metric}: {error}', { metric: name, error: r.error }), source, error: r.error };
  const p = r.proposal;
  const g = p.groups;
  const notes: Message[] = [];
  if (p.naive !== undefined && p.naive !== p.replicas) notes.push(msg('{naive} over all {pods} by the average alone', { naive: p.naive, pods: podCount(p.podCount ?? 0) }));
  if (g?.missing.length && p.adjustedRatio !== undefined) {
    const pods = podCount(g.missing.length);
    notes.push(p.usageRatio < 1 ? msg('{pods} without metrics counted as using 100 % of the request (the target)', { pods }) : msg('{pods} without metrics counted as 0', { pods }));
  }
  if (g?.unready.length && p.usageRatio > 1) notes.push(g.unready.length === 1 ? msg('1 unready pod counted as 0') : msg('{count} unready pods counted as 0', { count: g.unready.length }));
  const held = { unheld: p.unheld ?? p.replicas, replicas: p.replicas };
  if (p.held === 'tolerance') notes.push(msg('{unheld} is within the tolerance: held at {replicas}', held));
  if (p.held === 'direction-change') notes.push(msg('{unheld} would reverse the direction: held at {replicas}', held));
  if (p.held === 'pod-count-direction') notes.push(msg('{unheld} would move against the metric: held at {replicas}', held));
  const args = { head: head(p), to: p.held ? (p.unheld ?? p.replicas) : p.replicas, notes: clauseJoin(notes) };
  const text =
    p.podCount !== undefined
      ? notes.length
        ? msg('{head} × {pods} → {to} ({notes})', { ...args, pods: podCount(p.podCount) })
        : msg('{head} × {pods} → {to}', { ...args, pods: podCount(p.podCount) })
      : notes.length
        ? msg('{head} → {to} ({notes})', args)
        : msg('{head} → {to}', args);
  return { name, source, proposal: p, text };
}

const podCount = (n: number): Message => (n === 1 ? msg('1 pod') : msg('{count} pods', { count: n }));

function limitName(s: LimitStep): Part {
  switch (s.kind) {
    case 'scale-down-window':
      return msg('scale-down window');
    case 'scale-up-window':
      return msg('scale-up window');
    case 'scale-up-policy':
      return msg('scale-up policy');
    case 'scale-down-policy':
      return msg('scale-down policy');
    case 'scale-up-limit':
      return msg('the scale-up limit');
    case 'max':
      return 'maxReplicas';
    case 'min':
      return 'minReplicas';
  }
}

export function limitText(s: LimitStep, clock: (ms: number) => string = utcClock): Part {
  switch (s.kind) {
    case 'scale-down-window':
    case 'scale-up-window': {
      const args = { limit: limitName(s), seconds: s.windowSeconds, to: s.to };
      return s.until !== undefined ? msg('{limit} {seconds} s → {to} until {time}', { ...args, time: clock(s.until) }) : msg('{limit} {seconds} s → {to}', args);
    }
    case 'scale-up-policy':
    case 'scale-down-policy': {
      const each = s.policies.map((p): Part => {
        const args = { value: p.value, period: p.periodSeconds };
        return p.type === 'Percent' ? `${p.value} %/${p.periodSeconds} s` : p.value === 1 ? msg('1 pod/{period} s', args) : msg('{value} pods/{period} s', args);
      });
      // selectPolicy Min takes the policy that allows the least change, so the alternatives read "or (Min)".
      const policies = s.selectPolicy === 'Min' ? each.reduceRight((rest, first) => msg('{first} or (Min) {rest}', { first, rest })) : orJoin(each);
      return msg('{limit} {policies} → {to}', { limit: limitName(s), policies, to: s.to });
    }
    case 'scale-up-limit':
      return msg('scale-up limit max(2 × current, 4) → {to}', { to: s.to });
    case 'max':
      return `maxReplicas → ${s.to}`;
    case 'min':
      return `minReplicas → ${s.to}`;
  }
}

/** The behavior as the API holds it, in the calculator's shape. */
export function behaviorOf(b: k8s.V2HorizontalPodAutoscalerBehavior | undefined): Behavior | undefined {
  if (!b) return undefined;
  const rules = (r: k8s.V2HPAScalingRules | undefined) =>
    r && {
      stabilizationWindowSeconds: r.stabilizationWindowSeconds,
      selectPolicy: r.selectPolicy as 'Max' | 'Min' | 'Disabled' | undefined,
      policies: r.policies?.map((p) => ({ type: p.type as 'Pods' | 'Percent', value: p.value, periodSeconds: p.periodSeconds })),
    };
  return { scaleUp: rules(b.scaleUp), scaleDown: rules(b.scaleDown) };
}

const milli = (q: string | number) => {
  const parsed = parseQuantity(q);
  return parsed.ok ? Number(milliValue(parsed)) : NaN;
};

/** A milli-value as the resource is usually written: `250m` CPU, `128Mi` memory, a plain number otherwise. */
function amount(resource: string, value: number): string {
  if (resource === CPU) return cpuText(value);
  if (resource === 'memory') return memoryText(value / 1000);
  return String(Math.round(value) / 1000);
}

const ms = (t: Date | string | undefined) => (t === undefined ? undefined : new Date(t).getTime());
const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };
/** A Go duration as metav1.Duration writes it (`10.5s`, `1m0s`). */
export function durationMs(w: string | undefined): number | undefined {
  if (!w || !/^(\d+(\.\d+)?(h|m|s|ms|us|µs|ns))+$/.test(w)) return undefined;
  let total = 0;
  for (const [, n, unit] of w.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)) total += Number(n) * UNIT_MS[unit];
  return total;
}

/** What groupPods and calculatePodRequests read of a pod, with its sample of `resource` (summed over containers, or one container). */
export function podInput(pod: k8s.V1Pod, resource?: string, container?: string, metrics?: PodMetrics[]): PodInput {
  const name = pod.metadata?.name ?? '';
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  const out: PodInput = {
    name,
    phase: pod.status?.phase,
    deleting: !!pod.metadata?.deletionTimestamp,
    ready: ready && { status: ready.status, lastTransitionTime: ms(ready.lastTransitionTime) },
    startTime: ms(pod.status?.startTime),
  };
  if (!resource) return out;
  let request = 0;
  for (const c of countedContainers(pod)) {
    if (container && c.name !== container) continue;
    const q = c.resources?.requests?.[resource];
    if (q === undefined) {
      out.request = c.name;
      break;
    }
    request += milli(q);
  }
  if (out.request === undefined) out.request = request;
  const sample = metrics?.find((m) => m.metadata.name === name && (!m.metadata.namespace || m.metadata.namespace === pod.metadata?.namespace));
  if (sample) {
    // getPodMetrics / getContainerMetrics (metrics/client.go): a container without the resource drops the pod.
    const chosen = container ? sample.containers.filter((c) => c.name === container) : sample.containers;
    const values = chosen.map((c) => c.usage[resource]);
    if (chosen.length && values.every((v) => v !== undefined)) {
      out.metric = { value: values.reduce((n, v) => n + milli(v!), 0), timestamp: ms(sample.timestamp), windowMs: durationMs(sample.window) };
    }
  }
  return out;
}

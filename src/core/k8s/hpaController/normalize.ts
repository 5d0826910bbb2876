// From the metrics' proposal to the count the HPA controller sets, as horizontal.go of Kubernetes v1.33.13
// does it: without `behavior`, normalizeDesiredReplicas (scale-down stabilization over the
// --horizontal-pod-autoscaler-downscale-stabilization window, then min/max and the 2×/4 scale-up limit);
// with `behavior`, normalizeDesiredReplicasWithBehaviors (both stabilization windows, then the policies
// and min/max). The controller keeps its recommendations and scale events in memory; here they are
// inputs, known or reconstructed by the caller (the panel watching the HPA, the rescale events).

// The `behavior` defaults and the policy arithmetic live here only: k8s/hpaBehavior.ts reads them from manifests
// for hover and lint and computes its examples with scaleLimit and policyLimit.

/** kube-controller-manager defaults: --horizontal-pod-autoscaler-downscale-stabilization and --horizontal-pod-autoscaler-sync-period. */
export const DEFAULT_DOWNSCALE_STABILIZATION_SECONDS = 300;
export const SYNC_PERIOD_SECONDS = 15;

export type Direction = 'scaleUp' | 'scaleDown';
export type SelectPolicy = 'Max' | 'Min' | 'Disabled';

export interface ScalingPolicy {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

/** One direction's rules as the API carries them: what is absent is defaulted (defaultRules). */
export interface ScalingRules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: SelectPolicy;
  policies?: ScalingPolicy[];
}

export type DefaultedRules = Required<ScalingRules>;

export interface Behavior {
  scaleUp?: ScalingRules;
  scaleDown?: ScalingRules;
}

/** One recommendation the controller made (a metrics proposal before normalization), at `at` ms. */
export interface Recommendation {
  replicas: number;
  at: number;
}

/** One rescale the controller made: `change` pods added (scale-up) or removed (scale-down), at `at` ms. */
export interface ScaleEvent {
  change: number;
  at: number;
}

export interface NormalizeInput {
  currentReplicas: number;
  /** The metrics' proposal (computeReplicasForMetrics: the highest over metrics). */
  proposal: number;
  minReplicas: number;
  maxReplicas: number;
  behavior?: Behavior;
  /** The controller's earlier recommendations for this HPA (the current one is added here). */
  recommendations: Recommendation[];
  scaleUpEvents?: ScaleEvent[];
  scaleDownEvents?: ScaleEvent[];
  now: number;
  downscaleStabilizationSeconds?: number;
}

/** A limit that moved the count, in the order the controller applies them. */
export type LimitStep =
  | { kind: 'scale-down-window' | 'scale-up-window'; from: number; to: number; windowSeconds: number; until?: number }
  | { kind: 'scale-up-policy' | 'scale-down-policy'; from: number; to: number; policies: ScalingPolicy[]; selectPolicy: string }
  | { kind: 'scale-up-limit'; from: number; to: number }
  | { kind: 'max' | 'min'; from: number; to: number };

export interface Condition {
  status: 'True' | 'False';
  reason: string;
  message: string;
}

export interface Normalized {
  desiredReplicas: number;
  steps: LimitStep[];
  /** The conditions the controller sets (AbleToScale after a successful get of the scale, ScalingLimited). */
  ableToScale: Condition;
  scalingLimited: Condition;
}

/**
 * The API server's defaults of one direction (pkg/apis/autoscaling/v2/defaults.go defaultHPAScaleUpRules,
 * defaultHPAScaleDownRules); the scale-down window comes from the controller's flag (maybeInitScaleDownStabilizationWindow).
 */
export function defaultRules(direction: Direction, downscaleSeconds = DEFAULT_DOWNSCALE_STABILIZATION_SECONDS): DefaultedRules {
  return direction === 'scaleUp'
    ? {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [
          { type: 'Pods', value: 4, periodSeconds: 15 },
          { type: 'Percent', value: 100, periodSeconds: 15 },
        ],
      }
    : { stabilizationWindowSeconds: downscaleSeconds, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };
}

/** Each direction's rules with what the HPA leaves out defaulted, field by field. */
export function defaultedBehavior(b: Behavior, downscaleSeconds = DEFAULT_DOWNSCALE_STABILIZATION_SECONDS): { scaleUp: DefaultedRules; scaleDown: DefaultedRules } {
  const fill = (direction: Direction): DefaultedRules => {
    const defaults = defaultRules(direction, downscaleSeconds);
    const set = b[direction];
    return {
      stabilizationWindowSeconds: set?.stabilizationWindowSeconds ?? defaults.stabilizationWindowSeconds,
      selectPolicy: set?.selectPolicy ?? defaults.selectPolicy,
      policies: set?.policies ?? defaults.policies,
    };
  };
  return { scaleUp: fill('scaleUp'), scaleDown: fill('scaleDown') };
}

const STABILIZED_DOWN = {
  reason: 'ScaleDownStabilized',
  message: 'recent recommendations were higher than current one, applying the highest recent recommendation',
};
const STABILIZED_UP = { reason: 'ScaleUpStabilized', message: 'recent recommendations were lower than current one, applying the lowest recent recommendation' };
const READY = { reason: 'ReadyForNewScale', message: 'recommended size matches current size' };
const WITHIN = { reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
const TOO_MANY = { reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' };
const TOO_FEW = { reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' };
const UP_LIMIT = { reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' };
const DOWN_LIMIT = { reason: 'ScaleDownLimit', message: 'the desired replica count is decreasing faster than the maximum scale rate' };

export function normalize(input: NormalizeInput): Normalized {
  return input.behavior ? withBehaviors(input, input.behavior) : withoutBehaviors(input);
}

/** The moment the held value stops holding: the newest recommendation that sets it leaves the window. */
function windowEnd(recs: Recommendation[], held: number, windowSeconds: number, cutoff: number): number | undefined {
  const times = recs.filter((r) => r.replicas === held && r.at > cutoff).map((r) => r.at);
  return times.length ? Math.max(...times) + windowSeconds * 1000 : undefined;
}

/** normalizeDesiredReplicas with stabilizeRecommendation and convertDesiredReplicasWithRules. */
function withoutBehaviors(input: NormalizeInput): Normalized {
  const windowSeconds = input.downscaleStabilizationSeconds ?? DEFAULT_DOWNSCALE_STABILIZATION_SECONDS;
  const cutoff = input.now - windowSeconds * 1000;
  // stabilizeRecommendation: samples before the cutoff are old (Before: strictly earlier), the rest count.
  const stabilized = Math.max(input.proposal, ...input.recommendations.filter((r) => !(r.at < cutoff)).map((r) => r.replicas));
  const steps: LimitStep[] = [];
  if (stabilized !== input.proposal) {
    steps.push({ kind: 'scale-down-window', from: input.proposal, to: stabilized, windowSeconds, until: windowEnd(input.recommendations, stabilized, windowSeconds, cutoff - 1) });
  }
  const ableToScale = { status: 'True' as const, ...(stabilized !== input.proposal ? STABILIZED_DOWN : READY) };
  // calculateScaleUpLimit: max(2 × current, 4) when no behavior is set.
  const scaleUpLimit = Math.trunc(Math.max(2 * input.currentReplicas, 4));
  const upper = input.maxReplicas > scaleUpLimit ? { value: scaleUpLimit, ...UP_LIMIT, kind: 'scale-up-limit' as const } : { value: input.maxReplicas, ...TOO_MANY, kind: 'max' as const };
  let desired = stabilized;
  let limited = WITHIN;
  if (stabilized < input.minReplicas) {
    desired = input.minReplicas;
    limited = TOO_FEW;
    steps.push({ kind: 'min', from: stabilized, to: desired });
  } else if (stabilized > upper.value) {
    desired = upper.value;
    limited = upper;
    steps.push({ kind: upper.kind, from: stabilized, to: desired });
  }
  return { desiredReplicas: desired, steps, ableToScale, scalingLimited: { status: desired === stabilized ? 'False' : 'True', reason: limited.reason, message: limited.message } };
}

/** normalizeDesiredReplicasWithBehaviors: stabilizeRecommendationWithBehaviors, then convertDesiredReplicasWithBehaviorRate. */
function withBehaviors(input: NormalizeInput, raw: Behavior): Normalized {
  const b = defaultedBehavior(raw, input.downscaleStabilizationSeconds);
  const upWindow = b.scaleUp.stabilizationWindowSeconds;
  const downWindow = b.scaleDown.stabilizationWindowSeconds;
  const upCutoff = input.now - upWindow * 1000;
  const downCutoff = input.now - downWindow * 1000;
  let up = input.proposal;
  let down = input.proposal;
  // rec.timestamp.After(cutoff): strictly later.
  for (const r of input.recommendations) {
    if (r.at > upCutoff) up = Math.min(up, r.replicas);
    if (r.at > downCutoff) down = Math.max(down, r.replicas);
  }
  let stabilized = input.currentReplicas;
  if (stabilized < up) stabilized = up;
  if (stabilized > down) stabilized = down;
  const steps: LimitStep[] = [];
  if (stabilized !== input.proposal) {
    const downward = input.proposal < input.currentReplicas;
    const windowSeconds = downward ? downWindow : upWindow;
    const cutoff = downward ? downCutoff : upCutoff;
    steps.push({
      kind: downward ? 'scale-down-window' : 'scale-up-window',
      from: input.proposal,
      to: stabilized,
      windowSeconds,
      until: windowEnd(input.recommendations, stabilized, windowSeconds, cutoff),
    });
  }
  // The reason names the direction of the proposal against the current count, as upstream does.
  const ableToScale = { status: 'True' as const, ...(stabilized === input.proposal ? READY : input.proposal >= input.currentReplicas ? STABILIZED_UP : STABILIZED_DOWN) };

  const current = input.currentReplicas;
  let desired = stabilized;
  let limited = WITHIN;
  if (stabilized > current) {
    const rules = b.scaleUp;
    let limit = scaleLimit('scaleUp', rules, current, input.scaleUpEvents ?? [], input.scaleDownEvents ?? [], input.now);
    if (limit < current) limit = current;
    const byPolicy = input.maxReplicas > limit;
    const allowed = byPolicy ? limit : input.maxReplicas;
    if (stabilized > allowed) {
      desired = allowed;
      limited = byPolicy ? UP_LIMIT : TOO_MANY;
      steps.push(byPolicy ? { kind: 'scale-up-policy', from: stabilized, to: allowed, policies: rules.policies, selectPolicy: rules.selectPolicy } : { kind: 'max', from: stabilized, to: allowed });
    }
  } else if (stabilized < current) {
    const rules = b.scaleDown;
    let limit = scaleLimit('scaleDown', rules, current, input.scaleUpEvents ?? [], input.scaleDownEvents ?? [], input.now);
    if (limit > current) limit = current;
    const byPolicy = input.minReplicas < limit;
    const allowed = byPolicy ? limit : input.minReplicas;
    if (stabilized < allowed) {
      desired = allowed;
      limited = byPolicy ? DOWN_LIMIT : TOO_FEW;
      steps.push(byPolicy ? { kind: 'scale-down-policy', from: stabilized, to: allowed, policies: rules.policies, selectPolicy: rules.selectPolicy } : { kind: 'min', from: stabilized, to: allowed });
    }
  }
  return { desiredReplicas: desired, steps, ableToScale, scalingLimited: { status: desired === stabilized ? 'False' : 'True', reason: limited.reason, message: limited.message } };
}

/** getReplicasChangePerPeriod: the changes strictly inside the last `periodSeconds`. */
function changeInPeriod(periodSeconds: number, events: readonly ScaleEvent[], now: number): number {
  const cutoff = now - periodSeconds * 1000;
  return events.filter((e) => e.at > cutoff).reduce((n, e) => n + e.change, 0);
}

/**
 * The count one policy allows from the count at the start of its period: a Percent scale-up rounds up (math.Ceil, or a
 * small workload would never grow), a Percent scale-down truncates (int32 of a float64), in float64 arithmetic as here.
 */
export function policyLimit(direction: Direction, policy: ScalingPolicy, periodStartReplicas: number): number {
  if (direction === 'scaleUp') return policy.type === 'Pods' ? periodStartReplicas + policy.value : Math.ceil(periodStartReplicas * (1 + policy.value / 100));
  return policy.type === 'Pods' ? periodStartReplicas - policy.value : Math.trunc(periodStartReplicas * (1 - policy.value / 100));
}

/**
 * The furthest count the policies allow now (calculateScaleUpLimitWithScalingRules, calculateScaleDownLimitWithBehaviors):
 * each policy counts from the replicas at the start of its period, what changed since taken back; `Max` picks the
 * largest change, `Min` the smallest, `Disabled` none. A limit behind `current` holds the count
 * (convertDesiredReplicasWithBehaviorRate), which is the caller's to apply.
 */
export function scaleLimit(
  direction: Direction,
  rules: Pick<DefaultedRules, 'selectPolicy' | 'policies'>,
  current: number,
  ups: readonly ScaleEvent[],
  downs: readonly ScaleEvent[],
  now: number,
): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const limits = rules.policies.map((p) => policyLimit(direction, p, current - changeInPeriod(p.periodSeconds, ups, now) + changeInPeriod(p.periodSeconds, downs, now)));
  const largestChange = direction === 'scaleUp' ? Math.max(...limits) : Math.min(...limits);
  const smallestChange = direction === 'scaleUp' ? Math.min(...limits) : Math.max(...limits);
  return rules.selectPolicy === 'Max' ? largestChange : smallestChange;
}

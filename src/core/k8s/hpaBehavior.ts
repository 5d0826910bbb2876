// An HPA's `spec.behavior` read from a manifest (an HPA, or a KEDA ScaledObject's HPA config): the rules of each
// direction with the API server's defaults filled in, the bounds its validation accepts
// (pkg/apis/autoscaling/validation/validation.go), and where a demand that lasts drives the count. The defaults and
// the policy arithmetic are the controller mirror's (hpaController/normalize.ts); hover explains, lint flags.
import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import { isHpa, isScaledObject, version } from '../manifest/kinds';
import { isTemplatedValue, nodeAt, type ManifestDoc } from '../manifest/model';
import { defaultRules, scaleLimit, SYNC_PERIOD_SECONDS, type DefaultedRules, type Direction, type ScaleEvent, type ScalingPolicy } from './hpaController/normalize';

/** One direction's rules as a manifest sets them, defaults filled in. */
export interface ManifestRules extends DefaultedRules {
  /** The fields absent from the manifest, which the API server (or, for the scale-down window, the controller) fills. */
  defaulted: Set<'stabilizationWindowSeconds' | 'selectPolicy' | 'policies'>;
}

/** validation.go MaxPeriodSeconds and MaxStabilizationWindowSeconds. */
export const MAX_PERIOD_SECONDS = 1800;
export const MAX_STABILIZATION_WINDOW_SECONDS = 3600;
/** How far sustainedScaling looks ahead: 6 h, where an example has long made its point. */
export const SCALING_HORIZON_SECONDS = 6 * 3600;

/**
 * Where a document keeps an HPA behavior: an HPA's `spec.behavior` (autoscaling/v2 and v2beta2; earlier versions have
 * no such field), or a KEDA ScaledObject's `spec.advanced.horizontalPodAutoscalerConfig.behavior`, which KEDA copies
 * into the HPA it makes.
 */
export function behaviorPath(doc: ManifestDoc): string[] | undefined {
  if (isHpa(doc)) return ['v2', 'v2beta2'].includes(version(doc.apiVersion)) ? ['spec', 'behavior'] : undefined;
  return isScaledObject(doc) ? ['spec', 'advanced', 'horizontalPodAutoscalerConfig', 'behavior'] : undefined;
}

export function behaviorOf(doc: ManifestDoc): YAMLMap | undefined {
  const path = behaviorPath(doc);
  const node = path && nodeAt(doc.root, path);
  return isMap(node) ? node : undefined;
}

/** A plain integer the manifest holds at `path`; undefined when absent, templated or not an integer. */
export function integerAt(node: unknown, path: (string | number)[]): number | undefined {
  const n = nodeAt(node, path);
  if (!isScalar(n) || isTemplatedValue(n.value)) return undefined;
  return typeof n.value === 'number' && Number.isInteger(n.value) ? n.value : undefined;
}

/**
 * The rules of one direction with the defaults filled in, as the server stores them; undefined when a field present
 * cannot be read (templated, the wrong type) or is one the API server refuses: nothing can be said of it then.
 */
export function scalingRules(behavior: YAMLMap | undefined, direction: Direction): ManifestRules | undefined {
  const defaults = defaultRules(direction);
  const defaulted: ManifestRules['defaulted'] = new Set();
  const rules = nodeAt(behavior, [direction]);
  if (present(behavior, direction) && !isMap(rules)) return undefined;
  const has = (key: string) => present(rules, key);

  let window = defaults.stabilizationWindowSeconds;
  if (has('stabilizationWindowSeconds')) {
    const w = integerAt(rules, ['stabilizationWindowSeconds']);
    if (w === undefined || w < 0 || w > MAX_STABILIZATION_WINDOW_SECONDS) return undefined;
    window = w;
  } else defaulted.add('stabilizationWindowSeconds');

  let select = defaults.selectPolicy;
  if (has('selectPolicy')) {
    const s = (nodeAt(rules, ['selectPolicy']) as { value?: unknown } | undefined)?.value;
    if (s !== 'Max' && s !== 'Min' && s !== 'Disabled') return undefined;
    select = s;
  } else defaulted.add('selectPolicy');

  let policies = defaults.policies;
  if (has('policies')) {
    const seq = nodeAt(rules, ['policies']);
    if (!isSeq(seq) || seq.items.length === 0) return undefined;
    policies = [];
    for (let i = 0; i < seq.items.length; i++) {
      const p = policyAt(seq.items[i]);
      if (!p) return undefined;
      policies.push(p);
    }
  } else defaulted.add('policies');

  return { stabilizationWindowSeconds: window, selectPolicy: select, policies, defaulted };
}

/** Whether `key` is in `map` with a value (a `key:` with nothing after it is null, which the server treats as absent). */
function present(map: unknown, key: string): boolean {
  const n = nodeAt(map, [key]);
  return n !== undefined && n !== null && !(isScalar(n) && n.value === null);
}

/** One policy the API server accepts, or undefined. */
export function policyAt(node: unknown): ScalingPolicy | undefined {
  if (!isMap(node)) return undefined;
  const type = (nodeAt(node, ['type']) as { value?: unknown } | undefined)?.value;
  const value = integerAt(node, ['value']);
  const periodSeconds = integerAt(node, ['periodSeconds']);
  if (type !== 'Pods' && type !== 'Percent') return undefined;
  if (value === undefined || value <= 0 || periodSeconds === undefined || periodSeconds <= 0 || periodSeconds > MAX_PERIOD_SECONDS) return undefined;
  return { type, value, periodSeconds };
}

/** The replica bounds of the HPA, and the fields they come from, for messages. */
export interface ReplicaBounds {
  min: number;
  max: number;
  minField: string;
  maxField: string;
}

/**
 * The bounds the HPA works between, when both are usable integers with min ≤ max: an HPA's minReplicas (default 1)
 * and maxReplicas; for a ScaledObject, those of the HPA KEDA makes (kedacore/keda apis/keda/v1alpha1
 * scaledobject_types.go GetHPAMinReplicas, GetHPAMaxReplicas): minReplicaCount when above 0, else 1, and
 * maxReplicaCount, default 100. Scaling between 0 and 1 is KEDA's own, not the HPA's.
 */
export function replicaBounds(doc: ManifestDoc): ReplicaBounds | undefined {
  const spec = nodeAt(doc.root, ['spec']);
  if (!isMap(spec)) return undefined;
  const read = (key: string, absent: number) => (spec.has(key) ? integerAt(spec, [key]) : absent);
  if (isScaledObject(doc)) {
    const min = read('minReplicaCount', 0);
    const max = read('maxReplicaCount', 100);
    if (min === undefined || max === undefined || min < 0 || max < Math.max(min, 1)) return undefined;
    return min > 0 ? { min, max, minField: 'minReplicaCount', maxField: 'maxReplicaCount' } : { min: 1, max, minField: "the HPA's minReplicas", maxField: 'maxReplicaCount' };
  }
  const min = read('minReplicas', 1);
  const max = integerAt(spec, ['maxReplicas']);
  if (min === undefined || max === undefined || min < 1 || max < min) return undefined;
  return { min, max, minField: 'minReplicas', maxField: 'maxReplicas' };
}

export interface ScalingPath {
  /** Each count the controller sets, with the seconds since the first sync that could change it. */
  steps: { atSeconds: number; replicas: number }[];
  reached: boolean;
}

/**
 * The counts a demand that stays beyond the bounds drives the HPA through, from `from` to `to`, with the controller
 * syncing every `syncSeconds` (its default 15 s) and acting at once on each sync. Stops after `horizonSeconds`.
 */
export function sustainedScaling(direction: Direction, rules: ManifestRules, from: number, to: number, syncSeconds = SYNC_PERIOD_SECONDS, horizonSeconds = SCALING_HORIZON_SECONDS): ScalingPath {
  const up = direction === 'scaleUp';
  // The controller's events, at milliseconds (t × 1000) as scaleLimit counts them.
  let events: ScaleEvent[] = [];
  const longestPeriod = Math.max(...rules.policies.map((p) => p.periodSeconds));
  const steps: ScalingPath['steps'] = [];
  let current = from;
  for (let t = 0; t <= horizonSeconds && current !== to && rules.selectPolicy !== 'Disabled'; t += syncSeconds) {
    // Changes older than every period count no more (markScaleEventsOutdated): dropping them keeps each sync short.
    events = events.filter((e) => e.at > (t - longestPeriod) * 1000);
    const limit = scaleLimit(direction, rules, current, up ? events : [], up ? [] : events, t * 1000);
    // horizontal.go: a limit behind the current count (changes still in a period) holds the count where it is.
    const next = up ? Math.min(to, Math.max(limit, current)) : Math.max(to, Math.min(limit, current));
    if (next === current) continue;
    events.push({ at: t * 1000, change: Math.abs(next - current) });
    steps.push({ atSeconds: t, replicas: next });
    current = next;
  }
  return { steps, reached: current === to };
}

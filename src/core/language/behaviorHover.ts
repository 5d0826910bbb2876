// Hover on an HPA's `spec.behavior` (and a KEDA ScaledObject's, which KEDA copies into its HPA): what the stabilization
// windows, policies and selectPolicy do to the replica count, with examples computed from the document's own bounds and
// policies (k8s/hpaBehavior.ts), and the defaults the API server fills for what is left out.
import { isScaledObject } from '../manifest/kinds';
import type { ManifestDoc, PathKey } from '../manifest/model';
import { behaviorOf, behaviorPath, replicaBounds, SCALING_HORIZON_SECONDS, scalingRules, sustainedScaling, type ManifestRules, type ReplicaBounds } from '../k8s/hpaBehavior';
import { DEFAULT_DOWNSCALE_STABILIZATION_SECONDS, policyLimit, SYNC_PERIOD_SECONDS, type Direction, type ScalingPolicy } from '../k8s/hpaController/normalize';
import { plural } from '../text/plural';
import { durationText } from '../text/time';

type Bounds = ReplicaBounds | undefined;

const DEFAULTS_SOURCE = 'k8s.io/kubernetes v1.33 `pkg/apis/autoscaling/v2/defaults.go`';

/** The explanation for a path in a behavior (k8s/hpaBehavior.ts behaviorPath), or undefined elsewhere. */
export function behaviorHover(doc: ManifestDoc, path: readonly PathKey[]): string | undefined {
  const prefix = behaviorPath(doc);
  if (!prefix || prefix.some((key, i) => path[i] !== key)) return undefined;
  const behavior = behaviorOf(doc);
  const bounds = replicaBounds(doc);
  const [direction, field, index] = path.slice(prefix.length);
  if (direction === undefined) {
    const both = (['scaleUp', 'scaleDown'] as const).map((d) => {
      const rules = scalingRules(behavior, d);
      return rules ? directionText(d, rules, bounds) : undefined;
    });
    if (both.some((t) => t === undefined)) return undefined;
    const keda = isScaledObject(doc) ? [KEDA_NOTE] : [];
    return [...both, ...keda, `Fields left out take the API server's defaults (${DEFAULTS_SOURCE}).`].join('\n\n');
  }
  if (direction !== 'scaleUp' && direction !== 'scaleDown') return undefined;
  const rules = scalingRules(behavior, direction);
  if (!rules) return undefined;
  if (field === undefined || (field === 'policies' && index === undefined)) return directionText(direction, rules, bounds);
  if (field === 'stabilizationWindowSeconds') return windowText(direction, rules);
  if (field === 'selectPolicy') return selectText(direction, rules, bounds);
  if (field === 'policies' && typeof index === 'number' && rules.policies[index]) return policyText(direction, rules, index, bounds);
  return undefined;
}

const KEDA_NOTE = "KEDA copies this behavior into the HPA it makes for the ScaledObject; scaling to and from 0 is KEDA's own (activation and `cooldownPeriod`), not these rules'.";

const NAME: Record<Direction, string> = { scaleUp: 'Scale-up', scaleDown: 'Scale-down' };
const policyName = (p: ScalingPolicy) => `${p.type} ${p.value} per ${durationText(p.periodSeconds)}`;
const marked = (text: string, rules: ManifestRules, field: 'stabilizationWindowSeconds' | 'selectPolicy' | 'policies') => (rules.defaulted.has(field) ? `${text} (default)` : text);

/** The whole direction: its settings and the path a sustained demand takes between the bounds. */
function directionText(direction: Direction, rules: ManifestRules, bounds: Bounds): string {
  const settings = [
    marked(`window ${durationText(rules.stabilizationWindowSeconds)}`, rules, 'stabilizationWindowSeconds'),
    marked(rules.policies.map(policyName).join(', '), rules, 'policies'),
    marked(`selectPolicy ${rules.selectPolicy}`, rules, 'selectPolicy'),
  ].join(' · ');
  const lines = [`**${NAME[direction]}**: ${settings}`];
  if (rules.selectPolicy === 'Disabled') lines.push(disabledText(direction, bounds));
  else if (bounds && bounds.min === bounds.max) lines.push(`${bounds.minField} = ${bounds.maxField} = ${bounds.min}: the HPA never changes the count.`);
  else if (bounds) lines.push(pathText(direction, rules, bounds));
  return lines.join('\n\n');
}

/** "If the metrics keep asking for maxReplicas or more …: 1 (minReplicas) → 5 → 10 (maxReplicas), about 15 s after they start." */
function pathText(direction: Direction, rules: ManifestRules, bounds: ReplicaBounds): string {
  const up = direction === 'scaleUp';
  const [from, to] = up ? [bounds.min, bounds.max] : [bounds.max, bounds.min];
  const path = sustainedScaling(direction, rules, from, to);
  const counts = [from, ...path.steps.map((s) => s.replicas)];
  const shown = counts.length > 8 ? [...counts.slice(0, 4), '…', ...counts.slice(-2)] : counts;
  const chain = `${from} (${up ? bounds.minField : bounds.maxField}) → ${shown.slice(1).join(' → ')}${path.reached ? ` (${up ? bounds.maxField : bounds.minField})` : ''}`;
  const last = path.steps[path.steps.length - 1]?.atSeconds ?? 0;
  const window = rules.stabilizationWindowSeconds;
  const total = window + last;
  const when = total === 0 ? 'on the first sync' : `about ${durationText(total)} after they start`;
  const held = window > 0 ? ` The window holds the count for the first ${durationText(window)}.` : '';
  const reached = path.reached ? `${chain}, ${when}` : `${chain}, and still not ${to} after ${durationText(SCALING_HORIZON_SECONDS)}`;
  const ask = up ? `${bounds.max} or more` : `${bounds.min} or fewer`;
  return `If the metrics keep asking for ${ask} (the controller syncs every ${durationText(SYNC_PERIOD_SECONDS)} by default): ${reached}.${held}`;
}

function disabledText(direction: Direction, bounds: Bounds): string {
  return direction === 'scaleUp'
    ? `The HPA never adds pods because of its metrics; it only raises a count below ${bounds?.minField ?? 'minReplicas'} to it.`
    : `The HPA never removes pods because of its metrics; it only lowers a count above ${bounds?.maxField ?? 'maxReplicas'} to it.`;
}

function windowText(direction: Direction, rules: ManifestRules): string {
  const w = rules.stabilizationWindowSeconds;
  const d = durationText(w);
  const text =
    direction === 'scaleDown'
      ? w > 0
        ? `Scale-down stabilization window ${d}: the controller scales down only to the highest recommendation of the last ${d}. When the load drops, the count holds for ${d}; a dip shorter than that removes no pods.`
        : `Scale-down stabilization window 0 s: each sync's recommendation is used at once, so every dip in the metric removes pods right away (the default is ${durationText(DEFAULT_DOWNSCALE_STABILIZATION_SECONDS)}).`
      : w > 0
        ? `Scale-up stabilization window ${d}: the controller scales up only to the lowest recommendation of the last ${d}, so the count rises once the load has stayed high for ${d}.`
        : 'Scale-up stabilization window 0 s: the count rises on the first sync that recommends more (the default).';
  if (!rules.defaulted.has('stabilizationWindowSeconds')) return text;
  return direction === 'scaleDown'
    ? `${text}\n\nNot set: the controller's \`--horizontal-pod-autoscaler-downscale-stabilization\` applies, ${durationText(DEFAULT_DOWNSCALE_STABILIZATION_SECONDS)} unless the cluster sets another.`
    : `${text}\n\nNot set: the default, 0 s (${DEFAULTS_SOURCE}).`;
}

function selectText(direction: Direction, rules: ManifestRules, bounds: Bounds): string {
  if (rules.selectPolicy === 'Disabled') return `selectPolicy Disabled: ${disabledText(direction, bounds)}`;
  const largest = rules.selectPolicy === 'Max';
  const lines = [`selectPolicy ${rules.selectPolicy}: of the ${NAME[direction].toLowerCase()} policies, the one that allows the ${largest ? 'largest' : 'smallest'} change applies.`];
  if (rules.policies.length === 1) {
    lines.push('With one policy, Max and Min are the same.');
  } else {
    const from = exampleStart(direction, bounds);
    const limits = rules.policies.map((p) => policyLimit(direction, p, from));
    const up = direction === 'scaleUp';
    const chosen = largest === up ? Math.max(...limits) : Math.min(...limits);
    const each = rules.policies.map((p, i) => `${policyName(p)} → ${Math.max(limits[i], 0)}`).join('; ');
    lines.push(`From ${plural(from, 'replica')}: ${each}. ${rules.selectPolicy} allows ${up ? 'up' : 'down'} to ${Math.max(chosen, 0)}${clampNote(direction, chosen, bounds)}.`);
  }
  return lines.join(' ');
}

function policyText(direction: Direction, rules: ManifestRules, index: number, bounds: Bounds): string {
  const p = rules.policies[index];
  const up = direction === 'scaleUp';
  const period = durationText(p.periodSeconds);
  const rule =
    p.type === 'Pods'
      ? `within any ${period} the count may ${up ? 'grow' : 'shrink'} by at most ${p.value} ${p.value === 1 ? 'pod' : 'pods'}`
      : up
        ? `within any ${period} the count may grow by at most ${p.value} % of the count at the start of that ${period}, rounded up`
        : p.value >= 100
          ? `the count may fall to ${bounds?.minField ?? 'minReplicas'} at once`
          : `within any ${period} the count may shrink by at most ${p.value} % of the count at the start of that ${period} (the count left is rounded down)`;
  const from = exampleStart(direction, bounds);
  const first = policyLimit(direction, p, from);
  const second = policyLimit(direction, p, first);
  const beyond = (n: number) => (bounds ? (up ? n >= bounds.max : n <= bounds.min) : n <= 0);
  let example = `From ${plural(from, 'replica')}: ${up ? 'up' : 'down'} to ${shownCount(direction, first, bounds)}`;
  if (!beyond(first)) example += `, then ${shownCount(direction, second, bounds)} ${period} later`;
  const others =
    rules.policies.length > 1
      ? ` One of ${rules.policies.length} ${NAME[direction].toLowerCase()} policies: selectPolicy ${rules.selectPolicy} ${rules.selectPolicy === 'Disabled' ? 'turns them all off' : `applies the one allowing the ${rules.selectPolicy === 'Max' ? 'largest' : 'smallest'} change at each sync`}.`
      : '';
  return `${policyName(p)} (${NAME[direction].toLowerCase()}): ${rule}. ${example}.${others}`;
}

/** Where examples start: the lower bound when scaling up, the upper when scaling down (4 and 10 without usable bounds). */
function exampleStart(direction: Direction, bounds: Bounds): number {
  return direction === 'scaleUp' ? (bounds?.min ?? 4) : (bounds?.max ?? 10);
}

function shownCount(direction: Direction, n: number, bounds: Bounds): string {
  if (bounds && direction === 'scaleUp' && n >= bounds.max) return `${bounds.max} (${bounds.maxField} caps it)`;
  if (bounds && direction === 'scaleDown' && n <= bounds.min) return `${bounds.min} (${bounds.minField})`;
  return String(Math.max(n, 0));
}

function clampNote(direction: Direction, n: number, bounds: Bounds): string {
  if (bounds && direction === 'scaleUp' && n > bounds.max) return `, which ${bounds.maxField} caps at ${bounds.max}`;
  if (bounds && direction === 'scaleDown' && n < bounds.min) return `, which ${bounds.minField} holds at ${bounds.min}`;
  return '';
}

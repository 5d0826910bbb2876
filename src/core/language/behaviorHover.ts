// Hover on an HPA's `spec.behavior` (and a KEDA ScaledObject's, which KEDA copies into its HPA): what the stabilization
// windows, policies and selectPolicy do to the replica count, with examples computed from the document's own bounds and
// policies (k8s/hpaBehavior.ts), and the defaults the API server fills for what is left out.
// Every sentence is a template (rendered in the current language when the hover is shown); a direction, a duration and
// a policy's name are nested messages. Paragraphs are joined with blank lines, the settings with ` · `, as in English.
import { isScaledObject } from '../manifest/kinds';
import type { ManifestDoc, PathKey } from '../manifest/model';
import { behaviorOf, behaviorPath, replicaBounds, SCALING_HORIZON_SECONDS, scalingRules, sustainedScaling, type ManifestRules, type ReplicaBounds } from '../k8s/hpaBehavior';
import { DEFAULT_DOWNSCALE_STABILIZATION_SECONDS, policyLimit, SYNC_PERIOD_SECONDS, type Direction, type ScalingPolicy } from '../k8s/hpaController/normalize';
import { clauseJoin, listJoin, sentences, type Part } from '../l10n/lists';
import { durationMessage } from '../text/time';
import { msg, textOf, type Message } from '../l10n';

type Bounds = ReplicaBounds | undefined;

const DEFAULTS_SOURCE = 'k8s.io/kubernetes v1.33 `pkg/apis/autoscaling/v2/defaults.go`';

/** The explanation for a path in a behavior (k8s/hpaBehavior.ts behaviorPath), or undefined elsewhere. */
export function behaviorHover(doc: ManifestDoc, path: readonly PathKey[]): string | undefined {
  const paragraphs = behaviorParagraphs(doc, path);
  return paragraphs?.map((p) => textOf(p)).join('\n\n');
}

function behaviorParagraphs(doc: ManifestDoc, path: readonly PathKey[]): (string | Message)[] | undefined {
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
    return [...both.flatMap((t) => t ?? []), ...keda, msg("Fields left out take the API server's defaults ({source}).", { source: DEFAULTS_SOURCE })];
  }
  if (direction !== 'scaleUp' && direction !== 'scaleDown') return undefined;
  const rules = scalingRules(behavior, direction);
  if (!rules) return undefined;
  if (field === undefined || (field === 'policies' && index === undefined)) return directionText(direction, rules, bounds);
  if (field === 'stabilizationWindowSeconds') return windowText(direction, rules);
  if (field === 'selectPolicy') return [selectText(direction, rules, bounds)];
  if (field === 'policies' && typeof index === 'number' && rules.policies[index]) return [policyText(direction, rules, index, bounds)];
  return undefined;
}

const KEDA_NOTE = msg("KEDA copies this behavior into the HPA it makes for the ScaledObject; scaling to and from 0 is KEDA's own (activation and `cooldownPeriod`), not these rules'.");

/** The direction as a heading (`Scale-up`) and inside a sentence (`scale-up`). */
const NAME: Record<Direction, Message> = { scaleUp: msg('Scale-up'), scaleDown: msg('Scale-down') };
const LOWER_NAME: Record<Direction, Message> = { scaleUp: msg('scale-up'), scaleDown: msg('scale-down') };
const policyName = (p: ScalingPolicy) => msg('{type} {value} per {period}', { type: p.type, value: p.value, period: durationMessage(p.periodSeconds) });
const marked = (text: string | Message, rules: ManifestRules, field: 'stabilizationWindowSeconds' | 'selectPolicy' | 'policies') =>
  rules.defaulted.has(field) ? msg('{setting} (default)', { setting: text }) : text;
const replicas = (n: number) => (n === 1 ? msg('{count} replica', { count: n }) : msg('{count} replicas', { count: n }));

/** The whole direction: its settings and the path a sustained demand takes between the bounds. */
function directionText(direction: Direction, rules: ManifestRules, bounds: Bounds): (string | Message)[] {
  const settings = [
    marked(msg('window {duration}', { duration: durationMessage(rules.stabilizationWindowSeconds) }), rules, 'stabilizationWindowSeconds'),
    marked(listJoin(rules.policies.map(policyName)), rules, 'policies'),
    marked(`selectPolicy ${rules.selectPolicy}`, rules, 'selectPolicy'),
  ];
  const lines: (string | Message)[] = [msg('**{direction}**: {settings}', { direction: NAME[direction], settings: settings.map((s) => textOf(s)).join(' · ') })];
  if (rules.selectPolicy === 'Disabled') lines.push(disabledText(direction, bounds));
  else if (bounds && bounds.min === bounds.max)
    lines.push(msg('{minField} = {maxField} = {count}: the HPA never changes the count.', { minField: bounds.minField, maxField: bounds.maxField, count: bounds.min }));
  else if (bounds) lines.push(pathText(direction, rules, bounds));
  return lines;
}

/** "If the metrics keep asking for maxReplicas or more …: 1 (minReplicas) → 5 → 10 (maxReplicas), about 15 s after they start." */
function pathText(direction: Direction, rules: ManifestRules, bounds: ReplicaBounds): Message {
  const up = direction === 'scaleUp';
  const [from, to] = up ? [bounds.min, bounds.max] : [bounds.max, bounds.min];
  const path = sustainedScaling(direction, rules, from, to);
  const counts = [from, ...path.steps.map((s) => s.replicas)];
  const shown = counts.length > 8 ? [...counts.slice(0, 4), '…', ...counts.slice(-2)] : counts;
  // Counts, arrows and field names: the same in every language.
  const chain = `${from} (${up ? bounds.minField : bounds.maxField}) → ${shown.slice(1).join(' → ')}${path.reached ? ` (${up ? bounds.maxField : bounds.minField})` : ''}`;
  const last = path.steps[path.steps.length - 1]?.atSeconds ?? 0;
  const window = rules.stabilizationWindowSeconds;
  const total = window + last;
  const reached = !path.reached
    ? msg('{chain}, and still not {count} after {duration}', { chain, count: to, duration: durationMessage(SCALING_HORIZON_SECONDS) })
    : total === 0
      ? msg('{chain}, on the first sync', { chain })
      : msg('{chain}, about {duration} after they start', { chain, duration: durationMessage(total) });
  const ask = up ? msg('{count} or more', { count: bounds.max }) : msg('{count} or fewer', { count: bounds.min });
  const args = { ask, sync: durationMessage(SYNC_PERIOD_SECONDS), path: reached, window: durationMessage(window) };
  return window > 0
    ? msg('If the metrics keep asking for {ask} (the controller syncs every {sync} by default): {path}. The window holds the count for the first {window}.', args)
    : msg('If the metrics keep asking for {ask} (the controller syncs every {sync} by default): {path}.', args);
}

function disabledText(direction: Direction, bounds: Bounds): Message {
  return direction === 'scaleUp'
    ? msg('The HPA never adds pods because of its metrics; it only raises a count below {field} to it.', { field: bounds?.minField ?? 'minReplicas' })
    : msg('The HPA never removes pods because of its metrics; it only lowers a count above {field} to it.', { field: bounds?.maxField ?? 'maxReplicas' });
}

function windowText(direction: Direction, rules: ManifestRules): Message[] {
  const w = rules.stabilizationWindowSeconds;
  const args = { window: durationMessage(w), default: durationMessage(DEFAULT_DOWNSCALE_STABILIZATION_SECONDS) };
  const text =
    direction === 'scaleDown'
      ? w > 0
        ? msg(
            'Scale-down stabilization window {window}: the controller scales down only to the highest recommendation of the last {window}. When the load drops, the count holds for {window}; a dip shorter than that removes no pods.',
            args,
          )
        : msg("Scale-down stabilization window 0 s: each sync's recommendation is used at once, so every dip in the metric removes pods right away (the default is {default}).", args)
      : w > 0
        ? msg(
            'Scale-up stabilization window {window}: the controller scales up only to the lowest recommendation of the last {window}, so the count rises once the load has stayed high for {window}.',
            args,
          )
        : msg('Scale-up stabilization window 0 s: the count rises on the first sync that recommends more (the default).');
  if (!rules.defaulted.has('stabilizationWindowSeconds')) return [text];
  return direction === 'scaleDown'
    ? [text, msg("Not set: the controller's `--horizontal-pod-autoscaler-downscale-stabilization` applies, {default} unless the cluster sets another.", args)]
    : [text, msg('Not set: the default, 0 s ({source}).', { source: DEFAULTS_SOURCE })];
}

function selectText(direction: Direction, rules: ManifestRules, bounds: Bounds): Part {
  if (rules.selectPolicy === 'Disabled') return msg('selectPolicy Disabled: {effect}', { effect: disabledText(direction, bounds) });
  const largest = rules.selectPolicy === 'Max';
  const name = LOWER_NAME[direction];
  const which = largest
    ? msg('selectPolicy Max: of the {direction} policies, the one that allows the largest change applies.', { direction: name })
    : msg('selectPolicy Min: of the {direction} policies, the one that allows the smallest change applies.', { direction: name });
  if (rules.policies.length === 1) return sentences(which, msg('With one policy, Max and Min are the same.'));
  const from = exampleStart(direction, bounds);
  const limits = rules.policies.map((p) => policyLimit(direction, p, from));
  const up = direction === 'scaleUp';
  const chosen = largest === up ? Math.max(...limits) : Math.min(...limits);
  const each = clauseJoin(rules.policies.map((p, i) => msg('{policy} → {count}', { policy: policyName(p), count: Math.max(limits[i], 0) })));
  const args = { replicas: replicas(from), each, policy: rules.selectPolicy, count: Math.max(chosen, 0), field: '', limit: 0 };
  let example: Message;
  if (bounds && up && chosen > bounds.max)
    example = msg('From {replicas}: {each}. {policy} allows up to {count}, which {field} caps at {limit}.', { ...args, field: bounds.maxField, limit: bounds.max });
  else if (bounds && !up && chosen < bounds.min)
    example = msg('From {replicas}: {each}. {policy} allows down to {count}, which {field} holds at {limit}.', { ...args, field: bounds.minField, limit: bounds.min });
  else example = up ? msg('From {replicas}: {each}. {policy} allows up to {count}.', args) : msg('From {replicas}: {each}. {policy} allows down to {count}.', args);
  return sentences(which, example);
}

function policyText(direction: Direction, rules: ManifestRules, index: number, bounds: Bounds): Message {
  const p = rules.policies[index];
  const up = direction === 'scaleUp';
  const period = durationMessage(p.periodSeconds);
  const args = { period, value: p.value, field: bounds?.minField ?? 'minReplicas' };
  const rule =
    p.type === 'Pods'
      ? up
        ? p.value === 1
          ? msg('within any {period} the count may grow by at most {value} pod', args)
          : msg('within any {period} the count may grow by at most {value} pods', args)
        : p.value === 1
          ? msg('within any {period} the count may shrink by at most {value} pod', args)
          : msg('within any {period} the count may shrink by at most {value} pods', args)
      : up
        ? msg('within any {period} the count may grow by at most {value} % of the count at the start of that {period}, rounded up', args)
        : p.value >= 100
          ? msg('the count may fall to {field} at once', args)
          : msg('within any {period} the count may shrink by at most {value} % of the count at the start of that {period} (the count left is rounded down)', args);
  const from = exampleStart(direction, bounds);
  const first = policyLimit(direction, p, from);
  const second = policyLimit(direction, p, first);
  const beyond = (n: number) => (bounds ? (up ? n >= bounds.max : n <= bounds.min) : n <= 0);
  const steps = { replicas: replicas(from), count: shownCount(direction, first, bounds), next: shownCount(direction, second, bounds), period };
  const example = beyond(first)
    ? up
      ? msg('From {replicas}: up to {count}', steps)
      : msg('From {replicas}: down to {count}', steps)
    : up
      ? msg('From {replicas}: up to {count}, then {next} {period} later', steps)
      : msg('From {replicas}: down to {count}, then {next} {period} later', steps);
  const name = LOWER_NAME[direction];
  const main = { policy: policyName(p), direction: name, rule, example };
  if (rules.policies.length < 2) return msg('{policy} ({direction}): {rule}. {example}.', main);
  const others = { count: rules.policies.length, direction: name };
  const note =
    rules.selectPolicy === 'Disabled'
      ? msg('One of {count} {direction} policies: selectPolicy Disabled turns them all off.', others)
      : rules.selectPolicy === 'Max'
        ? msg('One of {count} {direction} policies: selectPolicy Max applies the one allowing the largest change at each sync.', others)
        : msg('One of {count} {direction} policies: selectPolicy Min applies the one allowing the smallest change at each sync.', others);
  return msg('{policy} ({direction}): {rule}. {example}. {others}', { ...main, others: note });
}

/** Where examples start: the lower bound when scaling up, the upper when scaling down (4 and 10 without usable bounds). */
function exampleStart(direction: Direction, bounds: Bounds): number {
  return direction === 'scaleUp' ? (bounds?.min ?? 4) : (bounds?.max ?? 10);
}

function shownCount(direction: Direction, n: number, bounds: Bounds): string | Message {
  if (bounds && direction === 'scaleUp' && n >= bounds.max) return msg('{count} ({field} caps it)', { count: bounds.max, field: bounds.maxField });
  if (bounds && direction === 'scaleDown' && n <= bounds.min) return msg('{count} ({field})', { count: bounds.min, field: bounds.minField });
  return String(Math.max(n, 0));
}

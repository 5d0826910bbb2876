// hpa-behavior-ineffective: an HPA `behavior` that cannot work. Errors for what the API server refuses and the schema
// cannot say (bounds of windows, values and periods, an empty policy list: validation.go validateScalingRules and
// validateScalingPolicy; types and enums are schema-invalid-field's); warnings for what it accepts but cannot do what
// it is meant to: both directions Disabled with room between the bounds, and no scale-down window on a memory metric.
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { hpaResourceMetrics, kedaResourceTriggers } from '../../k8s/autoscaling';
import { behaviorOf, behaviorPath, integerAt, MAX_PERIOD_SECONDS, MAX_STABILIZATION_WINDOW_SECONDS, replicaBounds } from '../../k8s/hpaBehavior';
import type { Direction } from '../../k8s/hpaController/normalize';
import { isScaledObject } from '../../manifest/kinds';
import { isTemplatedValue, keyRange, mapAt, nodeAt, rangeOf, type ManifestDoc } from '../../manifest/model';
import type { Rule } from '../rule';
import type { Problem } from '../types';
import { msg, type Message } from '../../l10n';

const DIRECTIONS: Direction[] = ['scaleUp', 'scaleDown'];

/** The server's own words (quoted, never translated) after ours: `spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 3600: must be …`. */
function refused(subject: Message, path: string, value: number, rule: string, node: Node, why: Message): Problem {
  return {
    message: msg('{why}: the API server refuses {subject} ({serverSays})', { why, subject, serverSays: `${path}: Invalid value: ${value}: ${rule}` }),
    range: rangeOf(node),
    severity: 'error',
  };
}

function refusedValues(rules: YAMLMap, direction: Direction, subject: Message): Problem[] {
  const at = `spec.behavior.${direction}`;
  const problems: Problem[] = [];
  const window = integerAt(rules, ['stabilizationWindowSeconds']);
  const windowNode = nodeAt(rules, ['stabilizationWindowSeconds']) as Node;
  if (window !== undefined && window < 0)
    problems.push(refused(subject, `${at}.stabilizationWindowSeconds`, window, 'must be greater than or equal to zero', windowNode, msg('a negative stabilization window')));
  if (window !== undefined && window > MAX_STABILIZATION_WINDOW_SECONDS)
    problems.push(
      refused(
        subject,
        `${at}.stabilizationWindowSeconds`,
        window,
        `must be less than or equal to ${MAX_STABILIZATION_WINDOW_SECONDS}`,
        windowNode,
        msg('a stabilization window over {max} s (1 h)', { max: MAX_STABILIZATION_WINDOW_SECONDS }),
      ),
    );
  const policies = nodeAt(rules, ['policies']);
  if (isSeq(policies) && policies.items.length === 0) {
    problems.push({
      message: msg('{direction}.policies is empty: the API server refuses {subject} ({serverSays}); leave policies out to get the defaults', {
        direction,
        subject,
        serverSays: `${at}.policies: Required value: must specify at least one Policy`,
      }),
      range: rangeOf(policies),
      severity: 'error',
    });
  }
  if (!isSeq(policies)) return problems;
  policies.items.forEach((policy, i) => {
    if (!isMap(policy)) return;
    const path = `${at}.policies[${i}]`;
    const value = integerAt(policy, ['value']);
    if (value !== undefined && value <= 0)
      problems.push(refused(subject, `${path}.value`, value, 'must be greater than zero', nodeAt(policy, ['value']) as Node, msg('a policy value of {value} allows no change', { value })));
    const period = integerAt(policy, ['periodSeconds']);
    const periodNode = nodeAt(policy, ['periodSeconds']) as Node;
    if (period !== undefined && period <= 0)
      problems.push(refused(subject, `${path}.periodSeconds`, period, 'must be greater than zero', periodNode, msg('a policy period of {period} s', { period })));
    if (period !== undefined && period > MAX_PERIOD_SECONDS)
      problems.push(
        refused(subject, `${path}.periodSeconds`, period, `must be less than or equal to ${MAX_PERIOD_SECONDS}`, periodNode, msg('a policy period over {max} s (30 min)', { max: MAX_PERIOD_SECONDS })),
      );
  });
  return problems;
}

const selectPolicyOf = (rules: unknown) => {
  const n = nodeAt(rules, ['selectPolicy']);
  return isScalar(n) && typeof n.value === 'string' && !isTemplatedValue(n.value) ? n.value : undefined;
};

function check(doc: ManifestDoc): Problem[] {
  const path = behaviorPath(doc);
  const behavior = behaviorOf(doc);
  if (!path || !behavior) return [];
  const keda = isScaledObject(doc);
  const subject = keda ? msg('the HPA KEDA makes from this ScaledObject') : msg('the HPA');
  const problems: Problem[] = [];
  for (const direction of DIRECTIONS) {
    const rules = nodeAt(behavior, [direction]);
    if (isMap(rules)) problems.push(...refusedValues(rules, direction, subject));
  }

  const up = nodeAt(behavior, ['scaleUp']);
  const down = nodeAt(behavior, ['scaleDown']);
  const bounds = replicaBounds(doc);
  if (selectPolicyOf(up) === 'Disabled' && selectPolicyOf(down) === 'Disabled' && bounds && bounds.min < bounds.max) {
    problems.push({
      message: msg(
        'selectPolicy is Disabled for both scaleUp and scaleDown: the HPA never changes the replica count because of its metrics, and the range {min}–{max} goes unused (it only moves a count outside the range back into it). Enable one direction, or make the bounds equal if the count is meant to be fixed',
        { min: bounds.min, max: bounds.max },
      ),
      range: keyRange(mapAt(doc.root, path.slice(0, -1)), 'behavior'),
      severity: 'warning',
    });
  }

  const window = integerAt(down, ['stabilizationWindowSeconds']);
  const memory = (keda ? kedaResourceTriggers(doc) : hpaResourceMetrics(doc)).find((m) => m.resource === 'memory');
  if (window === 0 && memory && selectPolicyOf(down) !== 'Disabled') {
    problems.push({
      message: keda
        ? msg(
            'scaleDown.stabilizationWindowSeconds is 0 with a memory trigger: every dip in memory usage removes pods at the next sync and the next rise adds them back (flapping). Memory seldom falls when pods are added, and moves with garbage collection and caches; keep a scale-down window (the default is 300 s)',
          )
        : msg(
            'scaleDown.stabilizationWindowSeconds is 0 with a memory metric: every dip in memory usage removes pods at the next sync and the next rise adds them back (flapping). Memory seldom falls when pods are added, and moves with garbage collection and caches; keep a scale-down window (the default is 300 s)',
          ),
      range: rangeOf(nodeAt(down, ['stabilizationWindowSeconds'])),
      severity: 'warning',
    });
  }
  return problems;
}

export const hpaBehaviorIneffective: Rule = {
  id: 'hpa-behavior-ineffective',
  category: 'workload',
  severity: 'warning',
  title: 'HPA behavior that cannot work: values the API server refuses, both directions Disabled, no scale-down window on memory',
  docs: [
    "Checks an HPA's `spec.behavior` (autoscaling/v2 and v2beta2) and a KEDA ScaledObject's",
    '`advanced.horizontalPodAutoscalerConfig.behavior`, which KEDA copies into the HPA it makes:',
    '',
    '- **error**: what the API server refuses and the schema cannot show: a policy `periodSeconds` over 1800 (30 min) or',
    '  not above 0, a policy `value` not above 0, a `stabilizationWindowSeconds` below 0 or over 3600 (1 h), an empty',
    '  `policies: []` (leave the field out for the defaults);',
    '- **warning**: `selectPolicy: Disabled` for both `scaleUp` and `scaleDown` while `minReplicas` < `maxReplicas`:',
    '  the HPA never changes the count because of its metrics;',
    '- **warning**: `scaleDown.stabilizationWindowSeconds: 0` with a memory metric: every dip removes pods at once,',
    '  and memory seldom falls when pods are added, so the count flaps.',
    '',
    'No quick fix: each change is a choice about how the workload should scale.',
  ].join('\n'),
  applies: (doc) => behaviorPath(doc) !== undefined,
  check: (doc) => check(doc),
};

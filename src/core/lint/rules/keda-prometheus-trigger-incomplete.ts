// keda-prometheus-trigger-incomplete: a prometheus trigger without serverAddress, query or threshold, or with a threshold
// that is no number: KEDA v2.21.1's prometheus scaler reads all three from the trigger's metadata only, and requires them.
import { isMap, isScalar, type YAMLMap } from 'yaml';
import { isScaledJob, isScaledObject } from '../../manifest/kinds';
import { isTemplatedValue, keyRange, nodeAt, rangeOf, seqAt, stringAt } from '../../manifest/model';
import type { Rule } from '../rule';
import type { Problem } from '../types';
import { msg } from '../../l10n';

/** `keda:"name=…, order=triggerMetadata"` without `optional` (pkg/scalers/prometheus_scaler.go, prometheusMetadata). */
const REQUIRED = ['serverAddress', 'query', 'threshold'] as const;

/** What ParseFloat accepts, near enough: a decimal number, optionally signed, with an exponent. */
const FLOAT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function checkTrigger(trigger: YAMLMap, kind: string): Problem[] {
  const metadata = trigger.get('metadata', true);
  if (metadata !== undefined && metadata !== null && !isMap(metadata)) return [];
  if (isMap(metadata) && metadata.items.some((p) => isScalar(p.key) && isTemplatedValue(p.key.value))) return [];
  const missing = REQUIRED.filter((key) => {
    const node = isMap(metadata) ? metadata.get(key, true) : undefined;
    if (!isScalar(node) || node.value === null) return true;
    // An empty value counts as missing (typed_config.go trims it and reads "" as absent).
    return String(node.value).trim() === '';
  });
  const problems: Problem[] = [];
  const at = isMap(metadata) ? keyRange(trigger, 'metadata') : rangeOf(nodeAt(trigger, ['type']), rangeOf(trigger));
  if (missing.length > 0) {
    problems.push({
      message: msg(
        "prometheus trigger without {missing}: KEDA refuses it (missing required parameter {first} in [triggerMetadata]), so the {kind} never becomes Ready. These are read from the trigger's metadata only, not from a TriggerAuthentication.",
        { missing: missing.join(', '), first: JSON.stringify(missing[0]), kind },
      ),
      range: at,
    });
  }
  const threshold = isMap(metadata) ? stringAt(metadata, ['threshold']) : undefined;
  if (threshold !== undefined && threshold.trim() !== '' && !isTemplatedValue(threshold) && !FLOAT.test(threshold.trim())) {
    problems.push({
      message: msg("threshold {threshold} is not a number: KEDA's prometheus scaler parses it as a float and refuses the trigger.", { threshold: JSON.stringify(threshold) }),
      range: rangeOf(nodeAt(metadata, ['threshold'])),
    });
  }
  return problems;
}

export const kedaPrometheusTriggerIncomplete: Rule = {
  id: 'keda-prometheus-trigger-incomplete',
  category: 'workload',
  severity: 'error',
  title: 'KEDA prometheus trigger without serverAddress, query or threshold',
  docs: [
    "KEDA's `prometheus` scaler requires `serverAddress`, `query` and `threshold` in the trigger's `metadata` (an empty value counts",
    'as missing), and `threshold` must be a number. They are read from the metadata only: a TriggerAuthentication holds credentials,',
    'not these. Without them the operator refuses the trigger, the ScaledObject is not Ready and nothing scales.',
  ].join('\n'),
  applies: (doc) => isScaledObject(doc) || isScaledJob(doc),
  check(doc) {
    const problems: Problem[] = [];
    for (const trigger of seqAt(doc.root, ['spec', 'triggers'])?.items ?? []) {
      if (isMap(trigger) && stringAt(trigger, ['type']) === 'prometheus') problems.push(...checkTrigger(trigger, doc.kind ?? 'ScaledObject'));
    }
    return problems;
  },
};

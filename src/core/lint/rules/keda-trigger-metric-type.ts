// keda-trigger-metric-type: a trigger's metricType that KEDA's scalers refuse (kedacore/keda v2.21.1 pkg/scalers): cpu/memory
// without one or with `Value`, any other scaler with `Utilization`.
import { isMap, isScalar, type Scalar, type YAMLMap } from 'yaml';
import { insertEntries, replaceScalar } from '../../manifest/edit';
import { isScaledObject } from '../../manifest/kinds';
import { isTemplatedValue, keyRange, nodeAt, rangeOf, seqAt, stringAt, type ManifestDoc } from '../../manifest/model';
import { compareMinor } from '../../k8s/versions';
import type { Rule } from '../rule';
import type { Problem } from '../types';
import type { Fix } from '../../text/edits';
import { msg, type Message } from '../../l10n';

/** The trigger's metricType exists from KEDA 2.7 (kedacore/keda PR 2309); before, cpu/memory read metadata.type only. */
const METRIC_TYPE_FROM = '2.7';
const RESOURCE_METRIC_TYPES = ['Utilization', 'AverageValue'];
const EXTERNAL_METRIC_TYPES = ['AverageValue', 'Value'];
/** Scalers that never read metricType (pulsar always writes AverageValue: pulsar_scaler.go). */
const IGNORES_METRIC_TYPE = ['pulsar', 'external-mock'];

const isResource = (type: string | undefined) => type === 'cpu' || type === 'memory';

/** The value a cpu/memory trigger's metricType must be for its `value`: a quantity with a unit can only be an AverageValue. */
function metricTypeForValue(value: string | undefined): string | undefined {
  if (!value || isTemplatedValue(value)) return undefined;
  return /^\d+(\.\d+)?$/.test(value.trim()) ? undefined : 'AverageValue';
}

/** Sets metricType: safe when the value decides it, else a choice to review (`why` says what the value then means). */
function setMetricType(doc: ManifestDoc, trigger: YAMLMap, value: string, why?: Message): Fix | undefined {
  const edits = insertEntries(doc.file, trigger, { metricType: value });
  if (!edits) return undefined;
  const title = msg('Set metricType: {value}', { value });
  return why ? { title, edits, safety: 'review', why } : { title, edits, safety: 'safe', preferred: true };
}

/** A metricType in another case (`utilization`): Go compares exactly, so it is refused; the right spelling is certain. */
function caseFix(doc: ManifestDoc, node: Scalar, allowed: string[]): Fix | undefined {
  const right = allowed.find((a) => a.toLowerCase() === String(node.value).toLowerCase());
  const edit = right ? replaceScalar(doc.file, node, right) : undefined;
  return edit && right ? { title: msg('Write metricType: {value}', { value: right }), edits: [edit], safety: 'safe', preferred: true } : undefined;
}

function checkTrigger(doc: ManifestDoc, trigger: YAMLMap): Problem | undefined {
  const type = stringAt(trigger, ['type']);
  if (!type || isTemplatedValue(type) || IGNORES_METRIC_TYPE.includes(type)) return undefined;
  const node = nodeAt(trigger, ['metricType']);
  const written = isScalar(node) && node.value !== null ? String(node.value) : undefined;
  if (written !== undefined && isTemplatedValue(written)) return undefined;
  if (isResource(type)) {
    if (written === undefined) {
      // metadata.type (removed in 2.18) is keda-deprecated-field's finding.
      if (stringAt(trigger, ['metadata', 'type']) !== undefined) return undefined;
      const certain = metricTypeForValue(stringAt(trigger, ['metadata', 'value']));
      return {
        message: msg(
          "{type} trigger without metricType: KEDA refuses it (\"unknown metric type: , allowed values are 'Utilization' or 'AverageValue'\"), so the ScaledObject never becomes Ready. Set metricType: Utilization (value is a percentage of the request) or AverageValue (value is a quantity per pod).",
          { type },
        ),
        range: keyRange(trigger, 'type'),
        fixes: () =>
          (certain
            ? [setMetricType(doc, trigger, certain)]
            : [
                setMetricType(doc, trigger, 'Utilization', msg('value is then read as a percentage of the request')),
                setMetricType(doc, trigger, 'AverageValue', msg('value is then read as a quantity per pod')),
              ]
          ).filter((f): f is Fix => f !== undefined),
      };
    }
    if (RESOURCE_METRIC_TYPES.includes(written)) return undefined;
    return {
      message: msg("metricType {written} on a {type} trigger: KEDA's {type} scaler accepts only Utilization or AverageValue and refuses the trigger.", { written: JSON.stringify(written), type }),
      range: rangeOf(node as Scalar),
      fixes: () => [caseFix(doc, node as Scalar, RESOURCE_METRIC_TYPES)].filter((f): f is Fix => f !== undefined),
    };
  }
  if (written === undefined || EXTERNAL_METRIC_TYPES.includes(written)) return undefined;
  const utilization = written === 'Utilization';
  return {
    message: utilization
      ? msg(
          'metricType Utilization on a {type} trigger: KEDA refuses it ("\'Utilization\' metric type is unsupported for external metrics"); Utilization is for cpu and memory triggers only. Use AverageValue (the default) or Value.',
          { type },
        )
      : msg('metricType {written} on a {type} trigger: KEDA accepts AverageValue (the default) or Value for external metrics.', { written: JSON.stringify(written), type }),
    range: rangeOf(node as Scalar),
    fixes: () => (utilization ? [] : [caseFix(doc, node as Scalar, EXTERNAL_METRIC_TYPES)].filter((f): f is Fix => f !== undefined)),
  };
}

export const kedaTriggerMetricType: Rule = {
  id: 'keda-trigger-metric-type',
  category: 'workload',
  severity: 'error',
  title: 'KEDA trigger metricType the scaler refuses',
  docs: [
    "A ScaledObject trigger's `metricType` says what its value means to the HPA KEDA creates. KEDA's scalers refuse:",
    '',
    '- a `cpu` or `memory` trigger without `metricType` (and without the removed `metadata.type`): there is no default;',
    '- a `cpu` or `memory` trigger with `metricType: Value` (only `Utilization` and `AverageValue`);',
    '- `metricType: Utilization` on any other trigger (external metrics take `AverageValue`, the default, or `Value`).',
    '',
    'The operator then reports the scaler error, the ScaledObject is not Ready and nothing scales. The quick fix sets the',
    'metricType when the value decides it (`500m` can only be an AverageValue) or corrects its case.',
  ].join('\n'),
  applies: isScaledObject,
  check(doc, ctx) {
    if (compareMinor(ctx.settings.kedaVersion, METRIC_TYPE_FROM) < 0) return [];
    const problems: Problem[] = [];
    for (const trigger of seqAt(doc.root, ['spec', 'triggers'])?.items ?? []) {
      if (!isMap(trigger)) continue;
      const problem = checkTrigger(doc, trigger);
      if (problem) problems.push(problem);
    }
    return problems;
  },
};

// hpa-invalid-replicas: minReplicas/maxReplicas the API server rejects (validation.go ValidateHorizontalPodAutoscalerSpec).
import { isScalar, type Scalar } from 'yaml';
import { hasObjectOrExternalMetric } from '../../k8s/autoscaling';
import { isHpa, version } from '../../manifest/kinds';
import { isTemplatedValue, keyRange, mapAt, nodeAt, rangeOf, writtenText, type ManifestDoc } from '../../manifest/model';
import type { Rule } from '../rule';
import type { Problem } from '../types';
import { msg, type Message } from '../../l10n';

type Count = { ok: true; value: number; node: Scalar } | { ok: false; message?: Message; node?: Scalar };

/** Reads an int32 field: absent → undefined; not a plain integer → a message. */
function readCount(doc: ManifestDoc, key: string): Count | undefined {
  const node = nodeAt(doc.root, ['spec', key]);
  if (!node) return undefined;
  if (!isScalar(node)) return { ok: false, message: msg('{key} must be an integer', { key }) };
  const v = node.value;
  if (v === null) return { ok: false, message: msg('{key} has no value', { key }), node };
  if (isTemplatedValue(v)) return { ok: false, node };
  if (typeof v === 'string') {
    return { ok: false, message: msg('{key} must be an integer, not the string {value} (the API server cannot decode it)', { key, value: JSON.stringify(v) }), node };
  }
  if (typeof v !== 'number' || !Number.isInteger(v) || Math.abs(v) > 2147483647) {
    return { ok: false, message: msg('{key} must be a whole number (int32), not {value}', { key, value: writtenText(doc.file, node) }), node };
  }
  return { ok: true, value: v, node };
}

function check(doc: ManifestDoc): Problem[] {
  const spec = mapAt(doc.root, ['spec']);
  if (!spec) return [];
  const problems: Problem[] = [];
  const min = readCount(doc, 'minReplicas');
  const max = readCount(doc, 'maxReplicas');
  for (const [key, c] of [
    ['minReplicas', min],
    ['maxReplicas', max],
  ] as const) {
    if (c && !c.ok && c.message) problems.push({ message: c.message, range: rangeOf(c.node, keyRange(spec, key)) });
  }
  if (!max) {
    if (!doc.file.templated) problems.push({ message: msg('maxReplicas is required'), range: keyRange(doc.root, 'spec', doc.range) });
  } else if (max.ok && max.value < 1) {
    problems.push({ message: msg('maxReplicas must be greater than 0, not {value}', { value: max.value }), range: rangeOf(max.node) });
  }
  if (min?.ok) {
    if (min.value < 0) {
      problems.push({ message: msg('minReplicas must not be negative ({value})', { value: min.value }), range: rangeOf(min.node) });
    } else if (min.value === 0) {
      problems.push(zeroMinProblem(doc, min.node));
    }
    if (max?.ok && max.value >= 1 && max.value < min.value) {
      problems.push({ message: msg('maxReplicas ({max}) must be greater than or equal to minReplicas ({min})', { max: max.value, min: min.value }), range: rangeOf(max.node) });
    }
  }
  return problems;
}

function zeroMinProblem(doc: ManifestDoc, node: Scalar): Problem {
  const range = rangeOf(node);
  if (version(doc.apiVersion) === 'v1') {
    return { message: msg('minReplicas: 0 is invalid in autoscaling/v1: scaling to zero needs an Object or External metric (autoscaling/v2) and the HPAScaleToZero feature gate'), range };
  }
  if (!hasObjectOrExternalMetric(doc)) {
    return { message: msg('minReplicas: 0 needs at least one Object or External metric (and the HPAScaleToZero feature gate); use minReplicas: 1, or KEDA to scale to zero'), range };
  }
  return {
    message: msg('minReplicas: 0 needs the alpha feature gate HPAScaleToZero on the API server and controller manager; without it the API server rejects the HPA (minReplicas must be at least 1)'),
    range,
    severity: 'warning',
  };
}

export const hpaInvalidReplicas: Rule = {
  id: 'hpa-invalid-replicas',
  category: 'workload',
  severity: 'error',
  title: 'HPA minReplicas/maxReplicas the API server rejects',
  docs: [
    "The API server validates an HPA's replica bounds:",
    '',
    '- `maxReplicas` is required and must be at least 1, and at least `minReplicas` (default 1);',
    '- both are int32 numbers, not strings;',
    '- `minReplicas: 0` needs the alpha feature gate `HPAScaleToZero` **and** an `Object` or `External` metric',
    '  (never possible in `autoscaling/v1`). To scale to zero without the gate, use KEDA.',
  ].join('\n'),
  applies: isHpa,
  check: (doc) => check(doc),
};

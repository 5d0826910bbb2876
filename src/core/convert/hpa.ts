// HorizontalPodAutoscaler conversions to autoscaling/v2 (or v2beta2 for clusters 1.12–1.22), as the API server
// converts (kubernetes pkg/apis/autoscaling/{v1,v2beta1}/conversion.go): only the spans that change are edited.
import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { removeEntry, replaceScalar } from '../manifest/edit';
import { serverStateEdits } from './accepted';
import { mapAt, seqAt, type ManifestDoc, type SourceFile } from '../manifest/model';
import type { TextEdit } from '../text/edits';
import { columnOf } from '../text/lines';
import { commentsOf, fromJS, OMap, rawPairs, styleOf, valueText, type Out, type RawPair, type RenderStyle } from './render';
import { insertPair, joinTouching, lineEdits, losesTemplate, replaceNodeEdit } from './text';
import { scaleTargetRefEdit } from './workloads';
import { ROUND_TRIP_ANNOTATIONS } from '../k8s/hpaVersions';

export type HpaTargetVersion = 'autoscaling/v2' | 'autoscaling/v2beta2';

const SOURCE_KEYS: Record<string, string> = {
  Resource: 'resource',
  ContainerResource: 'containerResource',
  Pods: 'pods',
  Object: 'object',
  External: 'external',
};

/** Fields that exist only in v2beta1 (and autoscaling/v1's metrics annotation) metric sources. */
const OLD_FIELDS = ['targetAverageUtilization', 'targetAverageValue', 'metricName', 'metricSelector', 'targetValue', 'averageValue', 'selector', 'target'];

/**
 * Edits converting an HPA document to `target`, or undefined when the document cannot be converted exactly
 * (templated spans, unknown shapes) or is already there.
 */
export function convertHpa(doc: ManifestDoc, target: HpaTargetVersion): TextEdit[] | undefined {
  const from = doc.apiVersion;
  const root = doc.root;
  if (!root || from === target || !from || !['autoscaling/v1', 'autoscaling/v2beta1', 'autoscaling/v2beta2'].includes(from)) return undefined;
  if (from === 'autoscaling/v2beta2' && target !== 'autoscaling/v2') return undefined;
  const file = doc.file;
  const st = styleOf(file.text, doc.range);
  const apiNode = root.get('apiVersion', true);
  if (!isScalar(apiNode)) return undefined;
  const rename = replaceScalar(file, apiNode, target);
  if (!rename) return undefined;
  const edits: TextEdit[] = [rename];
  // A scale target on a removed workload API: the same object under apps/v1 (served from 1.9), which every server
  // that serves the target HPA version resolves, while `extensions` fails from 1.16 (FailedGetScale).
  const targetRef = scaleTargetRefEdit(doc);
  if (targetRef) edits.push(targetRef);
  const spec = mapAt(root, ['spec']);
  const annotations = mapAt(root, ['metadata', 'annotations']);
  const behavior = from === 'autoscaling/v2beta2' ? undefined : behaviorFromAnnotation(annotations);

  if (from === 'autoscaling/v2beta1') {
    for (const item of seqAt(spec, ['metrics'])?.items ?? []) {
      if (!isMap(item)) continue;
      const edit = convertMetricItem(file, item, st);
      if (edit === null) return undefined;
      if (edit) edits.push(edit);
    }
  } else if (from === 'autoscaling/v1' && spec) {
    const metricEdits = v1MetricsEdits(file, spec, annotations, st);
    if (!metricEdits) return undefined;
    edits.push(...metricEdits);
  }
  if (behavior && spec && !spec.has('behavior')) {
    const edit = insertPair(file, spec, 'behavior', behavior, st);
    if (!edit) return undefined;
    edits.push(edit);
  }
  // The round-trip annotations and what a live-object dump carries (uid, resourceVersion, status…) are the server's.
  const dropped = serverStateEdits(doc, Object.values(ROUND_TRIP_ANNOTATIONS), st);
  if (dropped === undefined) return undefined;
  edits.push(...dropped);
  if (edits.some((e) => losesTemplate(file, e))) return undefined;
  return joinTouching(edits.flatMap((e) => lineEdits(file.text, e)));
}

/** The edit converting one v2beta1 metric item; undefined when nothing changes, null when it cannot be converted. */
function convertMetricItem(file: SourceFile, item: YAMLMap, st: RenderStyle): TextEdit | undefined | null {
  const type = item.get('type');
  const key = typeof type === 'string' ? SOURCE_KEYS[type] : undefined;
  if (!key) return undefined;
  const source = item.get(key, true);
  if (!isMap(source)) return undefined;
  if (!source.items.some((p) => isScalar(p.key) && OLD_FIELDS.includes(String(p.key.value)))) return undefined;
  const out = convertMetricSource(type as string, source, file.text, false);
  return replaceNodeEdit(file, source, out, st);
}

/**
 * A v2beta1-shaped metric source (`resource`, `pods`, …) as its v2 form. Kept entries are copied with their
 * comments; only the value field matching `target.type` is written.
 */
export function convertMetricSource(type: string, source: YAMLMap, text: string, plain: boolean): OMap {
  const pairs = rawPairs(source, text, plain);
  const take = (k: string): RawPair | undefined => {
    const p = pairs.get(k);
    pairs.delete(k);
    return p;
  };
  const notes = (p: RawPair | undefined) => (p && !plain ? commentsOf(p.pair, text, source.range ? source.range[0] : 0) : undefined);
  const out = new OMap([], !!source.flow && !plain);
  const targetEntry = (targetType: string, field: string, from: RawPair | undefined) => {
    const c = notes(from);
    out.set('target', new OMap().set('type', targetType).set(field, from?.valueRaw ?? null, { after: c?.after }), { before: c?.before });
  };
  const metricEntry = (name: RawPair | undefined, selector: RawPair | undefined) => {
    if (!name && !selector) return;
    const c = notes(name);
    const metric = new OMap();
    if (name) metric.set('name', name.valueRaw ?? null, { after: c?.after });
    if (selector) metric.set('selector', selector.valueRaw ?? null, { before: notes(selector)?.before, after: notes(selector)?.after });
    out.set('metric', metric, { before: c?.before });
  };
  switch (type) {
    case 'Resource':
    case 'ContainerResource': {
      out.add(take('name')).add(take('container'));
      const utilization = take('targetAverageUtilization');
      const average = take('targetAverageValue');
      if (utilization) targetEntry('Utilization', 'averageUtilization', utilization);
      else if (average) targetEntry('AverageValue', 'averageValue', average);
      break;
    }
    case 'Pods': {
      metricEntry(take('metricName'), take('selector'));
      const average = take('targetAverageValue');
      if (average) targetEntry('AverageValue', 'averageValue', average);
      break;
    }
    case 'Object': {
      const described = take('target');
      if (described) {
        const c = notes(described);
        out.set('describedObject', described.valueRaw ?? null, { before: c?.before, after: c?.after });
      }
      metricEntry(take('metricName'), take('selector'));
      const average = take('averageValue');
      const value = take('targetValue');
      if (average) targetEntry('AverageValue', 'averageValue', average);
      else if (value) targetEntry('Value', 'value', value);
      break;
    }
    case 'External': {
      metricEntry(take('metricName'), take('metricSelector'));
      const value = take('targetValue');
      const average = take('targetAverageValue');
      if (value) targetEntry('Value', 'value', value);
      else if (average) targetEntry('AverageValue', 'averageValue', average);
      break;
    }
  }
  for (const rest of pairs.values()) out.add(rest);
  return out;
}

/** autoscaling/v1: `targetCPUUtilizationPercentage` and the metrics annotation become `metrics`. */
function v1MetricsEdits(file: SourceFile, spec: YAMLMap, annotations: YAMLMap | undefined, st: RenderStyle): TextEdit[] | undefined {
  const metrics: Out[] = [];
  const encoded = annotations?.get(ROUND_TRIP_ANNOTATIONS.metrics);
  if (typeof encoded === 'string') {
    const parsed = parseDocument(encoded);
    if (parsed.errors.length || !isSeq(parsed.contents)) return undefined;
    for (const item of parsed.contents.items) {
      if (!isMap(item)) return undefined;
      const type = item.get('type');
      const key = typeof type === 'string' ? SOURCE_KEYS[type] : undefined;
      const source = key ? item.get(key, true) : undefined;
      if (typeof type !== 'string' || !key || !isMap(source)) return undefined;
      metrics.push(new OMap().set('type', type).set(key, convertMetricSource(type, source, encoded, true)));
    }
  }
  const cpuPair = spec.items.find((p) => isScalar(p.key) && p.key.value === 'targetCPUUtilizationPercentage') as Pair | undefined;
  const cpuValue = cpuPair?.value as Node | null | undefined;
  if (cpuValue) {
    metrics.push(
      new OMap()
        .set('type', 'Resource')
        .set('resource', new OMap().set('name', 'cpu').set('target', new OMap().set('type', 'Utilization').set('averageUtilization', fromJS(isScalar(cpuValue) ? cpuValue.value : null)))),
    );
  }
  if (metrics.length === 0) return []; // v2 defaults empty metrics to cpu at 80%, as v1 did.
  if (spec.has('metrics')) return undefined;
  if (!cpuPair || !cpuValue?.range || spec.flow) {
    const edits: TextEdit[] = [];
    if (cpuPair) {
      const removed = removeEntry(file, spec, 'targetCPUUtilizationPercentage');
      if (!removed) return undefined;
      edits.push(removed);
    }
    const insert = insertPair(file, spec, 'metrics', metrics, st);
    return insert ? [...edits, insert] : undefined;
  }
  // Replace the `targetCPUUtilizationPercentage: N` entry in place, keeping its comments.
  const keyNode = cpuPair.key as Node;
  const col = columnOf(file.text, keyNode.range![0]);
  const end = cpuValue.range[1];
  return [{ uri: file.uri, range: { start: keyNode.range![0], end }, newText: 'metrics:' + valueText(metrics, col, st) }];
}

/** The behavior annotation's JSON as a v2 `behavior` map, when well formed and not empty (as the API server does). */
function behaviorFromAnnotation(annotations: YAMLMap | undefined): Out | undefined {
  const encoded = annotations?.get(ROUND_TRIP_ANNOTATIONS.behavior);
  if (typeof encoded !== 'string') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(encoded);
  } catch {
    return undefined;
  }
  const normalized = normalizeBehavior(parsed);
  if (!normalized || typeof normalized !== 'object' || Object.keys(normalized).length === 0) return undefined;
  return fromJS(normalized);
}

/** JSON field names of HPA behavior; the server reads the annotation case-insensitively (Go encoding/json). */
const BEHAVIOR_FIELDS = ['scaleUp', 'scaleDown', 'stabilizationWindowSeconds', 'selectPolicy', 'policies', 'type', 'value', 'periodSeconds', 'tolerance'];

function normalizeBehavior(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalizeBehavior);
  if (!v || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const name = BEHAVIOR_FIELDS.find((f) => f.toLowerCase() === k.toLowerCase());
    if (!name || x === null || x === undefined) continue; // unknown fields and nulls are ignored by the server
    out[name] = normalizeBehavior(x);
  }
  return out;
}

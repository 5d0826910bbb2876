// KEDA trigger fields deprecated in KEDA 2.10: prometheus `metricName`, cpu/memory `metadata.type`.
import { isMap, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import { insertEntries, removeEntry } from '../edit';
import { isScaledJob, isScaledObject } from '../kinds';
import { isTemplatedValue, seqAt, type ManifestDoc } from '../model';
import type { Rule } from '../rule';
import { compareMinor } from '../settings';
import type { Fix, Problem, TextEdit } from '../types';

const DEPRECATED_IN = '2.10';

export const kedaDeprecatedField: Rule = {
  id: 'keda-deprecated-field',
  severity: 'warning',
  title: 'KEDA trigger uses a deprecated field',
  tags: ['deprecated'],
  docs:
    'Since KEDA 2.10 metric names are generated: the prometheus trigger\'s `metadata.metricName` is ignored (and gone from ' +
    'the docs since 2.12) — remove it. For `cpu` and `memory` triggers, `metadata.type` is deprecated in favour of the ' +
    'trigger\'s `metricType` (Utilization or AverageValue) — the fix moves it.',
  applies: (doc) => isScaledObject(doc) || isScaledJob(doc),
  check(doc, ctx) {
    if (compareMinor(ctx.settings.kedaVersion, DEPRECATED_IN) < 0) return [];
    const problems: Problem[] = [];
    for (const trigger of seqAt(doc.root, ['spec', 'triggers'])?.items ?? []) {
      if (!isMap(trigger)) continue;
      const type = trigger.get('type');
      const metadata = trigger.get('metadata', true);
      if (!isMap(metadata)) continue;
      if (type === 'prometheus') {
        const pair = pairOf(metadata, 'metricName');
        if (!pair) continue;
        const edit = removeEntry(doc.file, metadata, 'metricName');
        problems.push({
          message: `The prometheus trigger's metricName is deprecated since KEDA ${DEPRECATED_IN} and ignored: KEDA names the metric itself.`,
          range: keyRangeOf(pair),
          fixes: edit ? [{ title: 'Remove metricName', edits: [edit], preferred: true, safe: true }] : [],
        });
      } else if (type === 'cpu' || type === 'memory') {
        const pair = pairOf(metadata, 'type');
        if (!pair) continue;
        const value = isScalar(pair.value) ? pair.value.value : undefined;
        if (typeof value !== 'string' || isTemplatedValue(value)) continue;
        const metricType = trigger.get('metricType');
        const fix = moveToMetricType(doc, trigger, metadata, value, metricType);
        problems.push({
          message:
            metricType !== undefined && metricType !== value
              ? `metadata.type (${value}) is deprecated since KEDA ${DEPRECATED_IN} and conflicts with metricType (${String(metricType)}).`
              : `metadata.type of a ${type} trigger is deprecated since KEDA ${DEPRECATED_IN}; set the trigger's metricType instead.`,
          range: keyRangeOf(pair),
          fixes: fix ? [fix] : [],
        });
      }
    }
    return problems;
  },
};

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair | undefined;
}

function keyRangeOf(pair: Pair): { start: number; end: number } {
  const r = (pair.key as Node).range!;
  return { start: r[0], end: r[1] };
}

/** Removes metadata.type and sets metricType to the same value (no fix when metricType says otherwise). */
function moveToMetricType(doc: ManifestDoc, trigger: YAMLMap, metadata: YAMLMap, value: string, metricType: unknown): Fix | undefined {
  if (!['Utilization', 'AverageValue'].includes(value)) return undefined;
  if (metricType !== undefined && metricType !== value) return undefined;
  const removal = removeEntry(doc.file, metadata, 'type');
  if (!removal) return undefined;
  let edits: TextEdit[] = [removal];
  if (metricType === undefined) {
    const insert = insertEntries(doc.file, trigger, { metricType: value });
    if (!insert || insert.length !== 1) return undefined;
    const ins = insert[0];
    if (ins.range.start >= removal.range.start && ins.range.start <= removal.range.end) {
      // The removed line was the trigger's last line: write the new entry in its place.
      const eol = ins.newText.startsWith('\r\n') ? '\r\n' : '\n';
      edits = [{ uri: removal.uri, range: removal.range, newText: ins.newText.slice(eol.length) + eol }];
    } else edits.push(ins);
  }
  return { title: `Move to metricType: ${value}`, edits, preferred: true, safe: true };
}

// Deprecated KEDA trigger fields: `metricName` of scalers that generate it (2.10, ignored since 2.12),
// cpu/memory `metadata.type` (2.7, replaced by the trigger's `metricType`).
import { isMap, isScalar, type YAMLMap } from 'yaml';
import { insertEntries, removeEntry } from '../../manifest/edit';
import { isScaledJob, isScaledObject } from '../../manifest/kinds';
import { isTemplatedValue, keyRange, pairOf, seqAt, type ManifestDoc } from '../../manifest/model';
import type { Rule } from '../rule';
import { compareMinor } from '../../k8s/versions';
import type { Problem } from '../types';
import type { Fix } from '../../text/edits';
import type { TextEdit } from '../../text/edits';
import { msg } from '../../l10n';

/** Scalers whose `metricName` KEDA 2.10 deprecated and 2.12 stopped reading (kedacore/keda PR 4806). */
const METRIC_NAME_SCALERS = ['prometheus', 'graphite', 'influxdb'];
const METRIC_NAME_DEPRECATED = '2.10';
const METRIC_NAME_IGNORED = '2.12';
/** cpu/memory `metadata.type` gave way to `triggers[].metricType` in 2.7 (kedacore/keda PRs 2309, 2848). */
const TYPE_DEPRECATED = '2.7';
/**
 * From 2.18 the cpu/memory scaler refuses `metadata.type` (CHANGELOG v2.18.0, PR 6698; v2.21.1 cpu_memory_scaler.go tags it
 * `deprecated=`, which typed_config.go turns into an error when the parameter is present).
 */
const TYPE_REMOVED = '2.18';

export const kedaDeprecatedField: Rule = {
  id: 'keda-deprecated-field',
  category: 'migration',
  severity: 'warning',
  title: 'KEDA trigger uses a deprecated field',
  tags: ['deprecated'],
  docs:
    'KEDA generates metric names: `metadata.metricName` of prometheus, graphite and influxdb triggers is deprecated since ' +
    '2.10 and ignored since 2.12 — remove it. For `cpu` and `memory` triggers, `metadata.type` is deprecated since 2.7 in ' +
    "favour of the trigger's `metricType` (Utilization or AverageValue), and from 2.18 the scaler refuses a trigger that " +
    'still has it (an error) — the fix moves it.',
  applies: (doc) => isScaledObject(doc) || isScaledJob(doc),
  check(doc, ctx) {
    const keda = ctx.settings.kedaVersion;
    const problems: Problem[] = [];
    for (const trigger of seqAt(doc.root, ['spec', 'triggers'])?.items ?? []) {
      if (!isMap(trigger)) continue;
      const type = trigger.get('type');
      const metadata = trigger.get('metadata', true);
      if (!isMap(metadata)) continue;
      if (typeof type === 'string' && METRIC_NAME_SCALERS.includes(type)) {
        const pair = pairOf(metadata, 'metricName');
        if (!pair || compareMinor(keda, METRIC_NAME_DEPRECATED) < 0) continue;
        const ignored = compareMinor(keda, METRIC_NAME_IGNORED) >= 0;
        problems.push({
          message: ignored
            ? msg('metricName of a {type} trigger is ignored since KEDA {ignoredIn}: KEDA names the metric itself.', { type, ignoredIn: METRIC_NAME_IGNORED })
            : msg('metricName of a {type} trigger is deprecated since KEDA {deprecatedIn} (ignored from {ignoredIn}): KEDA names the metric itself.', {
                type,
                deprecatedIn: METRIC_NAME_DEPRECATED,
                ignoredIn: METRIC_NAME_IGNORED,
              }),
          range: keyRange(metadata, 'metricName'),
          fixes: () => {
            const edit = removeEntry(doc.file, metadata, 'metricName');
            return edit ? [{ title: msg('Remove metricName'), edits: [edit], preferred: true, safety: 'safe' }] : [];
          },
        });
      } else if (type === 'cpu' || type === 'memory') {
        const pair = pairOf(metadata, 'type');
        if (!pair || compareMinor(keda, TYPE_DEPRECATED) < 0) continue;
        const value = isScalar(pair.value) ? pair.value.value : undefined;
        if (typeof value !== 'string' || isTemplatedValue(value)) continue;
        const metricType = trigger.get('metricType');
        const removed = compareMinor(keda, TYPE_REMOVED) >= 0;
        const conflicts = metricType !== undefined && metricType !== value;
        const args = { type, value, metricType: String(metricType), removedIn: TYPE_REMOVED, deprecatedIn: TYPE_DEPRECATED };
        let message;
        if (removed && conflicts)
          message = msg(
            'metadata.type ({value}) was removed in KEDA {removedIn}: the {type} scaler refuses the trigger while it is present ("The \'type\' setting is DEPRECATED and is removed in v2.18"), so the ScaledObject is not Ready, and it conflicts with metricType ({metricType}).',
            args,
          );
        else if (removed)
          message = msg(
            "metadata.type of a {type} trigger was removed in KEDA {removedIn}: the {type} scaler refuses the trigger while it is present (\"The 'type' setting is DEPRECATED and is removed in v2.18\"), so the ScaledObject is not Ready; set the trigger's metricType instead.",
            args,
          );
        else if (conflicts) message = msg('metadata.type ({value}) is deprecated since KEDA {deprecatedIn} (removed in {removedIn}), and it conflicts with metricType ({metricType}).', args);
        else message = msg("metadata.type of a {type} trigger is deprecated since KEDA {deprecatedIn} (removed in {removedIn}); set the trigger's metricType instead.", args);
        problems.push({
          message,
          range: keyRange(metadata, 'type'),
          severity: removed ? 'error' : undefined,
          fixes: () => {
            const fix = moveToMetricType(doc, trigger, metadata, value, metricType);
            return fix ? [fix] : [];
          },
        });
      }
    }
    return problems;
  },
};

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
  return { title: msg('Move to metricType: {value}', { value }), edits, preferred: true, safety: 'safe' };
}

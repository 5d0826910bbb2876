// Hover text: the rules behind findings under the cursor (not their messages: the editor shows those), schema descriptions of fields,
// quantity values, and what an HPA's `behavior` does (behaviorHover.ts).
import { isScalar } from 'yaml';
import { ruleInfo } from '../lint/catalog';
import { isTemplatedValue, stringAt, type ManifestDoc, type SourceFile } from '../manifest/model';
import { decimalText, parseQuantity } from '../k8s/quantity';
import type { Finding } from '../lint/types';
import type { OffsetRange } from '../text/edits';
import { behaviorHover } from './behaviorHover';
import { schemaAt } from './schemaLookup';
import { docAt, pathAt } from './yamlPath';
import { t } from '../l10n';

export interface HoverResult {
  markdown: string;
  range?: OffsetRange;
}

/** `translatedDocs`: a rule's page in the reader's language (docs/<locale>/rules), shown instead of its English docs. */
export function hoverAt(
  file: SourceFile,
  findings: readonly Finding[],
  offset: number,
  docsUrl: (rule: string) => string | undefined,
  translatedDocs: (rule: string) => string | undefined = () => undefined,
): HoverResult | undefined {
  const parts: string[] = [];
  let range: OffsetRange | undefined;
  const here = findings.filter((f) => f.range.start <= offset && offset <= f.range.end);
  // The editor shows each diagnostic's own sentence above the hover already: the hover adds the rule behind it, once
  // per rule however many of its findings are under the cursor.
  const rulesShown = new Set<string>();
  for (const f of here) {
    range ??= f.range;
    if (rulesShown.has(f.rule)) continue;
    rulesShown.add(f.rule);
    const info = ruleInfo(f.rule);
    const url = docsUrl(f.rule);
    const translated = translatedDocs(f.rule);
    // A translated page names the rule in its own words: the English one-line title would be the only English left.
    const heading = translated ? `\`${f.rule}\`` : `**${info?.title ?? f.rule}** \`${f.rule}\``;
    const link = url ? t('[Rule documentation]({url})', { url }) : '';
    parts.push([heading, translated ?? info?.docs ?? '', link].filter(Boolean).join('\n\n'));
  }
  const doc = docAt(file.docs, offset);
  if (doc?.root) {
    const hit = pathAt(doc, offset);
    if (hit?.node?.range) {
      const field = fieldHover(doc, hit.path);
      const quantity = hit.onKey ? undefined : quantityHover(doc, hit.path, hit.node);
      const behavior = behaviorHover(doc, hit.path);
      if (field || quantity || behavior) range ??= { start: hit.node.range[0], end: hit.node.range[1] };
      if (quantity) parts.push(quantity);
      if (behavior) parts.push(behavior);
      if (field) parts.push(field);
    }
  }
  return parts.length ? { markdown: parts.join('\n\n---\n\n'), range } : undefined;
}

function fieldHover(doc: ManifestDoc, path: (string | number)[]): string | undefined {
  const info = schemaAt(doc, path);
  const description = info?.markdownDescription ?? info?.description;
  if (!info || (!description && !info.enum?.length)) return undefined;
  const name = path.filter((p) => typeof p === 'string').join('.');
  const lines = [`\`${name}\``];
  if (description) lines.push(description);
  if (info.enum?.length) lines.push(t('Allowed values: {values}', { values: info.enum.map((v) => `\`${String(v)}\``).join(', ') }));
  return lines.join('\n\n');
}

const CPU_KEYS = new Set(['cpu']);
const BYTE_KEYS = new Set(['memory', 'ephemeral-storage', 'storage']);
const QUANTITY_PARENTS = new Set(['requests', 'limits', 'defaultRequest', 'default', 'max', 'min', 'maxLimitRequestRatio', 'hard', 'capacity', 'allocatable', 'usage']);

/**
 * "512Mi = 536,870,912 bytes" for quantities in resource maps (requests, limits, LimitRange, quotas) and
 * in HPA metric targets; the unit follows the resource key, or the metric's resource `name`.
 */
function quantityHover(doc: ManifestDoc, path: (string | number)[], node: { range?: unknown } & object): string | undefined {
  if (!isScalar(node)) return undefined;
  const key = path[path.length - 1];
  const parent = path[path.length - 2];
  const isResourceValue = typeof key === 'string' && typeof parent === 'string' && QUANTITY_PARENTS.has(parent);
  const isTargetValue = ((key === 'averageValue' || key === 'value') && parent === 'target') || key === 'targetAverageValue' || key === 'targetValue';
  if (!isResourceValue && !isTargetValue) return undefined;
  const raw = node.value;
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  if (isTemplatedValue(raw)) return undefined;
  const q = parseQuantity(raw);
  if (!q.ok) return t('`{raw}` is not a valid Kubernetes quantity: {error}', { raw: String(raw), error: q.error });
  const value = decimalText(q);
  const source = path.findIndex((p) => p === 'resource' || p === 'containerResource');
  const unit = isTargetValue ? (source >= 0 ? stringAt(doc.root, [...path.slice(0, source + 1), 'name']) : undefined) : String(key);
  if (unit && CPU_KEYS.has(unit)) {
    const args = { raw: String(raw), value, milli: value === '0' ? '0' : decimalText({ nanos: q.nanos * 1000n }) };
    return value === '1' ? t('`{raw}` = {value} core ({milli}m)', args) : t('`{raw}` = {value} cores ({milli}m)', args);
  }
  if (unit && BYTE_KEYS.has(unit)) {
    return q.suffix === 'm'
      ? t('`{raw}` = {value} bytes — the `m` suffix means milli: this is a fraction of a byte; did you mean `Mi`?', { raw: String(raw), value })
      : t('`{raw}` = {value} bytes', { raw: String(raw), value });
  }
  return `\`${raw}\` = ${value}`;
}

// Formatting-preserving YAML edits of maps and sequences: each helper returns the smallest text edits that
// make a change, matching the file's line endings, indentation and the block or flow style it touches.
import { isMap, isScalar, parse as parseYaml, Scalar, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { pairOf, rangeOf, type SourceFile } from './model';
import type { TextEdit } from '../text/edits';
import { columnOf, eolOf, lineEndOf, lineStartOf, nextLineStartOf } from '../text/lines';
import { perText } from '../text/perText';

/** Keys to add, with scalar texts (written as given) or nested entries. */
export interface EntryTree {
  [key: string]: string | EntryTree;
}

/** The most common indentation step of the file's lines (2 when nothing tells); scanned once per text. */
export const indentUnitOf = perText(scanIndentUnit);

function scanIndentUnit(text: string): number {
  const counts = new Map<number, number>();
  let previous = -1;
  for (const line of text.split('\n')) {
    const body = line.replace(/\r$/, '');
    if (!body.trim() || body.trimStart().startsWith('#')) continue;
    const indent = body.length - body.trimStart().length;
    if (previous >= 0 && indent > previous) counts.set(indent - previous, (counts.get(indent - previous) ?? 0) + 1);
    previous = indent + (body.trimStart().startsWith('- ') ? 2 : 0);
  }
  let best = 2;
  let bestCount = 0;
  for (const [step, n] of counts) if (n > bestCount || (n === bestCount && step < best)) [best, bestCount] = [step, n];
  return best;
}

/** A scalar text that YAML reads back as the same string (quoted only when it must be). */
export function yamlScalarText(value: string): string {
  // Plain only when YAML reads it back as the same string: `30`, `true` or `null` would change type.
  if (/^[A-Za-z0-9_./+-][A-Za-z0-9_./+ -]*$/.test(value) && !/\s$/.test(value) && parseYaml(value) === value) return value;
  return JSON.stringify(value);
}

function isNullValue(v: unknown): boolean {
  return v === null || v === undefined || (isScalar(v) && v.value === null);
}

/**
 * Adds `entries` to `map`, merging into existing nested maps (block or flow) and filling empty values
 * (`resources:` or `resources: ~`). Returns undefined when an existing key holds something else
 * (a scalar or a list), since merging would change meaning.
 */
export function insertEntries(file: SourceFile, map: YAMLMap, entries: EntryTree): TextEdit[] | undefined {
  const edits: Omit<TextEdit, 'uri'>[] = [];
  if (!collectInsert(file.text, map, entries, edits)) return undefined;
  return mergeTouching(edits).map((e) => ({ uri: file.uri, ...e }));
}

function collectInsert(text: string, map: YAMLMap, entries: EntryTree, edits: Omit<TextEdit, 'uri'>[]): boolean {
  const missing: EntryTree = {};
  for (const [key, value] of Object.entries(entries)) {
    const pair = pairOf(map, key);
    if (!pair) {
      missing[key] = value;
      continue;
    }
    if (typeof value === 'string') continue; // Present already: never overwrite.
    const existing = pair.value;
    if (isMap(existing)) {
      if (!collectInsert(text, existing, value, edits)) return false;
    } else if (isNullValue(existing) && !map.flow) {
      const edit = fillEmptyValue(text, pair, value);
      if (!edit) return false;
      edits.push(edit);
    } else return false;
  }
  if (Object.keys(missing).length === 0) return true;
  const range = map.range;
  if (!range) return false;
  if (map.flow) {
    const close = range[1] - 1;
    if (text[close] !== '}') return false;
    const last = map.items[map.items.length - 1] as Pair | undefined;
    const lastEnd = last ? ((last.value as Node | null)?.range?.[1] ?? (last.key as Node | null)?.range?.[1]) : undefined;
    const body = renderFlowEntries(missing);
    if (lastEnd === undefined) edits.push({ range: { start: close, end: close }, newText: body });
    else edits.push({ range: { start: lastEnd, end: lastEnd }, newText: `, ${body}` });
    return true;
  }
  const firstKey = (map.items[0]?.key as Node | null)?.range?.[0];
  if (firstKey === undefined) return false;
  const indent = ' '.repeat(columnOf(text, firstKey));
  const at = blockEnd(text, range[1]);
  edits.push({ range: { start: at, end: at }, newText: renderBlock(missing, indent, ' '.repeat(indentUnitOf(text)), eolOf(text, at)) });
  return true;
}

/** Where to append a line after a block node ending at `end`: the end of its last line. */
function blockEnd(text: string, end: number): number {
  if (end > 0 && text[end - 1] === '\n') return end - (end > 1 && text[end - 2] === '\r' ? 2 : 1);
  return lineEndOf(text, end);
}

/** Replaces an empty value (`key:`, `key: ~`, `key: null`, keeping a comment) with block entries. */
function fillEmptyValue(text: string, pair: Pair, entries: EntryTree): Omit<TextEdit, 'uri'> | undefined {
  const keyNode = pair.key as Node | null;
  if (!keyNode?.range) return undefined;
  const colon = text.indexOf(':', keyNode.range[1]);
  if (colon === -1) return undefined;
  const end = lineEndOf(text, colon);
  const rest = text.slice(colon + 1, end);
  const valueNode = pair.value as Node | null;
  if (valueNode?.range && valueNode.range[0] > end) return undefined; // `~` on a later line: leave it alone.
  const comment = /(^|\s)(#.*)$/.exec(rest)?.[2];
  if (!/^\s*(~|null|Null|NULL)?\s*(#.*)?$/.test(rest)) return undefined;
  const indent = ' '.repeat(columnOf(text, keyNode.range[0]));
  const unit = ' '.repeat(indentUnitOf(text));
  const newText = (comment ? ` ${comment}` : '') + renderBlock(entries, indent + unit, unit, eolOf(text, colon));
  return { range: { start: colon + 1, end }, newText };
}

/** Lines `key: value`, each preceded by a line break, nested maps one `unit` deeper. */
export function renderBlock(entries: EntryTree, indent: string, unit: string, eol: string): string {
  let out = '';
  for (const [key, value] of Object.entries(entries)) {
    if (typeof value === 'string') out += `${eol}${indent}${yamlScalarText(key)}: ${value}`;
    else out += `${eol}${indent}${yamlScalarText(key)}:${renderBlock(value, indent + unit, unit, eol)}`;
  }
  return out;
}

/** `key: value, key2: {a: b}` for insertion into a flow map. */
export function renderFlowEntries(entries: EntryTree): string {
  return Object.entries(entries)
    .map(([key, value]) => `${yamlScalarText(key)}: ${typeof value === 'string' ? value : `{${renderFlowEntries(value)}}`}`)
    .join(', ');
}

/** Joins edits where one ends exactly where an insertion starts, so a fix never holds touching edits. */
function mergeTouching(edits: Omit<TextEdit, 'uri'>[]): Omit<TextEdit, 'uri'>[] {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.range.start - b.e.range.start || a.i - b.i);
  const out: Omit<TextEdit, 'uri'>[] = [];
  for (const { e } of sorted) {
    const prev = out[out.length - 1];
    if (prev && prev.range.end === e.range.start && e.range.start === e.range.end) {
      out[out.length - 1] = { range: prev.range, newText: prev.newText + e.newText };
    } else if (prev && prev.range.start === prev.range.end && prev.range.start === e.range.start) {
      out[out.length - 1] = { range: e.range, newText: prev.newText + e.newText };
    } else out.push({ range: { ...e.range }, newText: e.newText });
  }
  return out;
}

/**
 * Removes `key` and its value from `map`: whole lines in a block map (comments on other lines stay),
 * the entry and one separating comma in a flow map.
 */
export function removeEntry(file: SourceFile, map: YAMLMap, key: string): TextEdit | undefined {
  const text = file.text;
  const index = map.items.findIndex((p) => (isScalar(p.key) ? String(p.key.value) : p.key) === key);
  if (index === -1) return undefined;
  const pair = map.items[index] as Pair;
  const keyNode = pair.key as Node | null;
  const valueNode = pair.value as Node | null;
  if (!keyNode?.range) return undefined;
  const valueEnd = valueNode?.range?.[1] ?? keyNode.range[1];
  if (map.flow) {
    const next = map.items[index + 1] as Pair | undefined;
    const nextStart = (next?.key as Node | null)?.range?.[0];
    if (nextStart !== undefined) return { uri: file.uri, range: { start: keyNode.range[0], end: nextStart }, newText: '' };
    const prev = map.items[index - 1] as Pair | undefined;
    const prevEnd = prev ? ((prev.value as Node | null)?.range?.[1] ?? (prev.key as Node | null)?.range?.[1]) : undefined;
    return { uri: file.uri, range: { start: prevEnd ?? keyNode.range[0], end: valueEnd }, newText: '' };
  }
  const start = lineStartOf(text, keyNode.range[0]);
  if (text.slice(start, keyNode.range[0]).trim() !== '') return undefined; // `- key: v` starts a list item.
  return { uri: file.uri, range: { start, end: nextLineStartOf(text, blockEnd(text, valueEnd)) }, newText: '' };
}

/** Replaces a scalar's value, keeping its quotes. */
export function replaceScalar(file: SourceFile, node: Scalar, newValue: string): TextEdit | undefined {
  if (!node.range) return undefined;
  const [start, end] = node.range;
  const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
  if (quoted) return { uri: file.uri, range: { start: start + 1, end: end - 1 }, newText: newValue };
  return { uri: file.uri, range: { start, end }, newText: yamlScalarText(newValue) };
}

/** The scalar text for `value`, in the quoting style of `like` when given (plain only when safe in a list item). */
export function formatScalar(value: string, like: Scalar | undefined, flow: boolean): string {
  const style = like?.type;
  if (style === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
  if (style === Scalar.QUOTE_DOUBLE) return JSON.stringify(value);
  const plainSafe = /^[A-Za-z0-9/_.=:,@+%-]+$/.test(value) && !value.endsWith(':') && !(flow && value.includes(','));
  return plainSafe ? value : JSON.stringify(value);
}

/** The indentation before `- ` of a block sequence item, or undefined when the line holds more. */
function dashIndent(text: string, item: Node): string | undefined {
  const start = rangeOf(item).start;
  const m = /^([ \t]*)-[ \t]+$/.exec(text.slice(lineStartOf(text, start), start));
  return m?.[1];
}

/** Appends a scalar item to a sequence, in its flow or block style and quoted like its last item. */
export function appendItemEdit(file: SourceFile, seq: YAMLSeq, value: string): TextEdit | undefined {
  const text = file.text;
  const last = seq.items[seq.items.length - 1] as Scalar | undefined;
  if (seq.flow) {
    const { start, end } = rangeOf(seq);
    const close = text.lastIndexOf(']', end - 1);
    if (close < start) return undefined;
    const like = isScalar(last) ? last : undefined;
    const item = formatScalar(value, like, true);
    if (!last) return { uri: file.uri, range: { start: close, end: close }, newText: item };
    const lastEnd = rangeOf(last).end;
    return { uri: file.uri, range: { start: lastEnd, end: lastEnd }, newText: `, ${item}` };
  }
  if (!last) return undefined;
  const indent = dashIndent(text, last);
  if (indent === undefined) return undefined;
  const at = lastValueEnd(text, rangeOf(last).end);
  return { uri: file.uri, range: { start: at, end: at }, newText: `${eolOf(text, at)}${indent}- ${formatScalar(value, isScalar(last) ? last : undefined, false)}` };
}

/** Removes item `index` of a sequence: its whole line in a block list, the item and one comma in a flow list. */
export function removeItemEdit(file: SourceFile, seq: YAMLSeq, index: number): TextEdit | undefined {
  const text = file.text;
  const item = seq.items[index] as Scalar | undefined;
  if (!item) return undefined;
  if (seq.flow) {
    // Remove the item with the comma before it (or after it, for the first item).
    const r = rangeOf(item);
    if (index > 0) return { uri: file.uri, range: { start: rangeOf(seq.items[index - 1] as Scalar).end, end: r.end }, newText: '' };
    const next = seq.items[1] as Scalar | undefined;
    return { uri: file.uri, range: { start: r.start, end: next ? rangeOf(next).start : r.end }, newText: '' };
  }
  if (dashIndent(text, item) === undefined) return undefined;
  const start = lineStartOf(text, rangeOf(item).start);
  return { uri: file.uri, range: { start, end: nextLineStartOf(text, rangeOf(item).end) }, newText: '' };
}

/** Adds `key:` with a one-item block list as the last key of a block map. */
export function addKeyEdit(file: SourceFile, map: YAMLMap, key: string, value: string): TextEdit | undefined {
  if (map.flow || map.items.length === 0) return undefined;
  const text = file.text;
  const firstKey = map.items[0].key as Scalar;
  const indent = ' '.repeat(columnOf(text, rangeOf(firstKey).start));
  const lastPair = map.items[map.items.length - 1];
  const lastNode = (lastPair.value ?? lastPair.key) as Scalar;
  const end = lastValueEnd(text, rangeOf(lastNode).end);
  const eol = eolOf(text, end);
  return { uri: file.uri, range: { start: end, end }, newText: `${eol}${indent}${key}:${eol}${indent}- ${formatScalar(value, undefined, false)}` };
}

/** The end of the last non-blank line at or before `offset` (a node's range may include trailing newlines). */
function lastValueEnd(text: string, offset: number): number {
  let end = offset;
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  return lineEndOf(text, end);
}

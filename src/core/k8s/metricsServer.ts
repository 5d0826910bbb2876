// metrics-server container flags: reading them from `args` or `command`, and the edit that sets one
// (replacing an existing value, never adding a flag twice). Used by rules and by the doctor's repairs.
import { isMap, isScalar, isSeq, Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { podSpecOf } from '../manifest/kinds';
import { isTemplatedValue, seqAt, stringAt, type ManifestDoc, type SourceFile } from '../manifest/model';
import type { OffsetRange, TextEdit } from '../text/edits';

export const METRICS_SERVER_CONTAINER = 'metrics-server';

/** Flags that never take a separate value token, so `--flag next` is two flags. */
const BOOLEAN_FLAGS = new Set(['--kubelet-insecure-tls', '--kubelet-use-node-status-port', '--logtostderr', '--alsologtostderr', '--enable-profiling']);

export function isMetricsServerContainer(container: unknown): container is YAMLMap {
  if (!isMap(container)) return false;
  const name = stringAt(container, ['name']);
  const image = stringAt(container, ['image']) ?? '';
  return name === METRICS_SERVER_CONTAINER || image.includes('metrics-server');
}

/** metrics-server containers of a Deployment (the shape every metrics-server release ships). */
export function metricsServerContainers(doc: ManifestDoc): YAMLMap[] {
  if (doc.kind !== 'Deployment' || !doc.root) return [];
  const containers = seqAt(podSpecOf(doc), ['containers']);
  return (containers?.items ?? []).filter(isMetricsServerContainer);
}

export interface FlagUse {
  /** The flag name with dashes, e.g. `--kubelet-insecure-tls`. */
  flag: string;
  /** The value after `=` or in the next item; undefined for a bare flag. */
  value?: string;
  field: 'args' | 'command';
  /** Index of the flag's item in its sequence. */
  index: number;
  node: Scalar;
  /** The separate value item of the two-token form `--flag`, `value`. */
  valueNode?: Scalar;
  /** The flag item, and its value item when separate. */
  range: OffsetRange;
}

/** Flags in the container's `command` and `args`, in order, with their values. Templated items are skipped. */
export function readFlags(container: YAMLMap): FlagUse[] {
  const uses: FlagUse[] = [];
  for (const field of ['command', 'args'] as const) {
    const seq = container.get(field, true);
    if (!isSeq(seq)) continue;
    const items = seq.items;
    for (let i = 0; i < items.length; i++) {
      const node = items[i];
      if (!isScalar(node) || typeof node.value !== 'string' || isTemplatedValue(node.value)) continue;
      const m = /^(--[A-Za-z0-9][\w.-]*)(?:=([\s\S]*))?$/.exec(node.value);
      if (!m) continue;
      const use: FlagUse = { flag: m[1], value: m[2], field, index: i, node, range: range(node) };
      const next = items[i + 1];
      if (m[2] === undefined && !BOOLEAN_FLAGS.has(m[1]) && isScalar(next) && typeof next.value === 'string' && !next.value.startsWith('-')) {
        use.value = next.value;
        use.valueNode = next;
        use.range = { start: use.range.start, end: range(next).end };
        i++;
      }
      uses.push(use);
    }
  }
  return uses;
}

export function findFlag(container: YAMLMap, flag: string): FlagUse[] {
  return readFlags(container).filter((u) => u.flag === flag);
}

/** Whether a boolean flag is on: bare, or with a value Go's strconv.ParseBool reads as true. */
export function isFlagOn(use: FlagUse): boolean {
  return use.value === undefined || ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(use.value);
}

/**
 * Edits that make the container run with `flag` (bare when `value` is undefined, else `flag=value`):
 * the first existing occurrence is rewritten in place, later duplicates are removed; a missing flag
 * is appended to `args` when present, else to `command`, else a new `args` list is created.
 * Undefined when the container's layout cannot be edited safely (flow map, templated lists).
 */
export function setFlagEdits(file: SourceFile, container: YAMLMap, flag: string, value?: string): TextEdit[] | undefined {
  const uses = findFlag(container, flag);
  const edits: TextEdit[] = [];
  const uri = file.uri;
  if (uses.length) {
    const [first, ...rest] = uses;
    const seq = container.get(first.field, true) as unknown as YAMLSeq;
    const flow = !!seq.flow;
    if (first.valueNode && value !== undefined) {
      if (first.value !== value) edits.push({ uri, range: range(first.valueNode), newText: formatScalar(value, first.valueNode, flow) });
    } else {
      const text = value === undefined ? flag : `${flag}=${value}`;
      if (first.node.value !== text || first.valueNode) edits.push({ uri, range: range(first.node), newText: formatScalar(text, first.node, flow) });
      if (first.valueNode) {
        const removal = removeItemEdit(file, seq, first.index + 1);
        if (!removal) return undefined;
        edits.push(removal);
      }
    }
    for (const dup of rest) {
      const dupSeq = container.get(dup.field, true) as unknown as YAMLSeq;
      for (const idx of dup.valueNode ? [dup.index, dup.index + 1] : [dup.index]) {
        const removal = removeItemEdit(file, dupSeq, idx);
        if (!removal) return undefined;
        edits.push(removal);
      }
    }
    return edits;
  }
  const text = value === undefined ? flag : `${flag}=${value}`;
  const args = container.get('args', true);
  const command = container.get('command', true);
  const target = isSeq(args) ? args : isSeq(command) ? command : undefined;
  if (target) {
    const append = appendItemEdit(file, target, text);
    return append ? [append] : undefined;
  }
  if (args !== undefined && args !== null) return undefined;
  const insert = addKeyEdit(file, container, 'args', text);
  return insert ? [insert] : undefined;
}

function range(node: { range?: [number, number, number] | null }): OffsetRange {
  const r = node.range ?? [0, 0, 0];
  return { start: r[0], end: r[1] };
}

/** The scalar text for `value`, in the quoting style of `like` when given. */
export function formatScalar(value: string, like: Scalar | undefined, flow: boolean): string {
  const style = like?.type;
  if (style === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
  if (style === Scalar.QUOTE_DOUBLE) return JSON.stringify(value);
  const plainSafe = /^[A-Za-z0-9/_.=:,@+%-]+$/.test(value) && !value.endsWith(':') && !(flow && value.includes(','));
  return plainSafe ? value : JSON.stringify(value);
}

function lineStartAt(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The end of the line holding `offset`, before its `\n` or `\r\n`. */
function lineEndAt(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  if (i === -1) return text.length;
  return text[i - 1] === '\r' ? i - 1 : i;
}

const eolOf = (text: string) => (text.includes('\r\n') ? '\r\n' : '\n');

/** The indentation before `- ` of a block sequence item, or undefined when the line holds more. */
function dashIndent(text: string, item: { range?: [number, number, number] | null }): string | undefined {
  const start = range(item).start;
  const m = /^([ \t]*)-[ \t]+$/.exec(text.slice(lineStartAt(text, start), start));
  return m?.[1];
}

function appendItemEdit(file: SourceFile, seq: YAMLSeq, value: string): TextEdit | undefined {
  const text = file.text;
  const last = seq.items[seq.items.length - 1] as Scalar | undefined;
  if (seq.flow) {
    const [start, end] = [range(seq).start, range(seq).end];
    const close = text.lastIndexOf(']', end - 1);
    if (close < start) return undefined;
    const like = isScalar(last) ? last : undefined;
    const item = formatScalar(value, like, true);
    if (!last) return { uri: file.uri, range: { start: close, end: close }, newText: item };
    const lastEnd = range(last).end;
    return { uri: file.uri, range: { start: lastEnd, end: lastEnd }, newText: `, ${item}` };
  }
  if (!last) return undefined;
  const indent = dashIndent(text, last);
  if (indent === undefined) return undefined;
  const at = lastValueEnd(text, range(last).end);
  return { uri: file.uri, range: { start: at, end: at }, newText: `${eolOf(text)}${indent}- ${formatScalar(value, isScalar(last) ? last : undefined, false)}` };
}

function removeItemEdit(file: SourceFile, seq: YAMLSeq, index: number): TextEdit | undefined {
  const text = file.text;
  const item = seq.items[index] as Scalar | undefined;
  if (!item) return undefined;
  if (seq.flow) {
    // Remove the item with the comma before it (or after it, for the first item).
    const r = range(item);
    if (index > 0) return { uri: file.uri, range: { start: range(seq.items[index - 1] as Scalar).end, end: r.end }, newText: '' };
    const next = seq.items[1] as Scalar | undefined;
    return { uri: file.uri, range: { start: r.start, end: next ? range(next).start : r.end }, newText: '' };
  }
  if (dashIndent(text, item) === undefined) return undefined;
  const start = lineStartAt(text, range(item).start);
  const newline = text.indexOf('\n', range(item).end);
  return { uri: file.uri, range: { start, end: newline === -1 ? text.length : newline + 1 }, newText: '' };
}

/** Adds `key:` with a one-item block list as the last key of a block map. */
function addKeyEdit(file: SourceFile, map: YAMLMap, key: string, value: string): TextEdit | undefined {
  if (map.flow || map.items.length === 0) return undefined;
  const text = file.text;
  const firstKey = map.items[0].key as Scalar;
  const keyStart = range(firstKey).start;
  const col = keyStart - lineStartAt(text, keyStart);
  const lastPair = map.items[map.items.length - 1];
  const lastNode = (lastPair.value ?? lastPair.key) as Scalar;
  const indent = ' '.repeat(col);
  const end = lastValueEnd(text, range(lastNode).end);
  const eol = eolOf(text);
  return { uri: file.uri, range: { start: end, end }, newText: `${eol}${indent}${key}:${eol}${indent}- ${formatScalar(value, undefined, false)}` };
}

/** The end of the last non-blank line at or before `offset` (a node's range may include trailing newlines). */
function lastValueEnd(text: string, offset: number): number {
  let end = offset;
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  return lineEndAt(text, end);
}

/**
 * The same change on a plain list of arguments (a live Deployment's `args` or `command`): the first
 * occurrence of `flag` is rewritten (a two-token `--flag value` keeps its shape), later ones are
 * removed, a missing flag is appended.
 */
export function setFlagInList(list: readonly string[], flag: string, value?: string): string[] {
  const out: string[] = [];
  let done = false;
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const bare = item === flag;
    if (!bare && !item.startsWith(flag + '=')) {
      out.push(item);
      continue;
    }
    const next = list[i + 1];
    const twoToken = bare && !BOOLEAN_FLAGS.has(flag) && next !== undefined && !next.startsWith('-');
    if (twoToken) i++;
    if (done) continue;
    done = true;
    if (twoToken && value !== undefined) out.push(flag, value);
    else out.push(value === undefined ? flag : `${flag}=${value}`);
  }
  if (!done) out.push(value === undefined ? flag : `${flag}=${value}`);
  return out;
}

/** Which list of a live container to change for `flag`, and its new content (args first, as in setFlagEdits). */
export function containerFlagChange(container: { args?: string[]; command?: string[] }, flag: string, value?: string): { field: 'args' | 'command'; value: string[] } {
  const inCommand = (container.command ?? []).some((a) => a === flag || a.startsWith(flag + '='));
  const inArgs = (container.args ?? []).some((a) => a === flag || a.startsWith(flag + '='));
  const field = inArgs || (!inCommand && (container.args || !container.command)) ? 'args' : 'command';
  return { field, value: setFlagInList(container[field] ?? [], flag, value) };
}

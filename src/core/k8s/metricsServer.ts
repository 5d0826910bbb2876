// metrics-server container flags: reading them from `args` or `command`, and the edit that sets one
// (replacing an existing value, never adding a flag twice). Used by rules and by the doctor's repairs.
import { isMap, isScalar, isSeq, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { addKeyEdit, appendItemEdit, formatScalar, removeItemEdit } from '../manifest/edit';
import { podSpecOf } from '../manifest/kinds';
import { isMaskedValue, rangeOf, seqAt, stringAt, type ManifestDoc, type SourceFile } from '../manifest/model';
import type { OffsetRange, TextEdit } from '../text/edits';

export const METRICS_SERVER_CONTAINER = 'metrics-server';

/** Flags that never take a separate value token, so `--flag next` is two flags. */
const BOOLEAN_FLAGS = new Set(['--kubelet-insecure-tls', '--kubelet-use-node-status-port', '--logtostderr', '--alsologtostderr', '--enable-profiling']);

/**
 * pflag `StringSlice` flags of metrics-server v0.7.2 (cmd/metrics-server/app/options, and the k8s.io/apiserver
 * serving, authentication and authorization options it embeds): a second occurrence appends to the first.
 */
export const METRICS_SERVER_LIST_FLAGS = new Set(
  [
    'kubelet-preferred-address-types',
    'tls-cipher-suites',
    'requestheader-username-headers',
    'requestheader-group-headers',
    'requestheader-extra-headers-prefix',
    'requestheader-allowed-names',
    'authorization-always-allow-paths',
  ].map((f) => `--${f}`),
);

/** Flags meant to be given once per entry (`NamedCertKeyArray`): never duplicates. */
export const METRICS_SERVER_REPEATABLE_FLAGS = new Set(['--tls-sni-cert-key']);

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

/**
 * Flags in the container's `command` and `args`, in order, with their values. Items a template construct wrote are
 * skipped; a `${VAR}` left in a flag's value is kept (cluster-autoscaler-discovery-placeholder reports it).
 * `booleanFlags` are those that never take the next item as their value (metrics-server's by default).
 * A `--` item ends the flags, as in pflag: what follows is positional.
 */
export function readFlags(container: YAMLMap, booleanFlags: ReadonlySet<string> = BOOLEAN_FLAGS): FlagUse[] {
  const uses: FlagUse[] = [];
  fields: for (const field of ['command', 'args'] as const) {
    const seq = container.get(field, true);
    if (!isSeq(seq)) continue;
    const items = seq.items;
    for (let i = 0; i < items.length; i++) {
      const node = items[i];
      // A raw `${VAR}` stays: a flag is a flag whatever its value, and a placeholder in it is what some rules report.
      if (!isScalar(node) || typeof node.value !== 'string' || isMaskedValue(node.value)) continue;
      if (node.value === '--') break fields;
      const m = /^(--[A-Za-z0-9][\w.-]*)(?:=([\s\S]*))?$/.exec(node.value);
      if (!m) continue;
      const use: FlagUse = { flag: m[1], value: m[2], field, index: i, node, range: rangeOf(node) };
      const next = items[i + 1];
      if (m[2] === undefined && !booleanFlags.has(m[1]) && isScalar(next) && typeof next.value === 'string' && !next.value.startsWith('-')) {
        use.value = next.value;
        use.valueNode = next;
        use.range = { start: use.range.start, end: rangeOf(next).end };
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
      if (first.value !== value) edits.push({ uri, range: rangeOf(first.valueNode), newText: formatScalar(value, first.valueNode, flow) });
    } else {
      const text = value === undefined ? flag : `${flag}=${value}`;
      if (first.node.value !== text || first.valueNode) edits.push({ uri, range: rangeOf(first.node), newText: formatScalar(text, first.node, flow) });
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

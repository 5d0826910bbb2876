// Renders converted YAML fragments: new maps and lists in the surrounding block or flow style, with pieces
// of the source (values, whole entries with their comments) copied verbatim and re-indented where they land.
import { isCollection, isMap, isScalar, isSeq, parse, type Node, type Pair, type YAMLMap } from 'yaml';
import { indentUnitOf } from '../manifest/edit';
import { columnOf, eolOf, lineEndOf, lineStartOf } from '../text/lines';
import { perText } from '../text/perText';

/** A source node copied as written (quotes, inner comments), or re-rendered from its value when `plain`. */
export class Raw {
  constructor(
    readonly node: Node,
    readonly text: string,
    /** Column of the key that held the node, to re-indent multi-line values. */
    readonly keyColumn: number,
    readonly plain = false,
  ) {}

  get source(): string {
    const [start, end] = this.node.range!;
    // A lone CR ending the file is a line break to YAML 1.2 (and the API server), though the parser keeps it in the value.
    return this.text.slice(start, end).replace(/\r?\n$|\r$/, '');
  }

  /**
   * The anchor and tag written before the node (`&u`, `!!str &v`), or '' when it has none. The node's range
   * starts after them, yet a later `*u` needs the anchor, so every copy of the node carries them.
   */
  get props(): string {
    const node = this.node as Node & { anchor?: string };
    if (!node.anchor && !node.tag) return '';
    const before = this.text.slice(0, node.range![0]);
    const m = /((?:[&!][^\s,[\]{}]*[ \t]*(?:\r?\n[ \t]*)?)+)$/.exec(before);
    return m ? m[1].replace(/\s+/g, ' ').trim() : '';
  }

  /**
   * Whether the source cannot be copied into a flow collection or after a key as it stands: a block scalar
   * (`>-` then its lines) or a scalar spread over several lines. Such values are written from their value.
   */
  get needsRender(): boolean {
    return isScalar(this.node) && (this.node.type === 'BLOCK_FOLDED' || this.node.type === 'BLOCK_LITERAL' || /[\r\n]/.test(this.source));
  }

  get isBlockCollection(): boolean {
    return isCollection(this.node) && !(this.node as YAMLMap).flow;
  }

  get value(): unknown {
    return this.node.toJSON();
  }
}

/** A whole `key: value` entry of a block map, copied with its comment lines above and on its lines. */
export class RawPair {
  constructor(
    readonly pair: Pair,
    readonly text: string,
    /** Where copying starts: the first comment line above the key, or the key. */
    readonly start: number,
    /** Values are re-rendered from their data (JSON annotations) rather than copied. */
    readonly plain = false,
    /** The entry sits in a flow map: only its value can be copied. */
    readonly inFlow = false,
  ) {}

  get key(): string {
    return String(isScalar(this.pair.key) ? this.pair.key.value : this.pair.key);
  }

  get keyColumn(): number {
    return columnOf(this.text, (this.pair.key as Node).range![0]);
  }

  /** The entry's text from `start` up to the end of its last line. */
  get source(): string {
    const value = this.pair.value as Node | null;
    const end = value?.range ? value.range[1] : (this.pair.key as Node).range![1];
    const stop = end > 0 && this.text[end - 1] === '\n' ? end - 1 : lineEndOf(this.text, end);
    return this.text.slice(this.start, stop).replace(/\r$/, '');
  }

  /** The comment lines copied above the key. */
  get before(): string[] {
    const keyStart = (this.pair.key as Node).range![0];
    return this.text
      .slice(this.start, keyStart)
      .split(/\r?\n/)
      .map((l) => l.trim())
      .slice(0, -1);
  }

  /** The comment after a scalar value on its line, with its leading spaces. */
  get after(): string | undefined {
    const value = this.pair.value as Node | null;
    if (!value?.range || isCollection(value)) return undefined;
    const rest = this.text.slice(value.range[1], lineEndOf(this.text, value.range[1]));
    return /^\s+#/.test(rest) ? rest.trimEnd() : undefined;
  }

  get valueRaw(): Raw | undefined {
    const value = this.pair.value as Node | null;
    return value?.range ? new Raw(value, this.text, this.keyColumn, this.plain) : undefined;
  }
}

/** Written as-is on the key's line (e.g. a placeholder with a comment). */
export class Verbatim {
  constructor(readonly text: string) {}
}

/** A new entry with comments carried over from the source entry it replaces. */
export interface Entry {
  key: string;
  value: Out;
  /** Comment lines written above the key. */
  before?: string[];
  /** Written after the value on its line: a comment with its leading spaces. */
  after?: string;
}

/** An ordered map; `flow` forces flow style for it and everything inside. */
export class OMap {
  constructor(
    readonly items: (Entry | RawPair)[] = [],
    public flow = false,
  ) {}

  set(key: string, value: Out, comments: { before?: string[]; after?: string } = {}): this {
    this.items.push({ key, value, ...comments });
    return this;
  }

  add(item: Entry | RawPair | undefined): this {
    if (item) this.items.push(item);
    return this;
  }

  has(key: string): boolean {
    return this.items.some((i) => i.key === key);
  }
}

/** A list copied from the source with items appended in its style. */
export class RawSeqPlus {
  constructor(
    readonly raw: Raw,
    readonly extra: Out[],
  ) {}
}

/** Forces flow style for a list. */
export class FlowSeq {
  constructor(readonly items: Out[]) {}
}

export type Out = string | number | boolean | null | Raw | RawSeqPlus | Verbatim | OMap | FlowSeq | Out[] | { [key: string]: Out };

export interface RenderStyle {
  /** Indentation step in spaces. */
  unit: number;
  /** Extra indentation of `- ` items below their key (0 for `key:\n- a`, unit for `key:\n  - a`). */
  seqIndent: number;
  eol: string;
  /** New maps of scalars are written `{a: 1, b: 2}` (the document writes small maps that way). */
  flowLeafMaps: boolean;
}

/** The style of a file (and of one document in it): indentation step, list indentation, line endings. */
export function styleOf(text: string, doc?: { start: number; end: number }): RenderStyle {
  const docText = doc ? text.slice(doc.start, doc.end) : text;
  return { ...fileStyleOf(text), flowLeafMaps: /:[ \t]+\{[^}\n]*:[^}\n]*\}/.test(docText) };
}

/** The parts of the style the whole file decides, scanned once per text. */
const fileStyleOf = perText((text: string): Omit<RenderStyle, 'flowLeafMaps'> => {
  const m = /^( *)[^\s#-][^\n]*:[ \t]*(?:#[^\n]*)?\r?\n(?:[ \t]*#[^\n]*\r?\n)*( *)- /m.exec(text);
  const seqIndent = m ? Math.max(0, m[2].length - m[1].length) : 0;
  return { unit: indentUnitOf(text), seqIndent, eol: eolOf(text) };
});

function isLeaf(v: Out): boolean {
  // Helm directives stay out of new flow maps: `{a: {{ .Values.x }}}` reads badly.
  if (v instanceof Raw) return !isCollection(v.node) && !v.source.includes('{{');
  return v === null || ['string', 'number', 'boolean'].includes(typeof v);
}

/** A string as a YAML scalar that reads back as the same string; plain when safe in block and flow. */
export function scalarText(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value !== 'string') return String(value);
  if (/^[A-Za-z0-9_./~][A-Za-z0-9_./~@ +-]*$/.test(value) && !/\s$/.test(value)) {
    try {
      if (parse(value) === value) return value;
    } catch {
      // fall through to quoting
    }
  }
  return JSON.stringify(value);
}

function asMap(v: Out): OMap | undefined {
  if (v instanceof OMap) return v;
  if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Raw) && !(v instanceof Verbatim) && !(v instanceof FlowSeq) && !(v instanceof RawSeqPlus)) {
    const m = new OMap();
    for (const [k, x] of Object.entries(v)) m.set(k, x);
    return m;
  }
  return undefined;
}

/** Flow text of a value: `{a: 1, b: [x, y]}`. */
export function flowText(v: Out): string {
  if (v instanceof Raw) return withProps(v, v.plain || v.isBlockCollection || v.needsRender ? flowText(fromJS(v.value)) : v.source);
  if (v instanceof Verbatim) return v.text;
  if (v instanceof RawSeqPlus) return flowText([...seqItems(v.raw), ...v.extra]);
  if (v instanceof FlowSeq) return `[${v.items.map(flowText).join(', ')}]`;
  if (Array.isArray(v)) return `[${v.map(flowText).join(', ')}]`;
  const m = asMap(v);
  if (m) {
    const parts = m.items.map((i) => (i instanceof RawPair ? `${scalarText(i.key)}: ${flowText(i.valueRaw ?? null)}` : `${scalarText(i.key)}: ${flowText(i.value)}`));
    return `{${parts.join(', ')}}`;
  }
  return scalarText(v as string | number | boolean | null);
}

/** `text` preceded by the anchor and tag of the source node, so aliases to it still resolve. */
function withProps(raw: Raw, text: string): string {
  const props = raw.plain ? '' : raw.props;
  return props ? `${props} ${text}` : text;
}

function seqItems(raw: Raw): Out[] {
  return isSeq(raw.node) ? raw.node.items.map((i) => new Raw(i as Node, raw.text, raw.keyColumn, raw.plain)) : [raw];
}

/** A plain JS value as Out. */
export function fromJS(v: unknown): Out {
  if (v === undefined) return null;
  if (Array.isArray(v)) return v.map(fromJS);
  if (v && typeof v === 'object') {
    const m = new OMap();
    for (const [k, x] of Object.entries(v)) m.set(k, fromJS(x));
    return m;
  }
  return v as string | number | boolean | null;
}

function reindent(text: string, shift: number, eol: string): string {
  const lines = text.split(/\r?\n/);
  return lines
    .map((line, i) => {
      if (i === 0 || line.trim() === '') return line;
      if (shift >= 0) return ' '.repeat(shift) + line;
      const lead = line.length - line.trimStart().length;
      return line.slice(Math.min(lead, -shift));
    })
    .join(eol);
}

/**
 * Block text of a map whose first key sits at `col` (the caller writes the indentation of the first line;
 * later lines carry their own). No trailing line break.
 */
export function blockMapText(m: OMap, col: number, st: RenderStyle): string {
  if (m.flow) return flowText(m);
  const pad = ' '.repeat(col);
  const lines: string[] = [];
  for (const item of m.items) {
    if (item instanceof RawPair && !item.plain && !item.inFlow) {
      lines.push(pad + reindent(item.source, col - item.keyColumn, st.eol));
      continue;
    }
    const entry: Entry = item instanceof RawPair ? { key: item.key, value: item.valueRaw ?? null } : item;
    for (const c of entry.before ?? []) lines.push(c ? pad + c : '');
    const after = entry.after ?? '';
    lines.push(pad + scalarText(entry.key) + ':' + valueText(entry.value, col, st, after));
  }
  return lines.join(st.eol).slice(col);
}

/** The text after `key:` for a value of an entry whose key sits at `col`. */
export function valueText(v: Out, col: number, st: RenderStyle, after = ''): string {
  if (v instanceof RawSeqPlus) {
    if (!v.raw.isBlockCollection || v.raw.plain) return ` ${flowText(v)}${after}`;
    if (v.extra.length === 0) return valueText(v.raw, col, st, after);
    const seqCol = columnOf(v.raw.text, v.raw.node.range![0]) + col - v.raw.keyColumn;
    return `${valueText(v.raw, col, st, after)}${st.eol}${' '.repeat(seqCol)}${blockSeqText(v.extra, seqCol, st)}`;
  }
  if (v instanceof Raw && !v.plain) {
    const shift = col - v.keyColumn;
    if (v.isBlockCollection) {
      const nodeCol = columnOf(v.text, v.node.range![0]);
      const props = v.props ? ` ${v.props}` : '';
      return `${props}${after}${st.eol}${' '.repeat(nodeCol + shift)}${reindent(v.source, shift, st.eol)}`;
    }
    if (v.needsRender) return ` ${flowText(v)}${after}`;
    return ` ${withProps(v, reindent(v.source, shift, st.eol))}${after}`;
  }
  if (v instanceof Raw) return valueText(fromJS(v.value), col, st, after);
  const m = asMap(v);
  if (m) {
    if (m.items.length === 0) return ` {}${after}`;
    if (m.flow || (st.flowLeafMaps && m.items.every((i) => !(i instanceof RawPair) && !i.before?.length && !i.after && isLeaf(i.value)))) {
      return ` ${flowText(m)}${after}`;
    }
    return `${after}${st.eol}${' '.repeat(col + st.unit)}${blockMapText(m, col + st.unit, st)}`;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return ` []${after}`;
    const seqCol = col + st.seqIndent;
    return `${after}${st.eol}${' '.repeat(seqCol)}${blockSeqText(v, seqCol, st)}`;
  }
  return ` ${flowText(v)}${after}`;
}

/** Block text of a list whose `- ` sits at `col` (first line without indentation). */
export function blockSeqText(items: Out[], col: number, st: RenderStyle): string {
  const pad = ' '.repeat(col);
  return items
    .map((item) => {
      const m = asMap(item);
      if (m && !m.flow && m.items.length > 0) return `- ${blockMapText(m, col + 2, st)}`;
      if (item instanceof Raw && !item.plain && item.isBlockCollection && isMap(item.node) && !item.props) {
        return `- ${reindent(item.source, col + 2 - columnOf(item.text, item.node.range![0]), st.eol)}`;
      }
      return `- ${flowText(item)}`;
    })
    .join(st.eol + pad);
}

/** Comment lines directly above the key of `pair` (not before `from`), and the comment ending its key line. */
export function commentsOf(pair: Pair, text: string, from: number): { before: string[]; after?: string; start: number } {
  const keyStart = (pair.key as Node).range![0];
  let start = lineStartOf(text, keyStart);
  const before: string[] = [];
  let scan = start;
  while (scan > from) {
    const prevStart = lineStartOf(text, scan - 1);
    if (prevStart < from) break;
    const line = text.slice(prevStart, scan).trim();
    if (line !== '' && !line.startsWith('#')) break;
    before.unshift(line);
    scan = prevStart;
    if (line !== '') start = prevStart;
  }
  while (before.length && before[0] === '') before.shift();
  const value = pair.value as Node | null;
  let after: string | undefined;
  if (!isCollection(value) || (value as YAMLMap).flow) {
    const end = value?.range ? value.range[1] : (pair.key as Node).range![1];
    const rest = text.slice(end, lineEndOf(text, end));
    if (/^\s+#/.test(rest)) after = rest.trimEnd();
  }
  const copyStart = before.length ? start + (/^ */.exec(text.slice(start, keyStart))?.[0].length ?? 0) : keyStart;
  return { before, after, start: copyStart };
}

/** The entries of a map, as RawPair copies (block) or plain values (flow / `plain`), keyed by name. */
export function rawPairs(map: YAMLMap, text: string, plain = false): Map<string, RawPair> {
  const out = new Map<string, RawPair>();
  const from = map.range ? map.range[0] : 0;
  for (const pair of map.items) {
    if (!isScalar(pair.key) || !(pair.key as Node).range) continue;
    const { start } = commentsOf(pair as Pair, text, from);
    const inFlow = !!map.flow;
    out.set(String(pair.key.value), new RawPair(pair as Pair, text, inFlow ? (pair.key as Node).range![0] : start, plain, inFlow));
  }
  return out;
}

// Corefiles inside ConfigMaps (the `Corefile` key, AKS/k3s `coredns-custom` keys), with their offsets mapped
// back to the YAML file so rules can report ranges and fix them in place.
import { isMap, isScalar, Scalar } from 'yaml';
import { hasTemplateConstruct, keyRange, stringAt, type ManifestDoc } from '../../manifest/model';
import type { OffsetEdit, OffsetRange } from '../../text/edits';
import { eolOf } from '../../text/lines';
import { parseCorefile, parseDirectiveList, serverKeys, type Directive } from './parse';

export interface EmbeddedCorefile {
  /** The ConfigMap data key, e.g. `Corefile`, `nodes.override`. */
  key: string;
  /** `corefile` holds server blocks; `directives` is an AKS `*.override` list for the default server block. */
  shape: 'corefile' | 'directives';
  text: string;
  keyRange: OffsetRange;
  /** Maps an offset in `text` to the file; undefined when the value is not literal text (folded, escaped). */
  toSource?: (offset: number) => number;
  /** What each line of a literal block scalar is indented by in the file (present only for `|` values). */
  lineIndent?: string;
  /** The file's line break inside a literal block scalar. */
  eol?: string;
}

/**
 * The Corefiles of a ConfigMap: a `Corefile` key (kubeadm, EKS, k3s…), and in `coredns-custom`
 * (AKS, k3s) `*.server` keys (server blocks) and `*.override` keys (directives). Values that hold
 * template directives are skipped; k3s `NodeHosts` is a hosts file, not a Corefile.
 */
export function embeddedCorefiles(doc: ManifestDoc): EmbeddedCorefile[] {
  if (doc.kind !== 'ConfigMap' || !doc.root) return [];
  const data = doc.root.get('data', true);
  if (!isMap(data)) return [];
  const custom = stringAt(doc.root, ['metadata', 'name']) === 'coredns-custom';
  const out: EmbeddedCorefile[] = [];
  for (const pair of data.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    const value = pair.value;
    if (!key || !isScalar(value) || typeof value.value !== 'string' || !value.range) continue;
    const shape = key === 'Corefile' || (custom && key.endsWith('.server')) ? 'corefile' : custom && key.endsWith('.override') ? 'directives' : undefined;
    if (!shape) continue;
    const source = doc.file.text.slice(value.range[0], value.range[1]);
    if (hasTemplateConstruct(doc.file, source)) continue;
    out.push({ key, shape, text: value.value, keyRange: keyRange(data, key), ...sourceMapOf(doc.file.text, value) });
  }
  return out;
}

/** An offset map for literal block scalars (`|`, `|-`, `|+`) and for single-line scalars without escapes. */
function sourceMapOf(file: string, node: Scalar): { toSource?: (offset: number) => number; lineIndent?: string; eol?: string } {
  const value = node.value as string;
  const [start, end] = node.range!;
  if (node.type === Scalar.BLOCK_LITERAL) {
    const headerEnd = file.indexOf('\n', start);
    if (headerEnd === -1 || /\d/.test(file.slice(start, headerEnd).replace(/#.*$/, ''))) return {};
    const eol = eolOf(file, headerEnd);
    const lines: { start: number; text: string }[] = [];
    let pos = headerEnd + 1;
    while (pos < end) {
      const nl = file.indexOf('\n', pos);
      const lineEnd = nl === -1 || nl > end ? end : nl;
      lines.push({ start: pos, text: file.slice(pos, lineEnd).replace(/\r$/, '') });
      pos = lineEnd + 1;
    }
    const first = lines.find((l) => l.text.trim() !== '');
    if (!first) return {};
    const indent = /^ */.exec(first.text)![0];
    const rebuilt = lines.map((l) => l.text.slice(indent.length)).join('\n');
    if (rebuilt.replace(/\n+$/, '') !== value.replace(/\n+$/, '')) return {};
    const toSource = (offset: number) => {
      let rest = offset;
      for (const l of lines) {
        const len = Math.max(0, l.text.length - indent.length);
        if (rest <= len) return l.start + Math.min(indent.length, l.text.length) + rest;
        rest -= len + 1;
      }
      return end;
    };
    return { toSource, lineIndent: indent, eol };
  }
  if (value.includes('\n')) return {};
  const quote = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE ? 1 : 0;
  if (file.slice(start + quote, start + quote + value.length) !== value) return {};
  return { toSource: (offset: number) => start + quote + offset };
}

/** Maps an edit of an embedded Corefile to the file; undefined when its value cannot be edited in place. */
export function embeddedEditToSource(e: EmbeddedCorefile, edit: OffsetEdit): OffsetEdit | undefined {
  if (!e.toSource) return undefined;
  if (edit.newText.includes('\n') && e.lineIndent === undefined) return undefined;
  const newText = e.lineIndent === undefined ? edit.newText : edit.newText.replace(/\n/g, (e.eol ?? '\n') + e.lineIndent);
  return { range: { start: e.toSource(edit.range.start), end: e.toSource(edit.range.end) }, newText };
}

/** The file range of a span of an embedded Corefile, or the data key when offsets cannot be mapped. */
export function embeddedRange(e: EmbeddedCorefile, start: number, end: number): OffsetRange {
  return e.toSource ? { start: e.toSource(start), end: e.toSource(end) } : e.keyRange;
}

export interface EmbeddedDirective {
  directive: Directive;
  /** Zones the directive's server block serves (the default block `.` for `*.override` lists). */
  zones: string[];
  /** The directives around it, for indentation. */
  siblings: Directive[];
  baseIndent: string;
}

/** Server-block-level directives named `name` in an embedded Corefile; undefined when it does not parse. */
export function embeddedDirectives(e: EmbeddedCorefile, name: string): EmbeddedDirective[] | undefined {
  if (e.shape === 'directives') {
    const r = parseDirectiveList(e.text);
    if (!r.ok) return undefined;
    return r.value.filter((d) => d.name.text === name).map((directive) => ({ directive, zones: ['.'], siblings: r.value, baseIndent: '' }));
  }
  const r = parseCorefile(e.text);
  if (!r.ok) return undefined;
  return r.value.serverBlocks.flatMap((sb) =>
    sb.block.directives.filter((d) => d.name.text === name).map((directive) => ({ directive, zones: serverKeys(sb).map((k) => k.zone), siblings: sb.block.directives, baseIndent: sb.indent })),
  );
}

// Text embedded in a YAML string value (a Corefile or an adapter's config.yaml in a ConfigMap), with its offsets
// mapped back to the file, so findings about the embedded text land on the right line and fixes edit it in place.
import { Scalar } from 'yaml';
import type { OffsetEdit, OffsetRange } from '../text/edits';
import { eolOf } from '../text/lines';

export interface EmbeddedText {
  /** The value as the program that reads it sees it. */
  text: string;
  /** The data key's range: where findings go when offsets cannot be mapped. */
  keyRange: OffsetRange;
  /** Maps an offset in `text` to the file; undefined when the value is not literal text (folded, escaped). */
  toSource?: (offset: number) => number;
  /** What each line of a literal block scalar is indented by in the file (present only for `|` values). */
  lineIndent?: string;
  /** The file's line break inside a literal block scalar. */
  eol?: string;
}

/** An offset map for literal block scalars (`|`, `|-`, `|+`) and for single-line scalars without escapes. */
export function sourceMapOf(file: string, node: Scalar): Pick<EmbeddedText, 'toSource' | 'lineIndent' | 'eol'> {
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

/** Maps an edit of embedded text to the file; undefined when its value cannot be edited in place. */
export function embeddedEditToSource(e: EmbeddedText, edit: OffsetEdit): OffsetEdit | undefined {
  if (!e.toSource) return undefined;
  if (edit.newText.includes('\n') && e.lineIndent === undefined) return undefined;
  const newText = e.lineIndent === undefined ? edit.newText : edit.newText.replace(/\n/g, (e.eol ?? '\n') + e.lineIndent);
  return { range: { start: e.toSource(edit.range.start), end: e.toSource(edit.range.end) }, newText };
}

/** The file range of a span of embedded text, or the data key when offsets cannot be mapped. */
export function embeddedRange(e: EmbeddedText, start: number, end: number): OffsetRange {
  return e.toSource ? { start: e.toSource(start), end: e.toSource(end) } : e.keyRange;
}

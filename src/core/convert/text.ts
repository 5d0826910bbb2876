// Text edits of the converters: replace a node with rendered output, append an entry, split edits to changed
// lines, and guard Helm directives.
import { type Node, type YAMLMap } from 'yaml';
import { templateConstructsIn, type SourceFile } from '../manifest/model';
import { lineDiffEdits } from '../text/diff';
import type { TextEdit } from '../text/edits';
import { columnOf } from '../text/lines';
import { blockMapText, flowText, OMap, type Out, type RenderStyle } from './render';

/** End of a block node without its final line break. */
function contentEnd(text: string, end: number): number {
  if (end > 0 && text[end - 1] === '\n') {
    end--;
    if (end > 0 && text[end - 1] === '\r') end--;
  }
  // A lone CR ending the text stays inside the replaced span: the parser would read one after new text as a scalar.
  return end;
}

/** Replaces a map node with `out`: flow text for a flow map, block text at the same column for a block map. */
export function replaceNodeEdit(file: SourceFile, node: Node, out: OMap, st: RenderStyle): TextEdit | undefined {
  if (!node.range) return undefined;
  const start = node.range[0];
  if ((node as YAMLMap).flow) return { uri: file.uri, range: { start, end: node.range[1] }, newText: flowText(out) };
  const end = contentEnd(file.text, node.range[1]);
  return { uri: file.uri, range: { start, end }, newText: blockMapText(out, columnOf(file.text, start), st) };
}

/** Appends entries rendered by `render(column)` after the last line of a block map. */
function blockInsertAt(file: SourceFile, map: YAMLMap, render: (col: number) => string, st: RenderStyle): TextEdit | undefined {
  const first = map.items[0]?.key as Node | null | undefined;
  if (!map.range || !first?.range) return undefined;
  const col = columnOf(file.text, first.range[0]);
  const end = map.range[1];
  const body = ' '.repeat(col) + render(col);
  if (end > 0 && file.text[end - 1] === '\n') return { uri: file.uri, range: { start: end, end }, newText: body + st.eol };
  return { uri: file.uri, range: { start: end, end }, newText: st.eol + body };
}

/** An edit split into one edit per changed run of lines: unchanged lines inside it are left untouched. */
export function lineEdits(text: string, edit: TextEdit): TextEdit[] {
  const { start, end } = edit.range;
  return lineDiffEdits(text.slice(start, end), edit.newText).map((d) => ({
    uri: edit.uri,
    range: { start: start + d.range.start, end: start + d.range.end },
    newText: d.newText,
  }));
}

/** Joins edits of one file that touch (one ends where the next starts), so a fix never holds touching edits. */
export function joinTouching(edits: TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.uri.localeCompare(b.uri) || a.range.start - b.range.start || a.range.end - b.range.end);
  const out: TextEdit[] = [];
  for (const e of sorted) {
    const prev = out[out.length - 1];
    if (prev && prev.uri === e.uri && prev.range.end === e.range.start) {
      out[out.length - 1] = { uri: e.uri, range: { start: prev.range.start, end: e.range.end }, newText: prev.newText + e.newText };
    } else out.push(e);
  }
  return out;
}

/** Whether an edit drops a template construct (a Helm `{{ … }}`, a Terraform `%{ if }`…) of the file it edits. */
export function losesTemplate(file: SourceFile, edit: TextEdit): boolean {
  const old = templateConstructsIn(file, file.text.slice(edit.range.start, edit.range.end));
  let rest = edit.newText;
  for (const directive of old) {
    const at = rest.indexOf(directive);
    if (at === -1) return true;
    rest = rest.slice(0, at) + rest.slice(at + directive.length);
  }
  return false;
}

/** Lines of `text` as comment lines (for content the user must move by hand). */
export function commentLines(text: string): string[] {
  return text.split(/\r?\n/).map((line) => `# ${line}`.trimEnd());
}

/** Adds `key: value` as the last entry of a map, in its style. */
export function insertPair(file: SourceFile, map: YAMLMap, key: string, value: Out, st: RenderStyle): TextEdit | undefined {
  if (map.flow) {
    const close = map.range ? map.range[1] - 1 : -1;
    if (close < 0 || file.text[close] !== '}') return undefined;
    const sep = map.items.length ? ', ' : '';
    return { uri: file.uri, range: { start: close, end: close }, newText: `${sep}${key}: ${flowText(value)}` };
  }
  return blockInsertAt(file, map, (col) => blockMapText(new OMap().set(key, value), col, st), st);
}

// The pieces of a multi-document file that reparseFile (model.ts) parses on their own: where the documents
// start (`---` at the start of a line), and moving an already parsed document to a new offset.
import { isMap, isPair, isSeq, type Document, type Node } from 'yaml';

/** A stretch of the (masked) source, from a document marker (or the file start) up to the next marker. */
export interface Bounds {
  start: number;
  end: number;
}

const DOCUMENT_START = /^---(?=[ \t\r\n]|$)/gm;
/** Leading text that forms no document by itself: a BOM, blank lines and comments. */
const NO_CONTENT = /^\ufeff?(?:[ \t]*(?:#[^\n]*)?(?:\n|$))*$/;

/**
 * The documents' stretches of `source`, or undefined when the file uses YAML that a split at `---` lines could
 * read differently from one parse of the whole file: directives (`%`), document end markers (`...`), and line
 * breaks other than `\n` and `\r\n`. Leading comments belong to the first document's stretch.
 */
export function documentBounds(source: string): Bounds[] | undefined {
  if (/^(?:%|\.\.\.(?:[ \t\r\n]|$))/m.test(source) || /\r(?!\n)|[\u2028\u2029\u0085]/.test(source)) return undefined;
  const starts = [0];
  for (const m of source.matchAll(DOCUMENT_START)) if (m.index > 0) starts.push(m.index);
  if (starts.length > 1 && NO_CONTENT.test(source.slice(0, starts[1]))) starts.splice(1, 1);
  return starts.map((start, i) => ({ start, end: i + 1 < starts.length ? starts[i + 1] : source.length }));
}

/** Length of the common prefix of `a` and `b`, and of their common suffix (not overlapping the prefix). */
export function commonEnds(a: string, b: string): { prefix: number; suffix: number } {
  const max = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  return { prefix, suffix };
}

/** Moves a parsed document and everything in it (node ranges, errors) by `delta` characters, in place. */
export function shiftDocument(doc: Document.Parsed, delta: number): void {
  if (delta === 0) return;
  const shift = (r: number[] | undefined) => {
    if (r) for (let i = 0; i < r.length; i++) r[i] += delta;
  };
  shift(doc.range);
  for (const e of [...doc.errors, ...doc.warnings]) shift(e.pos);
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isPair(node)) {
      stack.push(node.key, node.value);
      continue;
    }
    shift((node as Node | null)?.range ?? undefined);
    if (isMap(node) || isSeq(node)) for (const item of node.items) stack.push(item);
  }
}

// The pieces of a multi-document file that reparseFile (model.ts) parses on their own: where the documents
// start (`---` at the start of a line), which parsed documents belong to each stretch, and moving them to a new offset.
import { isMap, isPair, isSeq, type Document, type Node } from 'yaml';
import type { OffsetRange } from '../text/edits';
import type { Message } from '../l10n';

/** A stretch of the (masked) source, from a document marker (or the file start) up to the next marker. */
export interface Bounds {
  start: number;
  end: number;
}

const DOCUMENT_START = /^---(?=[ \t\r\n]|$)/gm;
/** Leading text that forms no document by itself: a BOM, blank lines and comments (LF or CRLF line breaks). */
const NO_CONTENT = /^\ufeff?(?:[ \t]*(?:#[^\n]*)?\r?(?:\n|$))*$/;

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

/** A YAML document as parsed, with what reading it found (kept so an unchanged document is not read again). */
export interface ParsedDoc {
  doc: Document.Parsed;
  /** Aliases that name no anchor before them. */
  unresolved: { message: Message; range: OffsetRange }[];
  /** Overridden keys; `keptAt` is where the key that takes effect starts (its line goes into the message). */
  overridden: { key: string; range: OffsetRange; keptAt?: number }[];
}

/** The documents of an error-free file by stretch of its masked source, for reparseFile. */
export interface ParseState {
  source: string;
  stretches: (Bounds & { docs: ParsedDoc[] })[];
}

/** The documents (in file order) of each stretch, by where each starts; undefined when one starts outside every stretch. */
export function byStretch(bounds: Bounds[], docs: ParsedDoc[]): ParseState['stretches'] | undefined {
  const stretches = bounds.map((b) => ({ ...b, docs: [] as ParsedDoc[] }));
  let i = 0;
  for (const d of docs) {
    while (i < stretches.length && d.doc.range[0] >= stretches[i].end && !(i === stretches.length - 1 && d.doc.range[0] === stretches[i].end)) i++;
    if (i === stretches.length || d.doc.range[0] < stretches[i].start) return undefined;
    stretches[i].docs.push(d);
  }
  return stretches;
}

/** Whether a stretch's documents lie within it, the first one starting at its `---` (as one parse of the whole file reads them). */
export function fitsStretch(b: Bounds, docs: ParsedDoc[], source: string): boolean {
  if (docs.some((d) => d.doc.range[0] < b.start || d.doc.range[2] > b.end)) return false;
  return !source.startsWith('---', b.start) || b.start === 0 || docs[0]?.doc.range[0] === b.start;
}

/** Moves a parsed document and what reading it found by `delta` characters, in place. */
export function shiftParsedDoc(d: ParsedDoc, delta: number): void {
  shiftDocument(d.doc, delta);
  const move = (r: OffsetRange) => {
    r.start += delta;
    r.end += delta;
  };
  for (const e of d.unresolved) move(e.range);
  for (const o of d.overridden) {
    move(o.range);
    if (o.keptAt !== undefined) o.keptAt += delta;
  }
}

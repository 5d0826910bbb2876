// YAML model with exact ranges: one SourceFile per file, one ManifestDoc per YAML document.
import { Document, isMap, isScalar, isSeq, LineCounter, Node, Pair, parseAllDocuments, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { OffsetRange } from '../text/edits';
import { lineEndOf, lineStartOf } from '../text/lines';

export interface ManifestDoc {
  file: SourceFile;
  /** Position of the document in the file, 0-based. */
  index: number;
  doc: Document.Parsed;
  /** The top-level map, or undefined for empty documents and non-map documents. */
  root?: YAMLMap;
  apiVersion?: string;
  kind?: string;
  name?: string;
  /** metadata.namespace, else the `default` namespace. */
  namespace: string;
  /** Whether metadata.namespace was written explicitly. */
  namespaceExplicit: boolean;
  range: OffsetRange;
}

export interface ParseError {
  message: string;
  range: OffsetRange;
}

export interface SourceFile {
  uri: string;
  text: string;
  lineCounter: LineCounter;
  docs: ManifestDoc[];
  /** True when at least one document has apiVersion and kind: only then are parse errors reported. */
  isManifest: boolean;
  /** True when the file holds Go template directives (Helm); values from them are placeholders. */
  templated: boolean;
  parseErrors: ParseError[];
}

/** Placeholder text that replaces a `{{ … }}` directive inside a value, padded to the same length. */
export const TEMPLATE_PLACEHOLDER = '__tpl';

/**
 * Replaces Go template directives with text of the same length, so offsets stay exact:
 * a directive alone on its line becomes spaces, one inside a value becomes a plain scalar.
 */
export function maskTemplates(text: string): string {
  if (!text.includes('{{')) return text;
  return text.replace(/\{\{[\s\S]*?\}\}/g, (match, offset: number) => {
    const before = text.slice(lineStartOf(text, offset), offset);
    const after = text.slice(offset + match.length, lineEndOf(text, offset + match.length));
    const keepNewlines = (s: string, fill: string) => s.replace(/[^\n]/g, fill);
    if (match.includes('\n') || (/^\s*$/.test(before) && /^\s*$/.test(after.replace(/\{\{[\s\S]*?\}\}/g, '')))) {
      return keepNewlines(match, ' ');
    }
    const body = TEMPLATE_PLACEHOLDER + '_'.repeat(Math.max(0, match.length - TEMPLATE_PLACEHOLDER.length));
    return body.slice(0, match.length);
  });
}

export function isTemplatedValue(value: unknown): boolean {
  return typeof value === 'string' && value.includes(TEMPLATE_PLACEHOLDER);
}

export function parseFile(uri: string, text: string): SourceFile {
  const templated = text.includes('{{');
  const source = maskTemplates(text);
  const lineCounter = new LineCounter();
  const file: SourceFile = { uri, text, lineCounter, docs: [], isManifest: false, templated, parseErrors: [] };
  let parsed: Document.Parsed[];
  try {
    parsed = parseAllDocuments(source, { lineCounter, keepSourceTokens: true, uniqueKeys: false, prettyErrors: false }) as Document.Parsed[];
    if (!Array.isArray(parsed)) parsed = [];
  } catch (err) {
    file.parseErrors.push({ message: `YAML could not be read: ${(err as Error).message}`, range: { start: 0, end: Math.min(text.length, 1) } });
    return file;
  }
  parsed.forEach((doc, index) => {
    const root = isMap(doc.contents) ? doc.contents : undefined;
    const apiVersion = root ? str(root.get('apiVersion')) : undefined;
    const kind = root ? str(root.get('kind')) : undefined;
    const metadata = root?.get('metadata');
    const name = isMap(metadata) ? str(metadata.get('name')) : undefined;
    const ns = isMap(metadata) ? str(metadata.get('namespace')) : undefined;
    // The contents' range: after a `---` marker and leading comments, up to the end of the last node.
    const [start, , end] = (doc.contents?.range ?? doc.range ?? [0, 0, 0]) as [number, number, number];
    file.docs.push({
      file,
      index,
      doc,
      root,
      apiVersion,
      kind,
      name,
      namespace: ns && !isTemplatedValue(ns) ? ns : 'default',
      namespaceExplicit: !!ns,
      range: { start, end },
    });
    if (apiVersion && kind) file.isManifest = true;
    for (const e of doc.errors) {
      const [s, t] = e.pos ?? [0, 0];
      file.parseErrors.push({ message: e.message.split('\n')[0], range: clampRange({ start: s, end: Math.max(t, s + 1) }, text.length) });
    }
  });
  return file;
}

function str(v: unknown): string | undefined {
  if (isScalar(v)) v = v.value;
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

export function clampRange(r: OffsetRange, length: number): OffsetRange {
  const start = Math.max(0, Math.min(r.start, length));
  const end = Math.max(start, Math.min(r.end, length));
  return { start, end };
}

export type PathKey = string | number;

/** The node at a path below `node`, or undefined. */
export function nodeAt(node: unknown, path: PathKey[]): Node | undefined {
  let cur: unknown = node;
  for (const key of path) {
    if (isMap(cur)) cur = cur.get(key, true);
    else if (isSeq(cur) && typeof key === 'number') cur = cur.get(key, true);
    else return undefined;
  }
  return cur as Node | undefined;
}

/** The scalar value (string, number, boolean) at a path, or undefined. */
export function valueAt(node: unknown, path: PathKey[]): string | number | boolean | undefined {
  const n = nodeAt(node, path);
  if (!isScalar(n)) return undefined;
  const v = n.value;
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : undefined;
}

export function stringAt(node: unknown, path: PathKey[]): string | undefined {
  const v = valueAt(node, path);
  return v === undefined ? undefined : String(v);
}

export function mapAt(node: unknown, path: PathKey[]): YAMLMap | undefined {
  const n = nodeAt(node, path);
  return isMap(n) ? n : undefined;
}

export function seqAt(node: unknown, path: PathKey[]): YAMLSeq | undefined {
  const n = nodeAt(node, path);
  return isSeq(n) ? n : undefined;
}

/** Range of a node's value (without trailing comments). */
export function rangeOf(node: Node | undefined | null, fallback?: OffsetRange): OffsetRange {
  if (node?.range) return { start: node.range[0], end: node.range[1] };
  return fallback ?? { start: 0, end: 0 };
}

/** The entry of `key` in `map` (a scalar key read as a string, so `80:` is key '80'). */
export function pairOf(map: YAMLMap | undefined, key: string): Pair | undefined {
  return map?.items.find((p) => (isScalar(p.key) ? String(p.key.value) : p.key) === key) as Pair | undefined;
}

/** Range of the key of `key` in `map` (the key scalar), falling back to the map. */
export function keyRange(map: YAMLMap | undefined, key: string, fallback?: OffsetRange): OffsetRange {
  const pair = pairOf(map, key);
  if (pair && isScalar(pair.key) && pair.key.range) return { start: pair.key.range[0], end: pair.key.range[1] };
  return rangeOf(map, fallback);
}

/** Range covering the key and value of `key` in `map`. */
export function pairRange(map: YAMLMap | undefined, key: string): OffsetRange | undefined {
  const pair = pairOf(map, key);
  if (!pair || !isScalar(pair.key) || !pair.key.range) return undefined;
  const valueNode = pair.value as Node | null;
  const end = valueNode?.range ? valueNode.range[1] : pair.key.range[1];
  return { start: pair.key.range[0], end };
}

export function isScalarNode(n: unknown): n is Scalar {
  return isScalar(n);
}

/** 1-based line and column of an offset. */
export function lineCol(file: SourceFile, offset: number): { line: number; col: number } {
  const p = file.lineCounter.linePos(offset);
  return { line: p.line, col: p.col };
}

// YAML model with exact ranges: one SourceFile per file, one ManifestDoc per YAML document and per item of a
// `kind: List`, read as the API server reads them (the last of duplicate keys wins, aliases must resolve).
import { Alias, Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Node, Pair, parseAllDocuments, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { OffsetRange } from '../text/edits';
import { lineEndOf, lineStartOf } from '../text/lines';

export interface ManifestDoc {
  file: SourceFile;
  /** Position in `file.docs`, 0-based (List items follow their List). */
  index: number;
  /** The YAML document; a List item shares its List's. */
  doc: Document.Parsed;
  /** For an item of a `kind: List`: the List and the item's position in `items`. */
  listItem?: { list: ManifestDoc; item: number };
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
  /** YAML errors, including aliases without an anchor and nesting too deep to read. */
  parseErrors: ParseError[];
  /** Keys set twice in one map: each overridden key (the value the API server keeps is the last one). */
  duplicateKeys: ParseError[];
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
  const file: SourceFile = { uri, text, lineCounter, docs: [], isManifest: false, templated, parseErrors: [], duplicateKeys: [] };
  let parsed: Document.Parsed[];
  try {
    parsed = parseAllDocuments(source, { lineCounter, keepSourceTokens: true, uniqueKeys: false, prettyErrors: false }) as Document.Parsed[];
    if (!Array.isArray(parsed)) parsed = [];
  } catch (err) {
    file.parseErrors.push({ message: `YAML could not be read: ${(err as Error).message}`, range: { start: 0, end: Math.min(text.length, 1) } });
    return file;
  }
  for (const doc of parsed) {
    for (const e of doc.errors) {
      const [s, t] = e.pos ?? [0, 0];
      file.parseErrors.push({ message: yamlErrorMessage(e), range: clampRange({ start: s, end: Math.max(t, s + 1) }, text.length) });
    }
    readNodes(file, doc);
    const manifest = manifestDoc(file, doc, doc.contents);
    file.docs.push(manifest);
    // `kubectl get -o yaml` prints several objects as a List: its items are manifests of their own.
    const items = manifest.kind && /List$/.test(manifest.kind) ? manifest.root?.get('items', true) : undefined;
    if (isSeq(items)) {
      items.items.forEach((item, i) => {
        if (isMap(item)) file.docs.push({ ...manifestDoc(file, doc, item), listItem: { list: manifest, item: i } });
      });
    }
  }
  for (const d of file.docs) if (d.apiVersion && d.kind) file.isManifest = true;
  return file;
}

function manifestDoc(file: SourceFile, doc: Document.Parsed, contents: unknown): ManifestDoc {
  const root = isMap(contents) ? contents : undefined;
  const apiVersion = root ? str(root.get('apiVersion')) : undefined;
  const kind = root ? str(root.get('kind')) : undefined;
  const metadata = root?.get('metadata');
  const name = isMap(metadata) ? str(metadata.get('name')) : undefined;
  const ns = isMap(metadata) ? str(metadata.get('namespace')) : undefined;
  // The contents' range: after a `---` marker and leading comments, up to the end of the last node.
  const [start, , end] = ((contents as Node | null)?.range ?? doc.range ?? [0, 0, 0]) as [number, number, number];
  return {
    file,
    index: file.docs.length,
    doc,
    root,
    apiVersion,
    kind,
    name,
    namespace: ns && !isTemplatedValue(ns) ? ns : 'default',
    namespaceExplicit: !!ns,
    range: { start, end },
  };
}

/** The parser's first message line, in words a user understands where the parser ran out of stack. */
function yamlErrorMessage(e: { message: string; code?: string }): string {
  const first = e.message.split('\n')[0];
  if (/call stack|RESOURCE_EXHAUSTION/i.test(first + (e.code ?? ''))) return 'YAML nested too deeply to read: flatten the structure';
  return first;
}

/**
 * Walks every node of a document once, without recursion (nesting may be deep): reports aliases that name no
 * anchor before them, and keeps only the last of duplicate keys, as sigs.k8s.io/yaml's YAMLToJSON (go-yaml v2
 * Unmarshal) does before the API server decodes the JSON; its strict variant (YAMLToJSONStrict) rejects them.
 */
function readNodes(file: SourceFile, doc: Document.Parsed): void {
  const anchors = new Map<string, number>();
  const aliases: Alias[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) {
      aliases.push(node);
      continue;
    }
    const anchor = (node as { anchor?: string } | null)?.anchor;
    const start = (node as Node | null)?.range?.[0];
    if (anchor && start !== undefined) anchors.set(anchor, Math.min(start, anchors.get(anchor) ?? Infinity));
    if (isMap(node)) {
      dropOverriddenKeys(file, node);
      for (const pair of node.items) stack.push(pair.key, pair.value);
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(isPair(item) ? item.value : item);
    }
  }
  for (const alias of aliases) {
    const range = clampRange(rangeOf(alias), file.text.length);
    const anchorStart = anchors.get(alias.source);
    if (anchorStart !== undefined && anchorStart < range.start) continue;
    const name = alias.source.length > 60 ? `${alias.source.slice(0, 57)}...` : alias.source;
    file.parseErrors.push({ message: `Unresolved alias *${name}: there is no anchor &${name} before it in this document`, range });
  }
}

/** Removes every pair whose key is set again later in the map, recording where. Merge keys (`<<`) are left alone. */
function dropOverriddenKeys(file: SourceFile, map: YAMLMap): void {
  const last = new Map<string, Pair>();
  for (const pair of map.items) {
    if (isScalar(pair.key) && pair.key.value !== '<<') last.set(String(pair.key.value), pair as Pair);
  }
  if (last.size === map.items.length) return;
  map.items = map.items.filter((pair) => {
    if (!isScalar(pair.key) || pair.key.value === '<<') return true;
    const key = String(pair.key.value);
    const kept = last.get(key)!;
    if (kept === pair) return true;
    const keptLine = kept.key && isScalar(kept.key) && kept.key.range ? file.lineCounter.linePos(kept.key.range[0]).line : undefined;
    const shown = key.length > 60 ? `${key.slice(0, 57)}...` : key;
    file.duplicateKeys.push({
      message: `${shown} is set more than once in this map: only the last value${keptLine ? ` (line ${keptLine})` : ''} takes effect, and strict decoding rejects the object`,
      range: clampRange(rangeOf(pair.key as Node), file.text.length),
    });
    return false;
  });
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

/** The text of a node as written in the file (a number YAML reads as Infinity or NaN shows as `1e309`, `.nan`), shortened for messages. */
export function writtenText(file: SourceFile, node: Node, max = 32): string {
  const written = node.range ? file.text.slice(node.range[0], node.range[1]).trim() : isScalar(node) ? String(node.value) : '';
  return written.length > max ? `${written.slice(0, max - 3)}...` : written;
}

/** `namespace/name` of a document for messages; a document without a name says so instead of `undefined`. */
export function qualifiedName(doc: Pick<ManifestDoc, 'namespace' | 'name'>): string {
  return `${doc.namespace}/${doc.name ?? '(no name)'}`;
}

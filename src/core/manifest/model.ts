// YAML model with exact ranges: one SourceFile per file, one ManifestDoc per YAML document and per item of a
// `kind: List`, read as the API server reads them (the last of duplicate keys wins, aliases must resolve).
import { Alias, Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Node, Pair, parseAllDocuments, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { OffsetRange } from '../text/edits';
import { isPlaceholderSyntax, isTemplatedValue, maskTemplates, placeholderSyntaxesOf, templateSyntaxesOf, type TemplateSyntax } from './templates';
import { byStretch, commonEnds, documentBounds, fitsStretch, shiftDocument, shiftParsedDoc, type ParsedDoc, type ParseState } from './segments';
import { msg, type Message } from '../l10n';

// The template vocabulary lives in templates.ts; rules and the language features read it from the model.
export { hasTemplateConstruct, isMaskedValue, isTemplatedValue, maskTemplates, TEMPLATE_PLACEHOLDER, templateConstructsIn, type TemplateSyntax } from './templates';

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
  /** A template in our words (the parser's own words, English, are an argument); a plain string is shown as it is. */
  message: string | Message;
  range: OffsetRange;
}

export interface SourceFile {
  uri: string;
  text: string;
  lineCounter: LineCounter;
  docs: ManifestDoc[];
  /** True when at least one document has apiVersion and kind: only then are parse errors reported. */
  isManifest: boolean;
  /** True when the file is a template (Helm, Jinja, ERB, Terraform templatefile, envsubst, sed placeholders); values from its constructs are placeholders. */
  templated: boolean;
  /** The templating syntaxes whose constructs were blanked before parsing (empty for plain YAML). */
  templates: readonly TemplateSyntax[];
  /** YAML errors, including aliases without an anchor and nesting too deep to read. */
  parseErrors: ParseError[];
  /** Keys set twice in one map: each overridden key (the value the API server keeps is the last one). */
  duplicateKeys: ParseError[];
}

const parseStates = new WeakMap<SourceFile, ParseState>();

export function parseFile(uri: string, text: string): SourceFile {
  let templates = templateSyntaxesOf(text);
  let source = maskTemplates(text, templates);
  let docs: ParsedDoc[];
  try {
    docs = parseDocuments(source, 0);
    // `$VAR`, `${VAR}` and `{VAR}` make a template only when blanking them is what lets documents parse: plain YAML
    // with a `$` in a shell command stays plain YAML, syntax errors and all.
    const placeholders = brokenCount(docs) > 0 ? placeholderSyntaxesOf(text) : [];
    if (placeholders.length > 0) {
      const withPlaceholders = [...templates, ...placeholders];
      const masked = maskTemplates(text, withPlaceholders);
      const reread = parseDocuments(masked, 0);
      if (brokenCount(reread) < brokenCount(docs)) [templates, source, docs] = [withPlaceholders, masked, reread];
    }
  } catch (err) {
    const file = sourceFile(uri, text, source, [], templates);
    file.parseErrors.push({ message: msg('YAML could not be read: {error}', { error: (err as Error).message }), range: { start: 0, end: Math.min(text.length, 1) } });
    return file;
  }
  const file = sourceFile(uri, text, source, docs, templates);
  const bounds = docs.some((d) => d.doc.errors.length > 0) ? undefined : documentBounds(source);
  const stretches = bounds && byStretch(bounds, docs);
  if (stretches && stretches.every((s) => fitsStretch(s, s.docs, source))) parseStates.set(file, { source, stretches });
  return file;
}

/**
 * The same SourceFile as parseFile(prev.uri, text), re-reading only the documents whose text changed: the stretches
 * between `---` lines that lie in the unchanged head or tail of the text are taken over from `prev` (the tail's
 * moved in place by the length difference), so `prev` must not be used afterwards. Files with YAML errors, and
 * files a split at `---` could read differently (see documentBounds), are parsed whole.
 */
export function reparseFile(prev: SourceFile, text: string): SourceFile {
  const state = parseStates.get(prev);
  const templates = templateSyntaxesOf(text);
  // Placeholder syntaxes are chosen by how the whole file parses: parseFile decides again.
  if (prev.templates.some(isPlaceholderSyntax)) return parseFile(prev.uri, text);
  const source = maskTemplates(text, templates);
  const bounds = state && documentBounds(source);
  if (!state || !bounds) return parseFile(prev.uri, text);
  const { prefix, suffix } = commonEnds(state.source, source);
  const old = state.stretches;
  const delta = source.length - state.source.length;
  let head = 0;
  while (head < old.length && head < bounds.length && old[head].start === bounds[head].start && old[head].end === bounds[head].end && bounds[head].end <= prefix) head++;
  let tail = 0;
  const oldAt = (i: number) => old[old.length - 1 - i];
  const newAt = (i: number) => bounds[bounds.length - 1 - i];
  while (
    tail < old.length - head &&
    tail < bounds.length - head &&
    oldAt(tail).start + delta === newAt(tail).start &&
    oldAt(tail).end + delta === newAt(tail).end &&
    newAt(tail).start >= source.length - suffix
  )
    tail++;
  const middle: ParseState['stretches'] = [];
  for (const b of bounds.slice(head, bounds.length - tail)) {
    let docs: ParsedDoc[];
    // A stretch followed by another is parsed with that one's `---` after it: the yaml library ends a document
    // differently at the end of its input (an empty value followed by a comment takes in the comment's line break)
    // than before a marker, as one parse of the whole file reads it. The marker's own (empty) document is dropped.
    const followed = b.end < source.length;
    try {
      docs = parseDocuments(source.slice(b.start, b.end) + (followed ? '---' : ''), b.start);
    } catch {
      return parseFile(prev.uri, text);
    }
    if (followed && docs.pop()?.doc.range[0] !== b.end) return parseFile(prev.uri, text);
    if (docs.some((d) => d.doc.errors.length > 0) || !fitsStretch(b, docs, source)) return parseFile(prev.uri, text);
    middle.push({ ...b, docs });
  }
  const moved = old.slice(old.length - tail).map((s) => {
    for (const d of s.docs) shiftParsedDoc(d, delta);
    return { start: s.start + delta, end: s.end + delta, docs: s.docs };
  });
  const stretches = [...old.slice(0, head), ...middle, ...moved];
  const file = sourceFile(
    prev.uri,
    text,
    source,
    stretches.flatMap((s) => s.docs),
    templates,
  );
  parseStates.set(file, { source, stretches });
  return file;
}

function brokenCount(docs: readonly ParsedDoc[]): number {
  return docs.filter((d) => d.doc.errors.length > 0).length;
}

/** Parses `source` (a whole file, or one stretch of it starting at `offset`) into documents at their offsets in the file. */
function parseDocuments(source: string, offset: number): ParsedDoc[] {
  // No keepSourceTokens: nothing reads the CST, and reparseFile would have to move it with each document.
  let parsed = parseAllDocuments(source, { uniqueKeys: false, prettyErrors: false }) as Document.Parsed[];
  if (!Array.isArray(parsed)) parsed = [];
  return parsed.map((doc) => {
    shiftDocument(doc, offset);
    return readNodes(doc);
  });
}

/** The SourceFile of `text` from its parsed documents: line starts, errors and manifest documents. */
function sourceFile(uri: string, text: string, source: string, parsed: ParsedDoc[], templates: readonly TemplateSyntax[]): SourceFile {
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
  const file: SourceFile = { uri, text, lineCounter, docs: [], isManifest: false, templated: templates.length > 0, templates, parseErrors: [], duplicateKeys: [] };
  const length = text.length;
  for (const { doc, unresolved, overridden } of parsed) {
    for (const region of brokenRegions(doc.errors, lineCounter)) file.parseErrors.push({ message: region.message, range: clampRange(region.range, length) });
    for (const e of unresolved) file.parseErrors.push({ message: e.message, range: clampRange(e.range, length) });
    for (const o of overridden) {
      const keptLine = o.keptAt !== undefined ? lineCounter.linePos(o.keptAt).line : undefined;
      const shown = o.key.length > 60 ? `${o.key.slice(0, 57)}...` : o.key;
      file.duplicateKeys.push({
        message: keptLine
          ? msg('{key} is set more than once in this map: only the last value (line {line}) takes effect, and strict decoding rejects the object', { key: shown, line: keptLine })
          : msg('{key} is set more than once in this map: only the last value takes effect, and strict decoding rejects the object', { key: shown }),
        range: clampRange(o.range, length),
      });
    }
    const manifest = manifestDoc(file, doc, doc.contents);
    file.docs.push(manifest);
    // `kubectl get -o yaml` prints several objects as a List: its items, and the items of a List among them, are
    // manifests of their own (breadth first, as kubectl's FlattenListVisitor reads them).
    const lists = [manifest];
    for (let l = 0; l < lists.length; l++) {
      const list = lists[l];
      const items = list.kind && /List$/.test(list.kind) ? list.root?.get('items', true) : undefined;
      if (!isSeq(items)) continue;
      items.items.forEach((item, i) => {
        if (!isMap(item)) return;
        const itemDoc: ManifestDoc = { ...manifestDoc(file, doc, item), listItem: { list, item: i } };
        file.docs.push(itemDoc);
        lists.push(itemDoc);
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
/** Parser codes of a line indented deeper than its map allows, what a paste into an auto-indenting editor does. */
const OVER_INDENTED = new Set(['BLOCK_AS_IMPLICIT_KEY', 'MULTILINE_IMPLICIT_KEY']);

/** A broken region's first YAML error in plain words, naming its lines; the parser's own words kept in parentheses. */
function plainYamlError(e: { message: string; code?: string }, firstLine: number, lastLine: number): string | Message {
  const raw = yamlErrorMessage(e);
  const many = lastLine > firstLine;
  const args = { line: firstLine, first: firstLine, last: lastLine, raw };
  if (e.code && OVER_INDENTED.has(e.code)) {
    return many
      ? msg(
          'lines {first}–{last} are indented deeper than the keys above them allow: indent each as far as its sibling keys (pasting into an editor that auto-indents often does this) (YAML parser: {raw})',
          args,
        )
      : msg('line {line} is indented deeper than the key above it allows: indent it as far as its sibling keys (pasting into an editor that auto-indents often does this) (YAML parser: {raw})', args);
  }
  if (e.code === 'BAD_INDENT' && typeof raw === 'string' && /same column/.test(raw)) {
    return many
      ? msg('lines {first}–{last} are not aligned with the other keys of their map: indent each as far as its sibling keys (YAML parser: {raw})', args)
      : msg('line {line} is not aligned with the other keys of its map: indent it as far as its sibling keys (YAML parser: {raw})', args);
  }
  if (e.code === 'TAB_AS_INDENT') {
    return many
      ? msg('a tab indents lines {first}–{last}: YAML indents with spaces only (YAML parser: {raw})', args)
      : msg('a tab indents line {line}: YAML indents with spaces only (YAML parser: {raw})', args);
  }
  return many ? msg('lines {first}–{last} cannot be read: {raw}', args) : raw;
}

/**
 * One error per broken region (errors on the same or adjacent lines): its first error, in plain words, over the
 * whole region. A pasted block with wrong indentation gives the parser two errors per line; the user needs one.
 */
function brokenRegions(errors: readonly { message: string; code?: string; pos?: [number, number] }[], lines: LineCounter): ParseError[] {
  const sorted = [...errors].map((e) => ({ e, start: e.pos?.[0] ?? 0, end: Math.max(e.pos?.[1] ?? 0, (e.pos?.[0] ?? 0) + 1) })).sort((a, b) => a.start - b.start);
  const regions: { first: (typeof sorted)[number]; firstLine: number; lastLine: number; end: number }[] = [];
  for (const item of sorted) {
    const line = lines.linePos(item.start).line;
    const open = regions[regions.length - 1];
    if (open && line <= open.lastLine + 1) {
      open.lastLine = Math.max(open.lastLine, lines.linePos(item.end).line);
      open.end = Math.max(open.end, item.end);
    } else {
      regions.push({ first: item, firstLine: line, lastLine: Math.max(line, lines.linePos(item.end).line), end: item.end });
    }
  }
  return regions.map((r) => {
    return { message: plainYamlError(r.first.e, r.firstLine, r.lastLine), range: { start: r.first.start, end: r.end } };
  });
}

/** The parser's first line, as it wrote it (English, quoted), or our words where it ran out of stack. */
function yamlErrorMessage(e: { message: string; code?: string }): string | Message {
  const first = e.message.split('\n')[0];
  if (/call stack|RESOURCE_EXHAUSTION/i.test(first + (e.code ?? ''))) return msg('YAML nested too deeply to read: flatten the structure');
  return first;
}

/**
 * Walks every node of a document once, without recursion (nesting may be deep): reports aliases that name no
 * anchor before them, and keeps only the last of duplicate keys, as sigs.k8s.io/yaml's YAMLToJSON (go-yaml v2
 * Unmarshal) does before the API server decodes the JSON; its strict variant (YAMLToJSONStrict) rejects them.
 */
function readNodes(doc: Document.Parsed): ParsedDoc {
  const parsed: ParsedDoc = { doc, unresolved: [], overridden: [] };
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
      dropOverriddenKeys(parsed, node);
      for (const pair of node.items) stack.push(pair.key, pair.value);
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(isPair(item) ? item.value : item);
    }
  }
  for (const alias of aliases) {
    const range = rangeOf(alias);
    const anchorStart = anchors.get(alias.source);
    if (anchorStart !== undefined && anchorStart < range.start) continue;
    const name = alias.source.length > 60 ? `${alias.source.slice(0, 57)}...` : alias.source;
    parsed.unresolved.push({ message: msg('Unresolved alias *{name}: there is no anchor &{name} before it in this document', { name }), range });
  }
  return parsed;
}

/** Removes every pair whose key is set again later in the map, recording where. Merge keys (`<<`) are left alone. */
function dropOverriddenKeys(parsed: ParsedDoc, map: YAMLMap): void {
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
    const keptAt = kept.key && isScalar(kept.key) && kept.key.range ? kept.key.range[0] : undefined;
    parsed.overridden.push({ key, range: rangeOf(pair.key as Node), keptAt });
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

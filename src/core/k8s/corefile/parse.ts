// A small Corefile (CoreDNS configuration) parser with exact offsets, a printer, and the edit that
// merges node entries into the `hosts` block of the `.:53` server block. Input it cannot read with
// certainty is refused (ok: false), never guessed at: the doctor rewrites DNS configuration with it.
// The last section finds Corefiles inside ConfigMaps and maps their offsets back to the YAML file.
import { isMap, isScalar, Scalar } from 'yaml';
import { keyRange, stringAt, type ManifestDoc } from '../../manifest/model';
import type { OffsetRange } from '../../text/edits';

export interface CorefileToken {
  /** The token's value (unquoted for quoted tokens). */
  text: string;
  /** Offsets of the token in the source, quotes included. */
  start: number;
  end: number;
  /** 0-based line of the token's first character. */
  line: number;
  quoted: boolean;
}

export interface Directive {
  name: CorefileToken;
  /** Arguments on the directive's line, before any `{`. */
  args: CorefileToken[];
  /** Whether the directive is the first token on its line. */
  ownLine: boolean;
  /** Offset of the start of the directive's line. */
  lineStart: number;
  /** Whitespace before the directive on its line ('' when not on its own line). */
  indent: string;
  /** The block the directive opens, e.g. `hosts { … }`. */
  block?: Block;
  /** Offset after the directive's last token (its block's `}` when it has one). */
  end: number;
}

export interface Block {
  open: CorefileToken;
  close: CorefileToken;
  directives: Directive[];
}

export interface ServerBlock {
  /** Keys as written, e.g. `.:53`, `example.org`, `dns://.:53` (trailing commas removed). */
  keys: CorefileToken[];
  lineStart: number;
  indent: string;
  block: Block;
  start: number;
  end: number;
}

export interface Corefile {
  text: string;
  serverBlocks: ServerBlock[];
  /** Top-level directives outside server blocks (only `import` is allowed there). */
  imports: Directive[];
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string; offset: number };

class CorefileSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

/** Splits a Corefile into tokens: whitespace-separated, `"…"` quoted, `#` comments at token start. */
export function tokenize(text: string): CorefileToken[] {
  const tokens: CorefileToken[] = [];
  let i = 0;
  let line = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\n') {
      line++;
      i++;
    } else if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
    } else if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (ch === '"') {
      const start = i;
      const startLine = line;
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new CorefileSyntaxError('unterminated quoted string', start);
        const c = text[i];
        if (c === '\\' && text[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (c === '"') {
          i++;
          break;
        } else {
          if (c === '\n') line++;
          value += c;
          i++;
        }
      }
      tokens.push({ text: value, start, end: i, line: startLine, quoted: true });
    } else {
      const start = i;
      while (i < text.length && !/\s/.test(text[i])) i++;
      const value = text.slice(start, i);
      checkBraces(value, start);
      tokens.push({ text: value, start, end: i, line, quoted: false });
    }
  }
  return tokens;
}

// `{` and `}` must stand alone; `{$ENV}` and `{placeholder}` tokens are values.
function checkBraces(value: string, offset: number): void {
  if (value === '{' || value === '}' || /^\{[^{}\s]*\}$/.test(value)) return;
  if (value.startsWith('{') || value.endsWith('}')) {
    throw new CorefileSyntaxError(`braces must be separated by spaces: "${value}"`, offset);
  }
}

const isOpen = (t: CorefileToken | undefined) => !!t && !t.quoted && t.text === '{';
const isClose = (t: CorefileToken | undefined) => !!t && !t.quoted && t.text === '}';

class Parser {
  private i = 0;
  constructor(private readonly text: string, private readonly tokens: CorefileToken[]) {}

  corefile(): Corefile {
    const serverBlocks: ServerBlock[] = [];
    const imports: Directive[] = [];
    while (this.peek()) {
      const first = this.peek()!;
      if (!first.quoted && first.text === 'import') {
        const d = this.directive();
        if (d.block) throw new CorefileSyntaxError('import cannot open a block', d.block.open.start);
        imports.push(d);
        continue;
      }
      serverBlocks.push(this.serverBlock());
    }
    return { text: this.text, serverBlocks, imports };
  }

  directiveList(): Directive[] {
    const list = this.body();
    const stray = this.peek();
    if (stray) throw new CorefileSyntaxError('unexpected "}"', stray.start);
    return list;
  }

  private peek(): CorefileToken | undefined {
    return this.tokens[this.i];
  }

  private serverBlock(): ServerBlock {
    const first = this.peek()!;
    if (isOpen(first) || isClose(first)) throw new CorefileSyntaxError(`unexpected "${first.text}" where a server block key was expected`, first.start);
    const keys: CorefileToken[] = [];
    let line = first.line;
    for (;;) {
      const t = this.peek();
      if (!t) throw new CorefileSyntaxError('server block without "{"', first.start);
      if (isOpen(t)) break;
      if (isClose(t)) throw new CorefileSyntaxError('unexpected "}"', t.start);
      const continued = keys.length > 0 && keys[keys.length - 1].text.endsWith(',');
      if (t.line !== line && !continued) throw new CorefileSyntaxError('server block keys must be followed by "{" on the same line', t.start);
      line = t.line;
      keys.push(t);
      this.i++;
    }
    const open = this.peek()!;
    if (open.line !== line) throw new CorefileSyntaxError('"{" must be on the line of the server block keys', open.start);
    this.i++;
    const directives = this.body();
    const close = this.peek();
    if (!isClose(close)) throw new CorefileSyntaxError('server block is not closed with "}"', open.start);
    this.i++;
    this.requireLineEnd(close!);
    const { lineStart, indent } = this.lineOf(first.start);
    const cleaned = keys.map((k) => ({ ...k, text: k.text.replace(/,+$/, '') })).filter((k) => k.text !== '');
    return { keys: cleaned, lineStart, indent, block: { open, close: close!, directives }, start: first.start, end: close!.end };
  }

  /** Directives up to (not including) a `}` or the end of input. */
  private body(): Directive[] {
    const list: Directive[] = [];
    while (this.peek() && !isClose(this.peek())) list.push(this.directive());
    return list;
  }

  private directive(): Directive {
    const name = this.peek()!;
    if (isOpen(name)) throw new CorefileSyntaxError('unexpected "{"', name.start);
    this.i++;
    const args: CorefileToken[] = [];
    let block: Block | undefined;
    for (;;) {
      const t = this.peek();
      if (!t || t.line !== name.line || isClose(t)) break;
      this.i++;
      if (isOpen(t)) {
        const directives = this.body();
        const close = this.peek();
        if (!isClose(close)) throw new CorefileSyntaxError(`block of "${name.text}" is not closed with "}"`, t.start);
        this.i++;
        this.requireLineEnd(close!);
        block = { open: t, close: close!, directives };
        break;
      }
      args.push(t);
    }
    const { lineStart, indent, ownLine } = this.lineOf(name.start);
    const end = block ? block.close.end : (args[args.length - 1] ?? name).end;
    return { name, args, ownLine, lineStart, indent: ownLine ? indent : '', block, end };
  }

  // After a closing brace only another closing brace may follow on the same line.
  private requireLineEnd(close: CorefileToken): void {
    const next = this.peek();
    if (next && next.line === close.line && !isClose(next)) throw new CorefileSyntaxError(`unexpected "${next.text}" after "}"`, next.start);
  }

  private lineOf(offset: number): { lineStart: number; indent: string; ownLine: boolean } {
    const lineStart = this.text.lastIndexOf('\n', offset - 1) + 1;
    const before = this.text.slice(lineStart, offset);
    const ownLine = /^[ \t]*$/.test(before);
    return { lineStart, indent: ownLine ? before : '', ownLine };
  }
}

function attempt<T>(fn: () => T): Parsed<T> {
  try {
    return { ok: true, value: fn() };
  } catch (err) {
    if (err instanceof CorefileSyntaxError) return { ok: false, error: err.message, offset: err.offset };
    throw err;
  }
}

/** Parses a whole Corefile: server blocks and top-level `import` lines. */
export function parseCorefile(text: string): Parsed<Corefile> {
  return attempt(() => new Parser(text, tokenize(text)).corefile());
}

/** Parses a list of directives without a server block around them (AKS `coredns-custom` `*.override` keys). */
export function parseDirectiveList(text: string): Parsed<Directive[]> {
  return attempt(() => new Parser(text, tokenize(text)).directiveList());
}

/** Every directive below `directives`, nested blocks included, depth first. */
export function* walkDirectives(directives: Directive[]): Iterable<Directive> {
  for (const d of directives) {
    yield d;
    if (d.block) yield* walkDirectives(d.block.directives);
  }
}

export interface ServerKey {
  scheme: string;
  zone: string;
  port?: string;
}

/** Parses a server block key such as `.:53`, `dns://example.org:1053` or `example.org`. */
export function parseServerKey(key: string): ServerKey {
  let rest = key;
  let scheme = 'dns';
  const m = /^([a-z]+):\/\/(.*)$/.exec(rest);
  if (m) {
    scheme = m[1];
    rest = m[2];
  }
  const colon = rest.lastIndexOf(':');
  if (colon !== -1 && /^\d+$/.test(rest.slice(colon + 1))) return { scheme, zone: rest.slice(0, colon) || '.', port: rest.slice(colon + 1) };
  return { scheme, zone: rest || '.' };
}

/** The zones a server block serves (each key may hold several, comma-separated). */
export function serverKeys(sb: ServerBlock): ServerKey[] {
  return sb.keys.flatMap((k) => k.text.split(',').filter(Boolean)).map(parseServerKey);
}

/** Whether the server block serves the root zone on port 53 (`.:53`, `.`, `dns://.:53`). */
export function isRootServerBlock(sb: ServerBlock): boolean {
  return serverKeys(sb).some((k) => k.scheme === 'dns' && k.zone === '.' && (k.port === undefined || k.port === '53'));
}

/** Canonical text of a Corefile (comments dropped), indented with `unit`. */
export function printCorefile(cf: Corefile, unit = '    '): string {
  const out: string[] = [];
  for (const sb of cf.serverBlocks) {
    out.push(`${sb.keys.map((k) => printToken(k)).join(' ')} {`);
    printDirectives(sb.block.directives, unit, unit, out);
    out.push('}');
  }
  for (const d of cf.imports) out.push([d.name, ...d.args].map(printToken).join(' '));
  return out.join('\n') + '\n';
}

function printDirectives(list: Directive[], indent: string, unit: string, out: string[]): void {
  for (const d of list) {
    const head = [d.name, ...d.args].map(printToken).join(' ');
    if (!d.block) {
      out.push(indent + head);
      continue;
    }
    out.push(`${indent}${head} {`);
    printDirectives(d.block.directives, indent + unit, unit, out);
    out.push(`${indent}}`);
  }
}

function printToken(t: CorefileToken): string {
  return t.quoted || /[\s"#]/.test(t.text) || t.text === '' ? `"${t.text.replace(/"/g, '\\"')}"` : t.text;
}

// ---------------------------------------------------------------------------------------------
// hosts entries

export interface HostsEntry {
  ip: string;
  names: string[];
}

export interface Edit {
  start: number;
  end: number;
  newText: string;
}

export type MergeResult =
  | { ok: true; text: string; changed: boolean; edits: Edit[]; conflicts: string[] }
  | { ok: false; error: string };

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:]*:[0-9a-fA-F:.]*$/;
export const isIpAddress = (s: string) => IPV4.test(s) || (IPV6.test(s) && s.includes(':'));
const HOST_NAME = /^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_.])?$/;

/** Options of the hosts plugin: every other line in its block is an `IP name…` entry. */
const HOSTS_OPTIONS = ['ttl', 'no_reverse', 'reload', 'fallthrough'];

export function hostsDirective(sb: ServerBlock): Directive | undefined {
  return sb.block.directives.find((d) => d.name.text === 'hosts');
}

export function hasFallthrough(hosts: Directive): boolean {
  return !!hosts.block?.directives.some((d) => d.name.text === 'fallthrough');
}

/**
 * Returns the Corefile with `entries` merged into the `hosts` block of its `.:53` server block:
 * creates the block when missing, adds only names not yet present, keeps (or adds) `fallthrough`,
 * updates the address of a line whose names all belong to one entry, and reports any other name
 * mapped to a different address as a conflict instead of changing it. Running it twice changes nothing.
 * On k3s, whose `hosts /etc/coredns/NodeHosts` block reads the `NodeHosts` key and whose Corefile is
 * re-applied at startup, use mergeHostsFile on `NodeHosts` instead.
 */
export function mergeHostsEntries(text: string, input: HostsEntry[]): MergeResult {
  const entries = normalizeEntries(input);
  if (typeof entries === 'string') return { ok: false, error: entries };
  const parsed = parseCorefile(text);
  if (!parsed.ok) return { ok: false, error: `the Corefile could not be parsed (${parsed.error}); edit it by hand` };
  const root = parsed.value.serverBlocks.filter(isRootServerBlock);
  if (root.length !== 1) return { ok: false, error: root.length ? 'more than one .:53 server block' : 'no .:53 server block' };
  const sb = root[0];
  const all = sb.block.directives.filter((d) => d.name.text === 'hosts');
  if (all.length > 1) return { ok: false, error: 'more than one hosts directive in the .:53 server block' };
  const hosts = all[0];
  if (hosts && hosts.args.slice(1).some((z) => z.text !== '.')) {
    return { ok: false, error: 'the hosts directive is limited to zones; node names outside them would not be served' };
  }
  const unit = indentUnit(sb.block.directives, sb.indent);
  const plan = hosts ? planExisting(text, hosts, entries, unit) : planNew(text, sb, entries, unit);
  if ('error' in plan) return { ok: false, error: plan.error };
  const out = applyEdits(text, plan.edits);
  if (!parseCorefile(out).ok) return { ok: false, error: 'the merged Corefile would not parse; edit it by hand' };
  return { ok: true, text: out, changed: out !== text, edits: plan.edits, conflicts: plan.conflicts };
}

/** Validated entries, one per address, each name once; an error message when invalid or contradictory. */
function normalizeEntries(entries: HostsEntry[]): HostsEntry[] | string {
  const byIp = new Map<string, string[]>();
  const ipOf = new Map<string, string>();
  for (const e of entries) {
    if (!isIpAddress(e.ip) || e.names.length === 0 || e.names.some((n) => !HOST_NAME.test(n))) return `not a valid hosts entry: ${e.ip} ${e.names.join(' ')}`;
    const names = byIp.get(e.ip) ?? [];
    byIp.set(e.ip, names);
    for (const n of e.names) {
      const other = ipOf.get(n.toLowerCase());
      if (other && other !== e.ip) return `${n} is given two addresses: ${other} and ${e.ip}`;
      if (!other) names.push(n);
      ipOf.set(n.toLowerCase(), e.ip);
    }
  }
  return [...byIp].map(([ip, names]) => ({ ip, names }));
}

type Plan = { edits: Edit[]; conflicts: string[] } | { error: string };

/** Names missing from `existing` (name → address), grouped by entry; lines to re-address; conflicts. */
function diffEntries(existing: { ip: CorefileToken; names: string[] }[], entries: HostsEntry[]) {
  const byName = new Map<string, { ip: CorefileToken; names: string[] }>();
  for (const line of existing) for (const n of line.names) if (!byName.has(n.toLowerCase())) byName.set(n.toLowerCase(), line);
  const missing: HostsEntry[] = [];
  const readdress = new Map<CorefileToken, string>();
  const conflicts: string[] = [];
  for (const e of entries) {
    const names: string[] = [];
    for (const n of e.names) {
      const line = byName.get(n.toLowerCase());
      if (!line) {
        if (!names.includes(n)) names.push(n);
      } else if (line.ip.text !== e.ip && readdress.get(line.ip) !== e.ip) {
        const lowered = e.names.map((x) => x.toLowerCase());
        if (line.names.every((x) => lowered.includes(x.toLowerCase())) && !readdress.has(line.ip)) readdress.set(line.ip, e.ip);
        else conflicts.push(`${n} is already mapped to ${line.ip.text}, not ${e.ip}`);
      }
    }
    if (names.length) missing.push({ ip: e.ip, names });
  }
  return { missing, readdress, conflicts };
}

function planExisting(text: string, hosts: Directive, entries: HostsEntry[], unit: string): Plan {
  const inner = hosts.block?.directives ?? [];
  const lines = inner.filter((d) => !HOSTS_OPTIONS.includes(d.name.text));
  const badLine = lines.find((d) => !isIpAddress(d.name.text));
  if (badLine) return { error: `unexpected line in the hosts block: ${badLine.name.text}` };
  const { missing, readdress, conflicts } = diffEntries(lines.map((d) => ({ ip: d.name, names: d.args.map((a) => a.text) })), entries);
  const edits: Edit[] = [...readdress].map(([tok, ip]) => ({ start: tok.start, end: tok.end, newText: ip }));
  const innerIndent = inner.find((d) => d.ownLine)?.indent ?? hosts.indent + unit;
  const newLines = missing.map((e) => `${innerIndent}${e.ip} ${e.names.join(' ')}\n`).join('');
  const fallthrough = hasFallthrough(hosts) ? '' : `${innerIndent}fallthrough\n`;
  if (!newLines && !fallthrough) return { edits, conflicts };
  if (!hosts.block) {
    const body = (newLines + fallthrough).replace(/\n$/, '');
    edits.push({ start: hosts.end, end: hosts.end, newText: ` {\n${body}\n${hosts.indent}}` });
    return { edits, conflicts };
  }
  if (!hosts.ownLine || hosts.block.close.line === hosts.name.line) return { error: 'the hosts block is written on one line; edit it by hand' };
  // New entries go after the last entry (or first in the block); fallthrough goes last.
  const lastEntry = lines[lines.length - 1];
  const after = lastEntry ? inner[inner.indexOf(lastEntry) + 1] : inner[0];
  const entryAt = after ? lineStartOf(text, after) : lineStartOf(text, hosts.block.close);
  const closeAt = lineStartOf(text, hosts.block.close);
  if (entryAt === undefined || closeAt === undefined) return { error: 'the hosts block shares lines with other directives; edit it by hand' };
  if (newLines && entryAt === closeAt) edits.push({ start: closeAt, end: closeAt, newText: newLines + fallthrough });
  else {
    if (newLines) edits.push({ start: entryAt, end: entryAt, newText: newLines });
    if (fallthrough) edits.push({ start: closeAt, end: closeAt, newText: fallthrough });
  }
  return { edits, conflicts };
}

function planNew(text: string, sb: ServerBlock, entries: HostsEntry[], unit: string): Plan {
  const { missing, conflicts } = diffEntries([], entries);
  const siblings = sb.block.directives;
  const indent = siblings.find((d) => d.ownLine)?.indent ?? sb.indent + unit;
  const kubernetes = siblings.find((d) => d.name.text === 'kubernetes' && d.ownLine);
  const at = kubernetes ? kubernetes.lineStart : lineStartOf(text, sb.block.close);
  if (at === undefined) return { error: 'the .:53 server block is written on one line; edit it by hand' };
  const body = [...missing.map((e) => `${e.ip} ${e.names.join(' ')}`), 'fallthrough'].map((l) => `${indent}${unit}${l}\n`).join('');
  return { edits: [{ start: at, end: at, newText: `${indent}hosts {\n${body}${indent}}\n` }], conflicts };
}

/** Offset of the start of the token's line when nothing but whitespace precedes it there. */
function lineStartOf(text: string, t: CorefileToken | Directive): number | undefined {
  if ('ownLine' in t) return t.ownLine ? t.lineStart : undefined;
  const start = text.lastIndexOf('\n', t.start - 1) + 1;
  return /^[ \t]*$/.test(text.slice(start, t.start)) ? start : undefined;
}

/** The indentation step used below `base`: a nested directive's indent minus its parent's, default 4 spaces. */
export function indentUnit(directives: Directive[], base = ''): string {
  for (const d of walkDirectives(directives)) {
    const child = d.block?.directives.find((c) => c.ownLine);
    if (d.ownLine && child && child.indent.startsWith(d.indent) && child.indent.length > d.indent.length) return child.indent.slice(d.indent.length);
  }
  const first = directives.find((d) => d.ownLine);
  if (first && first.indent.startsWith(base) && first.indent.length > base.length) return first.indent.slice(base.length);
  return '    ';
}

/**
 * The edit that adds `fallthrough` as the last line of a hosts block (or gives a block-less `hosts`
 * line a block holding it), indented like the block's other lines. Undefined for one-line blocks.
 */
export function addFallthroughEdit(text: string, hosts: Directive, unit: string): Edit | undefined {
  if (!hosts.block) {
    if (!hosts.ownLine) return undefined;
    return { start: hosts.end, end: hosts.end, newText: ` {\n${hosts.indent}${unit}fallthrough\n${hosts.indent}}` };
  }
  const at = lineStartOf(text, hosts.block.close);
  if (at === undefined || !hosts.ownLine || hosts.block.close.line === hosts.name.line) return undefined;
  const indent = hosts.block.directives.find((d) => d.ownLine)?.indent ?? hosts.indent + unit;
  return { start: at, end: at, newText: `${indent}fallthrough\n` };
}

export function applyEdits(text: string, edits: Edit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/**
 * Merges entries into a hosts file (k3s `NodeHosts`: one `IP name` per line), with the same rules as
 * mergeHostsEntries. Lines it cannot read are kept as they are.
 */
export function mergeHostsFile(text: string, input: HostsEntry[]): MergeResult {
  const entries = normalizeEntries(input);
  if (typeof entries === 'string') return { ok: false, error: entries };
  const existing: { ip: CorefileToken; names: string[] }[] = [];
  let offset = 0;
  text.split('\n').forEach((line, n) => {
    const content = line.replace(/#.*$/, '');
    const m = /^\s*(\S+)((?:\s+\S+)*)\s*$/.exec(content);
    if (m && isIpAddress(m[1])) {
      const start = offset + content.indexOf(m[1]);
      existing.push({ ip: { text: m[1], start, end: start + m[1].length, line: n, quoted: false }, names: m[2].trim().split(/\s+/).filter(Boolean) });
    }
    offset += line.length + 1;
  });
  const { missing, readdress, conflicts } = diffEntries(existing, entries);
  const edits: Edit[] = [...readdress].map(([tok, ip]) => ({ start: tok.start, end: tok.end, newText: ip }));
  // One name per line, as k3s writes NodeHosts.
  const added = missing.flatMap((e) => e.names.map((n) => `${e.ip} ${n}\n`)).join('');
  if (added) edits.push({ start: text.length, end: text.length, newText: (text === '' || text.endsWith('\n') ? '' : '\n') + added });
  const out = applyEdits(text, edits);
  return { ok: true, text: out, changed: out !== text, edits, conflicts };
}

// ---------------------------------------------------------------------------------------------
// Corefiles inside ConfigMaps

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
    if (source.includes('{{')) continue;
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
    const eol = file[headerEnd - 1] === '\r' ? '\r\n' : '\n';
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
export function embeddedEditToSource(e: EmbeddedCorefile, edit: Edit): { range: OffsetRange; newText: string } | undefined {
  if (!e.toSource) return undefined;
  if (edit.newText.includes('\n') && e.lineIndent === undefined) return undefined;
  const newText = e.lineIndent === undefined ? edit.newText : edit.newText.replace(/\n/g, (e.eol ?? '\n') + e.lineIndent);
  return { range: { start: e.toSource(edit.start), end: e.toSource(edit.end) }, newText };
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
    sb.block.directives
      .filter((d) => d.name.text === name)
      .map((directive) => ({ directive, zones: serverKeys(sb).map((k) => k.zone), siblings: sb.block.directives, baseIndent: sb.indent })),
  );
}

// A small Corefile (CoreDNS configuration) tokenizer and parser with exact offsets, and a printer. Input it
// cannot read with certainty is refused (ok: false), never guessed at: the doctor rewrites DNS configuration with it.
import { LocalizedError, msg, type Message } from '../../l10n';
import { lineStartOf } from '../../text/lines';

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

/** A Corefile read, or why it was refused (a template quoting the token) and where. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: Message; offset: number };

class CorefileSyntaxError extends LocalizedError {
  constructor(
    why: Message,
    readonly offset: number,
  ) {
    super(why);
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
    } else if (isSpace(ch)) {
      i++;
    } else if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (ch === '"') {
      const start = i;
      const startLine = line;
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new CorefileSyntaxError(msg('unterminated quoted string'), start);
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
      while (i < text.length && !isSpace(text[i])) i++;
      const value = text.slice(start, i);
      checkBraces(value, start);
      tokens.push({ text: value, start, end: i, line, quoted: false });
    }
  }
  return tokens;
}

/**
 * Whitespace between tokens, as CoreDNS's lexer reads it (Go's unicode.IsSpace). Not JavaScript's `\s`, which
 * also counts U+FEFF: a token loop stopping where the skip loop does not move would never end.
 */
function isSpace(c: string): boolean {
  return /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/.test(c);
}

// `{` and `}` must stand alone; `{$ENV}`, `{placeholder}` and shell-style `${VAR}` tokens are values (CoreDNS's
// lexer splits at whitespace only, so a shell placeholder left in a Corefile reaches the plugin as written).
function checkBraces(value: string, offset: number): void {
  if (value === '{' || value === '}' || /^\$?\{[^{}\s]*\}$/.test(value)) return;
  if (value.startsWith('{') || value.endsWith('}')) {
    throw new CorefileSyntaxError(msg('braces must be separated by spaces: "{token}"', { token: value }), offset);
  }
}

const isOpen = (t: CorefileToken | undefined) => !!t && !t.quoted && t.text === '{';
const isClose = (t: CorefileToken | undefined) => !!t && !t.quoted && t.text === '}';

class Parser {
  private i = 0;
  constructor(
    private readonly text: string,
    private readonly tokens: CorefileToken[],
  ) {}

  corefile(): Corefile {
    const serverBlocks: ServerBlock[] = [];
    const imports: Directive[] = [];
    while (this.peek()) {
      const first = this.peek()!;
      if (!first.quoted && first.text === 'import') {
        const d = this.directive();
        if (d.block) throw new CorefileSyntaxError(msg('import cannot open a block'), d.block.open.start);
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
    if (stray) throw new CorefileSyntaxError(msg('unexpected "}"'), stray.start);
    return list;
  }

  private peek(): CorefileToken | undefined {
    return this.tokens[this.i];
  }

  private serverBlock(): ServerBlock {
    const first = this.peek()!;
    if (isOpen(first) || isClose(first)) throw new CorefileSyntaxError(msg('unexpected "{token}" where a server block key was expected', { token: first.text }), first.start);
    const keys: CorefileToken[] = [];
    let line = first.line;
    for (;;) {
      const t = this.peek();
      if (!t) throw new CorefileSyntaxError(msg('server block without "{"'), first.start);
      if (isOpen(t)) break;
      if (isClose(t)) throw new CorefileSyntaxError(msg('unexpected "}"'), t.start);
      const continued = keys.length > 0 && keys[keys.length - 1].text.endsWith(',');
      if (t.line !== line && !continued) throw new CorefileSyntaxError(msg('server block keys must be followed by "{" on the same line'), t.start);
      line = t.line;
      keys.push(t);
      this.i++;
    }
    const open = this.peek()!;
    if (open.line !== line) throw new CorefileSyntaxError(msg('"{" must be on the line of the server block keys'), open.start);
    this.i++;
    const directives = this.body();
    const close = this.peek();
    if (!isClose(close)) throw new CorefileSyntaxError(msg('server block is not closed with "}"'), open.start);
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
    if (isOpen(name)) throw new CorefileSyntaxError(msg('unexpected "{"'), name.start);
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
        if (!isClose(close)) throw new CorefileSyntaxError(msg('block of "{directive}" is not closed with "}"', { directive: name.text }), t.start);
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
    if (next && next.line === close.line && !isClose(next)) throw new CorefileSyntaxError(msg('unexpected "{token}" after "}"', { token: next.text }), next.start);
  }

  private lineOf(offset: number): { lineStart: number; indent: string; ownLine: boolean } {
    const lineStart = lineStartOf(this.text, offset);
    const before = this.text.slice(lineStart, offset);
    const ownLine = /^[ \t]*$/.test(before);
    return { lineStart, indent: ownLine ? before : '', ownLine };
  }
}

function attempt<T>(fn: () => T): Parsed<T> {
  try {
    return { ok: true, value: fn() };
  } catch (err) {
    if (err instanceof CorefileSyntaxError) return { ok: false, error: err.localized, offset: err.offset };
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

/** The edit that adds `line` as the last directive of `block`, indented by `indent`; undefined when its `}` shares a line. */
export function appendDirectiveEdit(text: string, block: Block, indent: string, line: string): { range: { start: number; end: number }; newText: string } | undefined {
  const at = lineStartOf(text, block.close.start);
  if (!/^[ \t]*$/.test(text.slice(at, block.close.start))) return undefined;
  return { range: { start: at, end: at }, newText: `${indent}${line}\n` };
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

// Keeps JSON manifests JSON: fixes and conversions render YAML, so for a file whose text is JSON (whatever its
// extension) the edited result is written back as JSON with the file's indentation and line endings.
import { parseDocument } from 'yaml';
import type { Fix } from '../text/edits';
import { lineDiffEdits } from '../text/diff';
import { applyTextEdits, type TextEdit } from '../text/edits';
import { eolOf } from '../text/lines';
import { msg, type Message } from '../l10n';

/** Whether `text` is one JSON value (a JSON manifest), ignoring a byte-order mark. */
export function isJsonText(text: string): boolean {
  const body = text.replace(/^\ufeff/, '').trim();
  if (!body.startsWith('{') && !body.startsWith('[')) return false;
  try {
    JSON.parse(body);
    return true;
  } catch {
    return false;
  }
}

/** The indentation JSON.stringify should use to match `text`: its first indented line's whitespace. */
function indentOf(text: string): string {
  const m = /\n([ \t]+)["{[\]}]/.exec(text);
  if (!m) return '';
  return m[1].startsWith('\t') ? '\t' : ' '.repeat(Math.min(m[1].length, 10));
}

/** The data a YAML text holds, or undefined when it does not parse cleanly as one document. */
function dataOf(text: string): { value: unknown } | undefined {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length) return undefined;
  try {
    return { value: doc.toJS({ maxAliasCount: 100 }) };
  } catch {
    return undefined; // unresolved alias, alias bomb
  }
}

/** `text` without the whitespace between JSON tokens (strings kept as written). */
function withoutWhitespace(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') out += c;
  }
  return out;
}

/**
 * Why rewriting the JSON text `text` would change more than its whitespace, or undefined: a JSON rewrite
 * re-serialises the whole file, so a number like `9007199254740993`, `1.0` or `6e2`, or a string written with
 * escapes like `\u00e9`, would come out different even where no fix touched it.
 */
export function jsonRoundTripProblem(text: string): Message | undefined {
  const body = withoutWhitespace(text.replace(/^\ufeff/, ''));
  let canonical: string;
  try {
    canonical = JSON.stringify(JSON.parse(body));
  } catch {
    return msg('it is not valid JSON');
  }
  if (canonical === body) return undefined;
  const numbers = body.replace(/"(?:[^"\\]|\\.)*"/g, '""').match(/-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g) ?? [];
  const changed = numbers.find((n) => String(Number(n)) !== n);
  if (changed !== undefined) return msg('rewriting it as JSON would change the number {number} to {rewritten}', { number: changed, rewritten: String(Number(changed)) });
  return msg('rewriting it as JSON would change how some of its strings are written (escapes)');
}

/**
 * `after` (a JSON text edited with YAML syntax) written as JSON in the style of `before`, or undefined when it
 * cannot be written exactly (it does not parse, YAML would read `before` differently from JSON, or re-serialising
 * would change more than whitespace: see jsonRoundTripProblem).
 */
export function jsonRewrite(before: string, after: string): string | undefined {
  if (isJsonText(after)) return after;
  if (jsonRoundTripProblem(before)) return undefined;
  const bom = before.startsWith('\ufeff') ? '\ufeff' : '';
  const original = dataOf(before.slice(bom.length));
  if (!original || JSON.stringify(original.value) !== JSON.stringify(JSON.parse(before.slice(bom.length)))) return undefined;
  const edited = dataOf(after.replace(/^\ufeff/, ''));
  if (!edited) return undefined;
  const eol = eolOf(before);
  const trailing = /\r?\n$/.test(before) ? eol : '';
  const body = JSON.stringify(edited.value, null, indentOf(before));
  if (body === undefined) return undefined;
  return bom + body.replace(/\n/g, eol) + trailing;
}

/**
 * The edits of one file, made JSON-preserving when the file is JSON: the JSON rewrite of their result as line
 * edits. The edits as given for YAML files; undefined when a JSON file cannot be edited exactly.
 */
export function jsonPreservingEdits(uri: string, text: string, edits: TextEdit[]): TextEdit[] | undefined {
  if (!isJsonText(text)) return edits;
  const rewritten = jsonRewrite(text, applyTextEdits(text, edits));
  if (rewritten === undefined) return undefined;
  return lineDiffEdits(text, rewritten).map((d) => ({ uri, range: d.range, newText: d.newText }));
}

/** A fix with the edits of its JSON files made JSON-preserving; undefined when one cannot be. */
export function jsonPreservingFix(fix: Fix, textOf: (uri: string) => string | undefined): Fix | undefined {
  const byUri = new Map<string, TextEdit[]>();
  for (const e of fix.edits) byUri.set(e.uri, [...(byUri.get(e.uri) ?? []), e]);
  const edits: TextEdit[] = [];
  for (const [uri, list] of byUri) {
    const text = textOf(uri);
    const kept = text === undefined ? list : jsonPreservingEdits(uri, text, list);
    if (!kept) return undefined;
    edits.push(...kept);
  }
  return edits.length === fix.edits.length && edits.every((e, i) => e === fix.edits[i]) ? fix : { ...fix, edits };
}

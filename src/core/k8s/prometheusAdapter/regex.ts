// prometheus-adapter compiles `name.matches` and `seriesFilters` with Go's regexp (RE2 syntax), and expands
// `name.as` with Regexp.ExpandString. JavaScript's RegExp differs: this module says what RE2 rejects for certain
// (lookarounds, backreferences, escapes Go does not know, repeat counts above 1000), translates the RE2-only
// syntax (`(?P<name>`, flag groups, `\A`, `\z`, `\Q…\E`, POSIX classes) so JavaScript can match series names,
// and reads `as` the way Go's extract() does. Sources: Go src/regexp/syntax/parse.go, src/regexp/regexp.go.

export type Re2Verdict =
  | {
      ok: true;
      /** Capture groups, numbered from 1. */
      groups: number;
      /** Names of named groups (`(?P<name>…)`, `(?<name>…)`). */
      names: string[];
      /** The pattern as a JavaScript RegExp, or undefined where a construct has no faithful translation. */
      js?: RegExp;
    }
  | { ok: false; message: string };

/** Letters Go accepts after a backslash outside `\p{…}` (parse.go parseEscape and parsePerlClassEscape). */
const GO_LETTER_ESCAPES = new Set([...'afnrtvdDsSwWbBAzQEpPx']);
/** RE2's largest repeat count (parse.go: maxRepeat = 1000). */
const MAX_REPEAT = 1000;

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/** Checks a pattern as Go's regexp.Compile would, and translates it for JavaScript where that is faithful. */
export function checkRe2(pattern: string): Re2Verdict {
  let groups = 0;
  const names: string[] = [];
  let out = '';
  let flags = '';
  let faithful = true;
  let i = 0;
  const fail = (message: string): Re2Verdict => ({ ok: false, message });
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) return fail('trailing backslash at end of expression');
      if (next === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        const literal = pattern.slice(i + 2, end === -1 ? undefined : end);
        out += literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
        i = end === -1 ? pattern.length : end + 2;
        continue;
      }
      if (/[1-9]/.test(next) && !(/[1-7]/.test(next) && /[0-7]/.test(pattern[i + 2] ?? ''))) return fail(`invalid escape sequence: \`\\${next}\` (RE2 has no backreferences)`);
      if (/[A-Za-z]/.test(next) && !GO_LETTER_ESCAPES.has(next)) return fail(`invalid escape sequence: \`\\${next}\``);
      if (next === 'A') out += '^';
      else if (next === 'z') out += '$';
      else if (next === 'p' || next === 'P' || next === 'x' || /[0-7]/.test(next)) {
        // Unicode classes need the u flag in JavaScript, which changes other escapes: no translation.
        faithful = faithful && next !== 'p' && next !== 'P';
        out += c + next;
      } else out += c + next;
      i += 2;
      continue;
    }
    if (c === '[') {
      const end = classEnd(pattern, i);
      if (end === -1) return fail(`missing closing ]: \`${pattern.slice(i)}\``);
      const body = pattern.slice(i, end + 1);
      const bad = /\\([A-Za-z])/.exec(body);
      if (bad && !GO_LETTER_ESCAPES.has(bad[1])) return fail(`invalid escape sequence: \`\\${bad[1]}\``);
      out += body.replace(/\[:(\^?)([a-z]+):\]/g, (all, neg: string, name: string) => {
        const range = POSIX_CLASSES[name];
        if (!range || neg) faithful = false;
        return range ?? all;
      });
      i = end + 1;
      continue;
    }
    if (c === '(') {
      const rest = pattern.slice(i);
      if (/^\(\?(=|!|<=|<!)/.test(rest)) return fail(`invalid or unsupported Perl syntax: \`${rest.slice(0, rest[2] === '<' ? 4 : 3)}\` (RE2 has no lookarounds)`);
      if (rest.startsWith('(?>')) return fail('invalid or unsupported Perl syntax: `(?>` (RE2 has no atomic groups)');
      const named = /^\(\?P?<([^>]*)>/.exec(rest);
      if (named) {
        if (!/^[A-Za-z0-9_]+$/.test(named[1])) return fail(`invalid named capture: \`${named[0]}\``);
        if (names.includes(named[1])) return fail(`duplicate capture group name: \`${named[0]}\``);
        groups++;
        names.push(named[1]);
        if (/^[0-9]/.test(named[1])) faithful = false;
        out += `(?<${named[1]}>`;
        i += named[0].length;
        continue;
      }
      const flagGroup = /^\(\?([imsU-]*)(:|\))/.exec(rest);
      if (flagGroup && flagGroup[1] !== '') {
        // (?i) at the very start becomes the i flag; elsewhere, and other flags, change matching in ways JavaScript cannot say here.
        if (flagGroup[2] === ')' && i === 0 && /^i+$/.test(flagGroup[1])) flags = 'i';
        else faithful = false;
        out += flagGroup[2] === ':' ? '(?:' : '';
        i += flagGroup[0].length;
        continue;
      }
      if (rest.startsWith('(?') && !rest.startsWith('(?:')) return fail(`invalid or unsupported Perl syntax: \`${rest.slice(0, 3)}\``);
      if (!rest.startsWith('(?')) groups++;
      out += c;
      i++;
      continue;
    }
    if (c === '{') {
      const repeat = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (repeat && (Number(repeat[1]) > MAX_REPEAT || Number(repeat[3] || 0) > MAX_REPEAT)) return fail(`invalid repeat count: \`${repeat[0]}\` (RE2 allows at most ${MAX_REPEAT})`);
    }
    out += c;
    i++;
  }
  let js: RegExp | undefined;
  try {
    js = new RegExp(out, flags);
  } catch (err) {
    // Both engines reject what is left after translation (unbalanced parentheses, nothing to repeat, a bad range).
    if (faithful) return fail(jsReason(err));
  }
  return { ok: true, groups, names, js: faithful ? js : undefined };
}

/** The end of a character class starting at `start` (`[`), honouring `[]…]`, `[^]…]`, escapes and `[:alpha:]`; -1 when unclosed. */
function classEnd(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  while (i < pattern.length) {
    if (pattern[i] === '\\') i += 2;
    else if (pattern.startsWith('[:', i)) {
      const close = pattern.indexOf(':]', i + 2);
      i = close === -1 ? i + 1 : close + 2;
    } else if (pattern[i] === ']') return i;
    else i++;
  }
  return -1;
}

/** JavaScript's reasons in Go's words (parse.go's ErrorCode texts), where they name the same mistake. */
const GO_WORDING: [RegExp, string][] = [
  [/^unterminated group/i, 'missing closing )'],
  [/^unmatched '\)'/i, 'unexpected )'],
  [/^nothing to repeat/i, 'missing argument to repetition operator'],
  [/^numbers out of order/i, 'invalid repeat count'],
  [/^range out of order/i, 'invalid character class range'],
];

function jsReason(err: unknown): string {
  const m = /Invalid regular expression: \/.*\/[a-z]*: (.*)$/s.exec((err as Error).message);
  const reason = m ? m[1] : (err as Error).message;
  return GO_WORDING.find(([re]) => re.test(reason))?.[1] ?? reason.toLowerCase();
}

/** One `$…` reference of an `as` template, as Go's Regexp.Expand reads it. */
export interface ExpandRef {
  /** Offset of the `$` in the template. */
  start: number;
  end: number;
  /** The name between `$`/`${` and `}`: digits are a group number. */
  name: string;
  braced: boolean;
}

/**
 * The references in an `as` template (Go regexp.go expand/extract): `$$` is a dollar, `$name` takes the longest
 * run of letters, digits and underscores (so `$1_per_second` names a group `1_per_second`), `${name}` is braced;
 * a `$` that starts no name is kept as text.
 */
export function expandRefs(template: string): ExpandRef[] {
  const refs: ExpandRef[] = [];
  for (let i = template.indexOf('$'); i !== -1; i = template.indexOf('$', i + 1)) {
    if (template[i + 1] === '$') {
      i++;
      continue;
    }
    const braced = template[i + 1] === '{';
    const m = /^[\p{L}\p{N}_]+/u.exec(template.slice(i + (braced ? 2 : 1)));
    if (!m) continue;
    const end = i + (braced ? 2 : 1) + m[0].length;
    if (braced && template[end] !== '}') continue;
    refs.push({ start: i, end: braced ? end + 1 : end, name: m[0], braced });
    i = (braced ? end + 1 : end) - 1;
  }
  return refs;
}

/** The group number a reference names, or undefined for a named reference (Go: all digits, below 1e8). */
export function refNumber(name: string): number | undefined {
  return /^\d{1,8}$/.test(name) ? Number(name) : undefined;
}

/** Whether a reference names a group the pattern defines ($0 is the whole match). */
export function refExists(ref: ExpandRef, groups: number, names: readonly string[]): boolean {
  const n = refNumber(ref.name);
  return n === undefined ? names.includes(ref.name) : n <= groups;
}

/** Go's ExpandString for one match: references to groups that do not exist, or did not take part, expand to nothing. */
export function expand(template: string, match: RegExpExecArray, names: readonly string[]): string {
  let out = '';
  let at = 0;
  for (const ref of expandRefs(template)) {
    out += template.slice(at, ref.start).replace(/\$\$/g, '$');
    const n = refNumber(ref.name);
    const value = n !== undefined ? match[n] : names.includes(ref.name) ? match.groups?.[ref.name] : undefined;
    out += value ?? '';
    at = ref.end;
  }
  return out + template.slice(at).replace(/\$\$/g, '$');
}

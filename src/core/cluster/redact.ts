// Removing credentials from text shown to the user (messages, plugin stderr, logs). Its own module with no
// imports, so the extension's output channel redacts without loading the Kubernetes client (problems.ts does).
/** Removes the userinfo (`admin:PASSWORD@`) of every URL in a text shown to the user. */
export function stripUserinfo(text: string): string {
  // The scheme is bounded and starts where no scheme character precedes it: one try per word, not per position.
  return text.replace(/(?<![a-z0-9+.-])([a-z][a-z0-9+.-]{0,30}:\/\/)[^\s/?#@]*@/gi, '$1');
}

/** Longest server or plugin text that is redacted and shown; the rest is counted, not read. */
export const MAX_SHOWN_TEXT = 4096;

/** The first `max` characters of `text` plus "… (N more bytes)": what is redacted and shown of server and plugin text. */
export function clip(text: string, max = MAX_SHOWN_TEXT): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${Buffer.byteLength(text.slice(max))} more bytes)`;
}

// Every pattern below starts only where the character before cannot continue its run (a lookbehind)
// and bounds key lengths, so a hostile text is scanned in linear time (issue 11 review).
const KEY_WORD = '(?:password|passwd|pass|secret|token|api[-_]?key)';
// A base64 or token-like run: long, with upper and lower case letters and digits (so words, paths,
// UIDs and hex digests stay readable).
const LONG_RUN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{32,}={0,2}/g;
const looksLikeSecret = (run: string) => /[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9]/.test(run);
// Known token formats: GitHub, Slack, AWS access key ids, JWTs (with or without their dots).
const KNOWN_TOKEN = /(?<![\w-])(?:(?:gh[pousr]_|github_pat_)[A-Za-z0-9_]{16,}|xox[bapr]-[A-Za-z0-9-]{8,}|AKIA[0-9A-Z]{16}(?![\w-]))/g;
const JWT = /(?<![\w-])eyJ[\w-]{8,}(?:\.[\w-]*){0,2}/g;
// 32+ hex digits (a hex secret), except a `sha256:`-style digest.
const HEX_RUN = /(?<![\w+/-]|sha\d{1,3}:)[0-9a-fA-F]{32,}(?![\w+/-])/g;
const FLAG = new RegExp(`(?<![\\w-])(--?[\\w-]{0,40}${KEY_WORD}[\\w-]{0,40})(\\s+)(?!-)("[^"\\n]{0,1000}"|'[^'\\n]{0,1000}'|\\S+)`, 'gi');
const KEY_VALUE = new RegExp(`(?<![\\w.-])(["']?[\\w.-]{0,40}${KEY_WORD}[\\w.-]{0,40}["']?[ \\t]{0,20}[:=][ \\t]{0,20})("[^"\\n]{0,1000}"|'[^'\\n]{0,1000}'|["']?[^\\s"',;&}]+)`, 'gi');
// `aws_session_token hunter10` (a key ending in `_token`/`.secret`… then any word) and `Token hunter25` (a key word then a
// word with a digit): a secret after a space. "the token is expired" stays readable.
const KEY_SPACE_VALUE = new RegExp(`(?<![\\w.-])([\\w.-]{0,40}[_.]${KEY_WORD}|${KEY_WORD})([ \\t]+)(?![<-])([^\\s"',;&}]+)`, 'gi');

function quotedRedacted(value: string): string {
  if (value.startsWith('<redacted')) return value;
  const q = value[0] === '"' || value[0] === "'" ? value[0] : '';
  return `${q}<redacted>${q && value.length > 1 && value.endsWith(q) ? q : ''}`;
}

/**
 * Removes credentials from a text shown to the user (messages, plugin stderr, logs): URL userinfo,
 * bearer/basic credentials, JWTs, known token formats (`ghp_…`, `xoxb-…`, `AKIA…`), 32+ hex digit
 * runs, `password`/`secret`/`token` key-values (`password=…`, `"token": "…"`, `--token …`,
 * `aws_session_token …`) and long base64 runs. Linear in the length of `text`.
 */
export function redact(text: string): string {
  return stripUserinfo(text)
    .replace(/(?<![\w-])(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 <redacted>')
    .replace(JWT, '<redacted-token>')
    .replace(KNOWN_TOKEN, '<redacted>')
    .replace(FLAG, (_m, flag: string, space: string, value: string) => `${flag}${space}${value.startsWith('<redacted') ? value : '<redacted>'}`)
    .replace(KEY_VALUE, (_m, key: string, value: string) => `${key}${quotedRedacted(value)}`)
    .replace(KEY_SPACE_VALUE, (m: string, key: string, space: string, value: string) => {
      if (value.startsWith('<redacted')) return m;
      const compound = /[_.]/.test(key);
      return compound || (value.length >= 4 && /\d/.test(value)) ? `${key}${space}<redacted>` : m;
    })
    .replace(HEX_RUN, '<redacted>')
    .replace(LONG_RUN, (run) => (looksLikeSecret(run) ? '<redacted>' : run));
}

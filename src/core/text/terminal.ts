// Terminal safety for text that comes from a cluster (event and condition messages, names, logs):
// a hostile or broken API server must not erase lines, move the cursor or draw fake output in the
// user's terminal, so control and bidi-override characters are shown as visible escapes.

// C0 controls except tab and newline, DEL, C1 controls (0x9b is a one-byte CSI), and the bidi
// marks and overrides that reorder what is shown (the "Trojan Source" set).
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_IN_LINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;
// What JSON.stringify leaves raw: DEL, C1, bidi and the Unicode line separators.
const RAW_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

function visible(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with control characters (except newline and tab) and bidi overrides as `\x1b`/`\u202e` escapes. */
export function printable(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** Like printable, for one-line fields (a table cell, a name): newline, tab and CR are escaped too. */
export function printableLine(text: string): string {
  return text.replace(UNSAFE_IN_LINE, visible);
}

const UNSAFE_IN_LINE_ONCE = new RegExp(UNSAFE_IN_LINE.source);

/** Whether printableLine would change `text` (one test of a table row's cells together is cheaper than a replace per cell). */
export function needsLineEscapes(text: string): boolean {
  return UNSAFE_IN_LINE_ONCE.test(text);
}

/**
 * JSON text with DEL, C1 and bidi characters as `\u` escapes. JSON.stringify already escapes C0 but
 * leaves these raw; they only occur inside strings, so the parsed value is unchanged.
 */
export function printableJson(json: string): string {
  return json.replace(RAW_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

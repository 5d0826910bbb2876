// Lines of a text by offset, and the line break an edit should write: the one home for these helpers,
// so every edit (YAML, Corefile, hosts files) treats CRLF the same way. No YAML here.

/** Offset of the start of the line holding `offset`. */
export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset of the end of the line holding `offset`, before its CR LF or LF. */
export function lineEndOf(text: string, offset: number): number {
  let end = text.indexOf('\n', offset);
  if (end === -1) end = text.length;
  return end > 0 && text[end - 1] === '\r' ? end - 1 : end;
}

/** Offset of the start of the next line: after the line break of the line holding `offset` (the text's end on the last line). */
export function nextLineStartOf(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i === -1 ? text.length : i + 1;
}

/** 0-based column of `offset` in its line, in UTF-16 code units. */
export function columnOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}

/**
 * The line break to write for an edit at `offset`: the one that ends the line holding `offset`, else
 * (on a last line without one) the nearest line break before it; LF when the text has none. Without
 * `offset` that is the file's first line break. The edited line decides, not the whole file, because
 * a mixed file is usually a CRLF block pasted into an LF file (or the reverse): new lines then match
 * their neighbours and the block stays uniform.
 */
export function eolOf(text: string, offset = 0): '\r\n' | '\n' {
  let i = text.indexOf('\n', offset);
  if (i === -1) i = text.lastIndexOf('\n', offset - 1);
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

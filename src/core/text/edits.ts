// Offsets and text edits: the one vocabulary every layer edits text with. Offsets are JavaScript string
// indices (UTF-16 code units), so they map to LSP characters without conversion.

export interface OffsetRange {
  start: number;
  end: number;
}

export interface TextEdit {
  uri: string;
  range: OffsetRange;
  newText: string;
}

/** Applies edits that do not overlap, all for one text. */
export function applyTextEdits(text: string, edits: readonly Pick<TextEdit, 'range' | 'newText'>[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start - a.range.start || b.range.end - a.range.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}

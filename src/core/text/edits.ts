// Offsets and text edits: the one vocabulary every layer edits text with. Offsets are JavaScript string
// indices (UTF-16 code units), so they map to LSP characters without conversion.
import type { Message } from '../l10n';

export interface OffsetRange {
  start: number;
  end: number;
}

export interface TextEdit {
  uri: string;
  range: OffsetRange;
  newText: string;
}

/** An edit of a text not tied to a file (yet): a Corefile inside a ConfigMap, a hosts file. */
export type OffsetEdit = Pick<TextEdit, 'range' | 'newText'>;

/**
 * Whether a fix may be applied without a person choosing it. `safe`: deterministic and invents nothing (a rename, a
 * removal, an exact conversion); `lint --fix` and Fix all apply it. `guess`: writes a value the tool chose (a request
 * size, a version), its title says so ("… (a guess: …)"). `review`: exact, but what it changes needs a person (a
 * removal that resets a live count once, placeholders to fill in). Only `safe` fixes are applied unasked.
 */
export type FixSafety = 'safe' | 'guess' | 'review';

/** A titled set of edits the user can apply: a quick fix or a conversion. */
export type Fix = {
  /** A template (`msg('…', {…})`) rendered in the reader's language where it is shown; a plain string is shown as it is. */
  title: string | Message;
  edits: TextEdit[];
  /** Shown first in the editor's quick-fix menu (never a guess). */
  preferred?: boolean;
  /** What the fix leaves for a person (fields it could not carry over, why the server would still refuse it). */
  notes?: string[];
} & (
  | { safety: 'safe' }
  | {
      safety: 'guess' | 'review';
      /** Why a person must choose it, as `lint --fix` prints it for what it left (a template, or plain text). */
      why: string | Message;
    }
);

/** Applies edits that do not overlap, all for one text, from the last to the first (of insertions at one point, the last given comes first). */
export function applyTextEdits(text: string, edits: readonly OffsetEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start - a.range.start || b.range.end - a.range.end);
  // Pieces joined once: splicing a big text edit by edit copied it once per edit (`--fix` of a 20,000-document file).
  const pieces: string[] = [];
  let rest = text.length;
  for (const e of sorted) {
    if (e.range.end > rest) return applyOneByOne(text, sorted); // overlapping edits: keep what splicing in turn gives
    pieces.push(text.slice(e.range.end, rest), e.newText);
    rest = e.range.start;
  }
  pieces.push(text.slice(0, rest));
  return pieces.reverse().join('');
}

function applyOneByOne(text: string, sorted: readonly OffsetEdit[]): string {
  let out = text;
  for (const e of sorted) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}

// Shared vocabulary of the analyzer: findings, the problems rules return, and their fixes.
import type { Message } from '../l10n';
import type { Fix, OffsetRange } from '../text/edits';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export type FindingTag = 'deprecated' | 'security' | 'unnecessary';

export interface Finding {
  rule: string;
  severity: Severity;
  /** In English, always: ids and English text are what CI consumers match on. */
  message: string;
  /** The same message as a template, for readers of other languages (absent while a rule still builds plain text). */
  l10n?: Message;
  uri: string;
  range: OffsetRange;
  fixes: Fix[];
  tags?: FindingTag[];
}

/** What a rule returns; the runner adds the uri and rule id. */
export interface Problem {
  /** A template (`msg('…', {…})`) so the reader gets their language; a plain string is shown as it is everywhere. */
  message: string | Message;
  range: OffsetRange;
  severity?: Severity;
  /** A function is called when a caller first reads the finding's fixes (`--fix`, a code action), never for a report. */
  fixes?: Fix[] | (() => Fix[]);
  tags?: FindingTag[];
}

// Shared vocabulary of the analyzer: findings, the problems rules return, and their fixes.
import type { Fix, OffsetRange } from '../text/edits';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export type FindingTag = 'deprecated' | 'security' | 'unnecessary';

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  uri: string;
  range: OffsetRange;
  fixes: Fix[];
  tags?: FindingTag[];
}

/** What a rule returns; the runner adds the uri and rule id. */
export interface Problem {
  message: string;
  range: OffsetRange;
  severity?: Severity;
  /** A function is called when a caller first reads the finding's fixes (`--fix`, a code action), never for a report. */
  fixes?: Fix[] | (() => Fix[]);
  tags?: FindingTag[];
}

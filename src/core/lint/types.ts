// Shared vocabulary of the analyzer: findings, the problems rules return, and their fixes.
import type { OffsetRange, TextEdit } from '../text/edits';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Shown first in the editor's quick-fix menu. */
  preferred?: boolean;
  /** Applied by `lint --fix`: only fixes that cannot change meaning beyond what the rule asks. */
  safe: boolean;
}

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
  fixes?: Fix[];
  tags?: FindingTag[];
}

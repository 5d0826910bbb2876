// Shared vocabulary of the analyzer. Offsets are JavaScript string indices into the file text
// (UTF-16 code units), so they map to LSP characters without conversion.

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface OffsetRange {
  start: number;
  end: number;
}

export interface TextEdit {
  uri: string;
  range: OffsetRange;
  newText: string;
}

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

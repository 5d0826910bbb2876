// Renders lint findings as text or JSON for the CLI.
import { LineIndex } from '../../core/text/positions';
import { plural } from '../../core/text/plural';
import type { Finding, Severity } from '../../core/lint/types';
import type { PersonsFix } from '../../core/lint/fixAll';

/** 1-based start and end line/column of a finding; columns count UTF-16 code units. */
export interface Located {
  finding: Finding;
  /** The file as shown to the user. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** With `--fix`: the fix it did not apply because a person must choose it (a guess, or one to review). */
  left?: PersonsFix;
}

export function locate(finding: Finding, file: string, index: LineIndex): Located {
  const s = index.positionAt(finding.range.start);
  const e = index.positionAt(finding.range.end);
  return { finding, file, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}

/** A path the CLI could not read: JSON `unreadable[]`, SARIF tool notifications. */
export interface UnreadablePath {
  file: string;
  message: string;
}

/** `{findings}`, plus `unreadable` when some path could not be read (the run then exits 2). */
export function toJson(items: readonly Located[], unreadable: readonly UnreadablePath[] = []): string {
  const findings = items.map((x) => ({
    rule: x.finding.rule,
    severity: x.finding.severity,
    message: x.finding.message,
    file: x.file,
    line: x.line,
    column: x.column,
    endLine: x.endLine,
    endColumn: x.endColumn,
    ...(x.left ? { leftForPerson: leftForPerson(x.left) } : {}),
  }));
  return JSON.stringify(unreadable.length ? { findings, unreadable } : { findings }, null, 2) + '\n';
}

/** What `--fix` left for a person, as JSON and SARIF carry it. */
export function leftForPerson(fix: PersonsFix): { fix: string; safety: PersonsFix['safety']; why: string } {
  return { fix: fix.title, safety: fix.safety, why: fix.why };
}

/** `--fix` text output: the findings whose fix was left for a person, file by file, and why (empty when none). */
export function leftForPersonText(items: readonly Located[]): string[] {
  const left = items.filter((x) => x.left);
  if (left.length === 0) return [];
  return [
    `Left for a person (quick fixes the editor offers; --fix applies only fixes that invent nothing):`,
    ...left.map((x) => `  ${x.file}:${x.line} ${x.finding.rule} (${x.left!.safety === 'guess' ? 'a guess' : 'to review'}): ${x.left!.why}`),
  ];
}

const colors = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m', hint: '\x1b[2m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };

/** `file:line:col: severity rule-id message` lines and a summary line. */
export function toText(items: readonly Located[], opts: { color: boolean }): string {
  const paint = (code: string, s: string) => (opts.color ? code + s + colors.reset : s);
  const lines = items.map(
    (x) => `${paint(colors.bold, `${x.file}:${x.line}:${x.column}`)}: ${paint(colors[x.finding.severity], x.finding.severity)} ${paint(colors.dim, x.finding.rule)} ${x.finding.message}`,
  );
  const count = (s: Severity) => items.filter((x) => x.finding.severity === s).length;
  const files = new Set(items.map((x) => x.file)).size;
  const parts = [plural(count('error'), 'error'), plural(count('warning'), 'warning')];
  const notes = count('info') + count('hint');
  if (notes) parts.push(plural(notes, 'note'));
  const summary = items.length === 0 ? 'No problems found.' : `${parts.join(', ')} in ${plural(files, 'file')}.`;
  return [...lines, summary].join('\n') + '\n';
}

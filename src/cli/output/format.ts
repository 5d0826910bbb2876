// Renders lint findings as text or JSON for the CLI.
import { LineIndex } from '../../core/text/positions';
import type { Finding, Severity } from '../../core/lint/types';
import type { PersonsFix } from '../../core/lint/fixAll';
import { currentLocale, msg, t, textOf, type Locale, type Message } from '../../core/l10n';

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

/**
 * A finding's message in the reader's language, for JSON and SARIF beside the English `message` (CI matches on the
 * English); undefined in English, so English output stays as it always was.
 */
export function localizedMessage(finding: Finding, locale: Locale = currentLocale()): string | undefined {
  return locale === 'en' ? undefined : textOf(finding.l10n ?? finding.message, locale);
}

/** `{findings}`, plus `unreadable` when some path could not be read (the run then exits 2). */
export function toJson(items: readonly Located[], unreadable: readonly UnreadablePath[] = []): string {
  const findings = items.map((x) => ({
    rule: x.finding.rule,
    severity: x.finding.severity,
    message: x.finding.message,
    ...optional('localizedMessage', localizedMessage(x.finding)),
    file: x.file,
    line: x.line,
    column: x.column,
    endLine: x.endLine,
    endColumn: x.endColumn,
    ...(x.left ? { leftForPerson: leftForPerson(x.left) } : {}),
  }));
  return JSON.stringify(unreadable.length ? { findings, unreadable } : { findings }, null, 2) + '\n';
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/** What `--fix` left for a person, as JSON and SARIF carry it. */
export function leftForPerson(fix: PersonsFix): { fix: string; safety: PersonsFix['safety']; why: string } {
  return { fix: textOf(fix.title, 'en'), safety: fix.safety, why: textOf(fix.why, 'en') };
}

/** `--fix` text output: the findings whose fix was left for a person, file by file, and why (empty when none). */
export function leftForPersonText(items: readonly Located[]): string[] {
  const left = items.filter((x) => x.left);
  if (left.length === 0) return [];
  return [
    t('Left for a person (quick fixes the editor offers; --fix applies only fixes that invent nothing):'),
    ...left.map((x) => {
      const args = { place: `${x.file}:${x.line}`, rule: x.finding.rule, why: textOf(x.left!.why) };
      return `  ${x.left!.safety === 'guess' ? t('{place} {rule} (a guess): {why}', args) : t('{place} {rule} (to review): {why}', args)}`;
    }),
  ];
}

const colors = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m', hint: '\x1b[2m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };

/**
 * `file:line:col: severity rule-id message` lines and a summary line, in the current language. The severity and the
 * rule id stay as they are in every language: they are what a reader greps for and looks up.
 */
export function toText(items: readonly Located[], opts: { color: boolean }): string {
  const paint = (code: string, s: string) => (opts.color ? code + s + colors.reset : s);
  const lines = items.map(
    (x) =>
      `${paint(colors.bold, `${x.file}:${x.line}:${x.column}`)}: ${paint(colors[x.finding.severity], x.finding.severity)} ${paint(colors.dim, x.finding.rule)} ${textOf(x.finding.l10n ?? x.finding.message)}`,
  );
  return [...lines, textOf(summaryOf(items))].join('\n') + '\n';
}

/** `2 errors, 1 warning in 2 files.`: one template per shape, the counts as messages of their own (English plurals). */
function summaryOf(items: readonly Located[]): Message {
  if (items.length === 0) return msg('No problems found.');
  const count = (s: Severity) => items.filter((x) => x.finding.severity === s).length;
  const fileCount = new Set(items.map((x) => x.file)).size;
  const errors = count('error');
  const warnings = count('warning');
  const notes = count('info') + count('hint');
  const args = {
    errors: errors === 1 ? msg('1 error') : msg('{count} errors', { count: errors }),
    warnings: warnings === 1 ? msg('1 warning') : msg('{count} warnings', { count: warnings }),
    files: countOfFiles(fileCount),
  };
  if (!notes) return msg('{errors}, {warnings} in {files}.', args);
  return msg('{errors}, {warnings}, {notes} in {files}.', { ...args, notes: notes === 1 ? msg('1 note') : msg('{count} notes', { count: notes }) });
}

/** `1 file`, `3 files`. */
export function countOfFiles(n: number): Message {
  return n === 1 ? msg('1 file') : msg('{count} files', { count: n });
}

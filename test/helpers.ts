// Test helpers shared by unit tests: build a workspace from inline files and analyze it; find English that a
// pseudo-locale run left untranslated.
import { analyzeFile } from '../src/core/lint/analyzer';
import type { Rule } from '../src/core/lint/rule';
import { withDefaults, type Settings } from '../src/core/lint/settings';
import type { Finding } from '../src/core/lint/types';
import { Workspace } from '../src/core/manifest/workspace';
import type { Replay } from '../src/core/cluster/hpaReplay';
import type { DoctorFinding } from '../src/core/doctor/types';
import { isMessage, textOf, type Message, type MessageArg } from '../src/core/l10n';

/** Analyzes `files` (uri → text) and returns the findings of `target` (default: the first file). */
export function analyze(files: Record<string, string> | string, opts: { settings?: Partial<Settings>; target?: string; rules?: Rule[] } = {}): Finding[] {
  const map = typeof files === 'string' ? { 'file:///test.yaml': files } : files;
  const ws = new Workspace();
  for (const [uri, text] of Object.entries(map)) ws.set(uri, text);
  const target = opts.target ?? Object.keys(map)[0];
  return analyzeFile(ws, target, withDefaults(opts.settings), opts.rules);
}

export function ofRule(findings: Finding[], rule: string): Finding[] {
  return findings.filter((f) => f.rule === rule);
}

/** The text a finding's range covers. */
export function covered(text: string, f: Finding): string {
  return text.slice(f.range.start, f.range.end);
}

/** A fix's title in English, as tests match it (a title may be a template: Fix.title). */
export function titleOf(fix: { title: string | Message }): string {
  return textOf(fix.title, 'en');
}

/** The values a message carries, nested messages' too (names, YAML as written, quoted cluster text): never translated. */
export function valuesOf(message: Message): string[] {
  return Object.values(message.args).flatMap((arg: MessageArg) => (typeof arg === 'string' ? [arg] : typeof arg === 'number' ? [String(arg)] : isMessage(arg) ? valuesOf(arg) : []));
}

/** Letters the pseudo-locale `qps-ploc` accents in a template (src/core/l10n/message.ts), and what it makes of them. */
const ACCENTABLE = /[aeiouycnAEIOUCN]/;
const ACCENTED = /[áéíöüçñýÅÉÎØÛÇÑ]/;

/**
 * English words of ours left in a text rendered in the pseudo-locale `qps-ploc`: every word of a template comes out
 * accented, so a word with a letter the pseudo-locale accents but no accented letter escaped translation, unless it
 * is code in backticks (commands, fields, as the glossary keeps them), a URL, a unit after a number (`700Mi`, `30s`) or a word
 * of `quoted`: the text the output may quote as it is (the values a message carries, the manifests or the cluster's
 * objects and logs it reads, file paths, rule ids). Returns the words, so a failure names them.
 */
export function englishLeft(text: string, quoted: string | readonly string[] = []): string[] {
  const theirs = new Set((typeof quoted === 'string' ? [quoted] : quoted).flatMap((q) => q.match(/\p{L}+/gu) ?? []));
  const words = text.replace(/`[^`]*`|\b[a-z][a-z0-9+.-]*:\/\/[^\s)]+|\d\p{L}+/gu, ' ').match(/\p{L}+/gu) ?? [];
  return words.filter((word) => ACCENTABLE.test(word) && !ACCENTED.test(word) && !theirs.has(word));
}

/**
 * What a doctor finding may quote as it is: its state's cluster text, the lines of evidence that are not templates
 * (quoted from the cluster) and the values its templates carry. A message or explanation written as a plain string is
 * English of ours, never quoted.
 */
export function quotedBy(f: DoctorFinding, clusterText: string): string[] {
  if (!f.l10n) return [clusterText];
  const repairs = f.repairs.flatMap((r) => (r.l10n ? [r.l10n.title, ...(r.l10n.warning ? [r.l10n.warning] : [])] : []));
  const templates = [f.l10n.message, f.l10n.explanation, ...f.l10n.evidence, ...repairs].filter((t): t is Message => typeof t !== 'string');
  return [clusterText, ...f.l10n.evidence.filter((e) => typeof e === 'string'), ...templates.flatMap(valuesOf)];
}

/** The API server's own refusal (a pattern, a bound, a CEL rule's message), which schema-invalid-field quotes as it is. */
export const SERVER_REFUSAL = /: (Invalid value|Too long|Too many|Required value): /;

/** A replay with its texts in English: the replay keeps templates, the cluster tests assert the English they render to. */
export function replayInEnglish(replay: Replay) {
  return {
    ...replay,
    chain: replay.chain.map((part) => textOf(part, 'en')),
    limitTexts: replay.limitTexts.map((part) => textOf(part, 'en')),
    summary: textOf(replay.summary, 'en'),
  };
}

// The doctor's words in the reader's language. Checks write templates (msg) beside lines quoted from the cluster;
// diagnose() keeps the English text in DoctorFinding's fields (what JSON and SARIF carry) and the templates in
// `l10n`; the CLI and the extension render them here, at the edge.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { currentLocale, l10nDir, msg, render, textOf, type Locale, type Message } from '../l10n';
import { localizedDocsPath } from '../l10n/docs';
import type { DoctorFinding, DoctorText, RepairOffer, RepairPlan } from './types';

/** English, what DoctorFinding's plain fields and the JSON carry. */
export function englishText(text: DoctorText): string {
  return textOf(text, 'en');
}

/** Whether any part of a finding is a template (then diagnose() keeps the templates in `l10n`). */
export function hasTemplate(texts: readonly DoctorText[]): boolean {
  return texts.some((t) => typeof t !== 'string');
}

export interface LocalizedRepair {
  id: string;
  title: string;
  insecure?: boolean;
  warning?: string;
}

export interface LocalizedFinding {
  message: string;
  evidence: string[];
  explanation: string;
  repairs: LocalizedRepair[];
  docs: string;
}

/** A finding's text in `locale` (default: the process's); English fields as they are for English or a finding not yet converted. */
export function localizedFinding(f: DoctorFinding, locale: Locale = currentLocale()): LocalizedFinding {
  const l10n = locale === 'en' ? undefined : f.l10n;
  return {
    message: l10n ? textOf(l10n.message, locale) : f.message,
    evidence: l10n ? l10n.evidence.map((e) => textOf(e, locale)) : f.evidence,
    explanation: l10n ? textOf(l10n.explanation, locale) : f.explanation,
    repairs: f.repairs.map((r) => localizedRepair(r, locale)),
    docs: localizedDocsPath(f.docs, locale, inPackage),
  };
}

/** A repair plan's warnings and what its verification waits for, in `locale` (a plan without templates as it is). */
export function localizedPlan(plan: RepairPlan, locale: Locale = currentLocale()): { warnings: string[]; verifies: string } {
  const l10n = locale === 'en' ? undefined : plan.l10n;
  return l10n ? { warnings: l10n.warnings.map((w) => render(w, locale)), verifies: render(l10n.verifies, locale) } : { warnings: plan.warnings, verifies: plan.verifies };
}

export function localizedRepair(r: RepairOffer, locale: Locale = currentLocale()): LocalizedRepair {
  const l10n = locale === 'en' ? undefined : r.l10n;
  const warning = l10n?.warning ? render(l10n.warning, locale) : r.warning;
  return { id: r.id, title: l10n ? render(l10n.title, locale) : r.title, ...(r.insecure ? { insecure: true } : {}), ...(warning !== undefined ? { warning } : {}) };
}

/** A check's one-line title (Check.title) in `locale`. */
export function localizedTitle(title: Message, locale: Locale = currentLocale()): string {
  return render(title, locale);
}

/** "1 node" / "3 nodes": a count of nodes, the noun every metrics-server finding names its failures by. */
export function nodeCount(n: number): Message {
  return n === 1 ? msg('1 node') : msg('{count} nodes', { count: n });
}

/** Whether the package (the folder holding l10n/ and docs/) ships `path`: a translated docs page arrives one by one. */
function inPackage(path: string): boolean {
  const dir = l10nDir();
  return !!dir && existsSync(join(dir, '..', path));
}

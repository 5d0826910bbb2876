// A cluster problem in the reader's language: problems.ts keeps the English in `title` and `message` and the templates
// in `l10n`. No Kubernetes client here, so the extension's views (which load the cluster code lazily) can import it.
import { currentLocale, msg, render, textOf, type Locale } from '../l10n';
import type { ClusterProblem } from './types';

/** A problem's title and message in `locale` (English, or a problem not translated, as they are). */
export function localizedProblem(problem: ClusterProblem, locale: Locale = currentLocale()): { title: string; message: string } {
  const l10n = locale === 'en' ? undefined : problem.l10n;
  return l10n ? { title: textOf(l10n.title, locale), message: textOf(l10n.message, locale) } : { title: problem.title, message: problem.message };
}

/** `title: message` in `locale`, for one line of the CLI or a log. */
export function problemText(problem: ClusterProblem, locale: Locale = currentLocale()): string {
  const { title, message } = localizedProblem(problem, locale);
  return render(msg('{title}: {message}', { title, message }), locale);
}

/** A problem as JSON output carries it: the English fields as they always were, and in another language its text beside them. */
export function problemJson(problem: ClusterProblem, locale: Locale = currentLocale()): Omit<ClusterProblem, 'l10n'> & { locale?: Locale; localizedTitle?: string; localizedMessage?: string } {
  const { l10n: _templates, ...english } = problem;
  if (locale === 'en') return english;
  const { title, message } = localizedProblem(problem, locale);
  return { ...english, locale, localizedTitle: title, localizedMessage: message };
}

// Messages in the reader's language. Core renders with the locale its host chose: the CLI from --lang or the POSIX
// variables, the language server from the client's `initialize`, the extension host from VS Code's display language.
import { render, msg, type Message, type MessageArg } from './message';
import type { Locale } from './locale';

export { LOCALES, resolveLocale, localeFromEnv, intlTag, type Locale, type ShippedLocale } from './locale';
export { msg, render, isMessage, percent, count, placeholdersOf, type Message, type MessageArg, type Formatted } from './message';
export { registerBundle, l10nDir, type Bundle } from './bundles';
export { LocalizedError, errorMessage, errorText } from './errors';

// On globalThis, not in a module variable: the CLI's commands loaded on first use (dist/cli-cluster.js, cli-top.js) are
// bundles with their own copy of this module, and must speak the language `--lang` chose in dist/cli.js.
const CURRENT = Symbol.for('kube-scaling-doctor.locale');
const shared = globalThis as { [CURRENT]?: Locale };

/** Chooses the language of `t` and `textOf` for this process (one CLI run, one language server, one extension host). */
export function setLocale(locale: Locale): void {
  shared[CURRENT] = locale;
}

export function currentLocale(): Locale {
  return shared[CURRENT] ?? 'en';
}

/** A message rendered now, in the current language: for text that is shown once and never kept (hover, lens, rows). */
export function t(template: string, args: Record<string, MessageArg> = {}): string {
  return render(msg(template, args), currentLocale());
}

/** A stored text in the current language: a message is rendered, a plain string (not yet a template) is shown as it is. */
export function textOf(text: string | Message, locale: Locale = currentLocale()): string {
  return typeof text === 'string' ? text : render(text, locale);
}

// The extension speaks VS Code's display language: its own strings through vscode.l10n.t (VS Code loads
// l10n/bundle.l10n.<language>.json), and the text core renders (t, textOf: findings, problems, rows without `vscode`)
// in the same language from the same bundle. The cluster bundle (dist/extension-cluster.js) has its own copy of core's
// locale: loadClusterCode.ts hands it over when it loads.
import * as vscode from 'vscode';
import { currentLocale, intlTag, registerBundle, resolveLocale, setLocale, type Locale } from '../core/l10n';

/** Sets core's locale from VS Code's display language (a language we do not ship is English) and returns it. */
export function useDisplayLanguage(): Locale {
  const locale = resolveLocale(vscode.env.language) ?? 'en';
  // The bundle VS Code already loaded for this language: core reads no second copy.
  if (locale !== 'en' && locale !== 'qps-ploc' && vscode.l10n.bundle) registerBundle(locale, vscode.l10n.bundle);
  setLocale(locale);
  return locale;
}

/** A time of day in the display language (English keeps the host's default format, as before). */
export function localTime(date: Date): string {
  const locale = currentLocale();
  return date.toLocaleTimeString(locale === 'en' || locale === 'qps-ploc' ? undefined : intlTag(locale));
}

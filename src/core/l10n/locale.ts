// Which language a reader gets: the locales we ship, and how a locale tag, an LSP client or POSIX variables map to one.

/** The languages the product speaks. `qps-ploc` is VS Code's pseudo-language: English made visibly foreign, for tests. */
export const LOCALES = ['en', 'zh-cn', 'ja'] as const;
export type ShippedLocale = (typeof LOCALES)[number];
export type Locale = ShippedLocale | 'qps-ploc';

/**
 * The locale a tag asks for, or undefined for a language we do not ship. Accepts BCP 47 (`zh-CN`, `zh-Hans`, `ja-JP`),
 * VS Code ids (`zh-cn`) and POSIX values (`ja_JP.UTF-8`, `zh_CN.GB18030@x`); `C` and `POSIX` are English.
 * Traditional Chinese (`zh-TW`, `zh-Hant`, `zh-HK`) is not Simplified: it gets English rather than the wrong script.
 */
export function resolveLocale(tag: string | undefined): Locale | undefined {
  if (!tag) return undefined;
  const value = tag.trim().split(/[.@]/)[0].replace(/_/g, '-').toLowerCase();
  if (value === '') return undefined;
  if (value === 'c' || value === 'posix') return 'en';
  if (value === 'qps-ploc') return 'qps-ploc';
  const [language, ...rest] = value.split('-');
  if (language === 'en') return 'en';
  if (language === 'ja') return 'ja';
  if (language === 'zh') {
    const traditional = rest.some((part) => part === 'hant' || part === 'tw' || part === 'hk' || part === 'mo');
    return traditional ? undefined : 'zh-cn';
  }
  return undefined;
}

/**
 * The locale of a POSIX environment: the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set wins (that order is
 * POSIX's precedence for message catalogues); a language we do not ship, or none, is English.
 */
export function localeFromEnv(env: Readonly<Record<string, string | undefined>>): Locale {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const value = env[name];
    if (value) return resolveLocale(value) ?? 'en';
  }
  return 'en';
}

/** The BCP 47 tag `Intl` formats with. */
export function intlTag(locale: Locale): string {
  return locale === 'zh-cn' ? 'zh-CN' : locale === 'qps-ploc' ? 'en' : locale;
}

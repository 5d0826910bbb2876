// The translations: l10n/bundle.l10n.<locale>.json, the files VS Code loads for the extension (`"l10n": "./l10n"`),
// read here too so the language server and the CLI use the same ones. Read on first use of a language, never for English.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Locale } from './locale';

export type Bundle = Readonly<Record<string, string>>;

const loaded = new Map<Locale, Bundle>();

/** Sets a language's bundle (the extension host and tests hand it over; everyone else reads the file). */
export function registerBundle(locale: Locale, bundle: Bundle): void {
  loaded.set(locale, bundle);
}

/** The bundle of `locale`; empty for English and the pseudo-locale (their text is the template itself). */
export function bundleOf(locale: Locale): Bundle {
  if (locale === 'en' || locale === 'qps-ploc') return EMPTY;
  let bundle = loaded.get(locale);
  if (!bundle) {
    bundle = readBundle(locale);
    loaded.set(locale, bundle);
  }
  return bundle;
}

const EMPTY: Bundle = Object.freeze({});

function readBundle(locale: Locale): Bundle {
  const dir = l10nDir();
  if (!dir) return EMPTY;
  try {
    return JSON.parse(readFileSync(join(dir, `bundle.l10n.${locale}.json`), 'utf8')) as Bundle;
  } catch {
    // A missing or broken bundle shows English, never an error in front of the user's real problem.
    return EMPTY;
  }
}

/** `l10n/` beside the package: from dist/ one level up, from src/core/l10n (tests, tsx) three. */
export function l10nDir(): string | undefined {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'l10n', 'bundle.l10n.ja.json');
    if (existsSync(candidate)) return dirname(candidate);
    dir = dirname(dir);
  }
  return undefined;
}

// package.json as VS Code reads it: each `%key%` value replaced by package.nls.json (English) or
// package.nls.<language>.json, falling back to English for a key a language lacks (as VS Code does).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(__dirname, '..', '..');
export const NLS_LANGUAGES = ['zh-cn', 'ja'] as const;

export type Nls = Record<string, string>;

/** package.nls.json (language 'en') or package.nls.<language>.json. */
export function packageNls(language: 'en' | (typeof NLS_LANGUAGES)[number]): Nls {
  const file = language === 'en' ? 'package.nls.json' : `package.nls.${language}.json`;
  return JSON.parse(readFileSync(join(root, file), 'utf8')) as Nls;
}

/** The raw manifest, `%key%` values and all. */
export function rawManifest(): any {
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
}

/** Every `%key%` the manifest names, with the JSON path where it is used. */
export function nlsReferences(manifest: unknown = rawManifest()): { key: string; path: string }[] {
  const found: { key: string; path: string }[] = [];
  const walk = (value: unknown, path: string): void => {
    if (typeof value === 'string') {
      const m = /^%(.+)%$/.exec(value);
      if (m) found.push({ key: m[1], path });
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
  };
  walk(manifest, '');
  return found;
}

/** The manifest as VS Code shows it in `language`. */
export function localizedManifest(language: 'en' | (typeof NLS_LANGUAGES)[number] = 'en'): any {
  const english = packageNls('en');
  const nls = language === 'en' ? english : { ...english, ...packageNls(language) };
  const replace = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const m = /^%(.+)%$/.exec(value);
      return m && typeof nls[m[1]] === 'string' ? nls[m[1]] : value;
    }
    if (Array.isArray(value)) return value.map(replace);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v)]));
    return value;
  };
  return replace(rawManifest());
}

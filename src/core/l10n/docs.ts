// Which docs page a reader is sent to: the translation under docs/<locale>/ when the installation has it, else the
// English page. For the links of diagnostics, hovers and findings (docs/rules/<id>.md, docs/doctor/<id>.md, …).
import type { Locale } from './locale';

/** The folder under docs/ that holds each language's pages; English is docs/ itself, the pseudo-locale has none. */
const DOCS_FOLDERS: Partial<Record<Locale, string>> = { 'zh-cn': 'zh-cn', ja: 'ja' };

/**
 * The path of a docs page in the reader's language: `docs/doctor/x.md` becomes `docs/zh-cn/doctor/x.md` (and
 * `README.md` becomes `docs/zh-cn/README.md`) when `exists` finds that file, else the path is returned unchanged, so a
 * page not translated yet falls back to English. An anchor (`#…`) is dropped with a translation, since headings are
 * translated too. Paths outside docs/, URLs and already translated paths are returned as they are.
 */
export function localizedDocsPath(path: string, locale: Locale, exists: (path: string) => boolean): string {
  const folder = DOCS_FOLDERS[locale];
  if (!folder || /^[a-z][a-z0-9+.-]+:/i.test(path)) return path; // a URL (a Windows drive letter is one character)
  const [page] = path.split('#');
  const match = /^((?:.*[\\/])?)(?:docs([\\/])(.+)|(README\.md))$/.exec(page); // the last docs/ folder of the path
  if (!match) return path;
  const [, base = '', separator = '/', docsPage, readme] = match;
  if (docsPage !== undefined && Object.values(DOCS_FOLDERS).some((f) => docsPage.startsWith(`${f}${separator}`))) return path;
  const translated = `${base}docs${separator}${folder}${separator}${docsPage ?? readme}`;
  return exists(translated) ? translated : path;
}

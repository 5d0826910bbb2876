// Where a rule's long documentation is, for a diagnostic's code link and the hover: under the client's docsBaseUrl
// when it gave one, else docs/rules/<id>.md shipped beside the server. A reader of another language gets
// docs/<locale>/rules/<id>.md when that page exists (docs/l10n.md), and English otherwise.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Locale } from '../core/l10n';
import { localizedDocsPath } from '../core/l10n/docs';

/** docs/ of the installation: up from dist/ (bundle) or src/server/ (tests run from source). */
const docsRoot = (() => {
  let dir = __dirname;
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(dir, 'docs', 'rules'))) return join(dir, 'docs');
    dir = dirname(dir);
  }
  return undefined;
})();

/** The translated page of a rule, when the installation ships one for `locale` (the one way: localizedDocsPath). */
function localizedPage(rule: string, locale: Locale, root: string | undefined): string | undefined {
  if (!root) return undefined;
  const english = join(root, 'rules', `${rule}.md`);
  const page = localizedDocsPath(english, locale, existsSync);
  return page === english ? undefined : page;
}

/** `root`: the docs/ folder (the installation's; tests give their own). */
export function ruleDocsUrl(rule: string, docsBaseUrl: string | undefined, locale: Locale = 'en', root = docsRoot): string | undefined {
  const translated = localizedPage(rule, locale, root) !== undefined;
  if (docsBaseUrl) {
    const base = docsBaseUrl.replace(/\/?$/, '/');
    // A base that names docs/rules/ has the translated pages beside it, at docs/<locale>/rules/.
    const localized = translated && /\/docs\/rules\/$/.test(base) ? base.replace(/\/docs\/rules\/$/, `/docs/${locale}/rules/`) : base;
    return `${localized}${rule}.md`;
  }
  if (!root) return undefined;
  const file = localizedPage(rule, locale, root) ?? join(root, 'rules', `${rule}.md`);
  return existsSync(file) ? pathToFileURL(file).href : undefined;
}

/**
 * The translated page of a rule as hover Markdown, without its `# id` heading (the hover has its own); undefined when
 * the installation has no page in `locale`, and the hover shows the rule's English docs.
 */
export function localizedRuleDocs(rule: string, locale: Locale, root = docsRoot): string | undefined {
  const file = localizedPage(rule, locale, root);
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8')
      .replace(/^\uFEFF?#[^\n]*\n+/, '')
      .trim();
  } catch {
    return undefined;
  }
}

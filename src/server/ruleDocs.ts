// Where a rule's long documentation is, for a diagnostic's code link and the hover: under the
// client's docsBaseUrl when it gave one, else docs/rules/<id>.md shipped beside the server.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** docs/rules of the installation: up from dist/ (bundle) or src/server/ (tests run from source). */
const docsDir = (() => {
  let dir = __dirname;
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, 'docs', 'rules');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return undefined;
})();

export function ruleDocsUrl(rule: string, docsBaseUrl: string | undefined): string | undefined {
  if (docsBaseUrl) return `${docsBaseUrl.replace(/\/?$/, '/')}${rule}.md`;
  if (!docsDir) return undefined;
  const file = join(docsDir, `${rule}.md`);
  return existsSync(file) ? pathToFileURL(file).href : undefined;
}

// Runs the rules over a file's documents and turns problems into findings.
import { clampRange } from '../manifest/model';
import type { Rule } from './rule';
import { allRules } from './rules';
import type { Settings } from './settings';
import type { Finding, Problem } from './types';
import type { Fix } from '../text/edits';
import type { Workspace } from '../manifest/workspace';

export const YAML_SYNTAX_RULE = 'yaml-syntax';
export const YAML_DUPLICATE_KEY_RULE = 'yaml-duplicate-key';
export const INTERNAL_ERROR_RULE = 'internal-error';

export function analyzeFile(workspace: Workspace, uri: string, settings: Settings, rules: Rule[] = allRules): Finding[] {
  const file = workspace.get(uri);
  if (!file) return [];
  const findings: Finding[] = [];
  const length = file.text.length;
  if (file.isManifest && !file.templated) {
    for (const e of file.parseErrors) {
      findings.push({ rule: YAML_SYNTAX_RULE, severity: 'error', message: e.message, uri, range: clampRange(e.range, length), fixes: [] });
    }
    for (const e of file.duplicateKeys) {
      findings.push({ rule: YAML_DUPLICATE_KEY_RULE, severity: 'error', message: e.message, uri, range: clampRange(e.range, length), fixes: [] });
    }
  }
  const ctx = { workspace, settings };
  for (const doc of file.docs) {
    if (!doc.root || !doc.kind) continue;
    for (const rule of rules) {
      let problems;
      try {
        if (!rule.applies(doc)) continue;
        problems = rule.check(doc, ctx);
      } catch (err) {
        findings.push({
          rule: INTERNAL_ERROR_RULE,
          severity: 'hint',
          message: `Rule ${rule.id} failed on this document: ${(err as Error).message}`,
          uri,
          range: clampRange({ start: doc.range.start, end: doc.range.start }, length),
          fixes: [],
        });
        continue;
      }
      for (const p of problems) {
        const finding = { rule: rule.id, severity: p.severity ?? rule.severity, message: p.message, uri, range: clampRange(p.range, length), tags: p.tags ?? rule.tags };
        findings.push(withFixes(finding, p.fixes));
      }
    }
  }
  return findings.sort((a, b) => a.range.start - b.range.start || a.rule.localeCompare(b.rule));
}

/**
 * The finding with its fixes; a rule's function of fixes runs on the first read of `fixes` and is kept, so reports,
 * which never read them, never pay for rendering edits. A function that fails offers no fixes.
 */
function withFixes(finding: Omit<Finding, 'fixes'>, fixes: Problem['fixes']): Finding {
  if (typeof fixes !== 'function') return { ...finding, fixes: fixes ?? [] };
  let computed: Fix[] | undefined;
  const compute = (): Fix[] => {
    try {
      return fixes();
    } catch {
      return [];
    }
  };
  return Object.defineProperty(finding, 'fixes', {
    enumerable: true,
    get: () => (computed ??= compute()),
    set: (value: Fix[]) => (computed = value),
  }) as Finding;
}

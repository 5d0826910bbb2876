// Runs the rules over a file's documents and turns problems into findings.
import { clampRange, type ManifestDoc, type SourceFile } from '../manifest/model';
import type { Rule, RuleContext } from './rule';
import { allRules } from './rules';
import type { Settings } from './settings';
import type { Finding, Problem } from './types';
import type { Fix, OffsetRange } from '../text/edits';
import type { Workspace } from '../manifest/workspace';
import { msg, render, type Message } from '../l10n';
import { andJoin } from '../l10n/lists';

export const YAML_SYNTAX_RULE = 'yaml-syntax';
export const YAML_DUPLICATE_KEY_RULE = 'yaml-duplicate-key';
export const INTERNAL_ERROR_RULE = 'internal-error';
export const TEMPLATE_NOT_CHECKED_RULE = 'template-not-checked';

export function analyzeFile(workspace: Workspace, uri: string, settings: Settings, rules: Rule[] = allRules): Finding[] {
  const file = workspace.get(uri);
  if (!file) return [];
  const ctx = { workspace, settings };
  return orderFindings(file, [...yamlFindings(file), ...file.docs.flatMap((doc) => docFindings(doc, ctx, rules))]);
}

/** Findings of the YAML itself: syntax errors and duplicate keys (only in manifests); a template gets templateFinding instead. */
export function yamlFindings(file: SourceFile): Finding[] {
  if (file.templated) return templateFinding(file);
  if (!file.isManifest) return [];
  const { uri } = file;
  return [
    ...file.parseErrors.map((e): Finding => ({ rule: YAML_SYNTAX_RULE, severity: 'error', ...messageFields(e.message), uri, range: e.range, fixes: [] })),
    ...file.duplicateKeys.map((e): Finding => ({ rule: YAML_DUPLICATE_KEY_RULE, severity: 'error', ...messageFields(e.message), uri, range: e.range, fixes: [] })),
  ];
}

/** Something that is a Kubernetes manifest before it is rendered, even when no document of it parses. */
const MANIFEST_KEY = /^[ \t]*(?:apiVersion|kind)[ \t]*:/m;

/**
 * One finding for a template some of whose documents do not parse once its constructs are blanked (rendering
 * would decide their shape): they are not checked, the others are, and no flood of syntax errors is shown.
 */
function templateFinding(file: SourceFile): Finding[] {
  const documents = file.docs.filter((d) => !d.listItem && d.doc.contents !== null);
  const broken = documents.filter((d) => d.doc.errors.length > 0);
  if (broken.length === 0 || !(file.isManifest || MANIFEST_KEY.test(file.text))) return [];
  // `Helm and Jinja`: the names as written, the `and` in the reader's language.
  const syntax = andJoin(file.templates.map((s) => s.name));
  const first = file.parseErrors[0]?.range ?? broken[0].range;
  const message =
    broken.length < documents.length
      ? msg('template ({syntax} syntax), not checked: {broken} of {count} documents could not be parsed (the others were checked)', { syntax, broken: broken.length, count: documents.length })
      : broken.length === 1
        ? msg('template ({syntax} syntax), not checked: 1 document could not be parsed', { syntax })
        : msg('template ({syntax} syntax), not checked: {count} documents could not be parsed', { syntax, count: broken.length });
  return [
    {
      rule: TEMPLATE_NOT_CHECKED_RULE,
      severity: 'info',
      ...messageFields(message),
      uri: file.uri,
      range: first,
      fixes: [],
    },
  ];
}

/** The findings of each rule that applies to one document, with ranges as the rules gave them (orderFindings clamps them). */
export function docFindings(doc: ManifestDoc, ctx: RuleContext, rules: Rule[] = allRules): Finding[] {
  const findings: Finding[] = [];
  // A template's document that does not parse is judged after rendering, not here (templateFinding says so).
  if (!doc.root || (doc.file.templated && doc.doc.errors.length > 0)) return findings;
  const { uri } = doc.file;
  for (const rule of rules) {
    let problems;
    try {
      if ((!doc.kind && !rule.kindless) || !rule.applies(doc)) continue;
      problems = rule.check(doc, ctx);
    } catch (err) {
      findings.push({
        rule: INTERNAL_ERROR_RULE,
        severity: 'hint',
        ...messageFields(msg('Rule {rule} failed on this document: {error}', { rule: rule.id, error: (err as Error).message })),
        uri,
        range: { start: doc.range.start, end: doc.range.start },
        fixes: [],
      });
      continue;
    }
    for (const p of problems) {
      findings.push(withFixes({ rule: rule.id, severity: p.severity ?? rule.severity, ...messageFields(p.message), uri, range: p.range, tags: p.tags ?? rule.tags }, p.fixes));
    }
  }
  return findings;
}

/** Findings as users see them: ranges within the file, in the order of the text. */
export function orderFindings(file: SourceFile, findings: Finding[]): Finding[] {
  const length = file.text.length;
  return findings.map((f) => withRange(f, clampRange(f.range, length))).sort((a, b) => a.range.start - b.range.start || a.rule.localeCompare(b.rule));
}

/** The finding with another range; a copy keeps lazy fixes lazy (a spread would run them). */
export function withRange(f: Finding, range: OffsetRange): Finding {
  if (range.start === f.range.start && range.end === f.range.end) return f;
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(f)) as Finding;
  copy.range = range;
  return copy;
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

/** A finding's English message and, for a template, the template itself (see Finding.l10n). */
export function messageFields(message: string | Message): { message: string; l10n?: Message } {
  return typeof message === 'string' ? { message } : { message: render(message, 'en'), l10n: message };
}

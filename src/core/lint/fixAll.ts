// Applies fixes: non-overlapping edit selection, text application, and the iterate-until-stable "fix all safe" loop
// shared by `lint --fix` and the language server's source.fixAll action.
import { analyzeFile } from './analyzer';
import type { Rule } from './rule';
import type { Settings } from './settings';
import type { Finding, Fix } from './types';
import type { OffsetRange, TextEdit } from '../text/edits';
import type { Workspace } from '../manifest/workspace';
import { applyTextEdits } from '../text/edits';

/** Whether two ranges touch or overlap; touching counts, so two insertions at one point never race. */
function conflicts(a: OffsetRange, b: OffsetRange): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** Picks fixes, in order, whose edits overlap neither each other nor an earlier pick, per file. */
export function selectCompatibleFixes(fixes: readonly Fix[]): Fix[] {
  const taken = new Map<string, OffsetRange[]>();
  const picked: Fix[] = [];
  for (const fix of fixes) {
    if (fix.edits.length === 0) continue;
    const clash = fix.edits.some((e, i) => (taken.get(e.uri) ?? []).some((r) => conflicts(r, e.range)) || fix.edits.some((o, j) => j < i && o.uri === e.uri && conflicts(o.range, e.range)));
    if (clash) continue;
    for (const e of fix.edits) {
      const list = taken.get(e.uri) ?? [];
      list.push(e.range);
      taken.set(e.uri, list);
    }
    picked.push(fix);
  }
  return picked;
}

/** The safe fix `lint --fix` applies for a finding: the preferred safe fix, else the first safe one. */
export function safeFixOf(f: Finding): Fix | undefined {
  const safe = f.fixes.filter((x) => x.safe);
  return safe.find((x) => x.preferred) ?? safe[0];
}

export interface AppliedFix {
  /** The file whose finding the fix came from. */
  uri: string;
  rule: string;
  title: string;
  /** Files the fix changed. */
  changed: string[];
}

export interface FixAllResult {
  applied: AppliedFix[];
  /** New text of every changed file (uri → text); the workspace already holds it. */
  texts: Map<string, string>;
  passes: number;
}

/**
 * Applies every safe fix of the findings in `uris`, re-analyzing between passes, until nothing changes or
 * `maxPasses` is reached. Mutates `workspace`; edits to files missing from it are ignored.
 */
export function fixAllSafe(workspace: Workspace, uris: readonly string[], settings: Settings, opts: { maxPasses?: number; rules?: Rule[] } = {}): FixAllResult {
  const maxPasses = opts.maxPasses ?? 10;
  const result: FixAllResult = { applied: [], texts: new Map(), passes: 0 };
  for (let pass = 0; pass < maxPasses; pass++) {
    const candidates: { fix: Fix; finding: Finding }[] = [];
    for (const uri of uris) {
      for (const finding of analyzeFile(workspace, uri, settings, opts.rules)) {
        const fix = safeFixOf(finding);
        if (fix && isEffective(workspace, fix)) candidates.push({ fix, finding });
      }
    }
    const picked = new Set(selectCompatibleFixes(candidates.map((c) => c.fix)));
    if (picked.size === 0) break;
    result.passes = pass + 1;
    const editsByUri = new Map<string, TextEdit[]>();
    for (const { fix, finding } of candidates) {
      if (!picked.has(fix)) continue;
      picked.delete(fix); // one fix object can be shared by several findings
      for (const e of fix.edits) editsByUri.set(e.uri, [...(editsByUri.get(e.uri) ?? []), e]);
      result.applied.push({ uri: finding.uri, rule: finding.rule, title: fix.title, changed: [...new Set(fix.edits.map((e) => e.uri))] });
    }
    for (const [uri, edits] of editsByUri) {
      const file = workspace.get(uri);
      if (!file) continue;
      const text = applyTextEdits(file.text, edits);
      workspace.set(uri, text);
      result.texts.set(uri, text);
    }
  }
  return result;
}

/** A fix is effective when all its files are known, its ranges are valid, and it changes some text. */
function isEffective(workspace: Workspace, fix: Fix): boolean {
  let changes = false;
  for (const e of fix.edits) {
    const file = workspace.get(e.uri);
    if (!file || e.range.start < 0 || e.range.end < e.range.start || e.range.end > file.text.length) return false;
    if (file.text.slice(e.range.start, e.range.end) !== e.newText) changes = true;
  }
  return changes;
}

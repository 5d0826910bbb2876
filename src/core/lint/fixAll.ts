// Applies fixes: non-overlapping edit selection, text application, and the iterate-until-stable "fix all safe" loop
// shared by `lint --fix` and the language server's source.fixAll action.
import { analyzeFile } from './analyzer';
import type { Rule } from './rule';
import type { Settings } from './settings';
import type { Finding } from './types';
import { msg, render, type Message } from '../l10n';
import type { Fix } from '../text/edits';
import type { OffsetRange, TextEdit } from '../text/edits';
import { visit } from 'yaml';
import { isJsonText, jsonRewrite, jsonRoundTripProblem } from '../convert/json';
import type { SourceFile } from '../manifest/model';
import { Workspace } from '../manifest/workspace';
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

/** The safe fix `lint --fix` and Fix all apply for a finding: the preferred safe fix, else the first safe one. */
export function safeFixOf(f: Finding): Fix | undefined {
  const safe = f.fixes.filter((x) => x.safety === 'safe');
  return safe.find((x) => x.preferred) ?? safe[0];
}

/** A fix only a person may choose: what `lint --fix` reports it left, and why. */
export type PersonsFix = Extract<Fix, { safety: 'guess' | 'review' }>;

/** The fix of a finding that `lint --fix` leaves for a person (it has fixes, none of them safe), or undefined. */
export function fixLeftForPerson(f: Finding): PersonsFix | undefined {
  if (safeFixOf(f)) return undefined;
  const left = f.fixes.filter((x): x is PersonsFix => x.safety !== 'safe');
  return left.find((x) => x.preferred) ?? left[0];
}

export interface AppliedFix {
  /** The file whose finding the fix came from. */
  uri: string;
  rule: string;
  title: string | Message;
  /** Files the fix changed. */
  changed: string[];
  /** What the fix left for a person (Fix.notes). */
  notes?: string[];
}

/** A file whose fixes were all taken back, and why: its text is as it was read. */
export interface RefusedFile {
  uri: string;
  /** Why, in English (tests, logs); `l10n` is the same as a template, for the reader's language. */
  reason: string;
  l10n: Message;
}

export interface FixAllResult {
  applied: AppliedFix[];
  /** New text of every changed file (uri → text); the workspace already holds it. */
  texts: Map<string, string>;
  passes: number;
  /** Files left as they were although fixes applied to them, with the reason (the workspace holds the original). */
  refused: RefusedFile[];
  /** False when fixes were still pending after `maxPasses`, or a pass brought back an earlier text. */
  converged: boolean;
}

export interface FixAllOptions {
  maxPasses?: number;
  rules?: Rule[];
  /** Files no fix may edit (e.g. not valid UTF-8); fixes touching them are skipped. */
  frozen?: ReadonlySet<string>;
}

/**
 * Applies every safe fix of the findings in `uris`, re-analyzing between passes, until a pass changes nothing.
 * Never edits a document that does not parse; a file whose result has more YAML errors than it had, that keeps
 * changing after `maxPasses`, or (JSON) cannot stay JSON, gets its original text back and is listed in
 * `refused`, with every file a fix shared with it. Mutates `workspace`; edits to files missing from it are ignored.
 */
export function fixAllSafe(workspace: Workspace, uris: readonly string[], settings: Settings, opts: FixAllOptions = {}): FixAllResult {
  const maxPasses = opts.maxPasses ?? 10;
  const result: FixAllResult = { applied: [], texts: new Map(), passes: 0, refused: [], converged: true };
  const originals = new Map<string, string>();
  /** Every text each changed file has had, to notice a pass that brings one back. */
  const seen = new Map<string, Set<string>>();
  const unsettled = new Set<string>();
  const candidatesOf = () => {
    const out: { fix: Fix; finding: Finding }[] = [];
    const brokenSpans = new Map<string, OffsetRange[]>();
    const inBroken = (e: TextEdit) => {
      if (!brokenSpans.has(e.uri)) brokenSpans.set(e.uri, brokenDocumentSpans(workspace, e.uri));
      return brokenSpans.get(e.uri)!.some((span) => conflicts(span, e.range));
    };
    for (const uri of uris) {
      for (const finding of analyzeFile(workspace, uri, settings, opts.rules)) {
        const fix = safeFixOf(finding);
        if (fix && isEffective(workspace, fix) && !fix.edits.some((e) => opts.frozen?.has(e.uri) || inBroken(e))) out.push({ fix, finding });
      }
    }
    return out;
  };
  let candidates = candidatesOf();
  for (let pass = 0; pass < maxPasses && candidates.length > 0; pass++) {
    const picked = new Set(selectCompatibleFixes(candidates.map((c) => c.fix)));
    if (picked.size === 0) {
      candidates = []; // none can be applied (their own edits overlap): nothing is pending
      break;
    }
    result.passes = pass + 1;
    const editsByUri = new Map<string, TextEdit[]>();
    for (const { fix, finding } of candidates) {
      if (!picked.has(fix)) continue;
      picked.delete(fix); // one fix object can be shared by several findings
      for (const e of fix.edits) editsByUri.set(e.uri, [...(editsByUri.get(e.uri) ?? []), e]);
      result.applied.push({ uri: finding.uri, rule: finding.rule, title: fix.title, changed: [...new Set(fix.edits.map((e) => e.uri))], ...(fix.notes?.length ? { notes: fix.notes } : {}) });
    }
    let cycled = false;
    for (const [uri, edits] of editsByUri) {
      const file = workspace.get(uri);
      if (!file) continue;
      if (!originals.has(uri)) {
        originals.set(uri, file.text);
        seen.set(uri, new Set([file.text]));
      }
      const text = applyTextEdits(file.text, edits);
      if (seen.get(uri)!.has(text)) {
        cycled = true;
        unsettled.add(uri);
      }
      seen.get(uri)!.add(text);
      workspace.set(uri, text);
      result.texts.set(uri, text);
    }
    if (cycled) break;
    candidates = candidatesOf();
  }
  if (unsettled.size > 0 || candidates.length > 0) {
    result.converged = false;
    for (const { fix } of candidates) for (const e of fix.edits) if (originals.has(e.uri)) unsettled.add(e.uri);
  }
  const reasons = new Map<string, Message>();
  for (const uri of unsettled) reasons.set(uri, msg('fixes did not settle after {count} passes', { count: result.passes }));
  for (const uri of uris) if (!originals.has(uri) && !opts.frozen?.has(uri)) refuseInexactJson(workspace, uri, settings, opts, result);
  for (const [uri, original] of originals) {
    if (reasons.has(uri)) continue;
    const reason = checkResult(workspace, uri, original);
    if (reason) reasons.set(uri, reason);
  }
  refuse(workspace, result, originals, reasons);
  return result;
}

/**
 * A JSON file no fix was offered for because rewriting it would change numbers or strings outside the fix (the
 * conversions offer none then): listed in `refused` with that reason when its re-serialised text would get a fix.
 */
function refuseInexactJson(workspace: Workspace, uri: string, settings: Settings, opts: FixAllOptions, result: FixAllResult): void {
  const text = workspace.get(uri)?.text;
  if (text === undefined || !isJsonText(text)) return;
  const problem = jsonRoundTripProblem(text);
  if (!problem) return;
  const ws = new Workspace(); // the file alone, written as JSON.stringify would: does a fix apply to that?
  ws.set(uri, JSON.stringify(JSON.parse(text.replace(/^\ufeff/, '')), null, 2) + '\n');
  if (analyzeFile(ws, uri, settings, opts.rules).some((f) => safeFixOf(f))) result.refused.push({ uri, reason: render(problem, 'en'), l10n: problem });
}

/** Why the fixed text of `uri` must not be kept, or undefined; rewrites a JSON file's result as JSON first. */
function checkResult(workspace: Workspace, uri: string, original: string): Message | undefined {
  let text = workspace.get(uri)!.text;
  if (isJsonText(original) && !isJsonText(text)) {
    const problem = jsonRoundTripProblem(original);
    if (problem) return problem;
    const json = jsonRewrite(original, text);
    if (json === undefined) return msg('the fixed text could not be written as JSON');
    text = json;
  }
  const before = yamlErrorCount(new Workspace().set(uri, original));
  const after = yamlErrorCount(workspace.set(uri, text));
  if (after > before)
    return after === 1
      ? msg('the fixed text would have {count} YAML error where the file has {before}', { count: after, before })
      : msg('the fixed text would have {count} YAML errors where the file has {before}', { count: after, before });
  return undefined;
}

/** Gives refused files (and every file a fix shared with one) their original text back. */
function refuse(workspace: Workspace, result: FixAllResult, originals: Map<string, string>, reasons: Map<string, Message>): void {
  let grew = reasons.size > 0;
  while (grew) {
    grew = false;
    for (const a of result.applied) {
      const refusedOne = a.changed.find((u) => reasons.has(u));
      if (!refusedOne) continue;
      for (const u of a.changed) {
        if (reasons.has(u)) continue;
        reasons.set(u, msg('a fix it shares with {file} was refused', { file: refusedOne }));
        grew = true;
      }
    }
  }
  for (const [uri, original] of originals) {
    const reason = reasons.get(uri);
    if (reason === undefined) {
      result.texts.set(uri, workspace.get(uri)!.text);
      continue;
    }
    workspace.set(uri, original);
    result.texts.delete(uri);
    result.refused.push({ uri, reason: render(reason, 'en'), l10n: reason });
  }
  result.applied = result.applied.filter((a) => !a.changed.some((u) => reasons.has(u)));
}

/** YAML errors of a parsed file: syntax errors, and aliases whose anchor is missing (the API server rejects both). */
export function yamlErrorCount(file: SourceFile): number {
  let count = file.parseErrors.length;
  for (const d of file.docs) {
    visit(d.doc, {
      Alias(_, alias) {
        if (!alias.resolve(d.doc)) count++;
      },
    });
  }
  return count;
}

/**
 * The spans of a file's documents with a syntax error: an edit landing in (or touching) one is not to be trusted.
 * A document's span runs to the next document's start: a parse error can end its range early, before text that
 * still belongs to it. Listed once per file and pass, not once per edit.
 */
function brokenDocumentSpans(workspace: Workspace, uri: string): OffsetRange[] {
  const file = workspace.get(uri);
  if (!file) return [];
  const spans: OffsetRange[] = [];
  file.docs.forEach((d, i) => {
    if (d.doc.errors.length === 0) return;
    spans.push({ start: i === 0 ? 0 : d.range.start, end: file.docs[i + 1]?.range.start ?? file.text.length });
  });
  return spans;
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

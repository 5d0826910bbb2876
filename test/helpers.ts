// Test helpers shared by unit tests: build a workspace from inline files and analyze it.
import { analyzeFile } from '../src/core/lint/analyzer';
import type { Rule } from '../src/core/lint/rule';
import { withDefaults, type Settings } from '../src/core/lint/settings';
import type { Finding } from '../src/core/lint/types';
import { Workspace } from '../src/core/manifest/workspace';
import { textOf, type Message } from '../src/core/l10n';

/** Analyzes `files` (uri → text) and returns the findings of `target` (default: the first file). */
export function analyze(files: Record<string, string> | string, opts: { settings?: Partial<Settings>; target?: string; rules?: Rule[] } = {}): Finding[] {
  const map = typeof files === 'string' ? { 'file:///test.yaml': files } : files;
  const ws = new Workspace();
  for (const [uri, text] of Object.entries(map)) ws.set(uri, text);
  const target = opts.target ?? Object.keys(map)[0];
  return analyzeFile(ws, target, withDefaults(opts.settings), opts.rules);
}

export function ofRule(findings: Finding[], rule: string): Finding[] {
  return findings.filter((f) => f.rule === rule);
}

/** The text a finding's range covers. */
export function covered(text: string, f: Finding): string {
  return text.slice(f.range.start, f.range.end);
}

/** A fix's title in English, as tests match it (a title may be a template: Fix.title). */
export function titleOf(fix: { title: string | Message }): string {
  return textOf(fix.title, 'en');
}

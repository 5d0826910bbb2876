// The CEL rules of a CRD schema node (x-kubernetes-validations) checked against a value, as the API server does
// on create (transition rules, which read oldSelf, run only when an old value is given).
import { CelEvalError, CelUnsupportedError, evaluate } from './evaluate';
import { CelSyntaxError, parseCel, type CelNode } from './parse';

export interface CelRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  fieldPath?: string;
  reason?: string;
}

const parsed = new Map<string, CelNode | Error>();

function compiled(src: string): CelNode | Error {
  let tree = parsed.get(src);
  if (!tree) {
    try {
      tree = parseCel(src);
    } catch (err) {
      tree = err as Error;
    }
    parsed.set(src, tree);
  }
  return tree;
}

const usesOldSelf = (rule: string) => /\boldSelf\b/.test(rule);

/**
 * The messages of the rules `self` breaks, worded as the API server words them (the rule's message, its
 * messageExpression's result, else `failed rule: <rule>`). A rule this evaluator cannot run is skipped.
 */
export function celViolations(rules: readonly CelRule[], self: unknown, oldSelf?: unknown): string[] {
  const out: string[] = [];
  for (const r of rules) {
    if (usesOldSelf(r.rule) && oldSelf === undefined) continue;
    const tree = compiled(r.rule);
    if (tree instanceof CelSyntaxError) continue;
    if (tree instanceof Error) continue;
    const env = { self, oldSelf };
    try {
      if (evaluate(tree, env) === true) continue;
    } catch (err) {
      if (err instanceof CelUnsupportedError || !(err instanceof CelEvalError)) continue;
      // The API server's wording for a rule that fails to evaluate (apiextensions-apiserver pkg/apiserver/schema/cel/validation.go).
      out.push(`${err.message} evaluating rule: ${r.message ?? r.rule}`);
      continue;
    }
    out.push(messageOf(r, env));
  }
  return out;
}

function messageOf(r: CelRule, env: Record<string, unknown>): string {
  if (r.messageExpression) {
    const tree = compiled(r.messageExpression);
    if (!(tree instanceof Error)) {
      try {
        const m = evaluate(tree, env);
        if (typeof m === 'string' && m.trim()) return m;
      } catch {
        // The server falls back to message when messageExpression fails.
      }
    }
  }
  return r.message ?? `failed rule: ${r.rule}`;
}

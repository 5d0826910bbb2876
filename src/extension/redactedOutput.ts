// The extension's output channel with every line passed through redact(): credential plugin stderr,
// server messages and URLs reach it from many places, and none may print a password or token.
import type * as vscode from 'vscode';
import { redact } from '../core/cluster/redact';

const WRITERS = new Set<string | symbol>(['append', 'appendLine', 'replace', 'trace', 'debug', 'info', 'warn', 'error']);

export function redactedOutput(channel: vscode.LogOutputChannel): vscode.LogOutputChannel {
  return new Proxy(channel, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      if (!WRITERS.has(prop)) return (value as (...args: unknown[]) => unknown).bind(target);
      return (...args: unknown[]) =>
        (value as (...args: unknown[]) => unknown).apply(
          target,
          args.map((a) => (typeof a === 'string' ? redact(a) : a instanceof Error ? redact(String(a.stack ?? a.message)) : a)),
        );
    },
  });
}

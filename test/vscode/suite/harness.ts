// A minimal sequential test runner for VS Code's extension host (no mocha): named steps, a log that the
// launchers print, and polling helpers. The steps build on each other, so a failure skips the rest.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DoctorApi } from '../../../src/extension/doctor/index';

export interface Step {
  name: string;
  fn: () => Promise<void>;
}

export interface Outcome {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

export const EXTENSION_ID = 'kube-scaling-doctor.kube-scaling-doctor';

/** The extension, activated, with the doctor API it exports for tests, and where it is installed. */
export async function activatedDoctor(): Promise<{ doctor: DoctorApi; extensionPath: string }> {
  const ext = vscode.extensions.getExtension<{ doctor?: DoctorApi }>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded`);
  const api = await ext.activate();
  assert.ok(api.doctor, 'the extension exports its doctor API');
  return { doctor: api.doctor, extensionPath: ext.extensionPath };
}

export function log(msg: string): void {
  console.log(`[ksd-vscode-tests] ${msg}`);
  const file = process.env.KSD_VSCODE_LOG;
  if (file) fs.appendFileSync(file, msg + '\n');
}

/** Runs the steps in order; a failed step stops the rest (they build on each other). Throws when any failed. */
export async function runSteps(steps: Step[]): Promise<void> {
  const outcomes: Outcome[] = [];
  let failed = false;
  for (const step of steps) {
    if (failed) {
      outcomes.push({ name: step.name, ok: false, ms: 0, error: 'skipped after an earlier failure' });
      log(`- SKIP ${step.name}`);
      continue;
    }
    const started = Date.now();
    try {
      await step.fn();
      outcomes.push({ name: step.name, ok: true, ms: Date.now() - started });
      log(`ok   ${step.name} (${Date.now() - started} ms)`);
    } catch (err) {
      failed = true;
      const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
      outcomes.push({ name: step.name, ok: false, ms: Date.now() - started, error });
      log(`FAIL ${step.name}\n${error}`);
    }
  }
  const results = process.env.KSD_VSCODE_RESULTS;
  if (results) fs.writeFileSync(results, JSON.stringify(outcomes, null, 2));
  const passed = outcomes.filter((o) => o.ok).length;
  log(`${passed} of ${outcomes.length} steps passed`);
  if (failed) throw new Error(`${outcomes.length - passed} of ${outcomes.length} steps failed`);
}

/** Polls `probe` until it returns a value other than undefined/false; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v as T;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return String(typeof c === 'object' && c !== null ? c.value : (c ?? ''));
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need a workspace folder');
  return folder.uri.fsPath;
}

/** Files the launchers copy next to the workspace: <tmp>/workspace and <tmp>/expected. */
export function expectedText(name: string): string {
  return fs.readFileSync(path.join(workspaceRoot(), '..', 'expected', name), 'utf8');
}

/**
 * Lets the code-server launcher check or act on the rendered workbench: writes `<dir>/<name>.ready`, then waits
 * for the launcher's `<dir>/<name>.done` ("ok" or an error). Returns false at once when no launcher watches
 * (KSD_UI_SYNC_DIR unset, as under VS Code desktop), so the caller can fall back to the API.
 */
export async function uiCheckpoint(name: string, timeoutMs = 60_000): Promise<boolean> {
  const dir = process.env.KSD_UI_SYNC_DIR;
  if (!dir) {
    log(`  (no UI launcher: checkpoint ${name} skipped)`);
    return false;
  }
  fs.writeFileSync(path.join(dir, `${name}.ready`), String(Date.now()));
  const done = path.join(dir, `${name}.done`);
  // An empty file is one the launcher is still writing: read again.
  const verdict = await waitFor(`the launcher's UI check "${name}"`, () => (fs.existsSync(done) && fs.readFileSync(done, 'utf8')) || undefined, timeoutMs);
  if (verdict.trim() !== 'ok') throw new Error(`UI check "${name}" failed: ${verdict}`);
  return true;
}

// Writes a RepairPlan to the cluster safely: server-side dry-run of the exact request, apply with the
// planned resourceVersion (a concurrent change is a ConcurrentChangeError, nothing written), undo,
// and verification that the symptom cleared. Shared by the CLI and the VS Code Doctor.
import type { KubeConfig } from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import type { RepairPlan, UndoRecord } from './types';

export interface VerifyOptions {
  /** One line each time the state changes, e.g. "node metrics for 2 of 3 nodes". */
  onProgress?: (detail: string) => void;
  signal?: AbortSignal;
  /** Default 180 s. */
  timeoutMs?: number;
}

/** Sends every change of the plan with dryRun=All; throws with the server's message when one is refused. */
export async function dryRun(kc: KubeConfig, plan: RepairPlan): Promise<void> {
  void kc;
  void plan;
  throw new Error('not implemented yet');
}

/** Applies the plan; throws ConcurrentChangeError (nothing written) when an object changed since planning. */
export async function applyPlan(kc: KubeConfig, plan: RepairPlan): Promise<UndoRecord> {
  void kc;
  void plan;
  throw new Error('not implemented yet');
}

/** Puts every object back as it was before applyPlan (deletes what it created). */
export async function undoRepair(kc: KubeConfig, record: UndoRecord): Promise<void> {
  void kc;
  void record;
  throw new Error('not implemented yet');
}

/** Waits until the symptom the plan repairs is gone (plan.verifies), reporting progress. */
export async function verifyRepair(kc: KubeConfig, plan: RepairPlan, opts: VerifyOptions = {}): Promise<{ ok: boolean; detail: string }> {
  void kc;
  void plan;
  void opts;
  throw new Error('not implemented yet');
}

/** The plan's changes as one unified diff (for the CLI). */
export function unifiedDiff(plan: RepairPlan): string {
  void plan;
  return '';
}

// What the VS Code doctor needs from src/core: diagnose, plan, dry-run, apply, verify, undo. One object, so
// the view and the repair flow take it as a parameter (the extension passes the real one).
import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterInfo, ClusterProblem } from '../../core/cluster/types';
import { applyPlan, dryRun, undoRepair, verifyRepair } from '../../core/doctor/apply';
import { diagnose, type DiagnoseResult } from '../../core/doctor/diagnose';
import { planRepair } from '../../core/doctor/repairs/index';
import type { DoctorFinding, RepairPlan, UndoRecord } from '../../core/doctor/types';

export type { DiagnoseResult };

export interface VerifyOptions {
  onProgress?: (detail: string) => void;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface DoctorEngine {
  diagnose(kc: KubeConfig, opts: { namespace?: string }): Promise<DiagnoseResult>;
  planRepair(kc: KubeConfig, finding: DoctorFinding, repairId: string): Promise<RepairPlan>;
  dryRun(kc: KubeConfig, plan: RepairPlan): Promise<void>;
  applyPlan(kc: KubeConfig, plan: RepairPlan): Promise<UndoRecord>;
  verifyRepair(kc: KubeConfig, plan: RepairPlan, opts: VerifyOptions): Promise<{ ok: boolean; detail: string }>;
  undoRepair(kc: KubeConfig, record: UndoRecord): Promise<void>;
}

/** The cluster connection the doctor works on: C1's ClusterService satisfies this. */
export interface ClusterAccess {
  /** `namespace`: the one the explorer watches (undefined: all namespaces); the doctor follows it. */
  current(): { kc: KubeConfig; info: ClusterInfo; namespace?: string } | undefined;
  problem(): ClusterProblem | undefined;
  onDidChange(listener: () => void): { dispose(): void };
}

export const coreEngine: DoctorEngine = {
  diagnose: (kc, opts) => diagnose(kc, opts),
  planRepair,
  dryRun,
  applyPlan,
  verifyRepair,
  undoRepair,
};

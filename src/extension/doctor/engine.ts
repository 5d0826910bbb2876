// What the VS Code doctor needs from src/core: diagnose, plan, dry-run, apply, verify, plan and apply an undo, read an object. One object, so
// the view and the repair flow take it as a parameter (the extension passes the real one).
import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterInfo, ClusterProblem } from '../../core/cluster/types';
import type { VerifyOptions, VerifyResult } from '../../core/doctor/apply';
import type { DiagnoseResult } from '../../core/doctor/diagnose';
import type { DoctorFinding, PlannedChange, RepairPlan, UndoRecord } from '../../core/doctor/types';
import type { ObjectRef } from '../../core/k8s/objectRef';
import { clusterCode } from '../loadClusterCode';

export type { DiagnoseResult };

export interface DoctorEngine {
  diagnose(kc: KubeConfig, opts: { namespace?: string }): Promise<DiagnoseResult>;
  planRepair(kc: KubeConfig, finding: DoctorFinding, repairId: string): Promise<RepairPlan>;
  /** A repair's plan or an undo's. */
  dryRun(kc: KubeConfig, plan: { changes: PlannedChange[] }): Promise<void>;
  applyPlan(kc: KubeConfig, plan: RepairPlan): Promise<UndoRecord>;
  verifyRepair(kc: KubeConfig, plan: RepairPlan, opts: VerifyOptions): Promise<VerifyResult>;
  /** Undo goes the way of a repair: planned (diff), dry-run, then written with the live resourceVersion. */
  planUndo(kc: KubeConfig, record: UndoRecord): Promise<{ changes: PlannedChange[] }>;
  applyUndo(kc: KubeConfig, plan: { changes: PlannedChange[] }): Promise<void>;
  /** The live object (undefined: it does not exist); the flow reads a Deployment's rollout with it. */
  readObject(kc: KubeConfig, ref: ObjectRef): Promise<unknown>;
  /** The aggregated API paths (`/apis/<group>/<version>`) whose APIService's Service selects this Deployment's pods. */
  aggregatedApisServedBy(kc: KubeConfig, deployment: ObjectRef): Promise<string[]>;
  apiAnswers(kc: KubeConfig, path: string): Promise<{ ok: true } | { ok: false; why: string }>;
}

/** The cluster connection the doctor works on: C1's ClusterService satisfies this. */
export interface ClusterAccess {
  /** `namespace`: the one the explorer watches (undefined: all namespaces); the doctor follows it. */
  current(): { kc: KubeConfig; info: ClusterInfo; namespace?: string } | undefined;
  problem(): ClusterProblem | undefined;
  onDidChange(listener: () => void): { dispose(): void };
}

/** The real engine: each call loads the cluster code on first use (loadClusterCode.ts). */
export const coreEngine: DoctorEngine = {
  diagnose: (kc, opts) => clusterCode().diagnose(kc, opts),
  planRepair: (kc, finding, repairId) => clusterCode().planRepair(kc, finding, repairId),
  dryRun: (kc, plan) => clusterCode().dryRun(kc, plan),
  applyPlan: (kc, plan) => clusterCode().applyPlan(kc, plan),
  verifyRepair: (kc, plan, opts) => clusterCode().verifyRepair(kc, plan, opts),
  planUndo: (kc, record) => clusterCode().planUndo(kc, record),
  applyUndo: (kc, plan) => clusterCode().applyUndo(kc, plan),
  readObject: (kc, ref) => clusterCode().readIfExists(kc, ref),
  aggregatedApisServedBy: (kc, deployment) => clusterCode().aggregatedApisServedBy(kc, deployment),
  apiAnswers: (kc, path) => clusterCode().apiAnswers(kc, path),
};

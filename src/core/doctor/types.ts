// Shapes of the doctor: findings from live cluster state, and repair plans that are previewed,
// dry-run, applied with optimistic concurrency, verified and undone. Shared by the CLI `doctor`,
// the VS Code Doctor panel and the tests.
import { LocalizedError, msg, type Message } from '../l10n';
import type { ObjectRef } from '../k8s/objectRef';

export type DiagnosisId =
  | 'metrics-api-missing'
  | 'metrics-api-unavailable'
  | 'metrics-server-kubelet-tls'
  | 'metrics-server-node-dns'
  | 'metrics-server-unreachable-kubelets'
  | 'aggregation-layer-off'
  | 'hpa-missing-request'
  | 'hpa-unknown-metric'
  | 'autoscaler-conflict'
  | 'hpa-at-max'
  | 'pending-pods'
  | 'kubectl-too-old'
  | 'metrics-server-rbac'
  | 'front-proxy-name-not-allowed'
  | 'apiserver-cannot-reach-metrics-server'
  | 'metrics-server-warming-up'
  | 'hpa-event-history'
  | 'hpa-at-min'
  | 'hpa-replicas-held'
  | 'heapster-leftover'
  | 'hpa-target-removed-api'
  | 'karpenter-not-running'
  | 'karpenter-no-nodepool-matches'
  | 'karpenter-nodepool-limits'
  | 'karpenter-nodeclass-not-ready'
  | 'karpenter-nodeclaim-failed'
  | 'karpenter-unreadable'
  | 'cluster-autoscaler-group-at-max'
  | 'cluster-autoscaler-backoff'
  | 'cluster-autoscaler-no-node-groups'
  | 'cluster-autoscaler-cloud-access'
  | 'cluster-autoscaler-version-skew'
  | 'cluster-autoscaler-scale-down-blocked'
  | 'node-autoscalers-overlap'
  | 'custom-metrics-api-missing'
  | 'custom-metrics-api-unavailable'
  | 'custom-metric-not-listed'
  | 'custom-metric-no-value'
  | 'vpa-hpa-conflict'
  | 'keda-not-running'
  | 'keda-external-metrics-taken'
  | 'keda-scaledobject-not-ready'
  | 'keda-trigger-failing'
  | 'keda-scaledobject-paused'
  | 'keda-kubernetes-compatibility';

export type DoctorSeverity = 'error' | 'warning' | 'info';

/** Text the doctor writes: a template for the reader's language, or plain text (a line quoted from the cluster). */
export type DoctorText = string | Message;

export interface RepairOffer {
  /** Stable: `doctor --fix <id>` and the panel's buttons use it. */
  id: string;
  title: string;
  /** True for `--kubelet-insecure-tls`: needs the explicit warning first. */
  insecure?: boolean;
  /** Shown before confirming; for insecure repairs it names the secure alternative. */
  warning?: string;
  /** The same title and warning as templates, for readers of other languages (absent while a repair builds plain text). */
  l10n?: { title: Message; warning?: Message };
}

export interface DoctorFinding {
  id: DiagnosisId;
  severity: DoctorSeverity;
  /** One line. */
  message: string;
  object?: ObjectRef;
  /** The object whose manifest holds the fix, when it is not `object` (a missing request: the HPA's workload). */
  fixIn?: ObjectRef;
  /** Verbatim lines from the cluster (log lines, condition messages, events) that prove the finding. */
  evidence: string[];
  /** Why this happens and what the repairs change, a short paragraph. */
  explanation: string;
  /** Docs page (repository path docs/doctor/<id>.md, or an upstream URL). */
  docs: string;
  /** Secure repairs first. */
  repairs: RepairOffer[];
  /**
   * The same message, evidence and explanation as the check wrote them (templates beside quoted cluster lines), for
   * readers of other languages; `message`, `evidence` and `explanation` above stay English, what CI consumers match on.
   * Absent while a check still builds plain text. Render with localizedFinding (findingText.ts).
   */
  l10n?: { message: DoctorText; evidence: DoctorText[]; explanation: DoctorText };
}

/** One object to change. `before`/`after` are YAML of the object (for the diff preview; `after` is '' for a delete). */
export interface PlannedChange {
  /** `delete` only in undo plans: what a repair created is deleted again. */
  action: 'patch' | 'create' | 'delete';
  object: ObjectRef;
  /** resourceVersion the change was planned against (empty for create). */
  resourceVersion: string;
  before: string;
  after: string;
  /** The request apply.ts sends: a JSON merge patch carrying metadata.resourceVersion (patch), the object (create), or DeleteOptions with the uid precondition (delete). */
  body?: Record<string, unknown>;
}

export interface RepairPlan {
  repairId: string;
  findingId: DiagnosisId;
  title: string;
  changes: PlannedChange[];
  /** Warnings to show before confirming (insecure flag, Helm-managed object…). */
  warnings: string[];
  /** Set when the object is Helm-managed: the values change to make instead; the plan has no changes then. */
  helm?: { release: string; namespace: string; valuesChange: string };
  /** What `verify` waits for, one line (e.g. "node metrics for every node"). */
  verifies: string;
  /** The warnings and `verifies` as templates, for other languages (repairKit/plan.ts keeps them in step). */
  l10n?: { warnings: Message[]; verifies: Message };
}

/** The cluster a repair was applied to: the kubeconfig context and the API server URL (no userinfo, never credentials). */
export interface ClusterIdentity {
  context: string;
  server: string;
}

/** Enough to put every changed object back as it was. */
export interface UndoRecord {
  repairId: string;
  appliedAt: string;
  /** Where it was applied: an undo on another cluster is refused. Absent in records of older versions. */
  cluster?: ClusterIdentity;
  objects: {
    object: ObjectRef;
    action: 'patch' | 'create';
    before?: unknown;
    resourceVersionAfter: string;
    /** The changed parts as applied (patch): undo refuses when they changed since. */
    after?: unknown;
    /** uid of a created object: undo deletes only that object. */
    uid?: string;
  }[];
}

/** Thrown when the object changed between planning and applying: re-read and re-preview. */
export class ConcurrentChangeError extends LocalizedError {
  constructor(
    readonly object: ObjectRef,
    why?: Message,
  ) {
    super(
      why ??
        msg('{object} changed since the preview; nothing was written. Re-run the repair to see the new diff.', {
          object: `${object.kind} ${object.namespace ? object.namespace + '/' : ''}${object.name}`,
        }),
    );
    this.name = 'ConcurrentChangeError';
  }
}

// Shapes shared by the cluster data layer (src/core/cluster), the CLI `top`, the explorer views and
// the doctor. Plain data: no client-node objects, so views and tests can compare them directly.
import type { Message } from '../l10n';

/** Where to connect. Empty fields: `$KUBECONFIG` (all listed files merged), then `~/.kube/config`; its current context. */
export interface ConnectOptions {
  kubeconfig?: string;
  context?: string;
  /** Namespace for namespaced views; default: the context's namespace, then `default`. */
  namespace?: string;
}

/** What the tree's root row and the status bar show. Never contains credentials. */
export interface ClusterInfo {
  context: string;
  cluster: string;
  server: string;
  namespace: string;
  /** The session's rows cover every namespace (`namespace` is then only where documents without one land). */
  allNamespaces?: boolean;
  /** `gitVersion` from /version, e.g. `v1.33.13`; undefined until read. */
  version?: string;
  /** The HPA API version read (autoscaling/v2, else v2beta2, v2beta1, v1); undefined until discovered or when none is served. */
  hpaApiVersion?: string;
}

/**
 * Why the data is missing or partial, each with its own message and next step. `kind` is stable
 * (tests and the explorer's empty states key on it).
 */
export type ProblemKind =
  | 'kubeconfig' // no kubeconfig, unreadable, unknown context
  | 'unreachable' // connection refused, DNS, TLS to the API server, timeout
  | 'unauthorized' // 401, or an exec credential plugin that failed
  | 'forbidden' // 403 on something the view needs (missingPermission says what)
  | 'metrics-api-missing' // APIService v1beta1.metrics.k8s.io not registered
  | 'metrics-api-unavailable' // registered but Available != True (apiService says why)
  | 'metrics-pending' // a pod too new for metrics (first scrape not done yet)
  | 'error';

export interface ClusterProblem {
  kind: ProblemKind;
  /** One line, for a tree row or a CLI error line. */
  title: string;
  /** What happened and what to do next; no tokens or kubeconfig secrets. */
  message: string;
  missingPermission?: { verb: string; group: string; resource: string; namespace?: string };
  apiService?: { status: string; reason?: string; message?: string };
  /** Doctor diagnosis id to offer (e.g. `metrics-api-missing`), when one applies. */
  doctorId?: string;
  docsUrl?: string;
  /** `title` and `message` as templates for other languages (problems.ts localizedProblem renders them). */
  l10n?: { title: Message; message: string | Message };
}

/** Resource amounts as plain numbers: CPU in millicores, memory in bytes. */
export interface Amounts {
  cpuMilli: number;
  memoryBytes: number;
}

export interface NodeRow {
  name: string;
  ready: boolean;
  unschedulable: boolean;
  allocatable: Amounts;
  /** Sum of the requests of the node's non-terminated pods (what Cluster Autoscaler and Karpenter reason about). */
  requested: Amounts;
  /** From metrics.k8s.io; undefined when no metrics for this node. */
  usage?: Amounts;
  /** Percentages rounded as kubectl does (integer, floor of usage*100/allocatable). */
  cpuPercent?: number;
  memoryPercent?: number;
  cpuRequestedPercent: number;
  memoryRequestedPercent: number;
  /** `metadata.creationTimestamp` (ISO), for the age column. */
  createdAt?: string;
  /** Who made the node: its Karpenter NodePool (label karpenter.sh/nodepool) or its node group (a cloud's node-group label). */
  madeBy?: { kind: 'NodePool' | 'NodeGroup'; name: string; /** The Cluster Autoscaler node group of the status ConfigMap, when one matches. */ caNodeGroup?: string };
}

/** A VPA's recommendation for one container (`status.recommendation.containerRecommendations`), as amounts. */
export interface ContainerRecommendation {
  /** The VerticalPodAutoscaler that holds it, and the update mode it runs with (Off: recommendations only). */
  vpa: string;
  updateMode: string;
  target: Partial<Amounts>;
  lowerBound: Partial<Amounts>;
  upperBound: Partial<Amounts>;
}

export interface ContainerRow {
  name: string;
  request: Partial<Amounts>;
  usage?: Amounts;
  /** What the VPA of the pod's workload recommends for this container, when one has written a recommendation. */
  recommendation?: ContainerRecommendation;
}

export interface PodRow {
  namespace: string;
  name: string;
  /** Top owner as kubectl shows it: Deployment (through its ReplicaSet), StatefulSet, DaemonSet, Job…; undefined for a bare pod. */
  workload?: { kind: string; name: string };
  /** `kubectl get pods` STATUS column: Running, Pending, CrashLoopBackOff, Completed… */
  status: string;
  restarts: number;
  nodeName?: string;
  containers: ContainerRow[];
  /** Sum over containers; a missing request of any container leaves the pod's total undefined for that resource. */
  request: Partial<Amounts>;
  /** Sum of the containers' limits, the same way (a container without a limit leaves the pod unbounded: undefined). */
  limit?: Partial<Amounts>;
  /** `metadata.creationTimestamp` (ISO), for the age column. */
  createdAt?: string;
  usage?: Amounts;
  /** usage / request, integer percent (the number HPA utilization uses). */
  cpuPercentOfRequest?: number;
  memoryPercentOfRequest?: number;
  /** usage / limit, integer percent, as the request share is computed. */
  cpuPercentOfLimit?: number;
  memoryPercentOfLimit?: number;
  /** Why usage is missing, when it is. */
  metrics: 'ok' | 'pending' | 'unavailable';
  /** A pod not scheduled yet, when Karpenter is installed: why no NodePool makes a node for it (karpenterScheduling.ts whyNoNodeLine). */
  whyNoNode?: string;
}

/** A pod as `kubectl top pods` shows it: the usage of its metrics alone (`top pods` without `--requests`). */
export interface PodUsageRow {
  namespace: string;
  name: string;
  usage: Amounts;
}

export interface AutoscalerMetric {
  /** e.g. `cpu`, `memory`, `requests_per_second`, `s0-rabbitmq-queueLength`. */
  name: string;
  /** `kubectl get hpa` TARGETS cell for this metric, e.g. `cpu: 45%/50%` or `cpu: <unknown>/80%`. */
  text: string;
  current?: string;
  target: string;
  /** When current is unknown: the reason (condition reason + message) in one line. */
  unknownReason?: string;
}

export interface AutoscalerCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface AutoscalerRow {
  kind: 'HorizontalPodAutoscaler' | 'ScaledObject';
  /** For an HPA: the API version it was read as (the server's newest HPA version); shown in its tooltip. */
  apiVersion?: string;
  namespace: string;
  name: string;
  target: { apiVersion?: string; kind: string; name: string };
  metrics: AutoscalerMetric[];
  /** The whole `kubectl get hpa` TARGETS cell (first two metrics, then `+ N more...`); for a ScaledObject, its HPA's. */
  targets?: string;
  minReplicas?: number;
  maxReplicas?: number;
  currentReplicas?: number;
  desiredReplicas?: number;
  conditions: AutoscalerCondition[];
  atMax: boolean;
  /** For a ScaledObject: the HPA KEDA made for it (`keda-hpa-<name>`), when present. */
  hpaName?: string;
}

/** A Karpenter NodePool (karpenter.sh/v1) as the Cluster view shows it. */
export interface NodePoolRow {
  name: string;
  weight: number;
  /** status.nodes. */
  nodes?: number;
  /** Each resource of spec.limits against status.resources (what its nodes have), as written: `cpu 3/1000`. */
  limits: { resource: string; used: string; limit: string; spent: boolean }[];
  ready: boolean;
  /** The condition that keeps it from Ready, in words (karpenterScheduling.ts notReady). */
  notReady?: string;
  consolidationPolicy?: string;
  consolidateAfter?: string;
  /** Each budget as `nodes 10%` (with its schedule, duration and reasons when set). */
  budgets: string[];
  nodeClass: string;
}

/** The phase of a NodeClaim read from its conditions: the furthest of Launched, Registered, Initialized, or what overrides them. */
export type NodeClaimPhase = 'launching' | 'launch failed' | 'launched' | 'registered' | 'initialized' | 'drifted' | 'disrupting';

export interface NodeClaimRow {
  name: string;
  nodePool?: string;
  nodeName?: string;
  phase: NodeClaimPhase;
  /** The condition the phase comes from, in words (`Launched=False InsufficientCapacity: …`). */
  phaseReason?: string;
  instanceType?: string;
  createdAt?: string;
}

/** A Cluster Autoscaler node group from its status ConfigMap (clusterAutoscalerStatus.ts). */
export interface NodeGroupRow {
  name: string;
  minSize?: number;
  maxSize?: number;
  /** Registered nodes. */
  current?: number;
  ready?: number;
  /** cloudProviderTarget: the size CA asked the cloud for. */
  target?: number;
  health?: string;
  scaleUp?: string;
  atMax: boolean;
  /** In backoff: the error CA keeps (YAML form), else the status line. */
  backoff?: string;
}

/**
 * The node autoscalers the cluster runs. `installed: false` is "not installed", never an error; `problem` says what
 * could not be read (the permission a 403 lacks).
 */
export interface NodeAutoscaling {
  karpenter: { installed: boolean | undefined; nodePools: NodePoolRow[]; nodeClaims: NodeClaimRow[]; problem?: ClusterProblem };
  clusterAutoscaler: { installed: boolean | undefined; nodeGroups: NodeGroupRow[]; statusTime?: string; autoscalerStatus?: string; problem?: ClusterProblem };
}

/** Everything the explorer shows at one moment. */
export interface Snapshot {
  info: ClusterInfo;
  nodes: NodeRow[];
  /** The session's snapshot computes its pod rows on the first read of this property (and keeps them). */
  pods: PodRow[];
  autoscalers: AutoscalerRow[];
  /** Problems that leave parts empty; the views show them as empty states. */
  problems: ClusterProblem[];
  /** Karpenter and Cluster Autoscaler; undefined until the session looked. */
  nodeAutoscaling?: NodeAutoscaling;
  /** When metrics were last read (ISO time), undefined before the first read. */
  metricsAt?: string;
}

/** Which rows changed since the last event; keys are `namespace/name` (nodes: name). */
export interface SnapshotChange {
  nodes?: string[];
  pods?: string[];
  /**
   * Those of `pods` whose rows changed in their usage alone (a metrics read). Their rows are computed when read
   * (ClusterSession.pod, Snapshot.pods): a view that shows only sums can take the usage from ClusterSession.podUsage.
   */
  podUsageOnly?: ReadonlySet<string>;
  autoscalers?: string[];
  info?: boolean;
  problems?: boolean;
  /** NodePools, NodeClaims or node groups changed. */
  nodeAutoscaling?: boolean;
}

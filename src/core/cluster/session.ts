// Long (~810 lines): the session's public API, informer wiring and how a metrics read reaches the rows; indexes,
// autoscalers, node autoscalers, metrics polling and change batches are already in their own modules.
// A live view of one cluster for the explorer, the live CodeLens and the HPA panel: informers for
// nodes, pods, ReplicaSets (to name pods' Deployments), HPAs, KEDA ScaledObjects and VPAs (recommendations on pod rows), plus
// metrics.k8s.io polled only while someone asks for it (pods' only while something shows their usage). Rows are kept
// per key and recomputed only for what an event touches (pods are indexed by node and by ReplicaSet; a row whose shown
// usage alone changed in a metrics read is recomputed from itself when something reads it); listeners get the keys
// that changed, batched. The stores and the batching live beside it (podIndex, podUsage, autoscalers, nodeAutoscalers,
// metricsPoller, changeBatch); this file wires the informers to them and serves the rows.
import * as k8s from '@kubernetes/client-node';
import { AutoscalerRows } from './autoscalers';
import { ChangeBatch, type ChangeListener } from './changeBatch';
import { clusterInfo, readVersion, timeoutOptions } from './connect';
import { Informer, SLICE_MS, yieldToEventLoop, type ListOptions } from './informer';
import { nodeFromProtobuf, podFromProtobuf } from './protoObjects';
import { hpaListPath, toV2Hpa } from '../k8s/hpaVersions';
import { hpaApi } from './hpaApi';
import { getJson, METADATA_ONLY, settle } from './request';
import { trimNode, trimPod, trimSchedulingPod, trimToMetadata } from './trim';
import { RowTable } from './rowTable';
import { listNodeMetrics, listPodMetricsAs, metricsErrorProblem, metricsReading, type PodUsage } from './metrics';
import { changedNodeMetrics, MetricsCadence, MetricsPoller, PodReadGate } from './metricsPoller';
import { checkAccess, findMissingPermission, forbiddenProblem, httpStatus, metricsEmptyProblem, metricsPendingProblem, toProblem, type PermissionNeed } from './problems';
import { controllerOf, objectKey as key, workloadOf, type NodeMetrics, type ScaledObject, type VerticalPodAutoscaler } from './objects';
import { PodIndex } from './podIndex';
import { PodUsageStore, type HeldUsage } from './podUsage';
import { VpaIndex } from './vpas';
import { madeBy, metricsPending, nodeRow, podRow, podRowWithUsage, podUsageChanged, type UsageSample } from './rows';
import { CA_STATUS, KARPENTER_API, karpenterServed, NodeAutoscalers } from './nodeAutoscalers';
import type { NodeClaim, NodePool } from '../k8s/karpenterScheduling';
import { msg, render, type Message } from '../l10n';
import type { Amounts, AutoscalerRow, ClusterInfo, ClusterProblem, NodeRow, PodRow, Snapshot } from './types';

export interface SessionOptions {
  /** Namespace for pods, HPAs and ScaledObjects; undefined: all namespaces. Nodes are cluster-wide. */
  namespace?: string;
  /** Metrics polling period while polling is on; default 15 s (metrics-server's resolution). */
  metricsIntervalMs?: number;
  log?: (message: string) => void;
  /** Page size of list calls (limit); default 500. */
  pageSize?: number;
  /** How long change events are collected before listeners hear of them; default 100 ms. */
  batchMs?: number;
}

type Source = 'nodes' | 'pods' | 'allpods' | 'replicasets' | 'hpas' | 'scaledobjects' | 'vpas' | 'version' | 'metrics' | NodeAutoscalerSource;
/** Their problems show in the node autoscaling group, not at the top. */
type NodeAutoscalerSource = 'nodepools' | 'nodeclaims' | 'unscheduled' | 'castatus';
const NODE_AUTOSCALER_SOURCES: readonly Source[] = ['nodepools', 'nodeclaims', 'unscheduled', 'castatus'];

/** Which pods' metrics a read includes: all, none, or those of some namespaces. */
type PodMetricsScope = boolean | ReadonlySet<string>;

function sameScope(a: PodMetricsScope, b: PodMetricsScope): boolean {
  if (typeof a === 'boolean' || typeof b === 'boolean') return a === b;
  return a.size === b.size && [...a].every((ns) => b.has(ns));
}

/** Whether `next` takes in pods that `old` left out. */
function scopeGrew(old: PodMetricsScope, next: PodMetricsScope): boolean {
  if (next === false || old === true) return false;
  if (next === true || old === false) return true;
  return [...next].some((ns) => !old.has(ns));
}

/**
 * A read of pods' metrics: what was read, and the first failure. Namespaces are read one by one, so one the user may
 * not read fails alone, and says which it was (its 403 names the permission there).
 */
interface PodMetricsRead {
  items: HeldUsage[];
  failure?: { err: unknown; namespace?: string };
}

export class ClusterSession {
  private readonly namespace?: string;
  private readonly pageSize: number;
  private readonly log: (m: string) => void;
  private info: ClusterInfo;
  private started = false;
  private disposed = false;
  private readonly informers: Informer<any>[] = [];
  private hpaRetry?: ReturnType<typeof setTimeout>;

  private readonly nodes = new Map<string, k8s.V1Node>();
  private readonly pods = new PodIndex((node) => this.updateNodeRow(node));
  /** ReplicaSet key → its controller (`null`: none); absent: ReplicaSet not seen. */
  private readonly replicaSetOwners = new Map<string, { kind: string; name: string } | null>();
  private readonly autoscalers = new AutoscalerRows((k) => this.changes.touch('autoscalers', k));
  /** VerticalPodAutoscalers: their recommendations go on the rows of their workloads' pods. */
  private readonly vpas = new VpaIndex();
  private readonly nodeAutoscalers = new NodeAutoscalers({
    changed: () => this.changes.mark('nodeAutoscaling'),
    podsChanged: (keys) => {
      for (const k of keys) if (this.inScope(k)) this.updatePodRow(k);
    },
    nodeGroupsChanged: () => {
      for (const name of this.nodes.keys()) this.updateNodeRow(name);
    },
  });
  /** Problems of the node autoscaler reads, by source (shown in their group). */
  private readonly nodeAutoscalerProblems = new Map<Source, ClusterProblem>();

  private nodeMetrics = new Map<string, NodeMetrics>();
  /** Pods' usage by pod key, as their rows show it: the PodMetrics read die young, and a read compares numbers. */
  private readonly podUsage = new PodUsageStore();
  /** Pods (in scope) too new for metrics at the last read: their rows say `pending`. */
  private readonly pendingPods = new Set<string>();
  /** Stale pod rows (RowTable.markStale) whose pod did not change, only its usage: recomputed from their row (podRowWithUsage) when read. */
  private readonly usageOnly = new Set<string>();
  private metricsAt?: string;

  private readonly nodeRows = new RowTable<NodeRow>(
    (name) => this.computeNodeRow(name),
    (a, b) => cmp(a.name, b.name),
  );
  private readonly podRows = new RowTable<PodRow>(
    (k, previous) => this.computePodRow(k, previous),
    (a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name),
  );

  private readonly problemsBySource = new Map<Source, ClusterProblem>();
  private pendingProblem?: ClusterProblem;
  private problemList: ClusterProblem[] = [];

  private readonly changes: ChangeBatch;
  private readonly metrics: MetricsPoller;
  /** When the next poll is worth making: just after metrics-server's next cycle when it is slower than the interval. */
  private readonly cadence: MetricsCadence;
  private readonly podReads = new PodReadGate();
  /** Which pods' metrics reads include (see setPodMetrics). */
  private podScope: PodMetricsScope = true;

  constructor(
    private readonly kc: k8s.KubeConfig,
    opts: SessionOptions = {},
  ) {
    this.namespace = opts.namespace || undefined;
    this.pageSize = opts.pageSize ?? 500;
    this.log = opts.log ?? (() => undefined);
    this.changes = new ChangeBatch(opts.batchMs ?? 100, this.log);
    const intervalMs = Math.max(1000, opts.metricsIntervalMs ?? 15_000);
    this.cadence = new MetricsCadence(intervalMs);
    this.metrics = new MetricsPoller(
      intervalMs,
      () => this.readMetrics(),
      () => this.cadence.delayMs(Date.now()),
    );
    this.info = this.namespace ? clusterInfo(kc, this.namespace) : { ...clusterInfo(kc), allNamespaces: true };
  }

  /** Starts the informers; resolves when each has listed once (or failed once: see snapshot().problems). */
  async start(): Promise<void> {
    if (this.started || this.disposed) return;
    this.started = true;
    const ns = this.namespace;
    const nsPath = ns ? `/namespaces/${encodeURIComponent(ns)}` : '';
    const waits: Promise<void>[] = [];
    waits.push(this.readVersion());
    // A node's requested sum needs every pod on it, so pods are watched cluster-wide when allowed,
    // even for a one-namespace view (rows are made for that namespace only).
    const allPods = !ns || (await this.mayListAllPods());
    if (this.disposed) return;
    const podPath = allPods ? '/api/v1/pods' : `/api/v1${nsPath}/pods`;
    waits.push(
      this.watch<k8s.V1Node>('nodes', '/api/v1/nodes', { add: (n) => this.setNode(n), del: (n) => this.deleteNode(n) }, { keep: trimNode, protobuf: nodeFromProtobuf }),
      this.watch<k8s.V1Pod>('pods', podPath, { add: (pod) => this.setPod(pod), del: (pod) => this.deletePod(pod) }, { keep: trimPod, protobuf: podFromProtobuf }),
      this.watch<k8s.V1ReplicaSet>(
        'replicasets',
        `/apis/apps/v1${nsPath}/replicasets`,
        { add: (rs) => this.setReplicaSet(rs), del: (rs) => this.deleteReplicaSet(rs) },
        { keep: trimToMetadata, accept: METADATA_ONLY },
      ),
      this.startHpas(),
    );
    waits.push(this.startScaledObjects(nsPath), this.startVpas(nsPath), this.startKarpenter(nsPath), this.startClusterAutoscaler());
    await Promise.all(waits);
    if (this.metrics.polling && !this.disposed) await this.metrics.pollOnce();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.hpaRetry);
    for (const i of this.informers) i.stop();
    this.informers.length = 0;
    this.metrics.dispose();
    this.changes.dispose();
  }

  onDidChange(listener: ChangeListener): { dispose(): void } {
    return this.changes.onDidChange(listener);
  }

  /** Polls metrics every metricsIntervalMs while on (at once when switched on). */
  setMetricsPolling(on: boolean): void {
    if (this.disposed) return;
    if (this.metrics.setPolling(on) && this.started) void this.metrics.pollOnce();
  }

  get metricsPolling(): boolean {
    return this.metrics.polling;
  }

  /**
   * Which pods' metrics reads include: all (the default), none, or those of these namespaces. At 22,000 pods their
   * metrics are nearly all of a read's cost, and a Cluster view shows them only under its open namespace rows. The
   * pods left out keep the usage of the last read, and none of them is "too new for metrics"; when the scope grows, a
   * read starts at once.
   */
  setPodMetrics(scope: boolean | readonly string[]): void {
    const next = typeof scope === 'boolean' ? scope : scope.length ? new Set(scope) : false;
    const old = this.podScope;
    if (this.disposed || sameScope(old, next)) return;
    this.podScope = next;
    if (!scopeGrew(old, next)) return;
    this.podReads.readNext();
    if (this.metrics.polling && this.started) void this.metrics.pollAfterCurrent();
  }

  snapshot(): Snapshot {
    const podRows = this.podRows;
    let pods: PodRow[] | undefined;
    const snap: Snapshot = {
      info: { ...this.info },
      nodes: this.nodeRows.list(),
      // Computed on the first read: after a metrics read, 20,000 rows whose usage alone changed wait for a reader.
      get pods() {
        return (pods ??= podRows.list());
      },
      autoscalers: this.autoscalers.list(),
      problems: this.problemList,
      nodeAutoscaling: this.nodeAutoscalers.snapshot(),
    };
    if (this.metricsAt) snap.metricsAt = this.metricsAt;
    return snap;
  }

  node(name: string): NodeRow | undefined {
    return this.nodeRows.get(name);
  }

  pod(namespacedName: string): PodRow | undefined {
    return this.podRows.get(namespacedName);
  }

  /**
   * Computes every pod row not computed yet, in slices that yield to the event loop: for a reader of the whole list
   * (`snapshot().pods`) on the UI's thread, which would otherwise compute the rows whose usage alone changed at once.
   */
  async computePodRows(): Promise<void> {
    while (!this.disposed && !this.podRows.settleFor(SLICE_MS, true)) await yieldToEventLoop();
  }

  /** A pod's usage as its row shows it (or will, when computed), without computing the row. */
  usageOf(namespacedName: string): Amounts | undefined {
    return this.podRows.isDirty(namespacedName) ? this.podRows.get(namespacedName)?.usage : this.podUsage.sample(namespacedName)?.usage;
  }

  /**
   * Each pod row as last computed, with the pod's usage sample (rows whose usage alone changed are not computed: take
   * the usage from the sample). For readers of every pod's usage that need no row text.
   */
  forEachPodSample(fn: (row: PodRow, sample: UsageSample) => void): void {
    for (const [k, held] of this.podUsage.entries()) {
      const row = this.podRows.computed(k);
      if (row?.metrics === 'ok' && held.sample) fn(row, held.sample);
    }
  }

  /** Pod rows as last computed, in no order; a row whose usage alone changed is given with its old usage. */
  podRowsAsComputed(): Iterable<PodRow> {
    return this.podRows.computedRows();
  }

  /** Keys of autoscaler rows: `namespace/name` for HPAs, `namespace/name` with kind ScaledObject in `autoscalerKind`. */
  autoscaler(namespacedName: string, kind: AutoscalerRow['kind'] = 'HorizontalPodAutoscaler'): AutoscalerRow | undefined {
    return this.autoscalers.get(kind, namespacedName);
  }

  /** Reads node and pod metrics once (paged); concurrent calls share one read. */
  refreshMetrics(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    return this.metrics.refresh();
  }

  // ---- informers ----

  private watch<T extends { metadata?: k8s.V1ObjectMeta }>(
    source: Source,
    path: string,
    on: { add(o: T): void; del(o: T): void },
    read: Omit<ListOptions<T>, 'query' | 'pageSize'> & { fieldSelector?: string } = {},
  ): Promise<void> {
    const informer = new Informer<T>(
      this.kc,
      path,
      {
        add: (o) => on.add(o),
        update: (o) => on.add(o),
        delete: (o) => on.del(o),
        synced: () => this.setProblem(source, undefined),
        // A list applied in slices reaches listeners as one change, not one per slice.
        applying: (busy) => (busy ? this.changes.hold() : void this.settleRowsThenRelease()),
        error: (err, retryInMs) => void this.onInformerError(source, err, retryInMs),
      },
      { pageSize: this.pageSize, ...read },
    );
    this.informers.push(informer);
    return informer.start();
  }

  private async onInformerError(source: Source, err: unknown, retryInMs: number): Promise<void> {
    let problem = toProblem(err, WATCHING[source]);
    if (problem.kind === 'forbidden') problem = (await this.explainForbidden(source)) ?? problem;
    if (this.disposed) return;
    this.log(`${render(WATCHING[source], 'en')}: ${problem.title}; retrying in ${Math.round(retryInMs / 1000)} s`);
    this.setProblem(source, problem);
  }

  private async explainForbidden(source: Source): Promise<ClusterProblem | undefined> {
    const ns = this.namespace;
    const needs: Record<string, PermissionNeed[]> = {
      nodes: [
        { verb: 'list', group: '', resource: 'nodes', for: msg('the Nodes list') },
        { verb: 'watch', group: '', resource: 'nodes', for: msg('live Nodes') },
      ],
      pods: [
        { verb: 'list', group: '', resource: 'pods', namespace: ns, for: msg('the Pods list') },
        { verb: 'watch', group: '', resource: 'pods', namespace: ns, for: msg('live Pods') },
      ],
      replicasets: [
        { verb: 'list', group: 'apps', resource: 'replicasets', namespace: ns, for: msg('naming the Deployment of each pod') },
        { verb: 'watch', group: 'apps', resource: 'replicasets', namespace: ns, for: msg('naming the Deployment of each pod') },
      ],
      hpas: [
        { verb: 'list', group: 'autoscaling', resource: 'horizontalpodautoscalers', namespace: ns, for: msg('the HPA list') },
        { verb: 'watch', group: 'autoscaling', resource: 'horizontalpodautoscalers', namespace: ns, for: msg('live HPAs') },
      ],
      scaledobjects: [
        { verb: 'list', group: 'keda.sh', resource: 'scaledobjects', namespace: ns, for: msg('the ScaledObject list') },
        { verb: 'watch', group: 'keda.sh', resource: 'scaledobjects', namespace: ns, for: msg('live ScaledObjects') },
      ],
      vpas: [
        { verb: 'list', group: 'autoscaling.k8s.io', resource: 'verticalpodautoscalers', namespace: ns, for: msg("the VPA recommendations beside containers' requests") },
        { verb: 'watch', group: 'autoscaling.k8s.io', resource: 'verticalpodautoscalers', namespace: ns, for: msg('live VPA recommendations') },
      ],
      nodepools: [
        { verb: 'list', group: 'karpenter.sh', resource: 'nodepools', for: msg('the NodePool list') },
        { verb: 'watch', group: 'karpenter.sh', resource: 'nodepools', for: msg('live NodePools') },
      ],
      nodeclaims: [
        { verb: 'list', group: 'karpenter.sh', resource: 'nodeclaims', for: msg('the NodeClaim list') },
        { verb: 'watch', group: 'karpenter.sh', resource: 'nodeclaims', for: msg('live NodeClaims') },
      ],
      unscheduled: [
        { verb: 'list', group: '', resource: 'pods', namespace: ns, for: msg("the pending pods' reason why no node comes") },
        { verb: 'watch', group: '', resource: 'pods', namespace: ns, for: msg("the pending pods' reason why no node comes") },
      ],
      castatus: [
        { verb: 'list', group: '', resource: 'configmaps', namespace: CA_STATUS.namespace, for: msg("Cluster Autoscaler's status (ConfigMap cluster-autoscaler-status)") },
        { verb: 'watch', group: '', resource: 'configmaps', namespace: CA_STATUS.namespace, for: msg("Cluster Autoscaler's status (ConfigMap cluster-autoscaler-status)") },
      ],
    };
    const list = needs[source];
    return list ? findMissingPermission(this.kc, list).catch(() => undefined) : undefined;
  }

  /**
   * HPAs in the version the server serves (hpaApi.ts: autoscaling/v2, else v2beta2, v2beta1, v1), mapped into the v2
   * shape; the version read is in `info.hpaApiVersion` and on each row. When none can be read the problem says why (a
   * problem row, never an empty list), and discovery is asked again every HPA_RETRY_MS.
   */
  private async startHpas(): Promise<void> {
    const served = await hpaApi(this.kc);
    if (this.disposed) return;
    if ('problem' in served) {
      this.setProblem('hpas', served.problem);
      const retry = setTimeout(() => void this.startHpas(), HPA_RETRY_MS);
      retry.unref?.();
      this.hpaRetry = retry;
      return;
    }
    this.setProblem('hpas', undefined);
    const { version } = served;
    this.info = { ...this.info, hpaApiVersion: version };
    this.changes.mark('info');
    await this.watch<Record<string, unknown> & { metadata?: k8s.V1ObjectMeta }>('hpas', hpaListPath(version, this.namespace), {
      add: (h) => this.autoscalers.setHpa(toV2Hpa(h, version)),
      del: (h) => this.autoscalers.deleteHpa(toV2Hpa(h, version)),
    });
  }

  private async startScaledObjects(nsPath: string): Promise<void> {
    const path = `/apis/keda.sh/v1alpha1${nsPath}/scaledobjects`;
    try {
      // Only when the CRD is served: a 404 here means no KEDA, not a problem.
      await getJson(this.kc, path, { limit: 1 });
    } catch (err) {
      // 403 goes on to the informer, which names the missing permission; unreachable etc. show through the other informers.
      if (httpStatus(err) !== 403) return;
    }
    if (this.disposed) return;
    await this.watch<ScaledObject>('scaledobjects', path, {
      add: (so) => this.autoscalers.setScaledObject(so),
      del: (so) => this.autoscalers.deleteScaledObject(so),
    });
  }

  private async startVpas(nsPath: string): Promise<void> {
    const path = `/apis/autoscaling.k8s.io/v1${nsPath}/verticalpodautoscalers`;
    try {
      // Only when the CRD is served: a 404 here means no VPA, not a problem.
      await getJson(this.kc, path, { limit: 1 });
    } catch (err) {
      // 403 goes on to the informer, which names the missing permission; unreachable etc. show through the other informers.
      if (httpStatus(err) !== 403) return;
    }
    if (this.disposed) return;
    await this.watch<VerticalPodAutoscaler>('vpas', path, {
      add: (vpa) => this.updateWorkloadPods(this.vpas.set(vpa)),
      del: (vpa) => this.updateWorkloadPods(this.vpas.delete(vpa)),
    });
  }

  /** Redoes the rows of the pods of these workloads (`namespace/Kind/name`): their VPA recommendation changed. */
  private updateWorkloadPods(workloads: string[]): void {
    if (workloads.length === 0) return;
    const wanted = new Set(workloads);
    for (const [k, e] of this.pods.entries()) {
      if (!this.inScope(k)) continue;
      const w = workloadOf(e.pod, (ns, name) => this.replicaSetOwners.get(`${ns}/${name}`));
      if (w && wanted.has(`${e.pod.metadata?.namespace}/${w.kind}/${w.name}`)) this.updatePodRow(k);
    }
  }

  /**
   * Karpenter's NodePools and NodeClaims, and the unscheduled pods with the fields its scheduling reads. A server that
   * does not serve karpenter.sh/v1 has no Karpenter: "not installed", no problem. RBAC refuses a list before the API
   * server knows the resource, so on a 403 the group's discovery (readable by every user) tells whether it exists.
   */
  private async startKarpenter(nsPath: string): Promise<void> {
    const k = KARPENTER_API;
    const served = await karpenterServed(this.kc);
    if (this.disposed) return;
    // Unreachable and the like show through the other informers too; the group says it could not tell.
    if (served !== true) return this.nodeAutoscalers.setKarpenter(served === false ? false : undefined, served || undefined);
    if (this.disposed) return;
    this.nodeAutoscalers.setKarpenter(true);
    await Promise.all([
      this.watch<KubeObject>('nodepools', `${k}/nodepools`, {
        add: (np) => this.nodeAutoscalers.setNodePool(np as NodePool, true),
        del: (np) => this.nodeAutoscalers.setNodePool(np as NodePool, false),
      }),
      this.watch<KubeObject>('nodeclaims', `${k}/nodeclaims`, {
        add: (nc) => this.nodeAutoscalers.setNodeClaim(nc as NodeClaim, true),
        del: (nc) => this.nodeAutoscalers.setNodeClaim(nc as NodeClaim, false),
      }),
      this.watch<k8s.V1Pod>(
        'unscheduled',
        `/api/v1${nsPath}/pods`,
        { add: (pod) => this.nodeAutoscalers.setUnscheduledPod(pod, true), del: (pod) => this.nodeAutoscalers.setUnscheduledPod(pod, false) },
        { keep: trimSchedulingPod, fieldSelector: 'spec.nodeName=' },
      ),
    ]);
  }

  /** Cluster Autoscaler's status ConfigMap: absent means it is not installed (or never ran), a refused read names the permission. */
  private async startClusterAutoscaler(): Promise<void> {
    await this.watch<k8s.V1ConfigMap>(
      'castatus',
      `/api/v1/namespaces/${CA_STATUS.namespace}/configmaps`,
      { add: (cm) => this.nodeAutoscalers.setStatusConfigMap(cm), del: () => this.nodeAutoscalers.setStatusConfigMap(undefined) },
      { fieldSelector: `metadata.name=${CA_STATUS.name}` },
    );
    if (this.disposed || this.nodeAutoscalerProblems.has('castatus')) return;
    if (!this.nodeAutoscalers.snapshot().clusterAutoscaler.installed) this.nodeAutoscalers.setClusterAutoscaler(false);
  }

  /** Whether pods of all namespaces can be listed; if not, a problem says the requested % is partial. */
  private async mayListAllPods(): Promise<boolean> {
    try {
      if ((await checkAccess(this.kc, { verb: 'list', group: '', resource: 'pods' }, timeoutOptions())).allowed) return true;
    } catch {
      return false; // no answer: the namespaced informer reports the connection problem
    }
    const p = forbiddenProblem(
      { verb: 'list', group: '', resource: 'pods' },
      msg("the nodes' requested % (which counts the pods of every namespace)"),
      msg('Requested % of nodes counts only the pods of namespace {namespace}.', { namespace: this.namespace ?? '' }),
    );
    this.setProblem('allpods', p);
    return false;
  }

  private async readVersion(): Promise<void> {
    try {
      const version = await readVersion(this.kc);
      if (this.disposed) return;
      this.info = { ...this.info, version };
      this.setProblem('version', undefined);
      this.changes.mark('info');
    } catch (err) {
      if (this.disposed) return;
      // Version is cosmetic; the informers report the same connection problem with their retries.
      this.log(`reading the server version: ${toProblem(err, 'reading the server version').title}`);
    }
  }

  // ---- nodes ----

  private setNode(node: k8s.V1Node): void {
    const name = node.metadata?.name ?? '';
    this.nodes.set(name, node);
    this.updateNodeRow(name);
  }

  private deleteNode(node: k8s.V1Node): void {
    const name = node.metadata?.name ?? '';
    this.nodes.delete(name);
    this.updateNodeRow(name);
  }

  private updateNodeRow(name: string): void {
    this.nodeRows.markDirty(name);
    this.changes.touch('nodes', name);
  }

  private computeNodeRow(name: string): NodeRow | undefined {
    const node = this.nodes.get(name);
    if (!node) return undefined;
    const row = nodeRow(node, this.pods.requested(name), this.nodeMetrics.get(name));
    const by = madeBy(node.metadata?.labels, this.nodeAutoscalers.caNodeGroups());
    return by ? { ...row, madeBy: by } : row;
  }

  // ---- pods ----

  private setPod(pod: k8s.V1Pod): void {
    const k = this.pods.set(pod);
    if (this.inScope(k)) this.updatePodRow(k);
  }

  /** Pods that get rows: the session's namespace, or all. */
  private inScope(podKey: string): boolean {
    return !this.namespace || podKey.startsWith(`${this.namespace}/`);
  }

  private deletePod(pod: k8s.V1Pod): void {
    const k = this.pods.delete(pod);
    if (k === undefined) return;
    this.podUsage.delete(k);
    this.pendingPods.delete(k);
    if (this.inScope(k)) this.updatePodRow(k);
    this.updatePendingProblem();
  }

  private updatePodRow(k: string): void {
    this.usageOnly.delete(k);
    this.podRows.markDirty(k);
    this.changes.touch('pods', k);
  }

  /** The pod's metrics changed what its row shows, nothing else did (unless the row is dirty already). */
  private updatePodUsage(k: string): void {
    if (this.podRows.isDirty(k)) return;
    this.usageOnly.add(k);
    this.podRows.markStale(k);
    this.changes.touchUsage(k);
  }

  private computePodRow(k: string, previous: PodRow | undefined): PodRow | undefined {
    const sample = this.usageOnly.delete(k) ? this.podUsage.sample(k) : undefined;
    if (previous && sample) return podRowWithUsage(previous, sample);
    const e = this.pods.get(k);
    if (!e || !this.inScope(k)) return undefined;
    // A ReplicaSet not seen (not listed yet, or no permission): workloadOf falls back to the pod-template-hash convention.
    const workload = workloadOf(e.pod, (ns, name) => this.replicaSetOwners.get(`${ns}/${name}`));
    const vpa = workload && this.vpas.forWorkload(e.pod.metadata?.namespace ?? '', workload.kind, workload.name);
    const row = podRow(e.pod, { workload, usage: this.podUsage.sample(k), vpa });
    const why = e.pod.spec?.nodeName ? undefined : this.nodeAutoscalers.whyNoNode(k);
    return why ? { ...row, whyNoNode: why } : row;
  }

  // ---- ReplicaSets (only to name a pod's Deployment) ----

  private setReplicaSet(rs: k8s.V1ReplicaSet): void {
    const k = key(rs);
    const ctrl = controllerOf(rs.metadata);
    const owner = ctrl ? { kind: ctrl.kind, name: ctrl.name } : null;
    const old = this.replicaSetOwners.get(k);
    if (old !== undefined && JSON.stringify(old) === JSON.stringify(owner)) return;
    this.replicaSetOwners.set(k, owner);
    for (const p of this.pods.podsOfReplicaSet(k)) this.updatePodRow(p);
  }

  private deleteReplicaSet(rs: k8s.V1ReplicaSet): void {
    this.replicaSetOwners.delete(key(rs));
  }

  // ---- metrics ----

  private async readMetrics(): Promise<void> {
    this.changes.hold();
    try {
      await this.readMetricsHeld();
    } finally {
      await this.settleRowsThenRelease();
    }
  }

  private async readMetricsHeld(): Promise<void> {
    // Pods are read with the nodes when they must be; else only when a node's sample is new (PodReadGate).
    const scope = this.podScope;
    const wanted = scope !== false;
    const podNamespaces = scope === true || scope === false ? undefined : [...scope].filter((ns) => !this.namespace || ns === this.namespace);
    const readPodMetrics = () => this.readPodMetricsOf(podNamespaces);
    const early = wanted && this.podReads.beginRead() ? readPodMetrics() : undefined;
    const nodes = await settle(listNodeMetrics(this.kc, this.pageSize));
    if (nodes.ok) this.cadence.observe(nodes.value, Date.now());
    else this.cadence.forget();
    const readPods = wanted && this.podReads.afterNodes(nodes.ok ? nodes.value : undefined);
    const pods = early ? await early : readPods ? await readPodMetrics() : undefined;
    if (this.disposed) return;
    if (pods?.failure) this.podReads.failed();
    const failed = !nodes.ok ? nodes.err : pods?.failure?.err;
    if (failed !== undefined) {
      const resource = !nodes.ok ? 'nodes' : 'pods';
      const namespace = resource === 'pods' ? (pods?.failure?.namespace ?? this.namespace) : this.namespace;
      const problem = await metricsErrorProblem(this.kc, failed, resource, namespace).catch(() => toProblem(failed, metricsReading(resource)));
      if (this.disposed) return;
      this.setProblem('metrics', problem);
    } else {
      this.setProblem('metrics', undefined);
    }
    const now = Date.now();
    this.applyNodeMetrics(nodes.ok ? nodes.value : []);
    // No pod read: the samples are the ones we have (only "too new for metrics" can change, with the time).
    // Pods' metrics not read: which pods lack them is not known (their rows keep what they showed).
    // A namespace whose read failed is among those read: its pods show no usage rather than an old one.
    if (wanted) await this.applyPodMetrics(pods?.items, now, podNamespaces && new Set(podNamespaces));
    else this.pendingPods.clear();
    if (this.disposed) return;
    this.metricsAt = new Date(now).toISOString();
    if (nodes.ok && nodes.value.length === 0 && this.nodes.size > 0) this.setProblem('metrics', metricsEmptyProblem());
    this.updatePendingProblem();
  }

  /** Pods' metrics of all namespaces in scope, or of these (one read each: a namespace that fails does not stop the others). */
  private async readPodMetricsOf(namespaces: string[] | undefined): Promise<PodMetricsRead> {
    const held = (m: PodUsage) => this.podUsage.read(m);
    if (!namespaces) {
      const r = await settle(listPodMetricsAs(this.kc, held, this.namespace, this.pageSize));
      return r.ok ? { items: r.value } : { items: [], failure: { err: r.err } };
    }
    const read: PodMetricsRead = { items: [] };
    for (const namespace of namespaces) {
      const r = await settle(listPodMetricsAs(this.kc, held, namespace, this.pageSize));
      if (r.ok) for (const m of r.value) read.items.push(m);
      else read.failure ??= { err: r.err, namespace };
    }
    return read;
  }

  private applyNodeMetrics(items: NodeMetrics[]): void {
    const next = new Map(items.map((m) => [m.metadata?.name ?? '', m]));
    const old = this.nodeMetrics;
    this.nodeMetrics = next;
    for (const name of changedNodeMetrics(old, next)) this.updateNodeRow(name);
  }

  /**
   * `items` undefined: the pod samples did not change. `read`: the namespaces the items are of (all when not given);
   * the others keep their samples. 22,000 pods are gone through in slices (the change is held until the read is
   * applied), so a read never stalls the event loop it shares with the UI.
   */
  private async applyPodMetrics(items: HeldUsage[] | undefined, now: number, read?: ReadonlySet<string>): Promise<void> {
    let sliceStart = performance.now();
    let n = 0;
    /** Whether the slice is used up (checked every 256 rows); the caller then yields. */
    const due = () => (++n & 255) === 0 && performance.now() - sliceStart > SLICE_MS;
    const pause = async () => {
      await yieldToEventLoop();
      sliceStart = performance.now();
    };
    // Whether a pod key is of a namespace read: by prefix, as slicing out 22,000 namespaces a read made as many strings.
    const prefixes = read && [...read].map((ns) => `${ns}/`);
    const inRead = (k: string) => !prefixes || prefixes.some((p) => k.startsWith(p));
    if (items) {
      const removed = (k: string) => this.podRows.computed(k) && this.updatePodRow(k);
      const steps = this.podUsage.apply(items, inRead, (k, first) => this.usageChanged(k, first), removed);
      while (!steps.next().done) {
        if (this.disposed) return;
        if (performance.now() - sliceStart > SLICE_MS) await pause();
      }
    }
    if (this.disposed) return;
    // Pods without metrics: whether they are too new for them depends on the time. A row is recomputed when it
    // says otherwise (also after reads without pods: see setPodMetrics); one with usage, by usageChanged.
    for (const [k, e] of this.pods.entries()) {
      const missing = !this.podUsage.has(k) && this.inScope(k) && inRead(k);
      const pending = missing && metricsPending(e.pod, now);
      if (pending !== this.pendingPods.has(k)) {
        if (pending) this.pendingPods.add(k);
        else this.pendingPods.delete(k);
      }
      if (missing) {
        const shown = this.podRows.computed(k)?.metrics;
        if (shown !== undefined && shown !== 'ok' && shown !== (pending ? 'pending' : 'unavailable')) this.updatePodRow(k);
      }
      if (due()) await pause();
    }
  }

  /**
   * A pod's sample changed (or it has its first): its row changes when what it shows does, as kubectl rounds it
   * (whole millicores hide most of a read's changes). A pod without a row: none to change (a pod not seen yet reads
   * its usage when its row is made).
   */
  private usageChanged(k: string, first: boolean): void {
    const row = this.podRows.computed(k);
    const sample = this.podUsage.sample(k);
    if (!row || !sample) return;
    if (first || row.metrics !== 'ok') this.updatePodRow(k);
    else if (podUsageChanged(row, sample)) this.updatePodUsage(k);
  }

  private updatePendingProblem(): void {
    if (!this.metricsAt || this.problemsBySource.get('metrics')) {
      this.setPending(undefined);
      return;
    }
    const pending = [...this.pendingPods].sort();
    this.setPending(pending.length ? metricsPendingProblem(pending) : undefined);
  }

  private setPending(p: ClusterProblem | undefined): void {
    if (JSON.stringify(p) === JSON.stringify(this.pendingProblem)) return;
    this.pendingProblem = p;
    this.rebuildProblems();
  }

  /**
   * Computes the rows a burst (a list, a metrics read) made dirty in slices, yielding between them,
   * then lets the held change through: views then read computed rows instead of computing 22,000 in
   * one go on the UI's event loop.
   */
  private async settleRowsThenRelease(): Promise<void> {
    while (!this.disposed && !(this.nodeRows.settleFor(SLICE_MS) && this.podRows.settleFor(SLICE_MS))) await yieldToEventLoop();
    this.changes.release();
  }

  // ---- problems ----

  private setProblem(source: Source, problem: ClusterProblem | undefined): void {
    if (NODE_AUTOSCALER_SOURCES.includes(source)) return this.setNodeAutoscalerProblem(source, problem);
    const old = this.problemsBySource.get(source);
    if (JSON.stringify(old) === JSON.stringify(problem)) return;
    if (problem) this.problemsBySource.set(source, problem);
    else this.problemsBySource.delete(source);
    this.rebuildProblems();
  }

  private setNodeAutoscalerProblem(source: Source, problem: ClusterProblem | undefined): void {
    if (problem) this.nodeAutoscalerProblems.set(source, problem);
    else this.nodeAutoscalerProblems.delete(source);
    const first = (...sources: Source[]) => sources.map((s) => this.nodeAutoscalerProblems.get(s)).find(Boolean);
    if (source === 'castatus') this.nodeAutoscalers.setClusterAutoscaler(problem ? undefined : this.nodeAutoscalers.snapshot().clusterAutoscaler.installed, problem);
    else this.nodeAutoscalers.setKarpenter(true, first('nodepools', 'nodeclaims', 'unscheduled'));
  }

  private rebuildProblems(): void {
    const all = [...this.problemsBySource.values(), ...(this.pendingProblem ? [this.pendingProblem] : [])];
    const seen = new Set<string>();
    this.problemList = all.filter((p) => {
      const k = `${p.kind}\0${p.title}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    this.changes.mark('problems');
  }
}

/** How long after a failed discovery of the HPA API it is asked again. */
const HPA_RETRY_MS = 30_000;

/** What a source's informer does, for its problems (`… while watching nodes`); each is one template. */
const WATCHING: Record<Source, Message> = {
  nodes: msg('watching nodes'),
  pods: msg('watching pods'),
  allpods: msg('watching pods of all namespaces'),
  replicasets: msg('watching ReplicaSets'),
  hpas: msg('watching HorizontalPodAutoscalers'),
  scaledobjects: msg('watching ScaledObjects'),
  vpas: msg('watching VerticalPodAutoscalers'),
  version: msg('watching the server version'),
  metrics: msg('watching metrics'),
  nodepools: msg('watching Karpenter NodePools'),
  nodeclaims: msg('watching Karpenter NodeClaims'),
  unscheduled: msg('watching unscheduled pods'),
  castatus: msg("watching Cluster Autoscaler's status ConfigMap"),
};

/** A custom resource as listed (its own types are karpenterScheduling.ts's). */
type KubeObject = Record<string, unknown> & { metadata?: k8s.V1ObjectMeta };

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

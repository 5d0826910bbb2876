// The live cluster state the doctor's checks read. Every read tolerates failure: a missing object is null,
// an unreadable one (forbidden, timeout…) undefined plus a ClusterProblem, so one unreadable part never hides
// the findings of the others. Reads go through reads.ts (wire JSON, shapes checked): a malformed answer is
// an "unexpected answer" problem with its path, never a diagnosis.
// Long (~600 lines): one read of everything the checks need, in the order the checks depend on it.
import { execFile } from 'node:child_process';
import * as k8s from '@kubernetes/client-node';
import { timeoutOptions } from '../cluster/connect';
import type { VerticalPodAutoscaler } from '../cluster/objects';
import { hpaApi } from '../cluster/hpaApi';
import { METRICS_API_SERVICE } from '../cluster/metricsApi';
import type { PodMetrics } from '../cluster/objects';
import { httpStatus, serverMessage, templatedProblem, toProblem, type Activity } from '../cluster/problems';
import { msg } from '../l10n';
import { UnexpectedAnswerError } from '../cluster/request';
import type { ClusterProblem } from '../cluster/types';
import { hpaListPath, toV2Hpa, type HpaApiVersion, type ReadHpa } from '../k8s/hpaVersions';
import { apiOf, foundText, malformedField, type Api } from './reads';
import { readContext, type ContextState } from './contextReads';
import { readKarpenter, type KarpenterState } from './karpenterReads';
import { readClusterAutoscaler, type ClusterAutoscalerState } from './clusterAutoscalerReads';
import { readCustomMetrics, type CustomMetricsState } from './customMetricsReads';
import { readKeda, type KedaState } from './kedaReads';

export const METRICS_APISERVICE = METRICS_API_SERVICE;
export const AUTH_CONFIGMAP = { namespace: 'kube-system', name: 'extension-apiserver-authentication' };
export const CA_STATUS_CONFIGMAP = { namespace: 'kube-system', name: 'cluster-autoscaler-status' };
/** Recent log lines read per metrics-server or Cluster Autoscaler pod (klog: one line per entry). */
export const LOG_TAIL_LINES = 300;
/**
 * Recent log lines read per KEDA operator pod: controller-runtime's zap logger adds a Go stack trace of 10–20 lines to
 * every ERROR, so 300 lines hold about 20 entries — a few seconds while one ScaledJob's reconcile keeps failing.
 */
export const KEDA_LOG_TAIL_LINES = 3000;
/** At most this many HPAs get their target's pods read (hpa-missing-request, hpa-replicas-held). */
const MAX_TARGETS = 100;
const MAX_PENDING = 500;
/** Every request gives up after connect.ts's timeout, so a hanging API server cannot hang the doctor. */
const opt = timeoutOptions();

export interface PodLogs {
  pod: string;
  container: string;
  lines: string[];
  /** The previous container run (`kubectl logs --previous`), when the container restarted. */
  previous?: string[];
}

export interface MetricsServerState {
  namespace: string;
  /** null: no such Deployment. */
  deployment: k8s.V1Deployment | null;
  replicaSets: k8s.V1ReplicaSet[];
  pods: k8s.V1Pod[];
  logs: PodLogs[];
}

export interface HpaTarget {
  /** The workload's pod template, when it could be read (to tell injected containers apart). */
  template?: k8s.V1PodTemplateSpec;
  /** Label selector (string form) the pods were listed with. */
  selector?: string;
  /** The workload's spec.replicas and status.replicas: the scale the HPA controller reads (its current count). */
  replicas?: { spec?: number; status?: number };
  pods: k8s.V1Pod[];
  /** metrics.k8s.io samples of those pods (HPAs with Resource metrics, when the API is available); undefined: not read. */
  podMetrics?: PodMetrics[];
  /** Why the pods could not be read, when they could not. */
  error?: string;
}

/** KEDA ScaledObject, keda.sh/v1alpha1 (KEDA v2.21.1 apis/keda/v1alpha1/scaledobject_types.go; the fields the checks read). */
export interface ScaledObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace: string; uid?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: {
    scaleTargetRef: { apiVersion?: string; kind?: string; name: string };
    advanced?: { horizontalPodAutoscalerConfig?: { name?: string } };
    triggers?: { type?: string; name?: string; metricType?: string }[];
    fallback?: { failureThreshold?: number; replicas?: number };
  };
  status?: {
    hpaName?: string;
    /** Ready, Active, Fallback, Paused (KEDA 2.13+ writes Paused). */
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    pausedReplicaCount?: number;
    /** Per trigger metric name: its consecutive failures (fallback counts them). */
    health?: Record<string, { numberOfFailures?: number; status?: string }>;
  };
}

/** KEDA ScaledJob, keda.sh/v1alpha1 (KEDA v2.21.1 apis/keda/v1alpha1/scaledjob_types.go; the fields the checks read). */
export interface ScaledJob {
  apiVersion?: string;
  /** 'ScaledJob': set when read (list items carry no kind), and what tells it from a ScaledObject. */
  kind: 'ScaledJob';
  metadata: { name: string; namespace: string; uid?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: { triggers?: { type?: string; name?: string; metricType?: string }[] };
  status?: {
    /** Ready, Active, Paused. */
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
  };
}

export interface KubectlClient {
  path: string;
  gitVersion?: string;
  major?: number;
  minor?: number;
  /** The output the version came from (first line), for evidence. */
  raw: string;
}

export interface DoctorState extends Partial<ContextState> {
  /** Scope of namespaced reads; undefined = all namespaces. */
  namespace?: string;
  /** When the state was read (ISO time): checks compare ages against it, never against the clock. */
  now?: string;
  /** null: not registered; undefined: could not be read. */
  apiService: k8s.V1APIService | null | undefined;
  /** The API server's words when the APIService is not found. */
  apiServiceNotFound?: string;
  metricsServer?: MetricsServerState;
  /** Data of kube-system/extension-apiserver-authentication; null: missing; undefined: unreadable. */
  authConfig: Record<string, string> | null | undefined;
  nodes: k8s.V1Node[];
  /** Names of nodes metrics.k8s.io has metrics for; undefined when it could not be listed. */
  nodeMetrics?: string[];
  /** In the v2 shape whatever version was read; each HPA's `apiVersion` is the version read (hpaVersion). */
  hpas: k8s.V2HorizontalPodAutoscaler[];
  /** The HPA API version read (the server's newest of autoscaling/v2, v2beta2, v2beta1, v1); undefined: none could be read (a problem says why). */
  hpaVersion?: HpaApiVersion;
  /** Keyed `namespace/hpaName`. */
  targets: Record<string, HpaTarget>;
  /** The custom/external metrics pipeline of the HPAs that use it (customMetricsReads.ts); undefined: no HPA does. */
  customMetrics?: CustomMetricsState;
  /** undefined: the ScaledObject CRD is not served. */
  scaledObjects?: ScaledObject[];
  /** undefined: the ScaledJob CRD is not served. */
  scaledJobs?: ScaledJob[];
  /** KEDA's operator, metrics server, external.metrics APIService and ScaledObject/ScaledJob events (kedaReads.ts); undefined: neither exists. */
  keda?: KedaState;
  /** VerticalPodAutoscalers (autoscaling.k8s.io/v1); undefined: the CRD is not served, or they could not be read (a problem says so). */
  vpas?: VerticalPodAutoscaler[];
  /** Pending pods the scheduler marked Unschedulable. */
  pendingPods: k8s.V1Pod[];
  /** FailedScheduling, NotTriggerScaleUp, TriggeredScaleUp and Nominated events of the pending pods. */
  events: k8s.CoreV1Event[];
  /** data.status of kube-system/cluster-autoscaler-status; null: missing. */
  clusterAutoscalerStatus?: string | null;
  /** Karpenter's NodePools, NodeClaims, NodeClasses and controller; undefined: not read (unreachable cluster). */
  karpenter?: KarpenterState;
  /** What Cluster Autoscaler publishes (clusterAutoscalerReads.ts); undefined when not read. */
  clusterAutoscaler?: ClusterAutoscalerState;
  /** undefined: no kubectl found (no finding then). */
  kubectl?: KubectlClient;
  /** False when the API server gave no answer at all (network, TLS, credentials): nothing else was read. */
  reached: boolean;
  /** False when every read was refused (e.g. forbidden): the findings say nothing about the cluster. */
  readAny?: boolean;
  problems: ClusterProblem[];
}

export interface GatherOptions {
  namespace?: string;
  /** kubectl to ask for its client version; default `kubectl` on PATH. */
  kubectlPath?: string;
}

export type Read<T> = { ok: true; value: T } | { ok: false; status?: number; message: string };

/** The API server's `message` for an error, else the error's own message. */
export function apiMessage(err: unknown): string {
  return serverMessage(err) ?? (err as Error)?.message ?? String(err);
}

class Reader {
  readonly problems: ClusterProblem[] = [];
  private seen = new Set<string>();
  /** Set once the cluster is unreachable or refuses our credentials: later reads are skipped. */
  fatal = false;
  /** Whether any read got an answer from the API server (a result or an HTTP status). */
  private answered = false;
  /** Whether any read returned data or a definite "not found". */
  succeeded = false;

  /** `absentOn`: statuses that mean "nothing there yet" for this read, like 404: no problem is recorded. */
  async read<T>(what: Activity, fn: () => Promise<T>, absentOn: readonly number[] = []): Promise<Read<T>> {
    if (this.fatal) return { ok: false, message: 'skipped: the cluster could not be reached' };
    try {
      const value = await fn();
      this.answered = true;
      this.succeeded = true;
      return { ok: true, value };
    } catch (err) {
      const status = httpStatus(err);
      if (status !== undefined || err instanceof UnexpectedAnswerError) this.answered = true;
      if (status === 404 || (status !== undefined && absentOn.includes(status))) this.succeeded = true;
      else this.record(err, what, status);
      return { ok: false, status, message: apiMessage(err) };
    }
  }

  /** Records a problem stated without an error (an API not served). */
  state(problem: ClusterProblem) {
    const key = `${problem.kind}:${problem.title}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.problems.push(problem);
  }

  /** Records a problem found in an answer that was otherwise used (a malformed list item, skipped). */
  note(err: UnexpectedAnswerError) {
    // The request is what was being done: code, not English, so as a template's value it keeps the problem translatable.
    this.record(err, msg('{request}', { request: err.request }), undefined);
  }

  private record(err: unknown, what: Activity, status: number | undefined) {
    const problem = toProblem(err, what);
    // No answer from the API server (or credentials refused): every further read would fail the same way.
    // An unclassified client-side error is fatal only before the server ever answered.
    if (problem.kind === 'unreachable' || problem.kind === 'unauthorized' || (problem.kind === 'error' && status === undefined && !this.answered)) this.fatal = true;
    // Unexpected answers differ by path: each is listed.
    const key = err instanceof UnexpectedAnswerError ? `unexpected:${err.request}:${err.why}` : `${problem.kind}:${problem.title}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.problems.push(problem);
  }
}

export const selectorString = (sel: k8s.V1LabelSelector | undefined): string | undefined => {
  if (!sel) return undefined;
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.length ? parts.join(',') : undefined;
};

export async function gatherState(kc: k8s.KubeConfig, opts: GatherOptions = {}): Promise<DoctorState> {
  const r = new Reader();
  const api = apiOf(kc, (err) => r.note(err));
  const ns = opts.namespace;
  const inNs = ns ? `/namespaces/${encodeURIComponent(ns)}` : '';

  // First read alone: an unreachable cluster stops here instead of timing out a dozen times.
  const apiService = await r.read(msg('reading {kind} {name}', { kind: 'APIService', name: METRICS_APISERVICE }), () =>
    api.object<k8s.V1APIService>(`/apis/apiregistration.k8s.io/v1/apiservices/${METRICS_APISERVICE}`),
  );
  const kubectl = readKubectl(opts.kubectlPath);
  const state: DoctorState = {
    namespace: ns,
    now: new Date().toISOString(),
    apiService: apiService.ok ? apiService.value : apiService.status === 404 ? null : undefined,
    apiServiceNotFound: !apiService.ok && apiService.status === 404 ? apiService.message : undefined,
    authConfig: undefined,
    nodes: [],
    hpas: [],
    targets: {},
    pendingPods: [],
    events: [],
    reached: !r.fatal,
    problems: r.problems,
  };
  if (r.fatal) {
    state.kubectl = await kubectl;
    return state;
  }

  const [auth, nodes, nodeMetrics, hpas, scaled, scaledJobs, vpas, pending, caStatus, ms] = await Promise.all([
    r.read(msg('reading {kind} {name}', { kind: 'ConfigMap', name: 'kube-system/extension-apiserver-authentication' }), () => api.configMap(AUTH_CONFIGMAP)),
    r.read(msg('listing nodes'), () => api.list<k8s.V1Node>('/api/v1/nodes')),
    isAvailable(state.apiService) ? r.read(msg('listing node metrics'), () => api.list<{ metadata?: { name?: string } }>('/apis/metrics.k8s.io/v1beta1/nodes')) : Promise.resolve(undefined),
    readHpas(r, kc, api, ns),
    readScaledObjects(api, inNs),
    readScaledJobs(api, inNs),
    // 404: no VPA CRD, so no VPAs (no problem); any other refusal is a problem, never "no VPAs".
    r.read(msg('listing VerticalPodAutoscalers'), () => api.list<VerticalPodAutoscaler>(`/apis/autoscaling.k8s.io/v1${inNs}/verticalpodautoscalers`)),
    r.read(msg('listing pending pods'), () => api.list<k8s.V1Pod>(`/api/v1${inNs}/pods`, { fieldSelector: 'status.phase=Pending' })),
    r.read(msg('reading {kind} {name}', { kind: 'ConfigMap', name: 'kube-system/cluster-autoscaler-status' }), () => api.configMap(CA_STATUS_CONFIGMAP)),
    readMetricsServer(r, api, state.apiService),
  ]);
  state.authConfig = auth.ok ? (auth.value.data ?? {}) : auth.status === 404 ? null : undefined;
  state.nodes = nodes.ok ? nodes.value.items : [];
  if (nodeMetrics?.ok) state.nodeMetrics = nodeMetrics.value.items.map((m) => m.metadata?.name ?? '');
  state.hpas = hpas?.items ?? [];
  state.hpaVersion = hpas?.version;
  state.scaledObjects = scaled;
  state.scaledJobs = scaledJobs;
  if (vpas.ok) state.vpas = vpas.value.items;
  state.clusterAutoscalerStatus = caStatus.ok ? (caStatus.value.data?.status ?? '') : caStatus.status === 404 ? null : undefined;
  state.metricsServer = ms;
  state.pendingPods = (pending.ok ? pending.value.items : []).filter(isUnschedulable).slice(0, MAX_PENDING);

  const karpenter = readKarpenter((what, fn) => r.read(what, fn), api);
  const [targets, events, customMetrics, keda] = await Promise.all([
    readTargets(r, api, state.hpas, isAvailable(state.apiService)),
    state.pendingPods.length ? readSchedulingEvents(r, api, inNs, state.pendingPods) : Promise.resolve([]),
    readCustomMetrics((what, fn) => r.read(what, fn), kc, api, state.hpas, selectorString),
    readKeda(
      (what, fn) => r.read(what, fn),
      api,
      state.scaledObjects ?? [],
      state.scaledJobs ?? [],
      inNs,
      (pod, container) => readLogs(r, api.core, pod, container, KEDA_LOG_TAIL_LINES),
    ),
  ]);
  state.targets = targets;
  state.events = events;
  state.customMetrics = customMetrics;
  state.keda = keda;
  const [context, clusterAutoscaler] = await Promise.all([
    readContext((what, fn) => r.read(what, fn), api, inNs),
    readClusterAutoscaler(
      (what, fn, absentOn) => r.read(what, fn, absentOn),
      api,
      (pod, container) => readLogs(r, api.core, pod, container),
      state.clusterAutoscalerStatus,
      inNs,
    ),
  ]);
  Object.assign(state, context);
  state.clusterAutoscaler = clusterAutoscaler;
  state.karpenter = await karpenter;
  state.readAny = r.succeeded;
  state.kubectl = await kubectl;
  return state;
}

/** Whether the APIService's Available condition is True (only then is metrics.k8s.io worth reading). */
/**
 * One HPA and its target as gatherState reads them, with the same reads scoped to the HPA's namespace: what the HPA
 * panel and the live CodeLens replay. Pod samples are asked for whenever a Resource metric wants them, and the values of
 * Pods, Object and External metrics from their APIs; a metrics API that does not answer leaves them out (the replay
 * then uses the HPA status). `problems` says what failed.
 */
export async function readHpaWithTarget(
  kc: k8s.KubeConfig,
  namespace: string,
  name: string,
): Promise<{ hpa?: k8s.V2HorizontalPodAutoscaler; target?: HpaTarget; customMetrics?: CustomMetricsState; problems: ClusterProblem[] }> {
  const r = new Reader();
  const api = apiOf(kc, (err) => r.note(err));
  const hpas = await readHpas(r, kc, api, namespace);
  const hpa = hpas?.items.find((h) => h.metadata?.name === name);
  if (!hpa) return { problems: r.problems };
  const [targets, customMetrics] = await Promise.all([readTargets(r, api, [hpa], true), readCustomMetrics((what, fn) => r.read(what, fn), kc, api, [hpa], selectorString)]);
  return { hpa, target: targets[`${namespace}/${name}`], customMetrics, problems: r.problems };
}

export function isAvailable(as: k8s.V1APIService | null | undefined): boolean {
  return !!as?.status?.conditions?.some((c) => c.type === 'Available' && c.status === 'True');
}

export function isUnschedulable(pod: k8s.V1Pod): boolean {
  return pod.status?.phase === 'Pending' && !!pod.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable');
}

/**
 * HPAs in the version the server serves (cluster/hpaApi.ts), mapped into the v2 shape; undefined when they could not
 * be read, with the problem recorded: a missing or forbidden API is stated, never an empty list.
 */
async function readHpas(r: Reader, kc: k8s.KubeConfig, api: Api, ns: string | undefined): Promise<{ version: HpaApiVersion; items: ReadHpa[] } | undefined> {
  if (r.fatal) return undefined;
  const served = await hpaApi(kc);
  if ('problem' in served) {
    r.state(served.problem);
    return undefined;
  }
  const { version } = served;
  const list = await r.read(msg('listing HorizontalPodAutoscalers ({version})', { version }), () => api.list<Record<string, unknown>>(hpaListPath(version, ns)));
  if (!list.ok) {
    // Discovery said it is served: a 404 now is an answer to state, not "no HPAs".
    if (list.status === 404)
      r.state(
        templatedProblem(
          'error',
          msg('HorizontalPodAutoscaler API {version} not found', { version }),
          msg('The API server lists {version} in its discovery but answered 404 ({detail}) to listing HPAs.', { version, detail: list.message }),
        ),
      );
    return undefined;
  }
  const path = hpaListPath(version, ns);
  // What an older version kept in annotations (v1's conditions and metrics) is checked once mapped, like any field.
  const items = list.value.items
    .map((h) => toV2Hpa(h, version))
    .filter((h) => {
      const wrong = malformedField(h);
      if (wrong)
        r.note(
          new UnexpectedAnswerError(
            `GET ${path}`,
            msg('has {object} with {field} ({found}) (from its annotations), not the type Kubernetes sends: skipped', {
              object: `HorizontalPodAutoscaler ${h.metadata?.namespace}/${h.metadata?.name}`,
              field: wrong.field,
              found: foundText(wrong.found),
            }),
          ),
        );
      return !wrong;
    });
  return { version, items };
}

async function readScaledObjects(api: Api, inNs: string): Promise<ScaledObject[] | undefined> {
  // A missing CRD (404) and an unreadable one both mean "no ScaledObjects we can see"; no problem recorded.
  try {
    return (await api.list<ScaledObject>(`/apis/keda.sh/v1alpha1${inNs}/scaledobjects`)).items;
  } catch {
    return undefined;
  }
}

async function readScaledJobs(api: Api, inNs: string): Promise<ScaledJob[] | undefined> {
  // Like ScaledObjects: no CRD, or unreadable, is "no ScaledJobs we can see". Items carry no kind: it is set here.
  try {
    return (await api.list<Omit<ScaledJob, 'kind'>>(`/apis/keda.sh/v1alpha1${inNs}/scaledjobs`)).items.map((j) => ({ ...j, kind: 'ScaledJob' as const }));
  } catch {
    return undefined;
  }
}

async function readMetricsServer(r: Reader, api: Api, apiService: k8s.V1APIService | null | undefined): Promise<MetricsServerState | undefined> {
  const namespace = apiService?.spec?.service?.namespace ?? 'kube-system';
  const name = apiService?.spec?.service?.name ?? 'metrics-server';
  const apps = `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}`;
  let dep = await r.read(msg('reading {kind} {name}', { kind: 'Deployment', name: `${namespace}/${name}` }), () => api.object<k8s.V1Deployment>(`${apps}/deployments/${encodeURIComponent(name)}`));
  if (!dep.ok && dep.status === 404) {
    // Installs that name the Deployment differently (Helm release prefixes): find it by its labels.
    for (const labelSelector of ['k8s-app=metrics-server', 'app.kubernetes.io/name=metrics-server']) {
      const list = await r.read(msg('listing Deployments in {namespace}', { namespace }), () => api.list<k8s.V1Deployment>(`${apps}/deployments`, { labelSelector }));
      if (list.ok && list.value.items.length) {
        dep = { ok: true, value: list.value.items[0] };
        break;
      }
    }
  }
  if (!dep.ok) return dep.status === 404 ? { namespace, deployment: null, replicaSets: [], pods: [], logs: [] } : undefined;
  const deployment = dep.value;
  const labelSelector = selectorString(deployment.spec?.selector);
  const [rs, pods] = await Promise.all([
    r.read(msg('listing ReplicaSets in {namespace}', { namespace }), () => api.list<k8s.V1ReplicaSet>(`${apps}/replicasets`, { labelSelector })),
    r.read(msg('listing pods in {namespace}', { namespace }), () => api.list<k8s.V1Pod>(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`, { labelSelector })),
  ]);
  const uid = deployment.metadata?.uid;
  const replicaSets = (rs.ok ? rs.value.items : []).filter((x) => !uid || x.metadata?.ownerReferences?.some((o) => o.uid === uid));
  const podList = (pods.ok ? pods.value.items : []).filter((p) => !p.metadata?.deletionTimestamp);
  const logs = await Promise.all(podList.slice(0, 3).map((p) => readLogs(r, api.core, p)));
  return { namespace, deployment, replicaSets, pods: podList, logs: logs.filter((l): l is PodLogs => !!l) };
}

/** The recent log of one container of `pod` (default: metrics-server's), and of its previous run when it restarted. */
async function readLogs(r: Reader, core: k8s.CoreV1Api, pod: k8s.V1Pod, containerName?: string, tailLines = LOG_TAIL_LINES): Promise<PodLogs | undefined> {
  const namespace = pod.metadata?.namespace ?? '';
  const name = pod.metadata?.name ?? '';
  const containers = pod.spec?.containers ?? [];
  const container = containerName ?? (containers.find((c) => c.name === 'metrics-server') ?? containers.find((c) => (c.image ?? '').includes('metrics-server')) ?? containers[0])?.name;
  if (!container) return undefined;
  // A container that has not started has no log: the API server answers 400 BadRequest ("container … is waiting to
  // start"), which right after a rollout is the new pod starting, not a problem to report.
  const current = await r.read(msg('reading logs of pod {pod}', { pod: `${namespace}/${name}` }), () => core.readNamespacedPodLog({ namespace, name, container, tailLines }, opt), [400]);
  if (!current.ok) return undefined;
  const restarted = (pod.status?.containerStatuses ?? []).some((s) => s.name === container && (s.restartCount ?? 0) > 0);
  let previous: string[] | undefined;
  if (restarted) {
    try {
      previous = splitLines(String(await core.readNamespacedPodLog({ namespace, name, container, tailLines: 100, previous: true }, opt)));
    } catch {
      previous = undefined; // no previous run kept: not a problem worth reporting
    }
  }
  return { pod: name, container, lines: splitLines(String(current.value)), previous };
}

const splitLines = (text: string) => text.split(/\r?\n/).filter((l) => l.trim() !== '');

const usesResourceMetrics = (hpa: k8s.V2HorizontalPodAutoscaler) => (hpa.spec?.metrics ?? []).some((m) => m.type === 'Resource' || m.type === 'ContainerResource');

/** Every HPA's target pods (the replica replay counts ready pods for any metric type), with their samples for Resource metrics. */
async function readTargets(r: Reader, api: Api, hpas: k8s.V2HorizontalPodAutoscaler[], metricsAvailable: boolean): Promise<Record<string, HpaTarget>> {
  const out: Record<string, HpaTarget> = {};
  const wanted = hpas.slice(0, MAX_TARGETS);
  await Promise.all(
    wanted.map(async (hpa) => {
      const namespace = hpa.metadata?.namespace ?? '';
      const ref = hpa.spec?.scaleTargetRef;
      if (!ref) return;
      const key = `${namespace}/${hpa.metadata?.name}`;
      const workload = await readWorkload(api, namespace, ref);
      if ('error' in workload) {
        out[key] = { pods: [], error: workload.error };
        return;
      }
      const selector = selectorString(workload.selector);
      if (!selector) {
        out[key] = { pods: [], template: workload.template, error: `${ref.kind} ${ref.name} has no label selector` };
        return;
      }
      const inNamespace = `/namespaces/${encodeURIComponent(namespace)}/pods`;
      const [pods, podMetrics] = await Promise.all([
        r.read(msg('listing pods of {kind} {name}', { kind: ref.kind, name: `${namespace}/${ref.name}` }), () => api.list<k8s.V1Pod>(`/api/v1${inNamespace}`, { labelSelector: selector })),
        metricsAvailable && usesResourceMetrics(hpa)
          ? r.read(msg('listing pod metrics of {kind} {name}', { kind: ref.kind, name: `${namespace}/${ref.name}` }), () =>
              api.list<PodMetrics>(`/apis/metrics.k8s.io/v1beta1${inNamespace}`, { labelSelector: selector }),
            )
          : Promise.resolve(undefined),
      ]);
      out[key] = {
        template: workload.template,
        selector,
        replicas: workload.replicas,
        podMetrics: podMetrics?.ok ? podMetrics.value.items : undefined,
        pods: pods.ok ? pods.value.items.filter((p) => !p.metadata?.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed') : [],
        error: pods.ok ? undefined : pods.message,
      };
    }),
  );
  return out;
}

async function readWorkload(
  api: Api,
  namespace: string,
  ref: k8s.V2CrossVersionObjectReference,
): Promise<{ selector?: k8s.V1LabelSelector; template?: k8s.V1PodTemplateSpec; replicas: { spec?: number; status?: number } } | { error: string }> {
  try {
    const name = ref.name;
    const group = (ref.apiVersion ?? '').split('/')[0];
    if (group === 'apps' || group === 'extensions') {
      const plural = ({ Deployment: 'deployments', StatefulSet: 'statefulsets', ReplicaSet: 'replicasets' } as Record<string, string>)[ref.kind];
      if (plural) {
        const obj = await api.object<k8s.V1Deployment | k8s.V1StatefulSet | k8s.V1ReplicaSet>(`/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/${plural}/${encodeURIComponent(name)}`);
        return { selector: obj.spec?.selector, template: obj.spec?.template, replicas: { spec: obj.spec?.replicas, status: obj.status?.replicas } };
      }
    }
    return { error: `reading ${ref.kind} ${ref.apiVersion ?? ''} targets is not supported` };
  } catch (err) {
    return { error: apiMessage(err) };
  }
}

const SCHEDULING_REASONS = ['FailedScheduling', 'NotTriggerScaleUp', 'TriggeredScaleUp', 'Nominated'];

async function readSchedulingEvents(r: Reader, api: Api, inNs: string, pods: k8s.V1Pod[]): Promise<k8s.CoreV1Event[]> {
  const uids = new Set(pods.map((p) => p.metadata?.uid));
  const names = new Set(pods.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`));
  const lists = await Promise.all(
    SCHEDULING_REASONS.map((reason) => r.read(msg('listing {reason} events', { reason }), () => api.list<k8s.CoreV1Event>(`/api/v1${inNs}/events`, { fieldSelector: `reason=${reason}` }))),
  );
  return lists
    .flatMap((l) => (l.ok ? l.value.items : []))
    .filter((e) => e.involvedObject?.kind === 'Pod' && (uids.has(e.involvedObject.uid) || names.has(`${e.involvedObject.namespace}/${e.involvedObject.name}`)));
}

/** `kubectl version --client -o json`; falls back to the text forms of old kubectl. Undefined when there is no kubectl. */
export function readKubectl(path = 'kubectl'): Promise<KubectlClient | undefined> {
  const run = (args: string[]) =>
    new Promise<{ ok: boolean; out: string; missing: boolean }>((resolve) => {
      execFile(path, args, { timeout: 10_000, windowsHide: true, env: { ...process.env, KUBECONFIG: '/dev/null' } }, (err, stdout, stderr) => {
        const code = (err as NodeJS.ErrnoException | null)?.code;
        resolve({ ok: !err, out: `${stdout ?? ''}\n${stderr ?? ''}`, missing: code === 'ENOENT' || code === 'EACCES' });
      });
    });
  return (async () => {
    const json = await run(['version', '--client', '-o', 'json']);
    if (json.missing) return undefined;
    const parsed = parseKubectlVersion(json.out);
    if (parsed) return { path, ...parsed };
    const text = await run(['version', '--client']);
    const fromText = parseKubectlVersion(text.out);
    return fromText ? { path, ...fromText } : undefined;
  })();
}

/** Reads the client version from `kubectl version --client` output in any of its forms (JSON, `version.Info{…}`, `Client Version: v1.x`). */
export function parseKubectlVersion(out: string): Omit<KubectlClient, 'path'> | undefined {
  const start = out.indexOf('{');
  if (start >= 0) {
    try {
      const end = out.lastIndexOf('}');
      const v = (JSON.parse(out.slice(start, end + 1)) as { clientVersion?: { major?: string; minor?: string; gitVersion?: string } }).clientVersion;
      if (v?.gitVersion || v?.minor) return fromParts(v.gitVersion, v.major, v.minor, `Client Version: ${v.gitVersion ?? `${v.major}.${v.minor}`}`);
    } catch {
      /* not JSON: the text forms below */
    }
  }
  const info = /Client Version: version\.Info\{Major:"(\d+)", Minor:"(\d+)\+?", GitVersion:"([^"]+)"/.exec(out);
  if (info) return fromParts(info[3], info[1], info[2], info[0]);
  const short = /Client Version: (v\d+\.\d+\.\S+)/.exec(out);
  if (short) return fromParts(short[1], undefined, undefined, short[0]);
  return undefined;
}

function fromParts(gitVersion: string | undefined, major: string | undefined, minor: string | undefined, raw: string): Omit<KubectlClient, 'path'> {
  const m = /^v?(\d+)\.(\d+)/.exec(gitVersion ?? '');
  const maj = m ? Number(m[1]) : Number.parseInt(major ?? '', 10);
  const min = m ? Number(m[2]) : Number.parseInt(minor ?? '', 10);
  return { gitVersion, major: Number.isFinite(maj) ? maj : undefined, minor: Number.isFinite(min) ? min : undefined, raw };
}

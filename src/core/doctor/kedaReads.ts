// The doctor's reads of KEDA, made only when ScaledObjects or ScaledJobs exist: the operator's Deployment and its leader
// Lease (an operator run outside the cluster shows only as its Lease), the metrics server's Deployment, the APIService
// of external.metrics.k8s.io and its Service (KEDA's, or another adapter's), the events KEDA writes on ScaledObjects and
// ScaledJobs (pkg/eventreason: ScaledObjectCheckFailed, KEDAScalerFailed…), whether each ScaledObject's scale target
// exists, the API server's version (KEDA's support matrix), and the recent log of the operator's pods (scaler errors).
import type * as k8s from '@kubernetes/client-node';
import { pluralOf, readApiService, type AdapterApiService } from './customMetricsReads';
import type { Api } from './reads';
import type { PodLogs, Read, ScaledJob, ScaledObject } from './state';
import type { Activity } from '../cluster/problems';
import { msg } from '../l10n';

/** The operator's leader Lease (KEDA v2.21.1 cmd/operator/main.go: --leader-election-id default "operator.keda.sh"). */
export const KEDA_LEASE = 'operator.keda.sh';
/** Labels of KEDA's Deployments: its manifests (config/manager, config/metrics-server) and its Helm chart. */
export const KEDA_OPERATOR_SELECTOR = 'app.kubernetes.io/name=keda-operator';
export const KEDA_METRICS_SERVER_SELECTOR = 'app.kubernetes.io/name in (keda-metrics-apiserver,keda-operator-metrics-apiserver)';
const MAX_TARGETS = 100;

export interface KedaState {
  /** Deployments labelled as KEDA's operator, in every namespace; undefined: unreadable. */
  operators?: k8s.V1Deployment[];
  /** Leases named operator.keda.sh; undefined: unreadable. */
  leases?: k8s.V1Lease[];
  /** Deployments labelled as KEDA's metrics server; undefined: unreadable. */
  metricsServers?: k8s.V1Deployment[];
  /** v1beta1.external.metrics.k8s.io and its Service. */
  externalApi: AdapterApiService;
  /** Events whose involvedObject is a ScaledObject or a ScaledJob, newest last; undefined: unreadable. */
  events?: k8s.CoreV1Event[];
  /** Keyed `namespace/name` of the ScaledObject: its scale target exists (true), does not (false), unreadable (undefined). */
  targetExists: Record<string, boolean | undefined>;
  /** The recent log of the operator's pods (its container `keda-operator`), where KEDA writes each scaler's error. */
  operatorLogs?: PodLogs[];
  /** The API server's version (`/version`), for KEDA's Kubernetes compatibility; undefined: unreadable. */
  serverVersion?: { gitVersion?: string };
}

type Reading = <T>(what: Activity, fn: () => Promise<T>) => Promise<Read<T>>;
type LogReader = (pod: k8s.V1Pod, container: string) => Promise<PodLogs | undefined>;

/** The container KEDA's manifests and Helm chart give the operator (config/manager/manager.yaml). */
export const KEDA_OPERATOR_CONTAINER = 'keda-operator';
/** Operator pods whose log is read (one leader; a second replica waits for the Lease and logs little). */
const MAX_OPERATOR_PODS = 2;

export async function readKeda(read: Reading, api: Api, scaledObjects: ScaledObject[], scaledJobs: ScaledJob[], inNs: string, logs?: LogReader): Promise<KedaState | undefined> {
  if (!scaledObjects.length && !scaledJobs.length) return undefined;
  const items = <T>(r: Read<{ items: T[] }>) => (r.ok ? r.value.items : undefined);
  const [operators, leases, metricsServers, externalApi, events, targets, version] = await Promise.all([
    read(msg('listing KEDA operator Deployments'), () => api.list<k8s.V1Deployment>('/apis/apps/v1/deployments', { labelSelector: KEDA_OPERATOR_SELECTOR })),
    read(msg('listing KEDA leader Leases'), () => api.list<k8s.V1Lease>('/apis/coordination.k8s.io/v1/leases', { fieldSelector: `metadata.name=${KEDA_LEASE}` })),
    read(msg('listing KEDA metrics server Deployments'), () => api.list<k8s.V1Deployment>('/apis/apps/v1/deployments', { labelSelector: KEDA_METRICS_SERVER_SELECTOR })),
    readApiService(read, api, { name: 'v1beta1.external.metrics.k8s.io', group: 'external' }),
    readEvents(read, api, inNs, scaledObjects.length > 0, scaledJobs.length > 0),
    Promise.all(scaledObjects.slice(0, MAX_TARGETS).map((so) => targetExists(read, api, so))),
    read(msg('reading the API server version'), () => api.version()),
  ]);
  const operatorLogs = logs && operators.ok ? await readOperatorLogs(read, api, operators.value.items, logs) : undefined;
  const byTime = (e: k8s.CoreV1Event) => String(e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? '');
  return {
    operators: items(operators),
    leases: items(leases),
    metricsServers: items(metricsServers),
    externalApi,
    events: events?.sort((a, b) => byTime(a).localeCompare(byTime(b))),
    targetExists: Object.fromEntries(scaledObjects.slice(0, MAX_TARGETS).map((so, i) => [`${so.metadata.namespace}/${so.metadata.name}`, targets[i]])),
    operatorLogs,
    serverVersion: version.ok ? version.value : undefined,
  };
}

/** The events on ScaledObjects and on ScaledJobs (each kind read only when it exists); undefined when a read was refused. */
async function readEvents(read: Reading, api: Api, inNs: string, objects: boolean, jobs: boolean): Promise<k8s.CoreV1Event[] | undefined> {
  const kinds = [...(objects ? ['ScaledObject'] : []), ...(jobs ? ['ScaledJob'] : [])];
  const lists = await Promise.all(
    kinds.map((kind) =>
      read(kind === 'ScaledObject' ? msg('listing ScaledObject events') : msg('listing ScaledJob events'), () =>
        api.list<k8s.CoreV1Event>(`/api/v1${inNs}/events`, { fieldSelector: `involvedObject.kind=${kind}` }),
      ),
    ),
  );
  return lists.every((l) => l.ok) ? lists.flatMap((l) => (l.ok ? l.value.items : [])) : undefined;
}

/** The logs of the operator Deployments' pods (through their selectors), the keda-operator container's, else the first. */
async function readOperatorLogs(read: Reading, api: Api, deployments: k8s.V1Deployment[], logs: LogReader): Promise<PodLogs[]> {
  const out: PodLogs[] = [];
  for (const d of deployments) {
    // matchLabels, as KEDA's manifests and chart select their pods (`app: keda-operator`).
    const labelSelector = Object.entries(d.spec?.selector?.matchLabels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const namespace = d.metadata?.namespace;
    if (!labelSelector || !namespace) continue;
    const pods = await read(msg('listing pods of {kind} {name}', { kind: 'Deployment', name: `${namespace}/${d.metadata?.name}` }), () =>
      api.list<k8s.V1Pod>(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`, { labelSelector }),
    );
    for (const pod of (pods.ok ? pods.value.items : []).filter((p) => !p.metadata?.deletionTimestamp)) {
      if (out.length >= MAX_OPERATOR_PODS) return out;
      const containers = pod.spec?.containers ?? [];
      const container = (containers.find((c) => c.name === KEDA_OPERATOR_CONTAINER) ?? containers[0])?.name;
      const l = container ? await logs(pod, container) : undefined;
      if (l) out.push(l);
    }
  }
  return out;
}

async function targetExists(read: Reading, api: Api, so: ScaledObject): Promise<boolean | undefined> {
  const ref = so.spec?.scaleTargetRef;
  if (!ref?.name) return undefined;
  const apiVersion = ref.apiVersion || 'apps/v1';
  const prefix = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const kind = ref.kind || 'Deployment';
  const r = await read(msg('reading {kind} {name}', { kind, name: `${so.metadata.namespace}/${ref.name}` }), () =>
    api.object<unknown>(`${prefix}/namespaces/${encodeURIComponent(so.metadata.namespace)}/${pluralOf(kind)}/${encodeURIComponent(ref.name)}`),
  );
  return r.ok ? true : r.status === 404 ? false : undefined;
}

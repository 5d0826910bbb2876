// The doctor's reads of KEDA, made only when ScaledObjects exist: the operator's Deployment and its leader Lease (an
// operator run outside the cluster shows only as its Lease), the metrics server's Deployment, the APIService of
// external.metrics.k8s.io and its Service (KEDA's, or another adapter's), the events KEDA writes on ScaledObjects
// (pkg/eventreason: ScaledObjectCheckFailed, KEDAScalerFailed…) and whether each ScaledObject's scale target exists.
import type * as k8s from '@kubernetes/client-node';
import { pluralOf, readApiService, type AdapterApiService } from './customMetricsReads';
import type { Api } from './reads';
import type { Read, ScaledObject } from './state';
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
  /** Events whose involvedObject is a ScaledObject, newest last; undefined: unreadable. */
  events?: k8s.CoreV1Event[];
  /** Keyed `namespace/name` of the ScaledObject: its scale target exists (true), does not (false), unreadable (undefined). */
  targetExists: Record<string, boolean | undefined>;
}

type Reading = <T>(what: Activity, fn: () => Promise<T>) => Promise<Read<T>>;

export async function readKeda(read: Reading, api: Api, scaledObjects: ScaledObject[], inNs: string): Promise<KedaState | undefined> {
  if (!scaledObjects.length) return undefined;
  const items = <T>(r: Read<{ items: T[] }>) => (r.ok ? r.value.items : undefined);
  const [operators, leases, metricsServers, externalApi, events, targets] = await Promise.all([
    read(msg('listing KEDA operator Deployments'), () => api.list<k8s.V1Deployment>('/apis/apps/v1/deployments', { labelSelector: KEDA_OPERATOR_SELECTOR })),
    read(msg('listing KEDA leader Leases'), () => api.list<k8s.V1Lease>('/apis/coordination.k8s.io/v1/leases', { fieldSelector: `metadata.name=${KEDA_LEASE}` })),
    read(msg('listing KEDA metrics server Deployments'), () => api.list<k8s.V1Deployment>('/apis/apps/v1/deployments', { labelSelector: KEDA_METRICS_SERVER_SELECTOR })),
    readApiService(read, api, { name: 'v1beta1.external.metrics.k8s.io', group: 'external' }),
    read(msg('listing ScaledObject events'), () => api.list<k8s.CoreV1Event>(`/api/v1${inNs}/events`, { fieldSelector: 'involvedObject.kind=ScaledObject' })),
    Promise.all(scaledObjects.slice(0, MAX_TARGETS).map((so) => targetExists(read, api, so))),
  ]);
  const byTime = (e: k8s.CoreV1Event) => String(e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? '');
  return {
    operators: items(operators),
    leases: items(leases),
    metricsServers: items(metricsServers),
    externalApi,
    events: items(events)?.sort((a, b) => byTime(a).localeCompare(byTime(b))),
    targetExists: Object.fromEntries(scaledObjects.slice(0, MAX_TARGETS).map((so, i) => [`${so.metadata.namespace}/${so.metadata.name}`, targets[i]])),
  };
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

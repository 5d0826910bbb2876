// The doctor's reads of Cluster Autoscaler from what it publishes: its Deployment (by name, else any kube-system
// Deployment running its image), its pods and their logs, the events it records on nodes and on its status
// ConfigMap, and the server version its image is compared with. No Deployment is "not installed", never a problem;
// a refused read is a problem naming the permission (state.ts's Reader), and the checks say nothing about it.
import type * as k8s from '@kubernetes/client-node';
import { parseClusterAutoscalerStatus, type CaStatusParse } from '../k8s/clusterAutoscalerStatus';
import type { Api } from './reads';
import type { PodLogs, Read } from './state';
import type { Activity } from '../cluster/problems';
import { msg } from '../l10n';

export interface ClusterAutoscalerState {
  /** null: no Cluster Autoscaler Deployment (not installed); undefined: kube-system's Deployments could not be read. */
  deployment: k8s.V1Deployment | null | undefined;
  pods: k8s.V1Pod[];
  logs: PodLogs[];
  /** Events CA recorded on nodes and its status ConfigMap (ScaleDown, ScaleDownFailed, ScaleUpFailed, …). */
  events: k8s.CoreV1Event[];
  /** The status ConfigMap parsed (either form); undefined when there is none or it was unreadable. */
  status?: CaStatusParse;
  /** The API server's version (`/version`), for the image's skew. */
  serverVersion?: { gitVersion?: string; major?: string; minor?: string };
}

type Reading = <T>(what: Activity, fn: () => Promise<T>, absentOn?: readonly number[]) => Promise<Read<T>>;
type LogReader = (pod: k8s.V1Pod, container: string) => Promise<PodLogs | undefined>;

export const CA_NAMESPACE = 'kube-system';
export const CA_DEPLOYMENT = 'cluster-autoscaler';
const CA_IMAGE = /(^|\/)cluster-autoscaler(:|@|$)/;

/** The CA container of a pod spec (by image, then by name). */
export function caContainer(spec: k8s.V1PodSpec | undefined): k8s.V1Container | undefined {
  const containers = spec?.containers ?? [];
  return containers.find((c) => CA_IMAGE.test(c.image ?? '')) ?? containers.find((c) => c.name === CA_DEPLOYMENT);
}

const selectorOf = (d: k8s.V1Deployment) =>
  Object.entries(d.spec?.selector?.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

/**
 * Reads what Cluster Autoscaler publishes. `statusText` is data.status of its ConfigMap as state.ts read it (null:
 * no ConfigMap); `inNs` scopes the event reads like the doctor's other namespaced reads.
 */
export async function readClusterAutoscaler(read: Reading, api: Api, logs: LogReader, statusText: string | null | undefined, inNs: string): Promise<ClusterAutoscalerState> {
  const apps = `/apis/apps/v1/namespaces/${CA_NAMESPACE}/deployments`;
  let deployment: k8s.V1Deployment | null | undefined;
  const byName = await read(msg('reading {kind} {name}', { kind: 'Deployment', name: `${CA_NAMESPACE}/${CA_DEPLOYMENT}` }), () => api.object<k8s.V1Deployment>(`${apps}/${CA_DEPLOYMENT}`));
  if (byName.ok) deployment = byName.value;
  else if (byName.status === 404) {
    // Helm names it <release>-<cloud>-cluster-autoscaler: any kube-system Deployment that runs the image.
    const all = await read(msg('listing Deployments in {namespace}', { namespace: CA_NAMESPACE }), () => api.list<k8s.V1Deployment>(apps));
    deployment = all.ok ? (all.value.items.find((d) => caContainer(d.spec?.template?.spec)) ?? null) : undefined;
  }
  const status = typeof statusText === 'string' ? parseClusterAutoscalerStatus(statusText) : undefined;
  if (!deployment && !status) return { deployment, pods: [], logs: [], events: [] };

  const eventPaths = inNs ? [`/api/v1/namespaces/${CA_NAMESPACE}/events`, '/api/v1/namespaces/default/events'] : ['/api/v1/events'];
  const d = deployment;
  const [pods, version, ...eventLists] = await Promise.all([
    d
      ? read(msg('listing pods of {kind} {name}', { kind: 'Deployment', name: `${CA_NAMESPACE}/${d.metadata?.name}` }), () =>
          api.list<k8s.V1Pod>(`/api/v1/namespaces/${CA_NAMESPACE}/pods`, { labelSelector: selectorOf(d) }),
        )
      : Promise.resolve(undefined),
    read(msg('reading the API server version'), () => api.version()),
    ...eventPaths.map((path) => read(msg('listing Cluster Autoscaler events'), () => api.list<k8s.CoreV1Event>(path, { fieldSelector: 'source=cluster-autoscaler' }))),
  ]);
  const podList = (pods?.ok ? pods.value.items : []).filter((p) => !p.metadata?.deletionTimestamp && caContainer(p.spec));
  const podLogs: PodLogs[] = [];
  for (const pod of podList.slice(0, 2)) {
    const container = caContainer(pod.spec)?.name;
    const l = container ? await logs(pod, container) : undefined;
    if (l) podLogs.push(l);
  }
  return {
    deployment,
    pods: podList,
    logs: podLogs,
    events: eventLists.flatMap((l) => (l.ok ? l.value.items : [])).filter((e) => e.involvedObject?.kind !== 'Pod'),
    status,
    serverVersion: version.ok ? version.value : undefined,
  };
}

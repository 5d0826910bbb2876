// The doctor's reads about the cluster's setup and history, beside the metrics pipeline of state.ts: the HPAs'
// events (what `kubectl describe hpa` lists), Heapster leftovers, the kube-apiserver static pods (kubeadm) and the
// CoreDNS ConfigMaps that setup.ts tells kubeadm, k3s, EKS, AKS, GKE and binary control planes apart with.
import type * as k8s from '@kubernetes/client-node';
import type { Api } from './reads';
import type { Read } from './state';
import type { Activity } from '../cluster/problems';
import { msg } from '../l10n';

export interface ContextState {
  /** Events whose involvedObject is an HPA, in the doctor's scope. */
  hpaEvents: k8s.CoreV1Event[];
  /** kube-system/heapster; null: absent. Undefined fields: unreadable. */
  heapster: { deployment?: k8s.V1Deployment | null; service?: k8s.V1Service | null };
  /** kube-system pods labelled component=kube-apiserver (kubeadm's static pods); undefined: unreadable. */
  apiServerPods?: k8s.V1Pod[];
  /** kube-system/coredns and coredns-custom (null: absent), for dnsFlavor. */
  coredns: { config?: k8s.V1ConfigMap | null; custom?: k8s.V1ConfigMap | null };
}

type Reading = <T>(what: Activity, fn: () => Promise<T>) => Promise<Read<T>>;

const orNull = <T>(r: Read<T>): T | null | undefined => (r.ok ? r.value : r.status === 404 ? null : undefined);

export async function readContext(read: Reading, api: Api, inNs: string): Promise<ContextState> {
  const ks = '/namespaces/kube-system';
  const [events, heapsterDeployment, heapsterService, apiServerPods, coredns, custom] = await Promise.all([
    read(msg('listing HorizontalPodAutoscaler events'), () => api.list<k8s.CoreV1Event>(`/api/v1${inNs}/events`, { fieldSelector: 'involvedObject.kind=HorizontalPodAutoscaler' })),
    read(msg('reading {kind} {name}', { kind: 'Deployment', name: 'kube-system/heapster' }), () => api.object<k8s.V1Deployment>(`/apis/apps/v1${ks}/deployments/heapster`)),
    read(msg('reading {kind} {name}', { kind: 'Service', name: 'kube-system/heapster' }), () => api.object<k8s.V1Service>(`/api/v1${ks}/services/heapster`)),
    read(msg('listing kube-apiserver pods in kube-system'), () => api.list<k8s.V1Pod>(`/api/v1${ks}/pods`, { labelSelector: 'component=kube-apiserver' })),
    read(msg('reading {kind} {name}', { kind: 'ConfigMap', name: 'kube-system/coredns' }), () => api.configMap({ namespace: 'kube-system', name: 'coredns' })),
    read(msg('reading {kind} {name}', { kind: 'ConfigMap', name: 'kube-system/coredns-custom' }), () => api.configMap({ namespace: 'kube-system', name: 'coredns-custom' })),
  ]);
  return {
    hpaEvents: events.ok ? events.value.items : [],
    heapster: { deployment: orNull(heapsterDeployment), service: orNull(heapsterService) },
    apiServerPods: apiServerPods.ok ? apiServerPods.value.items : undefined,
    coredns: { config: orNull(coredns), custom: orNull(custom) },
  };
}

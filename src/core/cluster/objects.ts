// Live API objects as the cluster layer reads them: the shapes of metrics.k8s.io, KEDA and VPA objects,
// and what controllers make of an object (which containers the HPA counts, a pod's workload, the
// HPA KEDA makes). Rows, the session and the doctor's checks share these, so they agree.
import type * as k8s from '@kubernetes/client-node';
import { DEFAULT_UPDATE_MODE, policiesControl, type ContainerPolicyView } from '../k8s/vpaPolicy';

/** metrics.k8s.io/v1beta1 NodeMetrics (the fields used). */
export interface NodeMetrics {
  metadata: { name: string };
  timestamp?: string;
  window?: string;
  usage: Record<string, string>;
}

/** metrics.k8s.io/v1beta1 PodMetrics (the fields used). */
export interface PodMetrics {
  metadata: { name: string; namespace?: string };
  timestamp?: string;
  window?: string;
  containers: { name: string; usage: Record<string, string> }[];
}

/** KEDA ScaledObject, keda.sh/v1alpha1 (the fields used). */
export interface ScaledObject {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
  spec?: {
    scaleTargetRef?: { apiVersion?: string; kind?: string; name?: string };
    minReplicaCount?: number;
    maxReplicaCount?: number;
    triggers?: { type?: string; name?: string; metricType?: string; metadata?: Record<string, string> }[];
    advanced?: { horizontalPodAutoscalerConfig?: { name?: string } };
  };
  status?: { hpaName?: string; conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

/** A VPA's resource amounts (`target`, `lowerBound`, `upperBound`, `uncappedTarget`): quantities by resource name. */
export type VpaAmounts = Record<string, string>;

/** One container's recommendation in a VPA's status (RecommendedContainerResources). */
export interface VpaContainerRecommendation {
  containerName?: string;
  target?: VpaAmounts;
  lowerBound?: VpaAmounts;
  upperBound?: VpaAmounts;
  uncappedTarget?: VpaAmounts;
}

/** VerticalPodAutoscaler, autoscaling.k8s.io/v1 (the fields used; k8s.io/autoscaler vertical-pod-autoscaler v1.8.1 types.go). */
export interface VerticalPodAutoscaler {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
  spec?: {
    targetRef?: { apiVersion?: string; kind?: string; name?: string };
    updatePolicy?: { updateMode?: string };
    resourcePolicy?: { containerPolicies?: { containerName?: string; mode?: string; controlledResources?: unknown }[] };
  };
  status?: {
    recommendation?: { containerRecommendations?: VpaContainerRecommendation[] };
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
  };
}

/** The update mode a VPA runs with (`updatePolicy.updateMode`, else the default Recreate). */
export const liveVpaUpdateMode = (vpa: VerticalPodAutoscaler): string => vpa.spec?.updatePolicy?.updateMode || DEFAULT_UPDATE_MODE;

/** Whether a live VPA controls `resource` of one of `containers` (k8s/vpa.ts policiesControl); a malformed list is open. */
export function liveVpaControls(vpa: VerticalPodAutoscaler, resource: string, containers?: string[]): boolean | undefined {
  const policies = (vpa.spec?.resourcePolicy?.containerPolicies ?? []).map((p): ContainerPolicyView => {
    const list = p.controlledResources;
    const valid = list === undefined || list === null || (Array.isArray(list) && list.every((r) => typeof r === 'string'));
    return { containerName: p.containerName, mode: p.mode, ...(valid ? { controlledResources: (list as string[] | null) ?? undefined } : { open: true }) };
  });
  return policiesControl(policies, resource, containers);
}

/** `namespace/Kind/name` of a VPA's target, the key workloads are matched by; undefined without a complete targetRef. */
export function vpaTargetKey(vpa: VerticalPodAutoscaler): string | undefined {
  const t = vpa.spec?.targetRef;
  return t?.kind && t.name && vpa.metadata?.namespace ? `${vpa.metadata.namespace}/${t.kind}/${t.name}` : undefined;
}

/** A restartable init container (`restartPolicy: Always`): a sidecar that runs beside the containers. */
export const isRestartable = (c: k8s.V1Container) => c.restartPolicy === 'Always';

/**
 * Containers the HPA counts for Utilization: regular ones and restartable init containers (sidecars),
 * as the HPA controller's replica calculator sums requests (pkg/controller/podautoscaler).
 */
export function countedContainers(pod: k8s.V1Pod): k8s.V1Container[] {
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter(isRestartable)];
}

/** The controller owner reference, if any (the one with `controller: true`, as metav1.GetControllerOf). */
export function controllerOf(meta: k8s.V1ObjectMeta | undefined): k8s.V1OwnerReference | undefined {
  return meta?.ownerReferences?.find((o) => o.controller);
}

/**
 * The workload a pod belongs to: its controller, with a ReplicaSet replaced by the Deployment that
 * owns it. `replicaSetOwner` answers from the ReplicaSets the caller can see; when it cannot (no
 * permission to list ReplicaSets), the pod-template-hash naming convention
 * (`<deployment>-<hash>`) is used for ReplicaSets that carry the hash label.
 */
export function workloadOf(pod: k8s.V1Pod, replicaSetOwner?: (namespace: string, name: string) => { kind: string; name: string } | null | undefined): { kind: string; name: string } | undefined {
  const owner = controllerOf(pod.metadata);
  if (!owner) return undefined;
  if (owner.kind !== 'ReplicaSet') return { kind: owner.kind, name: owner.name };
  const known = replicaSetOwner?.(pod.metadata?.namespace ?? '', owner.name);
  if (known) return known;
  if (known === null) return { kind: 'ReplicaSet', name: owner.name }; // a ReplicaSet without a controller
  const hash = pod.metadata?.labels?.['pod-template-hash'];
  if (hash && owner.name.endsWith(`-${hash}`)) return { kind: 'Deployment', name: owner.name.slice(0, -hash.length - 1) };
  return { kind: 'ReplicaSet', name: owner.name };
}

/** The name of the HPA KEDA makes for a ScaledObject. */
export function kedaHpaName(so: ScaledObject): string {
  return so.status?.hpaName || so.spec?.advanced?.horizontalPodAutoscalerConfig?.name || `keda-hpa-${so.metadata?.name ?? ''}`;
}

/** `namespace/name`, or `name` for a cluster-scoped object: how the session keys objects and rows. */
export const objectKey = (o: { metadata?: { name?: string; namespace?: string } }) => (o.metadata?.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : (o.metadata?.name ?? ''));

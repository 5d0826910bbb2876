// Pods and containers for the cluster row and object tests: only the fields a test sets.
import type * as k8s from '@kubernetes/client-node';

export const container = (name: string, requests?: Record<string, string>, extra: Partial<k8s.V1Container> = {}): k8s.V1Container => ({
  name,
  ...(requests ? { resources: { requests } } : {}),
  ...extra,
});

export function pod(spec: Partial<k8s.V1PodSpec>, status: k8s.V1PodStatus = { phase: 'Running' }, meta: Partial<k8s.V1ObjectMeta> = {}): k8s.V1Pod {
  return { metadata: { name: 'p', namespace: 'ns', ...meta }, spec: { containers: [], ...spec }, status };
}

// REST paths of the objects repairs read and write; the requests go through cluster/request.ts.
import type { KubeConfig } from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import { KubeApiError, kubeRequest, type KubeObject } from '../../cluster/request';
import type { ObjectRef } from '../../k8s/objectRef';

const PLURALS: Record<string, { group: string; plural: string; namespaced: boolean }> = {
  Deployment: { group: 'apps/v1', plural: 'deployments', namespaced: true },
  ConfigMap: { group: 'v1', plural: 'configmaps', namespaced: true },
  ServiceAccount: { group: 'v1', plural: 'serviceaccounts', namespaced: true },
  Service: { group: 'v1', plural: 'services', namespaced: true },
  ClusterRole: { group: 'rbac.authorization.k8s.io/v1', plural: 'clusterroles', namespaced: false },
  ClusterRoleBinding: { group: 'rbac.authorization.k8s.io/v1', plural: 'clusterrolebindings', namespaced: false },
  Role: { group: 'rbac.authorization.k8s.io/v1', plural: 'roles', namespaced: true },
  RoleBinding: { group: 'rbac.authorization.k8s.io/v1', plural: 'rolebindings', namespaced: true },
  APIService: { group: 'apiregistration.k8s.io/v1', plural: 'apiservices', namespaced: false },
};

/** The REST path of an object (or of its collection when `collection` is set). */
export function objectPath(ref: ObjectRef, collection = false): string {
  const t = PLURALS[ref.kind];
  if (!t) throw new Error(`unsupported kind ${ref.kind}`);
  const base = t.group === 'v1' ? '/api/v1' : `/apis/${t.group}`;
  const ns = t.namespaced ? `/namespaces/${encodeURIComponent(ref.namespace ?? 'default')}` : '';
  return `${base}${ns}/${t.plural}${collection ? '' : '/' + encodeURIComponent(ref.name)}`;
}

/** The object, or undefined when it does not exist (404). */
export async function readIfExists(kc: KubeConfig, ref: ObjectRef): Promise<KubeObject | undefined> {
  try {
    return await kubeRequest(kc, 'GET', objectPath(ref));
  } catch (err) {
    if (err instanceof KubeApiError && err.status === 404) return undefined;
    throw err;
  }
}

// The namespaces of the current cluster, for the namespace picker. Listing them is often forbidden
// to namespace-scoped accounts, so the problem comes back as data and the picker still offers typing.
import type * as k8s from '@kubernetes/client-node';
import { listPath } from './informer';
import { toProblem } from './problems';
import type { ClusterProblem } from './types';

export interface NamespaceList {
  /** Sorted names; empty when they cannot be listed. */
  names: string[];
  problem?: ClusterProblem;
}

export async function listNamespaces(kc: k8s.KubeConfig): Promise<NamespaceList> {
  try {
    const list = await listPath<k8s.V1Namespace>(kc, '/api/v1/namespaces');
    return {
      names: (list.items ?? [])
        .map((n) => n.metadata?.name ?? '')
        .filter(Boolean)
        .sort(),
    };
  } catch (err) {
    return { names: [], problem: toProblem(err, 'listing namespaces') };
  }
}

// `lint --kube-version auto`: the Kubernetes version of the current kubeconfig context's API server (GET /version).
// It lives in the cluster bundle (clusterCommands.ts), so a plain `lint` never loads the Kubernetes client.
import { loadKubeConfig, readVersion } from '../core/cluster/connect';
import { toProblem } from '../core/cluster/problems';
import type { ClusterProblem } from '../core/cluster/types';

export type ServerVersion = { ok: true; gitVersion: string; context: string } | { ok: false; problem: ClusterProblem };

/** The server's gitVersion (`v1.23.17-eks-0a21954`), or why it could not be read (no kubeconfig, server down, 401/403). */
export async function serverVersionOfContext(opts: { kubeconfig?: string; context?: string } = {}): Promise<ServerVersion> {
  try {
    const kc = loadKubeConfig(opts);
    return { ok: true, gitVersion: await readVersion(kc), context: kc.getCurrentContext() };
  } catch (err) {
    return { ok: false, problem: toProblem(err, 'reading the server version (GET /version)') };
  }
}

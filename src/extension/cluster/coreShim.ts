// TEMPORARY: stands in for src/core/cluster/{connect,problems,session}.ts (helper A) until they land, with the
// contract's signatures, so the extension builds. Deleted as soon as the real modules are committed.
import { KubeConfig } from '@kubernetes/client-node';
import type { ClusterInfo, ClusterProblem, ConnectOptions, Snapshot, SnapshotChange } from '../../core/cluster/types';

export class ClusterProblemError extends Error {
  constructor(readonly problem: ClusterProblem) {
    super(problem.title);
  }
}

export function toProblem(err: unknown, what: string): ClusterProblem {
  return { kind: 'error', title: `Failed ${what}`, message: String(err instanceof Error ? err.message : err) };
}

export function loadKubeConfig(opts: ConnectOptions): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (opts.kubeconfig) kc.loadFromFile(opts.kubeconfig);
    else kc.loadFromDefault();
  } catch (err) {
    throw new ClusterProblemError({ kind: 'kubeconfig', title: 'Cannot read the kubeconfig', message: String(err) });
  }
  if (opts.context) kc.setCurrentContext(opts.context);
  if (!kc.getCurrentContext()) throw new ClusterProblemError({ kind: 'kubeconfig', title: 'No current context', message: 'The kubeconfig has no current context.' });
  return kc;
}

export function clusterInfo(kc: KubeConfig, namespace?: string): ClusterInfo {
  const ctx = kc.getContextObject(kc.getCurrentContext());
  const cluster = kc.getCurrentCluster();
  return { context: kc.getCurrentContext(), cluster: cluster?.name ?? '', server: cluster?.server ?? '', namespace: namespace ?? ctx?.namespace ?? 'default' };
}

export class ClusterSession {
  private readonly info: ClusterInfo;
  constructor(kc: KubeConfig, opts: { namespace?: string; metricsIntervalMs?: number; log?: (msg: string) => void } = {}) {
    this.info = clusterInfo(kc, opts.namespace);
  }
  start(): void {}
  dispose(): void {}
  snapshot(): Snapshot {
    return { info: this.info, nodes: [], pods: [], autoscalers: [], problems: [] };
  }
  onDidChange(listener: (c: SnapshotChange) => void): { dispose(): void } {
    void listener;
    return { dispose: () => undefined };
  }
  setMetricsPolling(on: boolean): void {
    void on;
  }
  async refreshMetrics(): Promise<void> {}
}

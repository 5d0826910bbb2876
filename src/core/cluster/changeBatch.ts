// Change events of the session, batched: keys touched within `batchMs` reach listeners as one
// SnapshotChange, so a burst of watch events (a rollout, a re-list) redraws views once.
import type { SnapshotChange } from './types';

export type ChangeListener = (change: SnapshotChange) => void;

type Pending = { nodes: Set<string>; pods: Set<string>; podUsage: Set<string>; autoscalers: Set<string>; info: boolean; problems: boolean; nodeAutoscaling: boolean };

function fresh(): Pending {
  return { nodes: new Set<string>(), pods: new Set<string>(), podUsage: new Set<string>(), autoscalers: new Set<string>(), info: false, problems: false, nodeAutoscaling: false };
}

export class ChangeBatch {
  private readonly listeners = new Set<ChangeListener>();
  private pending: Pending = fresh();
  private timer?: NodeJS.Timeout;
  private disposed = false;
  /** While above 0 (lists being applied), nothing is delivered. */
  private holds = 0;

  constructor(
    private readonly batchMs: number,
    private readonly log: (message: string) => void,
  ) {}

  onDidChange(listener: ChangeListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** A row changed (or appeared, or went). */
  touch(kind: 'nodes' | 'pods' | 'autoscalers', key: string): void {
    this.pending[kind].add(key);
    this.schedule();
  }

  /** A pod's row changed in its usage alone (a metrics read): see SnapshotChange.podUsageOnly. */
  touchUsage(podKey: string): void {
    this.pending.podUsage.add(podKey);
    this.schedule();
  }

  mark(what: 'info' | 'problems' | 'nodeAutoscaling'): void {
    this.pending[what] = true;
    this.schedule();
  }

  /** Delays delivery until the matching release (a list applied in slices arrives as one change). */
  hold(): void {
    this.holds++;
  }

  release(): void {
    this.holds = Math.max(0, this.holds - 1);
    if (!this.holds) this.schedule();
  }

  /** Drops what is pending and every listener. */
  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.listeners.clear();
  }

  private schedule(): void {
    if (this.timer || this.disposed) return;
    this.timer = setTimeout(() => this.flush(), this.batchMs);
  }

  private flush(): void {
    this.timer = undefined;
    if (this.holds) return;
    const p = this.pending;
    this.pending = fresh();
    const change: SnapshotChange = {};
    if (p.nodes.size) change.nodes = [...p.nodes];
    if (p.pods.size || p.podUsage.size) {
      // A pod touched both ways counts as changed: its row may differ in more than its usage.
      for (const k of p.pods) p.podUsage.delete(k);
      change.pods = [...p.pods, ...p.podUsage];
      if (p.podUsage.size) change.podUsageOnly = p.podUsage;
    }
    if (p.autoscalers.size) change.autoscalers = [...p.autoscalers];
    if (p.info) change.info = true;
    if (p.problems) change.problems = true;
    if (p.nodeAutoscaling) change.nodeAutoscaling = true;
    if (!Object.keys(change).length) return;
    for (const l of [...this.listeners]) {
      try {
        l(change);
      } catch (err) {
        this.log(`change listener failed: ${(err as Error)?.message ?? err}`);
      }
    }
  }
}

// When metrics.k8s.io is read: every interval while polling is on (metrics-server's resolution is
// 15 s), at once when switched on, one read shared by concurrent callers. And which rows a new read
// changes, compared as served text, so an unchanged usage redraws nothing.
import type { NodeMetrics, PodMetrics } from './objects';

export class MetricsPoller {
  private on = false;
  private timer?: NodeJS.Timeout;
  private reading?: Promise<void>;
  private disposed = false;

  constructor(
    private readonly intervalMs: number,
    private readonly read: () => Promise<void>,
  ) {}

  get polling(): boolean {
    return this.on;
  }

  /** Switches polling; true when it was just switched on (the caller polls at once if it has started). */
  setPolling(on: boolean): boolean {
    if (this.disposed || on === this.on) return false;
    this.on = on;
    if (!on) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      return false;
    }
    return true;
  }

  /** One read; concurrent calls share it. */
  refresh(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.reading ??= this.read().finally(() => (this.reading = undefined));
    return this.reading;
  }

  /** Reads now, then again after the interval while polling is on. */
  async pollOnce(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.refresh();
    if (this.on && !this.disposed && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.pollOnce();
      }, this.intervalMs);
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** Nodes whose usage differs between two reads (by name), or that are gone from the new one. */
export function changedNodeMetrics(old: ReadonlyMap<string, NodeMetrics>, next: ReadonlyMap<string, NodeMetrics>): string[] {
  const changed: string[] = [];
  for (const [name, m] of next) if (usageSignature(old.get(name)?.usage) !== usageSignature(m.usage)) changed.push(name);
  for (const name of old.keys()) if (!next.has(name)) changed.push(name);
  return changed;
}

/** Pods (by key) new in the read or with another usage of any container, or gone from it. */
export function changedPodMetrics(old: ReadonlyMap<string, PodMetrics>, next: ReadonlyMap<string, PodMetrics>): string[] {
  const changed: string[] = [];
  for (const [k, m] of next) {
    const prev = old.get(k);
    if (!prev || containerSignature(prev) !== containerSignature(m)) changed.push(k);
  }
  for (const k of old.keys()) if (!next.has(k)) changed.push(k);
  return changed;
}

/** Metrics values as served (metrics-server writes each quantity one way), compared as text. */
function usageSignature(u: Record<string, string> | undefined): string | undefined {
  return u && `${u.cpu}/${u.memory}`;
}

function containerSignature(m: PodMetrics): string {
  let s = '';
  for (const c of m.containers ?? []) s += `${c.name}=${usageSignature(c.usage)},`;
  return s;
}

// When metrics.k8s.io is read: every interval while polling is on (metrics-server's resolution is
// 15 s), at once when switched on, one read shared by concurrent callers. And which samples a new read
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

  /** pollOnce after the read under way, if any (what it reads was decided before a change of what is wanted). */
  async pollAfterCurrent(): Promise<void> {
    await this.reading?.catch(() => undefined);
    await this.pollOnce();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/**
 * Whether a metrics read must read the pods too. metrics-server scrapes a node's pods in the same
 * kubelet answer as the node, so pod samples change only when node samples do: while no node has a
 * new sample, the 22,000 pod metrics (ten times the cost of 2,000 nodes') are not read again. They
 * are read anyway every `maxSkips + 1` reads (another metrics API might scrape pods on their own),
 * on the first read and after a failed one.
 */
export class PodReadGate {
  private lastNodeSamples?: string;
  private skipped = 0;

  constructor(private readonly maxSkips = 3) {}

  /** Pods will be read whatever the nodes say (so they can be read beside them). */
  mustRead(): boolean {
    return this.lastNodeSamples === undefined || this.skipped >= this.maxSkips;
  }

  /** After the node read (`undefined`: it failed): whether to read the pods. */
  afterNodes(nodes: NodeMetrics[] | undefined): boolean {
    const must = this.mustRead();
    const samples = nodes && nodeSamples(nodes);
    const read = must || samples === undefined || samples !== this.lastNodeSamples;
    this.lastNodeSamples = samples;
    this.skipped = read ? 0 : this.skipped + 1;
    return read;
  }

  /** The pod read failed: the next read reads them whatever the nodes say. */
  failed(): void {
    this.lastNodeSamples = undefined;
  }
}

/** Every node's sample (name, time, usage), in name order. */
function nodeSamples(nodes: NodeMetrics[]): string {
  return nodes
    .map((m) => `${m.metadata?.name} ${m.timestamp} ${usageSignature(m.usage)}`)
    .sort()
    .join('\n');
}

/** Nodes whose usage differs between two reads (by name), or that are gone from the new one. */
export function changedNodeMetrics(old: ReadonlyMap<string, NodeMetrics>, next: ReadonlyMap<string, NodeMetrics>): string[] {
  const changed: string[] = [];
  for (const [name, m] of next) if (usageSignature(old.get(name)?.usage) !== usageSignature(m.usage)) changed.push(name);
  for (const name of old.keys()) if (!next.has(name)) changed.push(name);
  return changed;
}

/** Whether any container's usage text differs between two samples of a pod (metrics-server writes each value one way). */
export function usageTextChanged(old: PodMetrics, next: PodMetrics): boolean {
  return containerSignature(old) !== containerSignature(next);
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

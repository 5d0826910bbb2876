// When metrics.k8s.io is read: while polling is on, when the next sample is due but no more often than the
// interval (MetricsCadence), at once when switched on, one read shared by concurrent callers. And which nodes' samples
// a new read changes, compared as served text, so an unchanged usage redraws nothing (pods' samples are compared as
// numbers: rows/pod.ts, sameSample).
import { durationMs } from './hpaReplay';
import type { NodeMetrics } from './objects';

export class MetricsPoller {
  private on = false;
  private timer?: NodeJS.Timeout;
  private reading?: Promise<void>;
  private disposed = false;

  /** @param delayMs after a read, how long until the next one (MetricsCadence); the interval when not given */
  constructor(
    private readonly intervalMs: number,
    private readonly read: () => Promise<void>,
    private readonly delayMs: () => number = () => intervalMs,
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

  /** Reads now, then again after `delayMs()` while polling is on. */
  async pollOnce(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.refresh();
    if (this.on && !this.disposed && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.pollOnce();
      }, this.delayMs());
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

/** A read timed for a new cycle comes this much before it is expected, so the time of the reads drifts toward it. */
const EARLY_MS = 1000;
/** A timed read that found no new cycle is retried this much later, until one interval past the expected time. */
const RETRY_MS = 2000;

/**
 * When the next metrics read is worth making. metrics-server samples every node once per resolution (60 s on big
 * clusters, 15 s by default), and a read between two cycles returns what the last one did: at a 60 s resolution,
 * reading every 15 s reads 2,000 nodes four times for one new sample. The period comes from the samples themselves
 * (their window, trusted once two cycles' samples came one window apart; both are the cluster's clock, so an offset
 * between its clock and ours does not matter); the next read is timed from when we first saw the last cycle,
 * one second early, and retried two seconds later when the cycle is not there yet. The reads then settle just after
 * each cycle (1–2 reads per cycle, the new sample seen within about 2 s instead of up to one interval). Timed only when
 * the period is at least two intervals, so never more reads than reading every interval; a cycle that does not come
 * within an interval of its time, a failed read, or samples without times, and the interval applies again.
 */
export class MetricsCadence {
  private newest?: number;
  private periodMs?: number;
  /** Our clock when a read first saw the newest cycle. */
  private seenAt?: number;

  constructor(private readonly intervalMs: number) {}

  /** A node read that answered, at our time `now`. */
  observe(nodes: readonly NodeMetrics[], now: number): void {
    let newest: number | undefined;
    let window: number | undefined;
    for (const m of nodes) {
      const t = m.timestamp ? Date.parse(m.timestamp) : NaN;
      if (Number.isFinite(t) && (newest === undefined || t > newest)) {
        newest = t;
        window = durationMs(m.window);
      }
    }
    if (newest === undefined) return this.forget();
    if (newest === this.newest) return;
    const between = this.newest !== undefined ? newest - this.newest : undefined;
    // A period is trusted when two cycles came one window apart: metrics-server's window is its resolution; an adapter's
    // may be a rate's window (minutes) while its samples change on every read.
    this.periodMs = window && between && Math.abs(between - window) <= window / 5 ? window : undefined;
    this.newest = newest;
    this.seenAt = now;
  }

  /** A read that failed: the interval until one answers again. */
  forget(): void {
    this.newest = this.periodMs = this.seenAt = undefined;
  }

  /** How long after `now` to read next. */
  delayMs(now: number): number {
    const { periodMs, seenAt } = this;
    if (periodMs === undefined || seenAt === undefined || periodMs < 2 * this.intervalMs) return this.intervalMs;
    const expected = seenAt + periodMs;
    if (now < expected - EARLY_MS) return Math.min(expected - EARLY_MS - now, 4 * this.intervalMs);
    return now + RETRY_MS <= expected + this.intervalMs ? RETRY_MS : this.intervalMs;
  }
}

/**
 * Whether a metrics read must read the pods too. metrics-server scrapes a node's pods in the same
 * kubelet answer as the node, so pod samples change only when node samples do: while no node has a
 * new sample, the 22,000 pod metrics (ten times the cost of 2,000 nodes') are not read again. They
 * are read anyway every `maxSkips + 1` reads (another metrics API might scrape pods on their own),
 * on the first read, after a failed one, and when asked (`readNext`: the pods in view changed).
 * A read calls `beginRead` as it starts, then `afterNodes` with the nodes' answer.
 */
export class PodReadGate {
  private lastNodeSamples?: string;
  private skipped = 0;
  private asked = false;
  private readingEarly = false;

  constructor(private readonly maxSkips = 3) {}

  /** The next read to start reads the pods; one already under way does not count (it chose its pods before). */
  readNext(): void {
    this.asked = true;
  }

  /** A read starts: whether it reads the pods beside the nodes, whatever the nodes will say. */
  beginRead(): boolean {
    this.readingEarly = this.asked || this.lastNodeSamples === undefined || this.skipped >= this.maxSkips;
    this.asked = false;
    return this.readingEarly;
  }

  /** After the node read (`undefined`: it failed): whether to read the pods now (never when they are read already). */
  afterNodes(nodes: NodeMetrics[] | undefined): boolean {
    const samples = nodes && nodeSamples(nodes);
    const read = !this.readingEarly && (samples === undefined || samples !== this.lastNodeSamples);
    this.lastNodeSamples = samples;
    this.skipped = read || this.readingEarly ? 0 : this.skipped + 1;
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

/** Metrics values as served (metrics-server writes each quantity one way), compared as text. */
function usageSignature(u: Record<string, string> | undefined): string | undefined {
  return u && `${u.cpu}/${u.memory}`;
}

// The replayed HPA decision each live CodeLens shows (`desired 5 · held at 6 by scale-down window until 14:32`),
// kept per HPA. A lens asks with get(); a read starts when the last one is older than the refresh interval, so a
// session change burst costs one read per HPA, and `changed` fires when a summary differs from the one shown.
// No vscode: unit tests drive it with their own read and clock.

export interface ReplayLine {
  summary: string;
  /** The chain, one step a line (the lens's tooltip). */
  chain: string[];
}

interface Entry {
  line?: ReplayLine;
  readAt: number;
  reading: boolean;
}

export class ReplaySummaries {
  private readonly entries = new Map<string, Entry>();
  /** Bumped by clear(): a read started before a context switch is dropped. */
  private generation = 0;

  constructor(
    private readonly read: (namespace: string, name: string) => Promise<ReplayLine | undefined>,
    private readonly changed: () => void,
    private readonly refreshMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The last replay of HPA `namespace/name`, undefined before the first read ends; starts a read when stale. */
  get(key: string): ReplayLine | undefined {
    let entry = this.entries.get(key);
    if (!entry) this.entries.set(key, (entry = { readAt: -Infinity, reading: false }));
    if (!entry.reading && this.now() - entry.readAt >= this.refreshMs) void this.refresh(key, entry);
    return entry.line;
  }

  /** Forgets every replay (another context, or no lens wants them). */
  clear(): void {
    this.entries.clear();
    this.generation++;
  }

  private async refresh(key: string, entry: Entry): Promise<void> {
    const generation = this.generation;
    entry.reading = true;
    entry.readAt = this.now();
    const slash = key.indexOf('/');
    let line: ReplayLine | undefined;
    try {
      line = await this.read(key.slice(0, slash), key.slice(slash + 1));
    } catch {
      // A lens is a convenience: a failed read shows no summary rather than an error.
      line = undefined;
    } finally {
      entry.reading = false;
    }
    if (generation !== this.generation) return;
    const before = entry.line;
    entry.line = line;
    if (before?.summary !== line?.summary || before?.chain.join('\n') !== line?.chain.join('\n')) this.changed();
  }
}

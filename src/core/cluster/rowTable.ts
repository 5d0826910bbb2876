// Rows by key, computed lazily: a key marked dirty many times (20,000 pod events touching one
// node) is computed once, when read. A stale key (a pod whose usage alone changed) is computed only
// when its row is read, never in the background slices (settleFor). The sorted list is rebuilt only
// when keys come or go; a list handed out is copied before a changed row is swapped in, so lists
// handed out earlier stay as they were.

export class RowTable<R> {
  private readonly rows = new Map<string, R>();
  private readonly dirty = new Set<string>();
  private readonly stale = new Set<string>();
  private sorted?: R[];
  private index?: Map<string, number>;
  /** Whether `sorted` was handed out by list(): then it is copied before a row in it changes. */
  private handedOut = false;

  constructor(
    /** The row for a key (`previous`: the one it has), or undefined when the key no longer has one. */
    private readonly compute: (key: string, previous: R | undefined) => R | undefined,
    private readonly order: (a: R, b: R) => number,
  ) {}

  markDirty(key: string): void {
    this.stale.delete(key);
    this.dirty.add(key);
  }

  /** The key's row is to be recomputed when read (get, list), not before: settleFor leaves it. A dirty key stays dirty. */
  markStale(key: string): void {
    if (!this.dirty.has(key)) this.stale.add(key);
  }

  /** Computes every dirty and stale row. */
  settle(): void {
    this.settleFor(Infinity, true);
  }

  /**
   * Computes dirty rows (and stale ones with `withStale`) for up to `budgetMs`; true when none is left (callers yield
   * to the event loop between calls).
   */
  settleFor(budgetMs: number, withStale = false): boolean {
    const until = performance.now() + budgetMs;
    let n = 0;
    for (const keys of withStale ? [this.dirty, this.stale] : [this.dirty]) {
      for (const k of keys) {
        keys.delete(k);
        this.computeKey(k);
        if ((++n & 63) === 0 && performance.now() > until) return false;
      }
    }
    return this.dirty.size === 0 && (!withStale || this.stale.size === 0);
  }

  private computeKey(k: string): void {
    const previous = this.rows.get(k);
    const row = this.compute(k, previous);
    const had = previous !== undefined;
    if (row === undefined) {
      if (had) {
        this.rows.delete(k);
        this.sorted = undefined;
      }
    } else {
      this.rows.set(k, row);
      if (!had) this.sorted = undefined;
      else if (this.sorted && this.index) {
        if (this.handedOut) {
          this.sorted = this.sorted.slice();
          this.handedOut = false;
        }
        this.sorted[this.index.get(k)!] = row;
      }
    }
  }

  /** The key's row, computed if it is dirty or stale (that key alone). */
  get(key: string): R | undefined {
    if (this.dirty.delete(key) || this.stale.delete(key)) this.computeKey(key);
    return this.rows.get(key);
  }

  /** The row as last computed, without computing dirty or stale ones (undefined: none yet). */
  computed(key: string): R | undefined {
    return this.rows.get(key);
  }

  isDirty(key: string): boolean {
    return this.dirty.has(key);
  }

  /** Rows as last computed, without computing any (a stale row is given as it was). */
  computedRows(): IterableIterator<R> {
    return this.rows.values();
  }

  entries(): IterableIterator<[string, R]> {
    this.settle();
    return this.rows.entries();
  }

  get size(): number {
    this.settle();
    return this.rows.size;
  }

  /** All rows in order; the same array until something changes. */
  list(): R[] {
    this.settle();
    if (!this.sorted) {
      const keys = [...this.rows.keys()].sort((a, b) => this.order(this.rows.get(a)!, this.rows.get(b)!));
      this.sorted = keys.map((k) => this.rows.get(k)!);
      this.index = new Map(keys.map((k, i) => [k, i]));
    }
    this.handedOut = true;
    return this.sorted;
  }
}

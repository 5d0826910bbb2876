// Rows by key, computed lazily: a key marked dirty many times (20,000 pod events touching one
// node) is computed once, when read. The sorted list is rebuilt only when keys come or go; changed
// rows are swapped into a copy, so lists handed out earlier stay as they were.

export class RowTable<R> {
  private readonly rows = new Map<string, R>();
  private readonly dirty = new Set<string>();
  private sorted?: R[];
  private index?: Map<string, number>;

  constructor(
    /** The row for a key (`previous`: the one it has), or undefined when the key no longer has one. */
    private readonly compute: (key: string, previous: R | undefined) => R | undefined,
    private readonly order: (a: R, b: R) => number,
  ) {}

  markDirty(key: string): void {
    this.dirty.add(key);
  }

  /** Computes every dirty row. */
  settle(): void {
    this.settleFor(Infinity);
  }

  /** Computes dirty rows for up to `budgetMs`; true when none is left (callers yield to the event loop between calls). */
  settleFor(budgetMs: number): boolean {
    if (!this.dirty.size) return true;
    const until = performance.now() + budgetMs;
    let copied = false;
    let n = 0;
    for (const k of this.dirty) {
      this.dirty.delete(k);
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
          if (!copied) {
            this.sorted = this.sorted.slice();
            copied = true;
          }
          this.sorted[this.index.get(k)!] = row;
        }
      }
      if ((++n & 63) === 0 && performance.now() > until) break;
    }
    return this.dirty.size === 0;
  }

  get(key: string): R | undefined {
    if (this.dirty.has(key)) this.settle();
    return this.rows.get(key);
  }

  /** The row as last computed, without computing dirty ones (undefined: none yet). */
  computed(key: string): R | undefined {
    return this.rows.get(key);
  }

  isDirty(key: string): boolean {
    return this.dirty.has(key);
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
    return this.sorted;
  }
}

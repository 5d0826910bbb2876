// Pods' usage between metrics reads, as their rows show it: one object per pod that every read finding the pod reuses.
// A read of 20,000 pods then keeps a new object only for a pod whose sample changed, updates the held ones in place
// instead of building a new map, and applies nothing until the whole read has arrived. (It did not measurably lower
// the CPU of an open 20,000-pod namespace: the changed pods' new rows are what a read leaves to the collector;
// docs/benchmarks.md, thirteenth pass.)
import { objectKey } from './objects';
import { sampleShows, usageSample, type UsageSample } from './rows';
import type { PodUsage } from './metrics';

/** A pod's usage as held: what a read returns per PodMetrics (see PodUsageStore.read). */
export interface HeldUsage {
  /** The pod's key (`namespace/name`; empty for a PodMetrics without a name, which the read refuses). */
  name: string;
  /** The sample rows show; undefined while the read that found the pod first is not applied. */
  sample?: UsageSample;
  /** Set by a read: its sample when it differs from `sample` (undefined: the same). */
  next?: UsageSample;
  /** The last applied read that named the pod. */
  appliedIn: number;
}

export class PodUsageStore {
  private readonly held = new Map<string, HeldUsage>();
  private applied = 0;

  /** The sample a pod's row shows (undefined: none). */
  sample(key: string): UsageSample | undefined {
    return this.held.get(key)?.sample;
  }

  /** Every pod held, by key. */
  entries(): IterableIterator<[string, HeldUsage]> {
    return this.held.entries();
  }

  has(key: string): boolean {
    return this.held.has(key);
  }

  delete(key: string): void {
    this.held.delete(key);
  }

  /**
   * What a read keeps of a PodMetrics: the pod's held usage with the read's sample as `next` when it changed, or a new
   * one for a pod not held. Nothing is applied until `apply` (a read that fails keeps nothing).
   */
  read(m: PodUsage): HeldUsage {
    if (!m.metadata?.name) return { name: '', next: usageSample(m), appliedIn: -1 };
    const k = objectKey(m);
    const held = this.held.get(k);
    if (!held) return { name: k, next: usageSample(m), appliedIn: -1 };
    // Compared before a sample is made: the unchanged majority of a read then allocates none. The first read keeps
    // every sample it makes, and V8 may allocate the objects of such code in the old generation from then on, where
    // each one dropped waits for a full GC (docs/benchmarks.md, fourteenth pass).
    held.next = held.sample && sampleShows(held.sample, m) ? undefined : usageSample(m);
    return held;
  }

  /**
   * Applies a read's items, as a generator that yields every 256 items (the caller slices the work): each item's
   * `next` sample becomes its sample, and `changed` hears of each pod whose sample changed (`first`: it had none).
   * Then the pods of the namespaces read (`inRead`) that the read did not name lose theirs (gone, or their
   * namespace's read failed) and `removed` hears of them.
   */
  *apply(items: readonly HeldUsage[], inRead: (key: string) => boolean, changed: (key: string, first: boolean) => void, removed: (key: string) => void): Generator<void> {
    const applied = ++this.applied;
    let n = 0;
    for (const e of items) {
      const before = e.sample;
      const sample = e.next ?? before!;
      e.next = undefined;
      e.appliedIn = applied;
      if (before === undefined) this.held.set(e.name, e);
      if (sample !== before) {
        e.sample = sample;
        changed(e.name, before === undefined);
      }
      if ((++n & 255) === 0) yield;
    }
    for (const [k, e] of this.held) {
      if (e.appliedIn !== applied && inRead(k)) {
        this.held.delete(k);
        removed(k);
      }
      if ((++n & 255) === 0) yield;
    }
  }
}

// Amounts shared by the row files: quantities summed exactly in nano-units (as Quantity.Add sums
// them), rounded once the way kubectl reads them, percentages as kubectl computes them.
import { milliValue, parseQuantity, wholeValue } from '../../k8s/quantity';
import type { PodMetrics } from '../objects';
import type { Amounts } from '../types';

/** What kubectl prints for a value it does not have (a metric, a usage, a percentage). */
export const UNKNOWN = '<unknown>';

/** Exact resource totals in nano-units (cpu in nanocores, memory in nanobytes), as Quantity.Add sums them. */
export interface NanoAmounts {
  cpu: bigint;
  memory: bigint;
}

export const ZERO: NanoAmounts = { cpu: 0n, memory: 0n };

/** Parsed quantities by text: a cluster repeats a few request values over thousands of pods. */
const parsed = new Map<string | number, bigint | undefined>();
const PARSED_MAX = 20_000;

/** A quantity in nano-units; undefined when missing or invalid. */
export function nanos(q: unknown): bigint | undefined {
  if (typeof q !== 'string' && typeof q !== 'number') return undefined;
  if (parsed.has(q)) return parsed.get(q);
  const p = parseQuantity(q);
  const value = p.ok ? p.nanos : undefined;
  if (parsed.size >= PARSED_MAX) parsed.clear();
  parsed.set(q, value);
  return value;
}

/** A quantity's `MilliValue()`; 0 when missing. */
export function milliOf(q: unknown): number {
  const n = nanos(q);
  return n === undefined ? 0 : Number(milliValue({ nanos: n }));
}

/** Plain amounts as kubectl reads them: cpu `MilliValue()` (rounded up), memory `Value()` (rounded up). */
export function toAmounts(n: NanoAmounts): Amounts {
  return { cpuMilli: Number(milliValue({ nanos: n.cpu })), memoryBytes: Number(wholeValue({ nanos: n.memory })) };
}

export function addNanos(a: NanoAmounts, b: NanoAmounts, sign: 1n | -1n = 1n): NanoAmounts {
  return { cpu: a.cpu + sign * b.cpu, memory: a.memory + sign * b.memory };
}

/** `int64(float64(used) / float64(available) * 100)`, as kubectl top and describe node compute it. */
export function percent(used: number, available: number): number | undefined {
  if (!(available > 0)) return undefined;
  return Math.trunc((used / available) * 100);
}

/** Sums node usage from a NodeMetrics item. */
export function usageNanos(usage: Record<string, string> | undefined): NanoAmounts {
  return { cpu: nanos(usage?.cpu) ?? 0n, memory: nanos(usage?.memory) ?? 0n };
}

export function podUsageNanos(m: PodMetrics): NanoAmounts {
  let sum = ZERO;
  for (const c of m.containers ?? []) sum = addNanos(sum, usageNanos(c.usage));
  return sum;
}

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

export function podUsageNanos(m: Pick<PodMetrics, 'containers'>): NanoAmounts {
  let sum = ZERO;
  for (const c of m.containers ?? []) sum = addNanos(sum, usageNanos(c.usage));
  return sum;
}

/**
 * The forms metrics-server writes usage in (`1234567n`, `250m`, `2`; `12345Ki`, `128Mi`), read as
 * plain numbers: CPU in nanocores, memory in bytes. Undefined for any other form (or a value past
 * 2^53), which then takes the exact path: 22,000 pods' usage read through BigInt cost more than the
 * rest of `top pods` together.
 */
const CPU_FORM = /^(\d{1,15})(n|u|m|)$/;
const MEMORY_FORM = /^(\d{1,15})(Ki|Mi|Gi|Ti|k|M|G|T|)$/;
const CPU_NANOS: Record<string, number> = { n: 1, u: 1e3, m: 1e6, '': 1e9 };
const BYTES: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9, T: 1e12, '': 1 };

function plain(q: unknown, form: RegExp, scale: Record<string, number>): number | undefined {
  if (typeof q !== 'string') return undefined;
  const m = form.exec(q);
  if (!m) return undefined;
  const v = Number(m[1]) * scale[m[2]];
  return Number.isSafeInteger(v) ? v : undefined;
}

/** `toAmounts(podUsageNanos(m))` (the sum over containers, rounded up once), with plain numbers when every usage is in a plain form. */
export function podUsageAmounts(m: Pick<PodMetrics, 'containers'>): Amounts {
  let cpu = 0;
  let memory = 0;
  for (const c of m.containers ?? []) {
    const u = c.usage;
    const cpuNanos = plain(u?.cpu, CPU_FORM, CPU_NANOS);
    const bytes = plain(u?.memory, MEMORY_FORM, BYTES);
    if (cpuNanos === undefined || bytes === undefined) return toAmounts(podUsageNanos(m));
    cpu += cpuNanos;
    memory += bytes;
  }
  if (!Number.isSafeInteger(cpu) || !Number.isSafeInteger(memory)) return toAmounts(podUsageNanos(m));
  return { cpuMilli: nanocoresToMilli(cpu), memoryBytes: memory };
}

/** MilliValue() of a safe integer of nanocores: rounded up; the remainder is exact. */
const nanocoresToMilli = (nanocores: number) => (nanocores - (nanocores % 1e6)) / 1e6 + (nanocores % 1e6 > 0 ? 1 : 0);

/**
 * Whether a container's usage as metrics-server writes it rounds to `a` (usageAmounts(usage) compared with `a`),
 * making no object in the plain forms: a metrics read compares 20,000 pods' usage with what it holds, and most are
 * unchanged.
 */
export function usageRoundsTo(a: Amounts, usage: Record<string, string> | undefined): boolean {
  const cpu = plain(usage?.cpu, CPU_FORM, CPU_NANOS);
  const bytes = plain(usage?.memory, MEMORY_FORM, BYTES);
  if (cpu === undefined || bytes === undefined) {
    const b = usageAmounts(usage);
    return b.cpuMilli === a.cpuMilli && b.memoryBytes === a.memoryBytes;
  }
  return nanocoresToMilli(cpu) === a.cpuMilli && bytes === a.memoryBytes;
}

/** `toAmounts(usageNanos(usage))` of one container, with plain numbers when it can. */
export function usageAmounts(usage: Record<string, string> | undefined): Amounts {
  return podUsageAmounts({ containers: [{ name: '', usage: usage! }] });
}

// The HPA panel's time series: one sample of an autoscaler row per tick (replicas, each metric's current value
// and target as numbers), kept in a bounded buffer and shaped as columns for the chart. No `vscode` import.
import type { AutoscalerRow } from '../../core/cluster/types';
import { parseQuantity } from '../../core/k8s/quantity';

export interface MetricSample {
  name: string;
  current?: number;
  target?: number;
  /** `%` for utilization targets, '' for quantities (plotted as plain numbers). */
  unit: string;
}

export interface Sample {
  /** Unix time in seconds (what the chart's time axis takes). */
  t: number;
  current?: number;
  desired?: number;
  min?: number;
  max?: number;
  metrics: MetricSample[];
}

/** Columns for the chart, `null` where a sample lacks the value. */
export interface ChartData {
  times: number[];
  replicas: { current: (number | null)[]; desired: (number | null)[]; min: (number | null)[]; max: (number | null)[] };
  metrics: { name: string; unit: string; current: (number | null)[]; target: (number | null)[] }[];
}

/** A value from a TARGETS cell as a number: `45%` → 45 (%), `250m` → 0.25, `1k` → 1000; undefined for `<unknown>`. */
export function metricNumber(text: string | undefined): { value: number; unit: string } | undefined {
  if (!text) return undefined;
  const t = text.trim().replace(/\s*\(avg\)$/, '');
  const percent = /^(-?[0-9]+(?:\.[0-9]+)?)%$/.exec(t);
  if (percent) return { value: Number(percent[1]), unit: '%' };
  const q = parseQuantity(t);
  if (!q.ok) return undefined;
  return { value: Number(q.nanos) / 1e9, unit: '' };
}

export function sampleOf(row: AutoscalerRow, t: number): Sample {
  return {
    t,
    current: row.currentReplicas,
    desired: row.desiredReplicas,
    min: row.minReplicas,
    max: row.maxReplicas,
    metrics: row.metrics.map((m) => {
      const current = metricNumber(m.current);
      const target = metricNumber(m.target);
      return { name: m.name, current: current?.value, target: target?.value, unit: target?.unit ?? current?.unit ?? '' };
    }),
  };
}

/** Samples since the panel opened, oldest dropped beyond `capacity` (default: 12 h at 15 s). */
export class SampleBuffer {
  private readonly samples: Sample[] = [];

  constructor(private readonly capacity = 2880) {}

  /** Adds a sample; one with the same time as the last replaces it. */
  push(s: Sample): void {
    const last = this.samples[this.samples.length - 1];
    if (last && last.t === s.t) this.samples[this.samples.length - 1] = s;
    else this.samples.push(s);
    if (this.samples.length > this.capacity) this.samples.splice(0, this.samples.length - this.capacity);
  }

  clear(): void {
    this.samples.length = 0;
  }

  get length(): number {
    return this.samples.length;
  }

  all(): readonly Sample[] {
    return this.samples;
  }
}

export function chartData(samples: readonly Sample[]): ChartData {
  const col = (pick: (s: Sample) => number | undefined) => samples.map((s) => pick(s) ?? null);
  // Metrics in order of first appearance; a metric added or removed later is null where absent.
  const names: { name: string; unit: string }[] = [];
  for (const s of samples) for (const m of s.metrics) if (!names.some((n) => n.name === m.name)) names.push({ name: m.name, unit: m.unit });
  return {
    times: samples.map((s) => s.t),
    replicas: { current: col((s) => s.current), desired: col((s) => s.desired), min: col((s) => s.min), max: col((s) => s.max) },
    metrics: names.map(({ name, unit }) => ({
      name,
      unit,
      current: col((s) => s.metrics.find((m) => m.name === name)?.current),
      target: col((s) => s.metrics.find((m) => m.name === name)?.target),
    })),
  };
}

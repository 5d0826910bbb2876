// A request value from what a workload uses: a high percentile of observed usage, rounded up the way people write
// requests (`350m`, `1200m`, `192Mi`, `2Gi`), so a quick fix can offer a measured number instead of a placeholder.
// Plain numbers in, quantity text out: the extension feeds it the usage samples and VPA targets it has seen.

/** A request value measured in the connected cluster, and where it came from (the fix's title says it). */
export interface LiveRequestValue {
  value: string;
  source: string;
}

/** Measured request values by `namespace/Kind/name/container` (liveRequestKey). */
export type LiveRequests = Record<string, Partial<Record<'cpu' | 'memory', LiveRequestValue>>>;

export const liveRequestKey = (namespace: string, kind: string, name: string, container: string) => `${namespace}/${kind}/${name}/${container}`;

/**
 * The usage percentile a request is sized to when no VPA recommends one: above the VPA recommender's own cpu target (p90:
 * `TargetCPUPercentile` in vertical-pod-autoscaler v1.8.1 pkg/recommender/config/config.go), as a few minutes of samples
 * since the view opened are a shorter history than the days the recommender weighs.
 */
export const REQUEST_PERCENTILE = 95;

/** The `p`th percentile (nearest rank) of `values`; undefined for none. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
}

const roundUp = (v: number, step: number) => Math.ceil(v / step) * step;

/** CPU millicores as a request: up to 10m steps below 100m, 50m below 1 core, 100m above; at least 10m. */
export function cpuRequestText(milli: number): string {
  const m = Math.max(10, milli);
  return `${roundUp(m, m <= 100 ? 10 : m <= 1000 ? 50 : 100)}m`;
}

const MI = 2 ** 20;

/** Memory bytes as a request: up to 16Mi steps below 128Mi, 64Mi below 1Gi, 256Mi above (whole Gi as `Gi`); at least 16Mi. */
export function memoryRequestText(bytes: number): string {
  const mi = Math.max(16, Math.ceil(bytes / MI));
  const rounded = roundUp(mi, mi <= 128 ? 16 : mi <= 1024 ? 64 : 256);
  return rounded % 1024 === 0 ? `${rounded / 1024}Gi` : `${rounded}Mi`;
}

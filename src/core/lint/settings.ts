// Target versions and fix defaults. Defaults are the newest releases our domain reference covers.

export interface Settings {
  /** Target Kubernetes minor version, e.g. "1.34". */
  kubernetesVersion: string;
  /** Target Karpenter version, e.g. "1.8". */
  karpenterVersion: string;
  /** Target KEDA version, e.g. "2.18". */
  kedaVersion: string;
  /** Requests inserted by the missing-request quick fixes. */
  defaultRequests: { cpu: string; memory: string };
}

export const defaultSettings: Settings = {
  kubernetesVersion: '1.35',
  karpenterVersion: '1.8',
  kedaVersion: '2.20',
  defaultRequests: { cpu: '100m', memory: '128Mi' },
};

export function withDefaults(partial: Partial<Settings> | undefined): Settings {
  return {
    ...defaultSettings,
    ...stripUndefined(partial ?? {}),
    defaultRequests: { ...defaultSettings.defaultRequests, ...stripUndefined(partial?.defaultRequests ?? {}) },
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== '')) as Partial<T>;
}

/** Parses "1.30", "v1.30.2" or "1.30.0" into [major, minor]; undefined when unparsable. */
export function parseMinor(version: string | undefined): [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec((version ?? '').trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** Compares two versions by major.minor: negative when a < b. Unparsable versions compare as equal. */
export function compareMinor(a: string | undefined, b: string): number {
  const x = parseMinor(a);
  const y = parseMinor(b);
  if (!x || !y) return 0;
  return x[0] - y[0] || x[1] - y[1];
}

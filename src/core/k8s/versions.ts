// Kubernetes-style versions ("1.30", "v1.30.2") compared by major.minor: what target-version settings and
// version skew rules reason about.

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

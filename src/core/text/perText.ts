// A function of a whole text, remembered for the last few texts: file-wide scans (the indentation step, the list
// style) then run once per file text instead of once per computed fix, which made fixing big files quadratic.

/** `compute` memoized for the `size` texts asked for last (a file's text, and the files its fixes also edit). */
export function perText<T>(compute: (text: string) => T, size = 8): (text: string) => T {
  const recent = new Map<string, T>();
  return (text) => {
    if (recent.has(text)) return recent.get(text) as T;
    const value = compute(text);
    if (recent.size >= size) recent.delete(recent.keys().next().value as string);
    recent.set(text, value);
    return value;
  };
}

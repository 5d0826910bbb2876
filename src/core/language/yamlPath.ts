// The YAML path at an offset: which key or value the cursor is on.
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { ManifestDoc, PathKey } from '../manifest/model';

export interface PathHit {
  path: PathKey[];
  /** The scalar under the cursor, when there is one. */
  node?: Node;
  /** True when the cursor is on a map key (path ends with that key). */
  onKey: boolean;
}

/** The document an offset belongs to: the last one starting at or before it (trailing blank lines included). */
export function docAt(docs: readonly ManifestDoc[], offset: number): ManifestDoc | undefined {
  let found = docs[0];
  for (const d of docs) if (d.range.start <= offset) found = d;
  return found;
}

export function pathAt(doc: ManifestDoc, offset: number): PathHit | undefined {
  const path: PathKey[] = [];
  let cur: unknown = doc.root;
  for (let depth = 0; depth < 100 && cur; depth++) {
    if (isMap(cur)) {
      const pair = cur.items.find((p) => {
        const k = p.key as Node | null;
        const v = p.value as Node | null;
        const start = k?.range?.[0] ?? v?.range?.[0];
        const end = v?.range?.[1] ?? k?.range?.[1];
        return start !== undefined && end !== undefined && offset >= start && offset <= end;
      });
      if (!pair || !isPair(pair)) return path.length ? { path, onKey: false } : undefined;
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      if (typeof key !== 'string' && typeof key !== 'number') return undefined;
      path.push(typeof key === 'number' ? String(key) : key);
      const k = pair.key as Node;
      if (k.range && offset >= k.range[0] && offset <= k.range[1]) return { path, node: k, onKey: true };
      cur = pair.value;
    } else if (isSeq(cur)) {
      const i = cur.items.findIndex((it) => {
        const r = (it as Node | null)?.range;
        return r && offset >= r[0] && offset <= r[1];
      });
      if (i === -1) return { path, onKey: false };
      path.push(i);
      cur = cur.items[i];
    } else {
      return { path, node: isScalar(cur) ? cur : undefined, onKey: false };
    }
  }
  return { path, onKey: false };
}

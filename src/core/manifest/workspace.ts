// The workspace index: every parsed file, and lookups across files and documents.
import { isHpa, isLimitRange, isScaledObject, isWorkload, workloadKey } from './kinds';
import { parseFile, reparseFile, stringAt, type ManifestDoc, type SourceFile } from './model';

export interface ScaleTarget {
  kind: string;
  name: string;
  apiVersion?: string;
}

/** The workload an HPA or ScaledObject points at (ScaledObject defaults to apps/v1 Deployment). */
export function scaleTargetOf(d: ManifestDoc): ScaleTarget | undefined {
  const name = stringAt(d.root, ['spec', 'scaleTargetRef', 'name']);
  if (!name) return undefined;
  const kind = stringAt(d.root, ['spec', 'scaleTargetRef', 'kind']) ?? (isScaledObject(d) ? 'Deployment' : undefined);
  if (!kind) return undefined;
  return { kind, name, apiVersion: stringAt(d.root, ['spec', 'scaleTargetRef', 'apiVersion']) };
}

export class Workspace {
  private readonly files = new Map<string, SourceFile>();
  private cache?: {
    workloads: Map<string, ManifestDoc[]>;
    autoscalers: Map<string, ManifestDoc[]>;
    limitRanges: Map<string, ManifestDoc[]>;
  };
  /** Values `memo` computed from the current files; cleared whenever a file changes. */
  private readonly memos = new Map<string, unknown>();

  /** Parses and stores a file, replacing an earlier version (whose unchanged documents it takes over: see reparseFile). */
  set(uri: string, text: string): SourceFile {
    const prev = this.files.get(uri);
    const file = prev ? reparseFile(prev, text) : parseFile(uri, text);
    this.files.set(uri, file);
    this.cache = undefined;
    this.memos.clear();
    return file;
  }

  delete(uri: string): void {
    if (this.files.delete(uri)) {
      this.cache = undefined;
      this.memos.clear();
    }
  }

  get(uri: string): SourceFile | undefined {
    return this.files.get(uri);
  }

  allFiles(): SourceFile[] {
    return [...this.files.values()];
  }

  *allDocs(): Iterable<ManifestDoc> {
    for (const f of this.files.values()) yield* f.docs;
  }

  private index() {
    if (this.cache) return this.cache;
    const push = (m: Map<string, ManifestDoc[]>, k: string, d: ManifestDoc) => {
      const list = m.get(k);
      if (list) list.push(d);
      else m.set(k, [d]);
    };
    const cache = { workloads: new Map(), autoscalers: new Map(), limitRanges: new Map() };
    for (const d of this.allDocs()) {
      if (!d.kind) continue;
      if (isWorkload(d) && d.name) push(cache.workloads, workloadKey(d.namespace, d.kind, d.name), d);
      else if (isHpa(d) || isScaledObject(d)) {
        const t = scaleTargetOf(d);
        if (t) push(cache.autoscalers, workloadKey(d.namespace, t.kind, t.name), d);
      } else if (isLimitRange(d)) push(cache.limitRanges, d.namespace, d);
    }
    this.cache = cache;
    return cache;
  }

  /** Workload documents with this namespace, kind and name (usually one). */
  findWorkloads(namespace: string, kind: string, name: string): ManifestDoc[] {
    return this.index().workloads.get(workloadKey(namespace, kind, name)) ?? [];
  }

  /** HPAs and ScaledObjects whose scaleTargetRef names this workload. */
  autoscalersOf(namespace: string, kind: string, name: string): ManifestDoc[] {
    return this.index().autoscalers.get(workloadKey(namespace, kind, name)) ?? [];
  }

  /** A value derived from the whole workspace (an index a rule needs), computed once until a file changes. */
  memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }

  limitRangesIn(namespace: string): ManifestDoc[] {
    return this.index().limitRanges.get(namespace) ?? [];
  }
}

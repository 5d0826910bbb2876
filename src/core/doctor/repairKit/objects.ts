// Object helpers shared by the repairs: preview YAML (stable key order, no server noise), JSON merge
// patches between two versions of an object, and references.
import { stringify } from 'yaml';
import type { ObjectRef } from '../../k8s/objectRef';
import type { KubeObject } from '../../cluster/request';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** A copy without what the server maintains and nobody edits: managedFields, status, last-applied annotation. */
export function withoutNoise(obj: KubeObject): KubeObject {
  const copy = structuredClone(obj);
  delete copy.status;
  if (copy.metadata) {
    delete copy.metadata.managedFields;
    if (copy.metadata.annotations) {
      delete copy.metadata.annotations[LAST_APPLIED];
      if (Object.keys(copy.metadata.annotations).length === 0) delete copy.metadata.annotations;
    }
  }
  return copy;
}

export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

/** YAML for the diff preview: keys sorted like `kubectl get -o yaml`, noise stripped, multi-line strings as blocks. */
export function objectYaml(obj: KubeObject | undefined): string {
  if (!obj) return '';
  return stringify(sortKeys(withoutNoise(obj)), { lineWidth: 0, blockQuote: 'literal', indentSeq: false });
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

export function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

/** RFC 7386 JSON merge patch turning `from` into `to` (lists replaced whole); undefined when they are equal. */
export function mergePatchOf(from: unknown, to: unknown): unknown {
  if (!isPlainObject(from) || !isPlainObject(to)) return deepEqual(from, to) ? undefined : to;
  const patch: Record<string, unknown> = {};
  for (const k of Object.keys(from)) if (!(k in to)) patch[k] = null;
  for (const [k, v] of Object.entries(to)) {
    if (!(k in from)) patch[k] = v;
    else {
      const sub = mergePatchOf(from[k], v);
      if (sub !== undefined) patch[k] = sub;
    }
  }
  return Object.keys(patch).length ? patch : undefined;
}

/** What a repair edits: everything but metadata and status (spec, data…). Metadata is the server's and controllers'. */
export function contentOf(obj: KubeObject): KubeObject {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = obj;
  return rest;
}

/**
 * The request body that turns `before` into `after`: a merge patch of their content with
 * `metadata.resourceVersion` of `before`, so the server refuses it (409) if the object changed since.
 */
export function guardedPatch(before: KubeObject, after: KubeObject): Record<string, unknown> {
  const patch = (mergePatchOf(contentOf(before), contentOf(after)) ?? {}) as Record<string, unknown>;
  return { ...patch, metadata: { resourceVersion: before.metadata?.resourceVersion } };
}

export function refOf(obj: KubeObject): ObjectRef {
  const ref: ObjectRef = { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata?.name };
  if (obj.metadata?.namespace) ref.namespace = obj.metadata.namespace;
  return ref;
}

export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? ref.namespace + '/' : ''}${ref.name}`;
}

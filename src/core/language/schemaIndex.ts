// schemas/index.json: which JSON schema describes which apiVersion and kind. One model and one tolerant
// reader for the language server (hover, completion) and the extension (schemas for the YAML extension).

export interface SchemaIndexEntry {
  apiVersion: string;
  kind: string;
  /** File name inside schemas/, e.g. "hpa-autoscaling-v2.json". */
  file: string;
}

/**
 * Reads schemas/index.json. Accepted shapes: an array of {apiVersion, kind, file|schema}, an object
 * with such an array under `schemas` or `entries`, or a map "apiVersion/kind" (or "apiVersion kind") → file.
 */
export function parseSchemaIndex(json: unknown): SchemaIndexEntry[] {
  const list = Array.isArray(json) ? json : isObject(json) && Array.isArray(json.schemas) ? json.schemas : isObject(json) && Array.isArray(json.entries) ? json.entries : undefined;
  const out: SchemaIndexEntry[] = [];
  if (list) {
    for (const e of list) {
      if (!isObject(e)) continue;
      const file = typeof e.file === 'string' ? e.file : typeof e.schema === 'string' ? e.schema : undefined;
      if (typeof e.apiVersion === 'string' && typeof e.kind === 'string' && file) out.push({ apiVersion: e.apiVersion, kind: e.kind, file: baseName(file) });
    }
    return out;
  }
  if (isObject(json)) {
    for (const [key, value] of Object.entries(json)) {
      const m = /^(.+)[/ ]([A-Za-z][A-Za-z0-9]*)$/.exec(key);
      if (m && typeof value === 'string') out.push({ apiVersion: m[1], kind: m[2], file: baseName(value) });
    }
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function baseName(file: string): string {
  return file.replace(/^.*[\\/]/, '');
}

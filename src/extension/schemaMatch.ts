// Picks our JSON schemas for a YAML file by the apiVersion and kind of its documents (no vscode import,
// so it is unit-tested). File-name patterns cannot tell an HPA from a Deployment; content can.
import { parseFile } from '../core/manifest/model';

export interface SchemaEntry {
  apiVersion: string;
  kind: string;
  /** File name inside schemas/, e.g. "hpa-autoscaling-v2.json". */
  file: string;
}

/**
 * Reads schemas/index.json. Accepted shapes: an array of {apiVersion, kind, file|schema}, an object
 * with such an array under `schemas` or `entries`, or a map "apiVersion/kind" (or "apiVersion kind") → file.
 */
export function parseSchemaIndex(json: unknown): SchemaEntry[] {
  const list = Array.isArray(json)
    ? json
    : isObject(json) && Array.isArray(json.schemas)
      ? json.schemas
      : isObject(json) && Array.isArray(json.entries)
        ? json.entries
        : undefined;
  const out: SchemaEntry[] = [];
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

/** The entries whose apiVersion and kind appear in one of the file's documents, in index order. */
export function entriesForText(text: string, entries: readonly SchemaEntry[]): SchemaEntry[] {
  if (!text.includes('kind')) return [];
  const present = new Set<string>();
  for (const doc of parseFile('schema-match:', text).docs) {
    if (doc.apiVersion && doc.kind) present.add(`${doc.apiVersion} ${doc.kind}`);
  }
  return entries.filter((e) => present.has(`${e.apiVersion} ${e.kind}`));
}

/**
 * One schema for a whole file: each document is checked against the schema of its own apiVersion and
 * kind (draft-07 if/then), other documents are left alone. The YAML extension applies a file's schema
 * to every document in it, so pointing it at the HPA schema directly would flag the Deployment next to it.
 */
export function dispatchSchema(entries: readonly SchemaEntry[], uriOf: (file: string) => string): object {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Scaling Doctor: Kubernetes autoscaling resources',
    allOf: entries.map((e) => ({
      if: {
        type: 'object',
        properties: { apiVersion: { const: e.apiVersion }, kind: { const: e.kind } },
        required: ['apiVersion', 'kind'],
      },
      then: { $ref: uriOf(e.file) },
    })),
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function baseName(file: string): string {
  return file.replace(/^.*[\\/]/, '');
}

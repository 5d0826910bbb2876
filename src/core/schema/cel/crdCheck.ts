// Checks an object against a CRD's openAPIV3Schema as the API server does on create with strict field
// validation: defaults applied first, then unknown fields, required fields, types, enums, formats' bounds,
// and every x-kubernetes-validations rule at its node (apiextensions-apiserver pkg/apiserver/schema: pruning,
// defaulting, validation, cel). Messages read like the server's (`<path>: Invalid value: …: <message>`).

import { constraintViolations, shownValue as shown, withDefaults } from '../constraints';
import type { SchemaNode } from '../load';

/** A CRD schema node as schemas/generated holds it (src/core/schema/load.ts). */
export type CrdSchema = SchemaNode;

const isMap = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function typeOk(schema: CrdSchema, v: unknown): boolean {
  if (v === null) return !!schema.nullable;
  if (schema['x-kubernetes-int-or-string']) return typeof v === 'string' || Number.isInteger(v);
  switch (schema.type) {
    case 'object':
      return isMap(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    default:
      return true;
  }
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** What the server would refuse in `obj` (already defaulted or not: defaults are applied here). */
export function crdViolations(schema: CrdSchema, obj: unknown): string[] {
  const out: string[] = [];
  walk(schema, withDefaults(schema, obj), '', out);
  return out;
}

function walk(schema: CrdSchema, v: unknown, path: string, out: string[]): void {
  const at = path || '<root>';
  if (!typeOk(schema, v)) {
    out.push(`${at}: Invalid value: ${shown(v)}: ${at} in body must be of type ${schema['x-kubernetes-int-or-string'] ? 'integer or string' : schema.type}`);
    return;
  }
  if (v === null) return;
  if (schema.enum && !schema.enum.some((e) => e === v)) out.push(`${at}: Unsupported value: ${JSON.stringify(v)}: supported values: ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`);
  if (Array.isArray(v) && schema.items) v.forEach((item, i) => walk(schema.items!, item, `${path}[${i}]`, out));
  if (isMap(v)) {
    for (const key of schema.required ?? []) if (!(key in v)) out.push(`${join(path, key)}: Required value`);
    // metadata is the server's: ObjectMeta is checked by checkObjectMeta, not by the CRD's (empty) schema.
    const embedded = path === '' || schema['x-kubernetes-embedded-resource'];
    for (const [key, value] of Object.entries(v)) {
      if (embedded && key === 'metadata') continue;
      const sub = schema.properties?.[key] ?? (isMap(schema.additionalProperties) ? schema.additionalProperties : undefined);
      if (sub) walk(sub, value, join(path, key), out);
      else if (!(embedded && ['apiVersion', 'kind', 'metadata'].includes(key)) && !schema['x-kubernetes-preserve-unknown-fields'] && schema.additionalProperties !== true)
        out.push(`unknown field "${join(path, key)}"`);
    }
  }
  // After the children, as the server reports a node's CEL rules after its fields' errors.
  out.push(...constraintViolations(schema, v, at));
}

/**
 * What a create refuses in metadata, checked beside the schema. Server-populated fields are not among them: a create
 * with `resourceVersion` is accepted, and only a later apply of the same file fails (Conflict, "the object has been
 * modified"); conversions drop those fields for that reason (convert/accepted.ts).
 */
export function objectMetaViolations(obj: unknown): string[] {
  const meta = isMap(obj) && isMap(obj.metadata) ? obj.metadata : undefined;
  if (!meta) return ['metadata: Required value'];
  const out: string[] = [];
  if (typeof meta.name !== 'string' || !meta.name) {
    if (!meta.generateName) out.push('metadata.name: Required value: name or generateName is required');
  }
  return out;
}

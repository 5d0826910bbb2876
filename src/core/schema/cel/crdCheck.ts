// Checks an object against a CRD's openAPIV3Schema as the API server does on create with strict field
// validation: defaults applied first, then unknown fields, required fields, types, enums, formats' bounds,
// and every x-kubernetes-validations rule at its node (apiextensions-apiserver pkg/apiserver/schema: pruning,
// defaulting, validation, cel). Messages read like the server's (`<path>: Invalid value: …: <message>`).

import { celViolations, type CelRule } from './index';

export interface CrdSchema {
  type?: string;
  properties?: Record<string, CrdSchema>;
  additionalProperties?: CrdSchema | boolean;
  items?: CrdSchema;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  nullable?: boolean;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-validations'?: CelRule[];
}

const isMap = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** A deep copy of `value` with the schema's defaults filled in where a field is absent (as the server decodes). */
export function withDefaults(schema: CrdSchema | undefined, value: unknown): unknown {
  if (!schema) return value;
  if (Array.isArray(value)) return value.map((v) => withDefaults(schema.items, v));
  if (!isMap(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = withDefaults(schema.properties?.[k] ?? (isMap(schema.additionalProperties) ? schema.additionalProperties : undefined), v);
  for (const [k, sub] of Object.entries(schema.properties ?? {})) if (!(k in out) && sub.default !== undefined) out[k] = withDefaults(sub, structuredClone(sub.default));
  return out;
}

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

const shown = (v: unknown) => (isMap(v) ? '"object"' : Array.isArray(v) ? '"array"' : JSON.stringify(v));
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
  if (typeof v === 'string') {
    if (schema.maxLength !== undefined && [...v].length > schema.maxLength) out.push(`${at}: Too long: may not be more than ${schema.maxLength} bytes`);
    if (schema.minLength !== undefined && [...v].length < schema.minLength) out.push(`${at}: Invalid value: ${JSON.stringify(v)}: ${at} in body should be at least ${schema.minLength} chars long`);
    if (schema.pattern && !safeTest(schema.pattern, v)) out.push(`${at}: Invalid value: ${JSON.stringify(v)}: ${at} in body should match '${schema.pattern}'`);
  }
  if (typeof v === 'number') {
    if (schema.minimum !== undefined && v < schema.minimum) out.push(`${at}: Invalid value: ${v}: ${at} in body should be greater than or equal to ${schema.minimum}`);
    if (schema.maximum !== undefined && v > schema.maximum) out.push(`${at}: Invalid value: ${v}: ${at} in body should be less than or equal to ${schema.maximum}`);
  }
  if (Array.isArray(v)) {
    if (schema.maxItems !== undefined && v.length > schema.maxItems) out.push(`${at}: Too many: ${v.length}: must have at most ${schema.maxItems} items`);
    if (schema.minItems !== undefined && v.length < schema.minItems) out.push(`${at}: Invalid value: ${v.length}: ${at} in body should have at least ${schema.minItems} items`);
    if (schema.items) v.forEach((item, i) => walk(schema.items!, item, `${path}[${i}]`, out));
  }
  if (isMap(v)) {
    const size = Object.keys(v).length;
    if (schema.maxProperties !== undefined && size > schema.maxProperties) out.push(`${at}: Too many: ${size}: must have at most ${schema.maxProperties} items`);
    if (schema.minProperties !== undefined && size < schema.minProperties) out.push(`${at}: Invalid value: ${size}: ${at} in body should have at least ${schema.minProperties} properties`);
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
  const rules = schema['x-kubernetes-validations'];
  if (rules?.length) for (const m of celViolations(rules, v)) out.push(`${at}: Invalid value: ${shown(v)}: ${m}`);
}

function safeTest(pattern: string, v: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(v);
  } catch {
    return true; // an RE2-only pattern: not judged here
  }
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

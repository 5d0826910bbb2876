// What a schema node says of a value beyond its type and enum: pattern, length and numeric bounds, the size of a
// list or map, and its CEL rules (x-kubernetes-validations), worded as the API server words them
// (apiextensions-apiserver pkg/apiserver/schema: validation and cel). One check for both walkers: the linter's, over
// YAML nodes (validate.ts), and the conversion check's, over plain objects (cel/crdCheck.ts).
import { celViolations } from './cel';
import type { SchemaNode } from './load';

const isMap = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** How the server shows a value in "Invalid value: …". */
export const shownValue = (v: unknown) => (isMap(v) ? '"object"' : Array.isArray(v) ? '"array"' : JSON.stringify(v));

/** A deep copy of `value` with the schema's defaults filled in where a field is absent (as the server decodes). */
export function withDefaults(schema: SchemaNode | undefined, value: unknown): unknown {
  if (!schema) return value;
  if (Array.isArray(value)) return value.map((v) => withDefaults(schema.items, v));
  if (!isMap(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = withDefaults(schema.properties?.[k] ?? (isMap(schema.additionalProperties) ? schema.additionalProperties : undefined), v);
  for (const [k, sub] of Object.entries(schema.properties ?? {})) if (!(k in out) && sub.default !== undefined) out[k] = withDefaults(sub, structuredClone(sub.default));
  return out;
}

/** Whether the node has anything this module checks (cheap: the walkers call it on every node). */
export function hasConstraints(s: SchemaNode): boolean {
  return (
    s.pattern !== undefined ||
    s.minLength !== undefined ||
    s.maxLength !== undefined ||
    s.minimum !== undefined ||
    s.maximum !== undefined ||
    s.minItems !== undefined ||
    s.maxItems !== undefined ||
    s.minProperties !== undefined ||
    s.maxProperties !== undefined ||
    !!s['x-kubernetes-validations']?.length
  );
}

/**
 * The server's messages for what `v` (already of the node's type, defaults applied) breaks. `at` is the path as the
 * server prints it. `whole`: false when the value may be incomplete (a templated file, a patch): only a scalar's own
 * bounds and pattern are judged then, never a list's size or a CEL rule (a directive may add what they ask for).
 */
export function constraintViolations(s: SchemaNode, v: unknown, at: string, whole = true): string[] {
  const out: string[] = [];
  if (typeof v === 'string') {
    const length = [...v].length;
    if (s.maxLength !== undefined && length > s.maxLength) out.push(`${at}: Too long: may not be more than ${s.maxLength} bytes`);
    if (s.minLength !== undefined && length < s.minLength) out.push(`${at}: Invalid value: ${JSON.stringify(v)}: ${at} in body should be at least ${s.minLength} chars long`);
    if (s.pattern && !matches(s.pattern, v)) out.push(`${at}: Invalid value: ${JSON.stringify(v)}: ${at} in body should match '${s.pattern}'`);
  }
  if (typeof v === 'number') {
    if (s.minimum !== undefined && v < s.minimum) out.push(`${at}: Invalid value: ${v}: ${at} in body should be greater than or equal to ${s.minimum}`);
    if (s.maximum !== undefined && v > s.maximum) out.push(`${at}: Invalid value: ${v}: ${at} in body should be less than or equal to ${s.maximum}`);
  }
  if (!whole) return out;
  if (Array.isArray(v)) {
    if (s.maxItems !== undefined && v.length > s.maxItems) out.push(`${at}: Too many: ${v.length}: must have at most ${s.maxItems} items`);
    if (s.minItems !== undefined && v.length < s.minItems) out.push(`${at}: Invalid value: ${v.length}: ${at} in body should have at least ${s.minItems} items`);
  }
  if (isMap(v)) {
    const size = Object.keys(v).length;
    if (s.maxProperties !== undefined && size > s.maxProperties) out.push(`${at}: Too many: ${size}: must have at most ${s.maxProperties} items`);
    if (s.minProperties !== undefined && size < s.minProperties) out.push(`${at}: Invalid value: ${size}: ${at} in body should have at least ${s.minProperties} properties`);
  }
  const rules = s['x-kubernetes-validations'];
  if (rules?.length) for (const m of celViolations(rules, v)) out.push(`${at}: Invalid value: ${shownValue(v)}: ${m}`);
  return out;
}

const patterns = new Map<string, RegExp | null>();
function matches(pattern: string, v: string): boolean {
  if (!patterns.has(pattern)) {
    try {
      patterns.set(pattern, new RegExp(pattern, 'u'));
    } catch {
      patterns.set(pattern, null); // an RE2-only pattern: not judged here
    }
  }
  return patterns.get(pattern)?.test(v) ?? true;
}

// Looks up the JSON schema node for a YAML path in a manifest: descriptions for hover, enum values,
// examples and child keys for completion. Schemas live in schemas/ (draft-07), mapped by schemas/index.json
// (read by schemaIndex.ts).
import ec2NodeClass from '../../../schemas/karpenter-ec2nodeclass-v1.json';
import nodePool from '../../../schemas/karpenter-nodepool-v1.json';
import hpa from '../../../schemas/hpa-autoscaling-v2.json';
import index from '../../../schemas/index.json';
import scaledObject from '../../../schemas/keda-scaledobject.json';
import adapterConfig from '../../../schemas/embedded/prometheus-adapter-config.json';
import type { ManifestDoc, PathKey } from '../manifest/model';
import { parseSchemaIndex, type SchemaIndexEntry } from './schemaIndex';

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  description?: string;
  markdownDescription?: string;
  enum?: unknown[];
  const?: unknown;
  examples?: unknown[];
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  required?: string[];
  items?: JsonSchema | JsonSchema[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  definitions?: Record<string, JsonSchema>;
  [key: string]: unknown;
}

export interface SchemaInfo {
  /** The resolved schema node. */
  schema: JsonSchema;
  description?: string;
  markdownDescription?: string;
  /** Allowed values (`enum`, or the single `const`). */
  enum?: unknown[];
  examples?: unknown[];
  type?: string | string[];
  /** Keys an object at this path may have, for completion. */
  properties: string[];
  required: string[];
}

const FILES: Record<string, JsonSchema> = {
  'hpa-autoscaling-v2.json': hpa as JsonSchema,
  'keda-scaledobject.json': scaledObject as JsonSchema,
  'karpenter-nodepool-v1.json': nodePool as JsonSchema,
  'karpenter-ec2nodeclass-v1.json': ec2NodeClass as JsonSchema,
};

export const schemaIndex: SchemaIndexEntry[] = parseSchemaIndex(index);

/** The schema of a kind, or undefined when we have none. */
export function schemaFor(apiVersion: string | undefined, kind: string | undefined): JsonSchema | undefined {
  const entry = schemaIndex.find((e) => e.apiVersion === apiVersion && e.kind === kind);
  return entry ? FILES[entry.file] : undefined;
}

/** The schema node for `path` (below the document root) in a manifest document, or in a configuration it embeds. */
export function schemaAt(doc: ManifestDoc, path: PathKey[]): SchemaInfo | undefined {
  const root = schemaFor(doc.apiVersion, doc.kind);
  if (root) return lookup(root, path);
  const embedded = embeddedSchemaPath(doc, path);
  return embedded ? lookup(embedded.root, embedded.path) : undefined;
}

/** prometheus-adapter's config (schemas/embedded/): not a kind, so not in index.json; found by where the path is. */
const ADAPTER_CONFIG = adapterConfig as JsonSchema;
const ADAPTER_VALUES: JsonSchema = { ...ADAPTER_CONFIG, $ref: '#/definitions/HelmValues' };
/** The key an umbrella chart nests the adapter chart's values under. */
const ADAPTER_SUBCHART = 'prometheus-adapter';

/**
 * The adapter's config inside a ConfigMap (`data` → `config.yaml` → `rules`…), and the chart's values (`rules` →
 * `custom`/`external`/`resource`, also under `prometheus-adapter:`). Recognised by path alone, so completion works
 * while the first rule is being typed.
 */
function embeddedSchemaPath(doc: ManifestDoc, path: PathKey[]): { root: JsonSchema; path: PathKey[] } | undefined {
  if (doc.kind === 'ConfigMap' && path[0] === 'data' && path[1] === 'config.yaml' && path.length > 2 && ['rules', 'externalRules', 'resourceRules'].includes(String(path[2])))
    return { root: ADAPTER_CONFIG, path: path.slice(2) };
  if (doc.kind || doc.apiVersion) return undefined;
  const values = path[0] === ADAPTER_SUBCHART ? path.slice(1) : path;
  if (values[0] === 'rules' && values.length > 1 && ['custom', 'external', 'resource', 'default', 'existing'].includes(String(values[1]))) return { root: ADAPTER_VALUES, path: values };
  return undefined;
}

/** Walks `path` through properties, items, $ref and combinators of `root`. */
export function lookup(root: JsonSchema, path: PathKey[]): SchemaInfo | undefined {
  let node: JsonSchema | undefined = root;
  let label: JsonSchema = root;
  for (const key of path) {
    const current = resolve(root, node);
    if (!current) return undefined;
    const next = child(root, current, key);
    if (!next) return undefined;
    label = next;
    node = next;
  }
  const schema = resolve(root, node);
  if (!schema) return undefined;
  const branches = [schema, ...combinators(root, schema)];
  const enumValues = schema.enum ?? (schema.const !== undefined ? [schema.const] : undefined);
  return {
    schema,
    description: label.description ?? schema.description,
    markdownDescription: label.markdownDescription ?? schema.markdownDescription,
    enum: enumValues,
    examples: schema.examples,
    type: schema.type,
    properties: [...new Set(branches.flatMap((b) => Object.keys(b.properties ?? {})))],
    required: [...new Set(schema.required ?? [])],
  };
}

function resolve(root: JsonSchema, node: JsonSchema | undefined, depth = 0): JsonSchema | undefined {
  if (!node || depth > 20) return undefined;
  if (!node.$ref) return node;
  const m = /^#\/definitions\/(.+)$/.exec(node.$ref);
  return m ? resolve(root, root.definitions?.[m[1]], depth + 1) : undefined;
}

/** Branches of allOf/anyOf/oneOf, resolved (if/then branches are not descended). */
function combinators(root: JsonSchema, node: JsonSchema): JsonSchema[] {
  const list = [...(node.allOf ?? []), ...(node.anyOf ?? []), ...(node.oneOf ?? [])];
  return list.map((b) => resolve(root, b)).filter((b): b is JsonSchema => !!b);
}

function child(root: JsonSchema, node: JsonSchema, key: PathKey): JsonSchema | undefined {
  if (typeof key === 'number') {
    if (Array.isArray(node.items)) return node.items[key] ?? undefined;
    if (node.items) return node.items;
    for (const b of combinators(root, node)) if (b.items && !Array.isArray(b.items)) return b.items;
    return undefined;
  }
  if (node.properties?.[key]) return node.properties[key];
  for (const b of combinators(root, node)) if (b.properties?.[key]) return b.properties[key];
  if (node.additionalProperties && typeof node.additionalProperties === 'object') return node.additionalProperties;
  return undefined;
}

export interface SchemaViolation {
  path: PathKey[];
  message: string;
}

/**
 * A minimal draft-07 validator for our own schemas (type, const, enum, required, properties,
 * additionalProperties, items, minItems, minimum, maximum, pattern, $ref, allOf, anyOf, oneOf,
 * not, if/then). Not a general-purpose validator: formats and remote refs are ignored.
 */
export function validate(root: JsonSchema, value: unknown, node: JsonSchema = root, path: PathKey[] = []): SchemaViolation[] {
  const schema = resolve(root, node);
  if (!schema) return [];
  const out: SchemaViolation[] = [];
  const fail = (message: string) => out.push({ path, message });
  const types = schema.type === undefined ? undefined : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types && !types.some((t) => hasType(value, t))) {
    fail(`expected ${types.join(' or ')}`);
    return out;
  }
  if (schema.const !== undefined && value !== schema.const) fail(`must be ${JSON.stringify(schema.const)}`);
  if (schema.enum && !schema.enum.includes(value)) fail(`must be one of ${schema.enum.join(', ')}`);
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) fail(`must be at least ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) fail(`must be at most ${schema.maximum}`);
  }
  if (typeof value === 'string' && typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) fail(`does not match ${schema.pattern}`);
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) fail(`needs at least ${schema.minItems} item(s)`);
    if (schema.items && !Array.isArray(schema.items)) value.forEach((v, i) => append(out, validate(root, v, schema.items as JsonSchema, [...path, i])));
  }
  if (isObject(value)) {
    for (const r of schema.required ?? []) if (!(r in value)) fail(`missing required property ${r}`);
    for (const [k, v] of Object.entries(value)) {
      const prop = schema.properties?.[k];
      if (prop) append(out, validate(root, v, prop, [...path, k]));
      else if (schema.additionalProperties === false) out.push({ path: [...path, k], message: 'property not allowed' });
      else if (typeof schema.additionalProperties === 'object') append(out, validate(root, v, schema.additionalProperties, [...path, k]));
    }
  }
  for (const b of schema.allOf ?? []) append(out, validate(root, value, b, path));
  if (schema.anyOf && !schema.anyOf.some((b) => validate(root, value, b, path).length === 0)) fail('matches none of the allowed shapes');
  if (schema.oneOf && schema.oneOf.filter((b) => validate(root, value, b, path).length === 0).length !== 1) fail('must match exactly one of the allowed shapes');
  if (schema.not && validate(root, value, schema.not as JsonSchema, path).length === 0) fail('matches a forbidden shape');
  if (schema.if && validate(root, value, schema.if as JsonSchema, path).length === 0 && schema.then) append(out, validate(root, value, schema.then as JsonSchema, path));
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function hasType(v: unknown, t: string): boolean {
  switch (t) {
    case 'object':
      return isObject(v);
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
    case 'null':
      return v === null;
    default:
      return true;
  }
}

/** Appends one by one: a spread of a long error list (an array of 200,000 invalid items) overflows the call stack. */
function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

// The generated schemas (schemas/generated/, written by `npm run schemas` from the upstream OpenAPI and CRDs): which
// apiVersion and kind have one, and each file read from disk on the first document that needs it, then kept.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import index from '../../../schemas/generated/index.json';
import type { CelRule } from './cel';

/** A schema node as the generator trims it: OpenAPI v3 structural keywords and Kubernetes' extensions. */
export interface SchemaNode {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  allOf?: SchemaNode[];
  nullable?: boolean;
  /** Applied before validation, as the server decodes (the CEL rules see defaulted values). */
  default?: unknown;
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
  /** CEL rules (src/core/schema/cel), run by constraints.ts; transition rules (oldSelf) are skipped offline. */
  'x-kubernetes-validations'?: CelRule[];
  [key: string]: unknown;
}

export interface KindSchema {
  apiVersion: string;
  kind: string;
  /** The upstream module, version and file it was generated from. */
  source: string;
  root: SchemaNode;
  definitions: Record<string, SchemaNode>;
}

interface IndexEntry {
  apiVersion: string;
  kind: string;
  file: string;
  source: string;
  /** Generated from a CRD (its openAPIV3Schema, no $ref below metadata) rather than the Kubernetes OpenAPI. */
  crd: boolean;
}

const entries = new Map<string, IndexEntry>((index.schemas as IndexEntry[]).map((e) => [`${e.apiVersion}|${e.kind}`, e]));
const loaded = new Map<string, KindSchema | Error>();

/** Whether a generated schema exists for this apiVersion and kind (no file is read). */
export function hasSchema(apiVersion: string | undefined, kind: string | undefined): boolean {
  return entries.has(`${apiVersion}|${kind}`);
}

/** Whether the schema of this apiVersion and kind comes from a CRD (Karpenter, KEDA, VPA). */
export function isCrdKind(apiVersion: string | undefined, kind: string | undefined): boolean {
  return entries.get(`${apiVersion}|${kind}`)?.crd === true;
}

/** Every apiVersion and kind with a generated schema. */
export function schemaKinds(): { apiVersion: string; kind: string; source: string }[] {
  return [...entries.values()].map(({ apiVersion, kind, source }) => ({ apiVersion, kind, source }));
}

/**
 * The schema of this apiVersion and kind, read once; undefined when there is none. Throws, with the reason, when the
 * installation lacks the file or it is unreadable (the analyzer shows that as the rule's failure, never a crash).
 */
export function loadSchema(apiVersion: string | undefined, kind: string | undefined): KindSchema | undefined {
  const entry = entries.get(`${apiVersion}|${kind}`);
  if (!entry) return undefined;
  if (!loaded.has(entry.file)) loaded.set(entry.file, readSchema(entry.file));
  const schema = loaded.get(entry.file);
  if (schema instanceof Error) throw schema;
  return schema;
}

function readSchema(file: string): KindSchema | Error {
  const dir = generatedDir();
  if (!dir) return new Error('the generated schemas (schemas/generated) are missing from this installation');
  try {
    return JSON.parse(readFileSync(join(dir, file), 'utf8')) as KindSchema;
  } catch (err) {
    return new Error(`cannot read the generated schema schemas/generated/${file}: ${(err as Error).message}`);
  }
}

let dirCache: string | null | undefined;
/** schemas/generated next to the bundle (dist/…) or the sources (src/core/schema/…): searched upwards. */
function generatedDir(): string | null {
  if (dirCache !== undefined) return dirCache;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'schemas', 'generated');
    if (existsSync(join(candidate, 'index.json'))) return (dirCache = candidate);
    if (dirname(dir) === dir) return (dirCache = null);
  }
}

/** The node a `$ref` names, or the node itself. */
export function resolveRef(schema: KindSchema, node: SchemaNode | undefined): SchemaNode | undefined {
  for (let depth = 0; node?.$ref && depth < 20; depth++) node = schema.definitions[node.$ref.slice('#/definitions/'.length)];
  return node;
}

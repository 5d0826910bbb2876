// The CRD schemas of the kinds the product owns, generated from the pinned upstream CRD files by
// scripts/sources/crd-schemas.mjs, read on first use only (a conversion check), not when the CLI starts.
import { crdViolations, objectMetaViolations, type CrdSchema } from './crdCheck';

let schemas: Record<string, CrdSchema> | undefined;

/** The openAPIV3Schema of `apiVersion` `kind` as its CRD declares it, when the product ships it. */
export function crdSchemaFor(apiVersion: string, kind: string): CrdSchema | undefined {
  // A require() inside the function: the bundle parses the JSON on the first conversion check, not at start-up.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  schemas ??= require('./crdSchemas.json') as Record<string, CrdSchema>;
  return schemas[`${apiVersion} ${kind}`];
}

/**
 * What the API server would refuse when `obj` is created (server-side dry-run with strict field validation):
 * the CRD's schema and CEL rules where the product ships the CRD, and the metadata a create refuses.
 */
export function createRejections(obj: unknown): string[] {
  const o = obj && typeof obj === 'object' && !Array.isArray(obj) ? (obj as Record<string, unknown>) : {};
  const schema = typeof o.apiVersion === 'string' && typeof o.kind === 'string' ? crdSchemaFor(o.apiVersion, o.kind) : undefined;
  return [...objectMetaViolations(obj), ...(schema ? crdViolations(schema, obj) : [])];
}

// The CRD schemas of the kinds the product owns, as the conversion check reads them: the generated schemas
// (schemas/generated, `npm run schemas`, the same files the linter's schema-invalid-field reads), each read on
// first use only (a conversion check), not when the CLI starts.
import { isCrdKind, loadSchema } from '../load';
import { crdViolations, objectMetaViolations, type CrdSchema } from './crdCheck';

/** The openAPIV3Schema of `apiVersion` `kind` as its CRD declares it, when the product ships it. */
export function crdSchemaFor(apiVersion: string, kind: string): CrdSchema | undefined {
  return isCrdKind(apiVersion, kind) ? loadSchema(apiVersion, kind)?.root : undefined;
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

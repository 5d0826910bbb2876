// Seams to core modules other features provide: conversions (refactors) and schema lookups.
// Kept in one place so the server builds while those modules land.
import type { ManifestDoc, PathKey } from '../core/model';

/** Conversions offered for a document, e.g. autoscaling/v2beta1 → v2. */
export { conversionsFor } from '../core/convert';

export interface SchemaInfo {
  description?: string;
  enum?: readonly (string | number | boolean)[];
  /** Property names allowed at this node, when it is an object. */
  properties?: readonly string[];
}

/** Schema facts for the node at `path` in `doc`, when a schema is known for the document's kind. */
export function schemaAt(_doc: ManifestDoc, _path: PathKey[]): SchemaInfo | undefined {
  return undefined;
}

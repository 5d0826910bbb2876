// Picks our JSON schemas for a YAML file by the apiVersion and kind of its documents (no vscode import,
// so it is unit-tested). File-name patterns cannot tell an HPA from a Deployment; content can.
import type { SchemaIndexEntry } from '../core/language/schemaIndex';
import { parseFile } from '../core/manifest/model';

/** The entries whose apiVersion and kind appear in one of the file's documents, in index order. */
export function entriesForText(text: string, entries: readonly SchemaIndexEntry[]): SchemaIndexEntry[] {
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
export function dispatchSchema(entries: readonly SchemaIndexEntry[], uriOf: (file: string) => string): object {
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

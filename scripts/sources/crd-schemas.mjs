// Generates src/core/schema/cel/crdSchemas.json: the openAPIV3Schema (descriptions dropped) of each served
// version of the CRDs the product checks, read from the real CRD files of the pinned upstream modules (the same
// files `--with crds` installs), so conversions are checked offline with upstream's schemas and CEL rules.
// Run `node scripts/sources/crd-schemas.mjs` after changing scripts/cluster/versions.env; test/unit/crd-check.test.ts fails while
// the committed file differs from what this script writes.
// @ts-check
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { crdPaths } from '../cluster/components/crds.mjs';

/** The kinds the product owns; NodeClaims (Karpenter's) and VPA checkpoints (the recommender's) are never written by users. */
const KINDS = ['NodePool', 'EC2NodeClass', 'ScaledObject', 'ScaledJob', 'TriggerAuthentication', 'ClusterTriggerAuthentication', 'VerticalPodAutoscaler'];

export const OUTPUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../src/core/schema/cel/crdSchemas.json');

/** @param {unknown} s */
function strip(s) {
  if (Array.isArray(s)) return s.map(strip);
  if (!s || typeof s !== 'object') return s;
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'description') continue;
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(/** @type {object} */ (v)).map(([name, sub]) => [name, strip(sub)])) : strip(v);
  }
  return out;
}

/** `{ "<group>/<version> <Kind>": schema }` for every served version in the CRD files, in a stable order. */
export function generate() {
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const file of crdPaths()) {
    for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      const crd = doc.toJS();
      if (crd?.kind !== 'CustomResourceDefinition' || !KINDS.includes(crd.spec.names.kind)) continue;
      for (const v of crd.spec.versions) if (v.served && v.schema?.openAPIV3Schema) out[`${crd.spec.group}/${v.name} ${crd.spec.names.kind}`] = strip(v.schema.openAPIV3Schema);
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

export const render = () => JSON.stringify(generate()) + '\n';

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  fs.writeFileSync(OUTPUT, render());
  console.log(`wrote ${path.relative(process.cwd(), OUTPUT)}`);
}

// Generates the schemas of the kinds the product owns from the real upstream sources (scripts/sources/upstream.mjs):
// the Kubernetes OpenAPI v3 of the pinned releases and the CRDs of Karpenter, KEDA and VPA. Two outputs per kind:
//   schemas/generated/<group>_<version>_<Kind>.json  compact, for the linter's validator (src/core/schema)
//   schemas/<editor file>.json                        draft-07 with descriptions, for hover, completion and the YAML extension
// Both are committed (a fresh clone works offline); `npm run schemas -- --check` (a unit test runs it) fails when
// they differ from what the sources give, so they are provably generated, never edited by hand.
//
//   npm run schemas              write the files
//   npm run schemas -- --check   compare only; exit 1 with the stale files named
// @ts-check
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { SOURCES, sourceDir } from '../sources/upstream.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = path.join(ROOT, 'schemas');
const GENERATED = path.join(OUT, 'generated');

/**
 * One kind at one API version, read from one upstream file.
 * @typedef {object} Target
 * @property {keyof typeof SOURCES} source
 * @property {string} file path inside the module
 * @property {string} apiVersion
 * @property {string} kind
 * @property {string} [definition] the OpenAPI definition (built-in kinds); CRDs are found by group, kind and version
 * @property {string} [editor] file name under schemas/ of the editor's schema (hover, completion, YAML extension)
 */

const K8S_V3 = 'api/openapi-spec/v3';
// karpenter.sh kinds come from the AWS provider's copy of their CRDs: the one it ships and installs (scripts/cluster/components/crds.mjs),
// whose CEL rules add the provider's restricted label domain (karpenter.k8s.aws).
/** @type {Target[]} */
export const TARGETS = [
  { source: 'kubernetes', file: `${K8S_V3}/apis__autoscaling__v2_openapi.json`, definition: 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler', apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', editor: 'hpa-autoscaling-v2.json' },
  { source: 'kubernetes', file: `${K8S_V3}/apis__autoscaling__v1_openapi.json`, definition: 'io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler', apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler' },
  { source: 'kubernetes-legacy', file: `${K8S_V3}/apis__autoscaling__v2beta2_openapi.json`, definition: 'io.k8s.api.autoscaling.v2beta2.HorizontalPodAutoscaler', apiVersion: 'autoscaling/v2beta2', kind: 'HorizontalPodAutoscaler' },
  { source: 'kubernetes-legacy', file: `${K8S_V3}/apis__autoscaling__v2beta1_openapi.json`, definition: 'io.k8s.api.autoscaling.v2beta1.HorizontalPodAutoscaler', apiVersion: 'autoscaling/v2beta1', kind: 'HorizontalPodAutoscaler' },
  // Checked only for the metrics-server and Cluster Autoscaler Deployments and the CoreDNS ConfigMap (src/core/schema/owned.ts).
  { source: 'kubernetes', file: `${K8S_V3}/apis__apps__v1_openapi.json`, definition: 'io.k8s.api.apps.v1.Deployment', apiVersion: 'apps/v1', kind: 'Deployment' },
  { source: 'kubernetes', file: `${K8S_V3}/api__v1_openapi.json`, definition: 'io.k8s.api.core.v1.ConfigMap', apiVersion: 'v1', kind: 'ConfigMap' },
  { source: 'karpenter-aws', file: 'pkg/apis/crds/karpenter.sh_nodepools.yaml', apiVersion: 'karpenter.sh/v1', kind: 'NodePool', editor: 'karpenter-nodepool-v1.json' },
  { source: 'karpenter-aws', file: 'pkg/apis/crds/karpenter.sh_nodeclaims.yaml', apiVersion: 'karpenter.sh/v1', kind: 'NodeClaim' },
  { source: 'karpenter-aws', file: 'pkg/apis/crds/karpenter.k8s.aws_ec2nodeclasses.yaml', apiVersion: 'karpenter.k8s.aws/v1', kind: 'EC2NodeClass', editor: 'karpenter-ec2nodeclass-v1.json' },
  { source: 'karpenter-aws-legacy', file: 'pkg/apis/crds/karpenter.sh_nodepools.yaml', apiVersion: 'karpenter.sh/v1beta1', kind: 'NodePool' },
  { source: 'karpenter-aws-legacy', file: 'pkg/apis/crds/karpenter.sh_nodeclaims.yaml', apiVersion: 'karpenter.sh/v1beta1', kind: 'NodeClaim' },
  { source: 'karpenter-aws-legacy', file: 'pkg/apis/crds/karpenter.k8s.aws_ec2nodeclasses.yaml', apiVersion: 'karpenter.k8s.aws/v1beta1', kind: 'EC2NodeClass' },
  { source: 'karpenter-alpha', file: 'pkg/apis/crds/karpenter.sh_provisioners.yaml', apiVersion: 'karpenter.sh/v1alpha5', kind: 'Provisioner' },
  { source: 'keda', file: 'config/crd/bases/keda.sh_scaledobjects.yaml', apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', editor: 'keda-scaledobject.json' },
  { source: 'keda', file: 'config/crd/bases/keda.sh_scaledjobs.yaml', apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledJob' },
  { source: 'keda', file: 'config/crd/bases/keda.sh_triggerauthentications.yaml', apiVersion: 'keda.sh/v1alpha1', kind: 'TriggerAuthentication' },
  { source: 'keda', file: 'config/crd/bases/keda.sh_clustertriggerauthentications.yaml', apiVersion: 'keda.sh/v1alpha1', kind: 'ClusterTriggerAuthentication' },
  { source: 'vpa', file: 'deploy/vpa-v1-crd-gen.yaml', apiVersion: 'autoscaling.k8s.io/v1', kind: 'VerticalPodAutoscaler' },
];

/** Where ObjectMeta comes from for CRDs: the API server checks a custom resource's metadata as ObjectMeta. */
const OBJECT_META = { source: /** @type {const} */ ('kubernetes'), file: `${K8S_V3}/apis__autoscaling__v2_openapi.json`, definition: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' };

/**
 * What the validators read of a schema node (src/core/schema: the linter's rule and the conversion check, which
 * applies defaults before the CEL rules as the server decodes): everything else (descriptions, examples) is dropped.
 */
const VALIDATION_KEYS = [
  'type',
  'default',
  'format',
  'nullable',
  'enum',
  'required',
  'properties',
  'additionalProperties',
  'items',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
];
const EDITOR_KEYS = new Set([...VALIDATION_KEYS, 'description']);

// ---- reading the sources ----

/** @param {keyof typeof SOURCES} source @param {string} file */
function sourceText(source, file) {
  const full = path.join(sourceDir(source), file);
  if (!fs.existsSync(full)) throw new Error(`${SOURCES[source].module}@${SOURCES[source].version} has no ${file}`);
  return fs.readFileSync(full, 'utf8');
}

/** @type {Map<string, Record<string, any>>} */
const openApiCache = new Map();
/** The `components.schemas` of one Kubernetes OpenAPI v3 file. */
function openApiDefinitions(/** @type {keyof typeof SOURCES} */ source, /** @type {string} */ file) {
  const key = `${source}:${file}`;
  if (!openApiCache.has(key)) openApiCache.set(key, JSON.parse(sourceText(source, file)).components.schemas);
  return /** @type {Record<string, any>} */ (openApiCache.get(key));
}

/** The openAPIV3Schema of `kind` at `version` in a CRD file (which may hold several CRDs). */
function crdSchema(/** @type {Target} */ t) {
  const [group, version] = t.apiVersion.split('/');
  for (const doc of parseAllDocuments(sourceText(t.source, t.file))) {
    const crd = doc.toJS();
    if (crd?.kind !== 'CustomResourceDefinition' || crd.spec?.group !== group || crd.spec?.names?.kind !== t.kind) continue;
    const v = crd.spec.versions?.find((/** @type {any} */ x) => x.name === version);
    if (v?.schema?.openAPIV3Schema) return v.schema.openAPIV3Schema;
  }
  throw new Error(`${t.file} of ${SOURCES[t.source].module}@${SOURCES[t.source].version} has no ${t.kind} ${t.apiVersion}`);
}

// ---- building one kind ----

/** A short definition name: the last segment, unless two definitions of one file share it. */
function shortNames(/** @type {string[]} */ names) {
  const count = new Map();
  for (const n of names) count.set(n.split('.').pop(), (count.get(n.split('.').pop()) ?? 0) + 1);
  return new Map(names.map((n) => [n, count.get(n.split('.').pop()) === 1 ? n.split('.').pop() : n]));
}

/** The definitions `name` reaches through $ref, in a stable order. */
function reachable(/** @type {Record<string, any>} */ defs, /** @type {string} */ name) {
  const seen = new Set();
  const visit = (/** @type {string} */ n) => {
    if (seen.has(n)) return;
    if (!defs[n]) throw new Error(`OpenAPI definition ${n} is missing`);
    seen.add(n);
    JSON.stringify(defs[n], (k, v) => {
      if (k === '$ref' && typeof v === 'string') visit(v.replace('#/components/schemas/', ''));
      return v;
    });
  };
  visit(name);
  return [...seen].sort();
}

/**
 * A schema node with only `keys`, refs pointing at `#/definitions/<short name>`, and the OpenAPI v3 `allOf: [{$ref}]`
 * wrapper (how Kubernetes attaches a description to a referenced type) flattened to the $ref.
 * @param {any} node @param {Set<string>} keys @param {Map<string, string>} names
 * @returns {any}
 */
function trim(node, keys, names) {
  if (Array.isArray(node)) return node.map((n) => trim(n, keys, names));
  if (!node || typeof node !== 'object') return node;
  if (node.$ref) return { $ref: ref(node.$ref, names) };
  if (Array.isArray(node.allOf) && node.allOf.length === 1 && node.allOf[0].$ref) {
    const out = { $ref: ref(node.allOf[0].$ref, names) };
    if (keys.has('description') && node.description) out.description = node.description;
    return out;
  }
  /** @type {Record<string, any>} */
  const out = {};
  for (const key of Object.keys(node)) {
    if (!keys.has(key)) continue;
    const v = node[key];
    if (key === 'properties') out.properties = Object.fromEntries(Object.entries(v).map(([k, p]) => [k, trim(p, keys, names)]));
    else if (key === 'default') out.default = v; // a value, not a schema node
    else if (key === 'x-kubernetes-validations') out[key] = v.map((/** @type {any} */ r) => Object.fromEntries(['rule', 'message', 'messageExpression', 'reason', 'fieldPath', 'optionalOldSelf'].filter((f) => r[f] !== undefined).map((f) => [f, r[f]])));
    else out[key] = typeof v === 'object' ? trim(v, keys, names) : v;
  }
  return out;
}

function ref(/** @type {string} */ r, /** @type {Map<string, string>} */ names) {
  const full = r.replace('#/components/schemas/', '');
  return `#/definitions/${names.get(full) ?? full}`;
}

/**
 * Enums of the built-in autoscaling API. The published OpenAPI has none, but the API server's validation
 * (pkg/apis/autoscaling/validation) accepts only the constants its types declare (`type: Resource`, `selectPolicy: Max`):
 * read from pkg/apis/autoscaling/types.go of the same release, for the spec structs only (status is not written by hand).
 * @returns {Map<string, Map<string, string[]>>} struct name → JSON field name → values
 */
function autoscalingEnums(/** @type {keyof typeof SOURCES} */ source) {
  const text = sourceText(source, 'pkg/apis/autoscaling/types.go');
  /** @type {Map<string, string[]>} */
  const values = new Map();
  for (const [, type] of text.matchAll(/^type (\w+) string$/gm)) values.set(type, []);
  for (const [, type, value] of text.matchAll(/^\t\w+ (\w+) = "([^"]+)"/gm)) values.get(type)?.push(value);
  /** @type {Map<string, Map<string, string[]>>} */
  const structs = new Map();
  for (const [, name, body] of text.matchAll(/^type (\w+) struct \{\n([\s\S]*?)^\}/gm)) {
    if (/Status|Condition/.test(name)) continue;
    for (const [, field, type] of body.matchAll(/^\t(\w+) \*?(\w+)$/gm)) {
      const allowed = values.get(type);
      if (!allowed?.length) continue;
      if (!structs.has(name)) structs.set(name, new Map());
      structs.get(name)?.set(field[0].toLowerCase() + field.slice(1), allowed);
    }
  }
  return structs;
}

/** The OpenAPI definitions of a built-in autoscaling target with the enums its validation enforces added. */
function withEnums(/** @type {Target} */ t, /** @type {Record<string, any>} */ defs) {
  if (!t.definition?.startsWith('io.k8s.api.autoscaling.')) return defs;
  const prefix = t.definition.slice(0, t.definition.lastIndexOf('.') + 1);
  const out = { ...defs };
  for (const [struct, fields] of autoscalingEnums(t.source)) {
    const def = out[prefix + struct];
    if (!def?.properties) continue;
    const properties = { ...def.properties };
    for (const [field, allowed] of fields) if (properties[field]?.type === 'string') properties[field] = { ...properties[field], enum: allowed };
    out[prefix + struct] = { ...def, properties };
  }
  return out;
}

/** The root node and definitions of one target, trimmed to `keys`. */
function build(/** @type {Target} */ t, /** @type {Set<string>} */ keys) {
  const metaDefs = openApiDefinitions(OBJECT_META.source, OBJECT_META.file);
  /** @type {Record<string, any>} */
  let defs;
  /** @type {string[]} */
  let used;
  let root;
  if (t.definition) {
    defs = withEnums(t, openApiDefinitions(t.source, t.file));
    used = reachable(defs, t.definition);
    root = defs[t.definition];
  } else {
    defs = metaDefs;
    used = reachable(defs, OBJECT_META.definition);
    const crd = crdSchema(t);
    // The API server checks a custom resource's metadata as ObjectMeta, whatever the CRD says of it.
    root = { ...crd, properties: { ...crd.properties, metadata: { $ref: `#/components/schemas/${OBJECT_META.definition}` } } };
  }
  const names = shortNames(used.filter((n) => n !== t.definition));
  const definitions = Object.fromEntries(used.filter((n) => n !== t.definition).map((n) => [names.get(n), trim(defs[n], keys, names)]));
  return { root: trim(root, keys, names), definitions };
}

function fileName(/** @type {Target} */ t) {
  const [group, version] = t.apiVersion.includes('/') ? t.apiVersion.split('/') : ['core', t.apiVersion];
  return `${group}_${version}_${t.kind}.json`;
}

function provenance(/** @type {Target} */ t) {
  return `${SOURCES[t.source].module}@${SOURCES[t.source].version} ${t.file}`;
}

/** The linter's schema: compact, no descriptions. */
function validationSchema(/** @type {Target} */ t) {
  const { root, definitions } = build(t, new Set(VALIDATION_KEYS));
  return { $comment: 'Generated by `npm run schemas` (scripts/schemas/generate.mjs): do not edit.', apiVersion: t.apiVersion, kind: t.kind, source: provenance(t), root, definitions };
}

// ---- the editor's draft-07 schemas ----

/** Kubernetes' OpenAPI extensions in draft-07 words, so the YAML extension and our hover/completion read them. */
function toDraft07(/** @type {any} */ node) {
  if (Array.isArray(node)) return node.map(toDraft07);
  if (!node || typeof node !== 'object') return node;
  /** @type {Record<string, any>} */
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'x-kubernetes-validations' || k === 'nullable' || k.startsWith('x-kubernetes-list') || k === 'x-kubernetes-map-type' || k === 'format') continue;
    if (k === 'x-kubernetes-int-or-string' || k === 'x-kubernetes-preserve-unknown-fields' || k === 'x-kubernetes-embedded-resource') continue;
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, toDraft07(s)])) : typeof v === 'object' ? toDraft07(v) : v;
  }
  if (node['x-kubernetes-int-or-string']) {
    delete out.type;
    delete out.anyOf;
    out.type = ['integer', 'string'];
  }
  if (node.nullable && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}

/** Completion examples read from the sources too: KEDA's scaler names, the AMI families the alias description lists. */
function editorExamples(/** @type {Target} */ t, /** @type {any} */ root) {
  if (t.kind === 'ScaledObject') {
    const builder = sourceText('keda', 'pkg/scaling/scalers_builder.go');
    const scalers = [...new Set([...builder.matchAll(/case "([a-z0-9-]+)"/g)].map((m) => m[1]))].sort();
    const type = root.properties?.spec?.properties?.triggers?.items?.properties?.type;
    if (type && scalers.length) type.examples = scalers;
  }
  if (t.kind === 'EC2NodeClass') {
    const alias = root.properties?.spec?.properties?.amiSelectorTerms?.items?.properties?.alias;
    const families = /Valid families include: ([a-z0-9, ]+)\./.exec(alias?.description ?? '')?.[1];
    if (alias && families) alias.examples = families.split(/,\s*/).map((f) => `${f}@latest`);
  }
}

function editorSchema(/** @type {Target} */ t) {
  const { root, definitions } = build(t, EDITOR_KEYS);
  const draft = toDraft07(root);
  editorExamples(t, draft);
  const properties = { ...draft.properties };
  properties.apiVersion = { ...properties.apiVersion, const: t.apiVersion };
  properties.kind = { ...properties.kind, const: t.kind };
  const required = ['apiVersion', 'kind', ...(draft.required ?? []).filter((/** @type {string} */ r) => r !== 'apiVersion' && r !== 'kind')];
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $comment: `Generated by \`npm run schemas\` (scripts/schemas/generate.mjs) from ${provenance(t)}: do not edit.`,
    title: `${t.kind} (${t.apiVersion})`,
    ...draft,
    required,
    properties,
    definitions: toDraft07(definitions),
  };
}

// ---- output ----

/** Every generated file: path relative to the repository → content. */
export function generate() {
  /** @type {Map<string, string>} */
  const files = new Map();
  const index = [];
  for (const t of TARGETS) {
    const file = fileName(t);
    files.set(`schemas/generated/${file}`, JSON.stringify(validationSchema(t)) + '\n');
    index.push({ apiVersion: t.apiVersion, kind: t.kind, file, source: provenance(t), crd: !t.definition });
    if (t.editor) files.set(`schemas/${t.editor}`, JSON.stringify(editorSchema(t), null, 1) + '\n');
  }
  const header = 'Generated by `npm run schemas` (scripts/schemas/generate.mjs): which file under schemas/generated/ checks which apiVersion and kind, and the upstream file it comes from.';
  files.set('schemas/generated/index.json', JSON.stringify({ $comment: header, schemas: index }, null, 1) + '\n');
  files.set(
    'schemas/index.json',
    JSON.stringify(
      {
        description: 'Generated by `npm run schemas`: which JSON schema describes which Kubernetes kind, for the language server (hover, completion) and the extension (yamlValidation).',
        schemas: TARGETS.filter((t) => t.editor).map((t) => ({ apiVersion: t.apiVersion, kind: t.kind, file: t.editor })),
      },
      null,
      1,
    ) + '\n',
  );
  return files;
}

/** The generated files that differ from the committed ones (or are missing, or committed but no longer generated). */
export function staleFiles(/** @type {Map<string, string>} */ files) {
  const stale = [...files].filter(([rel, content]) => !fs.existsSync(path.join(ROOT, rel)) || fs.readFileSync(path.join(ROOT, rel), 'utf8') !== content).map(([rel]) => rel);
  const extra = fs.existsSync(GENERATED) ? fs.readdirSync(GENERATED).map((f) => `schemas/generated/${f}`).filter((rel) => !files.has(rel)) : [];
  return [...stale, ...extra];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const files = generate();
    if (process.argv.includes('--check')) {
      const stale = staleFiles(files);
      if (stale.length) {
        console.error(`schemas: stale generated files (run npm run schemas): ${stale.join(', ')}`);
        process.exit(1);
      }
      console.log(`schemas: ${files.size} generated files are up to date`);
    } else {
      fs.mkdirSync(GENERATED, { recursive: true });
      for (const rel of staleFiles(files)) if (!files.has(rel)) fs.rmSync(path.join(ROOT, rel));
      for (const [rel, content] of files) fs.writeFileSync(path.join(ROOT, rel), content);
      console.log(`schemas: wrote ${files.size} files under schemas/`);
    }
  } catch (e) {
    console.error(`schemas: ${/** @type {Error} */ (e).message}`);
    process.exit(1);
  }
}

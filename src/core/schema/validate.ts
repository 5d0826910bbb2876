// Checks of one manifest document against its generated schema, as `kubectl apply --validate=strict` and the API
// server reject them: unknown fields, missing required fields, wrong types, values outside an enum, and what a CRD's
// patterns, bounds and CEL rules refuse (constraints.ts, with the server's message). Walks the YAML nodes once, so
// every issue has the exact range of its key or value; CEL runs only on the nodes that carry rules (CRD kinds).
// Templated values are never judged, and in templated files or patches nothing is called missing and no CEL rule
// or list size is judged (a directive or the base may add what they ask for).
import { isMap, isScalar, isSeq, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { isTemplatedValue, rangeOf, type ManifestDoc } from '../manifest/model';
import type { OffsetRange } from '../text/edits';
import { closestName } from '../text/similar';
import { constraintViolations, hasConstraints, withDefaults } from './constraints';
import { resolveRef, type KindSchema, type SchemaNode } from './load';
import { msg, type Message } from '../l10n';
import { orJoin } from '../l10n/lists';

/** `rejected-value`: a pattern, a bound or a CEL rule of the schema refuses the value. */
export type SchemaIssueClass = 'unknown-field' | 'missing-field' | 'wrong-type' | 'unsupported-value' | 'rejected-value';

export interface SchemaIssue {
  class: SchemaIssueClass;
  /** The field's path as kubectl prints it: `spec.metrics[0].resource.target`. */
  path: string;
  /** A template, except `rejected-value`: the API server's own words (a pattern, a bound, a CEL rule's message), quoted as they are. */
  message: string | Message;
  range: OffsetRange;
  /** unknown-field: the map and the key written, and the known field it most likely meant. */
  map?: YAMLMap;
  key?: Scalar;
  suggestion?: string;
  /** wrong-type: a number or boolean where a string is expected (quoting it is the fix). */
  scalar?: Scalar;
  expected?: string;
  /** unsupported-value: the value's node and the values allowed. */
  node?: Scalar;
  allowed?: string[];
}

/** Keys of strategic merge patches (`$patch: delete`, `$setElementOrder/containers`): directives, never fields. */
const PATCH_DIRECTIVE = /^\$(patch|setElementOrder\/|retainKeys|deleteFromPrimitiveList\/)/;

/**
 * The issues of `doc` against `schema`. `partial`: the document is a patch (a kustomization names it), so the
 * fields it leaves out are not missing.
 */
export function validateDoc(doc: ManifestDoc, schema: KindSchema, partial = false): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  if (!doc.root) return issues;
  const kindPair = doc.root.items.find((p) => isScalar(p.key) && p.key.value === 'kind');
  const walker = new Walker(schema, issues, !doc.file.templated && !partial, doc.doc);
  walker.visit(doc.root, schema.root, '', rangeOf(kindPair?.key as Node | undefined, doc.range));
  return issues;
}

class Walker {
  constructor(
    private readonly schema: KindSchema,
    private readonly issues: SchemaIssue[],
    /** The document is whole (not templated, not a patch): missing fields, list sizes and CEL rules are judged. */
    private readonly checkRequired: boolean,
    private readonly yamlDoc: Document.Parsed,
  ) {}

  /** `at` is where a missing field of this node is reported: the key of the map that lacks it. */
  visit(node: unknown, schemaNode: SchemaNode | undefined, path: string, at: OffsetRange): void {
    const s = resolveRef(this.schema, schemaNode);
    if (!s || node === null || node === undefined) return;
    if (isScalar(node) && (node.value === null || isTemplatedValue(node.value))) return;
    const expected = expectedTypes(this.schema, s);
    if (expected && !expected.some((t) => hasType(node, t))) {
      this.wrongType(node, expected, path);
      return;
    }
    if (s.enum && isScalar(node) && !s.enum.some((v) => v === node.value || (v !== null && String(v) === String(node.value)))) {
      const allowed = s.enum.map((v) => JSON.stringify(v)).join(', ');
      this.issues.push({
        class: 'unsupported-value',
        path,
        message: msg('{path}: unsupported value {value}: supported values: {allowed}', { path, value: JSON.stringify(node.value), allowed }),
        range: rangeOf(node),
        node,
        allowed: s.enum.filter((v): v is string => typeof v === 'string'),
      });
    }
    if (isMap(node)) this.visitMap(node, s, path, at);
    else if (isSeq(node) && s.items) node.items.forEach((item, i) => this.visit(item, s.items, `${path}[${i}]`, rangeOf(item as Node)));
    // An int-or-string scalar is a quantity or a percentage: invalid-quantity judges it, with a fix.
    if (hasConstraints(s) && !(isScalar(node) && s['x-kubernetes-int-or-string'])) this.constrain(node, s, path, at);
  }

  /** Patterns, bounds and CEL rules at this node, on its value as the server sees it (defaults applied). */
  private constrain(node: unknown, s: SchemaNode, path: string, at: OffsetRange): void {
    let value: unknown;
    try {
      value = isScalar(node) ? node.value : (node as Node).toJS(this.yamlDoc, { maxAliasCount: 100 });
    } catch {
      return; // an alias loop or bomb: the YAML rules report it
    }
    if (hasTemplatedValue(value)) return;
    // A scalar's issue is on its value; a map's or a list's on the key that holds it (not the whole block).
    const range = isScalar(node) ? rangeOf(node) : at;
    for (const message of constraintViolations(s, withDefaults(s, value), path || '<root>', this.checkRequired)) this.issues.push({ class: 'rejected-value', path, message, range });
  }

  private visitMap(map: YAMLMap, s: SchemaNode, path: string, at: OffsetRange): void {
    const properties = s.properties;
    const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
    const additional = s.additionalProperties;
    const hasMerge = map.items.some((p) => isScalar(p.key) && p.key.value === '<<');
    const meant = new Set<string | undefined>();
    for (const pair of map.items as Pair[]) {
      if (!isScalar(pair.key)) continue;
      const key = pair.key.value;
      if (typeof key !== 'string' && typeof key !== 'number') continue;
      const name = String(key);
      if (name === '<<' || isTemplatedValue(name) || PATCH_DIRECTIVE.test(name)) continue;
      // The server resets status on create and update of every kind we own (a status subresource): not judged here;
      // live-object-dump reports a status kept in a manifest.
      if (path === '' && name === 'status') continue;
      const keyRange = rangeOf(pair.key as Node);
      const known = properties && Object.hasOwn(properties, name) ? properties[name] : undefined;
      if (known) this.visit(pair.value, known, join(path, name), keyRange);
      else if (additional && typeof additional === 'object') this.visit(pair.value, additional, join(path, name), keyRange);
      else if (properties && !preserve && additional !== true) meant.add(this.unknown(map, pair.key as Scalar, name, Object.keys(properties), path));
    }
    if (!this.checkRequired || hasMerge) return;
    for (const field of s.required ?? []) {
      // A misspelt required field is reported once, as the unknown field that meant it.
      if (!map.has(field) && !meant.has(field))
        this.issues.push({ class: 'missing-field', path: join(path, field), message: msg('missing required field "{field}"', { field: join(path, field) }), range: at });
    }
  }

  /** Reports an unknown field; returns the known field it most likely meant. */
  private unknown(map: YAMLMap, key: Scalar, name: string, known: string[], path: string): string | undefined {
    const suggestion = closestName(
      name,
      known.filter((k) => !map.has(k)),
    );
    const field = join(path, name);
    this.issues.push({
      class: 'unknown-field',
      path: field,
      message: suggestion ? msg('unknown field "{field}": did you mean "{suggestion}"?', { field, suggestion }) : msg('unknown field "{field}"', { field }),
      range: rangeOf(key),
      map,
      key,
      suggestion,
    });
    return suggestion;
  }

  private wrongType(node: unknown, expected: string[], path: string): void {
    const got = typeOf(node);
    const scalar = isScalar(node) && expected.includes('string') && (got === 'integer' || got === 'number' || got === 'boolean') ? node : undefined;
    const args = { path, types: orJoin(expected), got, value: isScalar(node) ? JSON.stringify(node.value) : '' };
    let message;
    if (path && isScalar(node)) message = msg('{path} must be of type {types}, not {got} ({value})', args);
    else if (path) message = msg('{path} must be of type {types}, not {got}', args);
    else if (isScalar(node)) message = msg('the document must be of type {types}, not {got} ({value})', args);
    else message = msg('the document must be of type {types}, not {got}', args);
    this.issues.push({
      class: 'wrong-type',
      path,
      message,
      range: rangeOf(node as Node),
      scalar,
      expected: expected.join(' or '),
    });
  }
}

function hasTemplatedValue(v: unknown): boolean {
  if (typeof v === 'string') return isTemplatedValue(v);
  if (Array.isArray(v)) return v.some(hasTemplatedValue);
  if (v && typeof v === 'object') return Object.entries(v).some(([k, x]) => isTemplatedValue(k) || hasTemplatedValue(x));
  return false;
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

/** The JSON types a node accepts: its type, int-or-string, or the types of its anyOf/oneOf branches (Quantity). */
function expectedTypes(schema: KindSchema, s: SchemaNode): string[] | undefined {
  if (s['x-kubernetes-int-or-string']) return ['integer', 'string'];
  if (s.type) return [s.type];
  const branches = s.anyOf ?? s.oneOf;
  if (!branches) return undefined;
  const types = branches.map((b) => resolveRef(schema, b)?.type);
  return types.every((t): t is string => typeof t === 'string') ? [...new Set(types)] : undefined;
}

function typeOf(node: unknown): string {
  if (isMap(node)) return 'object';
  if (isSeq(node)) return 'array';
  if (!isScalar(node)) return 'alias';
  const v = node.value;
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'boolean') return 'boolean';
  return typeof v === 'string' ? 'string' : 'null';
}

function hasType(node: unknown, type: string): boolean {
  const got = typeOf(node);
  if (got === 'alias') return true;
  return got === type || (type === 'number' && got === 'integer');
}

// What makes a conversion's output one the API server accepts: no server-populated metadata (a `kubectl get -o
// yaml` dump cannot be created: resourceVersion is refused, a stale uid fails the next apply), only fields the
// target schema declares, no restricted labels, and a final check of the converted documents against the
// upstream CRD schemas and CEL rules, whose messages a conversion reports instead of offering a clean fix.
import { isScalar, type YAMLMap } from 'yaml';
import { removeEntry } from '../manifest/edit';
import { mapAt, parseFile, type ManifestDoc, type SourceFile } from '../manifest/model';
import { crdSchemaFor, createRejections } from '../schema/cel/crdSchemas';
import { crdViolations, type CrdSchema } from '../schema/cel/crdCheck';
import { LAST_APPLIED_ANNOTATION, SERVER_POPULATED_METADATA } from '../k8s/serverPopulated';
import { applyTextEdits, type Fix, type TextEdit } from '../text/edits';
import { OMap, rawPairs, type RawPair } from './render';
import { replaceNodeEdit } from './text';
import type { RenderStyle } from './render';
import { msg } from '../l10n';

const keyOf = (p: { key: unknown }) => (isScalar(p.key) ? String(p.key.value) : String(p.key));

/**
 * Edits removing server-populated metadata, `status`, the last-applied annotation and `alsoAnnotations` from a
 * document (`annotations:` goes when nothing is left in it); undefined when one cannot be removed exactly.
 */
export function serverStateEdits(doc: ManifestDoc, alsoAnnotations: readonly string[], st: RenderStyle): TextEdit[] | undefined {
  const file = doc.file;
  const root = doc.root;
  if (!root) return [];
  const edits: TextEdit[] = [];
  const metadata = mapAt(root, ['metadata']);
  if (metadata) {
    for (const key of SERVER_POPULATED_METADATA) {
      if (!metadata.has(key)) continue;
      const edit = removeEntry(file, metadata, key);
      if (!edit) return undefined;
      edits.push(edit);
    }
    const annotations = mapAt(metadata, ['annotations']);
    const drop = [LAST_APPLIED_ANNOTATION, ...alsoAnnotations];
    const keys = annotations?.items.map(keyOf) ?? [];
    const dropped = keys.filter((k) => drop.includes(k));
    if (annotations && dropped.length) {
      const more = annotationEdits(file, metadata, annotations, dropped, keys.length, st);
      if (!more) return undefined;
      edits.push(...more);
    }
  }
  if (root.has('status')) {
    const edit = removeEntry(file, root, 'status');
    if (!edit) return undefined;
    edits.push(edit);
  }
  return edits;
}

function annotationEdits(file: SourceFile, metadata: YAMLMap, annotations: YAMLMap, dropped: string[], total: number, st: RenderStyle): TextEdit[] | undefined {
  if (dropped.length === total) {
    const edit = removeEntry(file, metadata, 'annotations');
    return edit ? [edit] : undefined;
  }
  if (annotations.flow) {
    const kept = new OMap([], true);
    for (const [k, p] of rawPairs(annotations, file.text)) if (!dropped.includes(k)) kept.add(p);
    const edit = replaceNodeEdit(file, annotations, kept, st);
    return edit ? [edit] : undefined;
  }
  const edits = dropped.map((k) => removeEntry(file, annotations, k));
  return edits.every((e) => e) ? (edits as TextEdit[]) : undefined;
}

/** The schema node at `path` (property names) of a CRD kind the product ships, or undefined. */
export function schemaAt(apiVersion: string, kind: string, path: readonly string[]): CrdSchema | undefined {
  let node = crdSchemaFor(apiVersion, kind);
  for (const key of path) node = node?.properties?.[key];
  return node;
}

/** Whether the schema at `path` declares `key` (true when the node keeps unknown fields or is not known). */
export function declares(apiVersion: string, kind: string, path: readonly string[], key: string): boolean {
  const node = schemaAt(apiVersion, kind, path);
  if (!node || node['x-kubernetes-preserve-unknown-fields'] || node.additionalProperties) return true;
  return !!node.properties && key in node.properties;
}

/** Why the target's label schema at `path` refuses the label `key: value` (its CEL messages), or undefined. */
export function labelRefusal(apiVersion: string, kind: string, path: readonly string[], key: string, value: unknown): string | undefined {
  const schema = schemaAt(apiVersion, kind, path);
  if (!schema) return undefined;
  const problems = crdViolations(schema, { [key]: value }).map((m) => m.replace(/^<root>: Invalid value: [^:]+: /, ''));
  return problems.length ? problems.join('; ') : undefined;
}

/** The entries of a block/flow map split into those `keep` accepts and those it refuses (with the reason). */
export function splitPairs(map: YAMLMap, text: string, refuse: (key: string, p: RawPair) => string | undefined): { kept: RawPair[]; refused: { pair: RawPair; why: string }[] } {
  const kept: RawPair[] = [];
  const refused: { pair: RawPair; why: string }[] = [];
  for (const [key, p] of rawPairs(map, text)) {
    const why = refuse(key, p);
    if (why) refused.push({ pair: p, why });
    else kept.push(p);
  }
  return { kept, refused };
}

/** A refused entry written back as comment lines, so nothing the user wrote is lost: `# why` then `# key: value`. */
export function commentedOut(p: RawPair, why: string): string[] {
  // The source starts at the key (or a comment above it); the lines below keep their indentation relative to the key.
  const [first, ...rest] = p.source.split(/\r?\n/);
  const indent = ' '.repeat(p.keyColumn);
  const body = [first.trim(), ...rest.map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.trim()).trimEnd())].filter((l) => l.trim() && !l.trim().startsWith('#'));
  return [`# ${why}:`, ...body.map((l) => `#   ${l}`)];
}

/** A document to check after a conversion: by its position in its file once the edits are applied (a converted document, or one the conversion adds). */
export interface CheckTarget {
  file: { uri: string };
  index: number;
  kind?: string;
  name?: string;
}

/**
 * What the API server would refuse when the converted documents (by position in their files after the edits) are
 * created: messages prefixed with the document's kind and name.
 */
export function rejectionsAfter(edits: readonly TextEdit[], docs: readonly CheckTarget[], textOf: (uri: string) => string | undefined): string[] {
  const out: string[] = [];
  const files = new Map<string, SourceFile>();
  for (const doc of docs) {
    const uri = doc.file.uri;
    let file = files.get(uri);
    if (!file) {
      const text = textOf(uri);
      if (text === undefined) continue;
      file = parseFile(
        uri,
        applyTextEdits(
          text,
          edits.filter((e) => e.uri === uri),
        ),
      );
      files.set(uri, file);
    }
    const converted = file.docs[doc.index];
    if (!converted?.root || converted.doc.errors.length) {
      out.push(`${doc.kind ?? 'document'} ${doc.name ?? ''}: the converted document does not parse`.replace(/ {2}/, ' '));
      continue;
    }
    // Helm directives are masked to placeholders by the parser: a templated document is checked only where it is literal.
    const templated = /\{\{/.test(file.text.slice(converted.range.start, converted.range.end));
    for (const m of createRejections(converted.root.toJSON())) if (!templated || !/__tpl/.test(m)) out.push(`${converted.kind} ${converted.name ?? ''}: ${m}`);
  }
  return out;
}

/** The fix as offered after checking its output with the CRDs' schemas and CEL rules: what the server would refuse is never a clean fix. */
export function checkedFix(fix: Fix, docs: readonly CheckTarget[], textOf: (uri: string) => string | undefined): Fix {
  let refused: string[];
  try {
    refused = rejectionsAfter(fix.edits, docs, textOf);
  } catch (err) {
    // Input the check cannot read (absurd nesting): the output is offered for review, never applied unasked.
    return { ...fix, safety: 'review', why: msg('it could not be checked against the CRD schemas'), notes: [...(fix.notes ?? []), `not checked against the CRD schemas: ${(err as Error).message}`] };
  }
  if (refused.length === 0) return fix;
  return {
    ...fix,
    title: msg('{fix} (the API server would refuse it: {refusal})', { fix: fix.title, refusal: refused[0] }),
    safety: 'review',
    why: msg('the API server would refuse it: {refusal}', { refusal: refused[0] }),
    notes: [...(fix.notes ?? []), ...refused.map((m) => `the API server would refuse: ${m}`)],
  };
}

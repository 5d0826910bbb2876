// live-object-dump: `kubectl get -o yaml` output kept as a manifest, with the fields the API server writes (resourceVersion, uid, status…).
import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import { LAST_APPLIED_ANNOTATION as LAST_APPLIED, SERVER_POPULATED_METADATA } from '../../k8s/serverPopulated';
import { removeEntry } from '../../manifest/edit';
import { keyRange, mapAt, pairOf, type ManifestDoc } from '../../manifest/model';
import type { OffsetRange, TextEdit } from '../../text/edits';
import type { Rule } from '../rule';
import type { Problem } from '../types';
import { listJoin } from '../../l10n/lists';
import { msg, type Message } from '../../l10n';

interface LiveField {
  /** `metadata.uid`, `status`, … for messages. */
  path: string | Message;
  map: YAMLMap;
  key: string;
  range: OffsetRange;
}

/**
 * Whether a value says something: `creationTimestamp: null`, `status: {}` and `resourceVersion: ""` (what `--dry-run -o yaml`
 * prints) do not, nor controller-gen's CRD stub `status: {acceptedNames: {kind: "", plural: ""}, conditions: [], storedVersions: []}`.
 */
function hasContent(node: unknown): boolean {
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const n = stack.pop();
    if (n === null || n === undefined) continue;
    if (isScalar(n)) {
      if (n.value !== null && n.value !== '') return true;
    } else if (isMap(n)) {
      for (const pair of n.items) stack.push(pair.value);
    } else if (isSeq(n)) {
      stack.push(...n.items.slice(0, 1000));
      if (n.items.length > 1000) return true;
    } else return true;
  }
  return false;
}

function liveFields(doc: ManifestDoc): LiveField[] {
  const root = doc.root!;
  const metadata = mapAt(root, ['metadata']);
  const found: LiveField[] = [];
  const add = (map: YAMLMap, key: string, path: string | Message) => {
    if (hasContent(pairOf(map, key)?.value)) found.push({ path, map, key, range: keyRange(map, key) });
  };
  if (metadata) for (const key of SERVER_POPULATED_METADATA) add(metadata, key, `metadata.${key}`);
  const annotations = mapAt(metadata, ['annotations']);
  if (annotations) add(annotations, LAST_APPLIED, msg('the {annotation} annotation', { annotation: LAST_APPLIED }));
  add(root, 'status', 'status');
  return found.sort((a, b) => a.range.start - b.range.start);
}

/** One removal per field; an annotations map left empty goes too. Touching deletions are joined, so `--fix` takes them as one. */
function removals(doc: ManifestDoc, fields: LiveField[]): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  const metadata = mapAt(doc.root, ['metadata']);
  for (const f of fields) {
    const onlyAnnotation = f.key === LAST_APPLIED && metadata && f.map.items.length === 1;
    const edit = onlyAnnotation ? removeEntry(doc.file, metadata, 'annotations') : removeEntry(doc.file, f.map, f.key);
    if (!edit) return undefined;
    edits.push(edit);
  }
  edits.sort((a, b) => a.range.start - b.range.start);
  const joined: TextEdit[] = [];
  for (const e of edits) {
    const prev = joined[joined.length - 1];
    if (prev && prev.range.end >= e.range.start) prev.range = { start: prev.range.start, end: Math.max(prev.range.end, e.range.end) };
    else joined.push({ ...e, range: { ...e.range } });
  }
  return joined;
}

function check(doc: ManifestDoc): Problem[] {
  const fields = liveFields(doc);
  if (fields.length === 0) return [];
  const names = fields.map((f) => f.path);
  const listed = names.length > 4 ? msg('{fields} and {count} more', { fields: listJoin(names.slice(0, 4)), count: names.length - 4 }) : listJoin(names);
  const withVersion = fields.some((f) => f.key === 'resourceVersion');
  const one = names.length === 1;
  let message;
  if (withVersion && one)
    message = msg(
      'This looks like kubectl get -o yaml output: {fields} is written by the API server, and kubectl apply of it fails once the object changes ("the object has been modified; please apply your changes to the latest version and try again") and creating it fails ("resourceVersion should not be set on objects to be created"). Remove it.',
      { fields: listed },
    );
  else if (withVersion)
    message = msg(
      'This looks like kubectl get -o yaml output: {fields} are written by the API server, and kubectl apply of it fails once the object changes ("the object has been modified; please apply your changes to the latest version and try again") and creating it fails ("resourceVersion should not be set on objects to be created"). Remove them.',
      { fields: listed },
    );
  else if (one)
    message = msg('This looks like kubectl get -o yaml output: {fields} is written by the API server, and they describe one object at one moment, not what to apply. Remove it.', { fields: listed });
  else
    message = msg('This looks like kubectl get -o yaml output: {fields} are written by the API server, and they describe one object at one moment, not what to apply. Remove them.', {
      fields: listed,
    });
  return [
    {
      message,
      range: fields[0].range,
      severity: withVersion ? 'error' : 'warning',
      fixes: () => {
        const edits = removals(doc, fields);
        return edits ? [{ title: msg('Remove the server-populated fields ({fields})', { fields: listed }), edits, safety: 'safe', preferred: true }] : [];
      },
    },
  ];
}

/** List kinds (`kind: List`, `DeploymentList`): kubectl applies their items, each judged on its own; the List's own metadata is never applied. */
const isList = (doc: ManifestDoc) => /List$/.test(doc.kind ?? '') && isSeq(doc.root?.get('items', true));

export const liveObjectDump: Rule = {
  id: 'live-object-dump',
  category: 'workload',
  severity: 'warning',
  title: 'A live object dump (resourceVersion, uid, status) kept as a manifest',
  docs: [
    'The document carries fields the API server populates: `metadata.resourceVersion`, `uid`, `creationTimestamp`, `generation`, `managedFields`,',
    '`selfLink`, the `kubectl.kubernetes.io/last-applied-configuration` annotation or a `status`. It is `kubectl get -o yaml` output saved as a manifest.',
    'With `resourceVersion`, creating the object fails ("resourceVersion should not be set on objects to be created") and applying it again fails as',
    'soon as the live object has changed: "the object has been modified; please apply your changes to the latest version and try again".',
    '',
    'The quick fix removes these fields (comments and other lines stay). `lint --fix` applies it: the fields are not part of what you declare,',
    'so removing them invents nothing. Each item of a `kind: List` is judged on its own.',
  ].join('\n'),
  applies: (doc) => !!doc.apiVersion && !isList(doc),
  check,
};

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMap, type YAMLMap } from 'yaml';
import { addKeyEdit, appendItemEdit, indentUnitOf, insertEntries, removeEntry, removeItemEdit, replaceScalar, yamlScalarText } from '../../src/core/manifest/edit';
import { mapAt, nodeAt, parseFile, seqAt } from '../../src/core/manifest/model';
import { applyTextEdits } from '../../src/core/text/edits';
import { eolOf } from '../../src/core/text/lines';

const REQUESTS = { resources: { requests: { cpu: '100m' } } };

/** Inserts REQUESTS into container `index` of the first document and returns the new text. */
function addRequests(text: string, index = 0, entries = REQUESTS): string | undefined {
  const file = parseFile('file:///x.yaml', text);
  const container = seqAt(file.docs[0].root, ['spec', 'containers'])!.items[index] as YAMLMap;
  assert.ok(isMap(container));
  const edits = insertEntries(file, container, entries);
  if (!edits) return undefined;
  assert.ok(edits.every((e) => e.uri === 'file:///x.yaml'));
  return applyTextEdits(text, edits);
}

test("adds a nested block at the container's indentation, keeping comments", () => {
  const text = 'spec:\n  containers:\n  - name: app # main\n    image: nginx\n    # keep me\n  - name: other\n';
  assert.equal(addRequests(text), 'spec:\n  containers:\n  - name: app # main\n    image: nginx\n    resources:\n      requests:\n        cpu: 100m\n    # keep me\n  - name: other\n');
});

test('merges into existing resources and requests maps', () => {
  const text = 'spec:\n  containers:\n  - name: app\n    resources:\n      requests:\n        memory: 1Gi # sized\n      limits:\n        memory: 1Gi\n';
  assert.equal(addRequests(text), 'spec:\n  containers:\n  - name: app\n    resources:\n      requests:\n        memory: 1Gi # sized\n        cpu: 100m\n      limits:\n        memory: 1Gi\n');
  const limitsOnly = 'spec:\n  containers:\n  - name: app\n    resources:\n      limits:\n        memory: 1Gi\n';
  assert.equal(addRequests(limitsOnly), 'spec:\n  containers:\n  - name: app\n    resources:\n      limits:\n        memory: 1Gi\n      requests:\n        cpu: 100m\n');
});

test('never overwrites a value that is already there', () => {
  const text = 'spec:\n  containers:\n  - name: app\n    resources:\n      requests:\n        cpu: 250m\n';
  const file = parseFile('file:///x.yaml', text);
  const c = seqAt(file.docs[0].root, ['spec', 'containers'])!.items[0] as YAMLMap;
  assert.deepEqual(insertEntries(file, c, REQUESTS), []);
});

test('fills flow maps in flow style', () => {
  assert.equal(addRequests('spec:\n  containers:\n  - name: app\n    resources: {}\n'), 'spec:\n  containers:\n  - name: app\n    resources: {requests: {cpu: 100m}}\n');
  assert.equal(
    addRequests('spec:\n  containers:\n  - name: app\n    resources: { limits: {cpu: 1} }\n'),
    'spec:\n  containers:\n  - name: app\n    resources: { limits: {cpu: 1}, requests: {cpu: 100m} }\n',
  );
  assert.equal(addRequests('spec:\n  containers:\n  - {name: app, image: x}\n'), 'spec:\n  containers:\n  - {name: app, image: x, resources: {requests: {cpu: 100m}}}\n');
});

test('fills empty values: bare key, ~, null, with a comment kept', () => {
  assert.equal(addRequests('spec:\n  containers:\n  - name: app\n    resources:\n'), 'spec:\n  containers:\n  - name: app\n    resources:\n      requests:\n        cpu: 100m\n');
  assert.equal(
    addRequests('spec:\n  containers:\n  - name: app\n    resources: ~\n  - name: b\n'),
    'spec:\n  containers:\n  - name: app\n    resources:\n      requests:\n        cpu: 100m\n  - name: b\n',
  );
  assert.equal(
    addRequests('spec:\n  containers:\n  - name: app\n    resources: null # later\n    image: x\n'),
    'spec:\n  containers:\n  - name: app\n    resources: # later\n      requests:\n        cpu: 100m\n    image: x\n',
  );
});

test('refuses to merge into a scalar or a list', () => {
  assert.equal(addRequests('spec:\n  containers:\n  - name: app\n    resources: big\n'), undefined);
  assert.equal(addRequests('spec:\n  containers:\n  - name: app\n    resources: [1]\n'), undefined);
});

test('keeps CRLF line endings and 4-space indentation', () => {
  const text = 'spec:\r\n    containers:\r\n        -   name: app\r\n            image: x\r\n';
  assert.equal(eolOf(text), '\r\n');
  assert.equal(indentUnitOf(text), 4);
  assert.equal(
    addRequests(text),
    'spec:\r\n    containers:\r\n        -   name: app\r\n            image: x\r\n            resources:\r\n                requests:\r\n                    cpu: 100m\r\n',
  );
});

test('in a mixed file, new lines take the line break of the line they follow', () => {
  const text = 'spec:\n  containers:\r\n  - name: app\r\n    image: x\r\n';
  assert.equal(addRequests(text), 'spec:\n  containers:\r\n  - name: app\r\n    image: x\r\n    resources:\r\n      requests:\r\n        cpu: 100m\r\n');
});

test('works at the end of a file without a final newline and after block scalars', () => {
  assert.equal(addRequests('spec:\n  containers:\n  - name: app'), 'spec:\n  containers:\n  - name: app\n    resources:\n      requests:\n        cpu: 100m');
  const text = 'spec:\n  containers:\n  - name: app\n    args:\n    - |\n      echo hi\n  - name: b\n';
  assert.equal(addRequests(text), 'spec:\n  containers:\n  - name: app\n    args:\n    - |\n      echo hi\n    resources:\n      requests:\n        cpu: 100m\n  - name: b\n');
});

test('one fix never holds two touching edits', () => {
  // The last pair is an empty `resources:` and a sibling key is also missing: both land at one point.
  const text = 'spec:\n  containers:\n  - name: app\n    resources:\n';
  const file = parseFile('file:///x.yaml', text);
  const c = seqAt(file.docs[0].root, ['spec', 'containers'])!.items[0] as YAMLMap;
  const edits = insertEntries(file, c, { resources: { requests: { cpu: '1' } }, image: 'nginx' })!;
  assert.equal(edits.length, 1);
  assert.equal(applyTextEdits(text, edits), 'spec:\n  containers:\n  - name: app\n    resources:\n      requests:\n        cpu: 1\n    image: nginx\n');
});

test('removeEntry deletes whole lines in block maps and one comma in flow maps', () => {
  const text = 'spec:\n  # how many\n  replicas: 3 # fixed\n  selector: {}\n';
  const file = parseFile('file:///x.yaml', text);
  const edit = removeEntry(file, mapAt(file.docs[0].root, ['spec'])!, 'replicas')!;
  assert.equal(applyTextEdits(text, [edit]), 'spec:\n  # how many\n  selector: {}\n');
  const crlf = 'spec:\r\n  replicas: 3\r\n  paused: false\r\n';
  const f2 = parseFile('file:///y.yaml', crlf);
  assert.equal(applyTextEdits(crlf, [removeEntry(f2, mapAt(f2.docs[0].root, ['spec'])!, 'replicas')!]), 'spec:\r\n  paused: false\r\n');
  const flow = 'spec: {replicas: 3, paused: false}\n';
  const f3 = parseFile('file:///z.yaml', flow);
  assert.equal(applyTextEdits(flow, [removeEntry(f3, mapAt(f3.docs[0].root, ['spec'])!, 'replicas')!]), 'spec: {paused: false}\n');
  const last = 'spec: {paused: false, replicas: 3}\n';
  const f4 = parseFile('file:///w.yaml', last);
  assert.equal(applyTextEdits(last, [removeEntry(f4, mapAt(f4.docs[0].root, ['spec'])!, 'replicas')!]), 'spec: {paused: false}\n');
  assert.equal(removeEntry(f4, mapAt(f4.docs[0].root, ['spec'])!, 'absent'), undefined);
});

test('replaceScalar keeps quotes', () => {
  const text = 'a: "512m"\nb: 1GB\nc: \'2Gb\'\n';
  const file = parseFile('file:///q.yaml', text);
  const root = file.docs[0].root;
  const edits = ['a', 'b', 'c'].map((k) => replaceScalar(file, nodeAt(root, [k]) as never, 'X1Mi')!);
  assert.equal(applyTextEdits(text, edits), 'a: "X1Mi"\nb: X1Mi\nc: \'X1Mi\'\n');
});

test('yamlScalarText quotes strings YAML would read back as another type', () => {
  assert.equal(yamlScalarText('100m'), '100m');
  assert.equal(yamlScalarText('128Mi'), '128Mi');
  assert.equal(yamlScalarText('30'), '"30"');
  assert.equal(yamlScalarText('true'), '"true"');
  assert.equal(yamlScalarText('null'), '"null"');
  assert.equal(yamlScalarText('1e3'), '"1e3"');
});

test('sequence edits: append, remove and add a list key, in block and flow style', () => {
  const apply = (text: string, edit: (f: ReturnType<typeof parseFile>) => { range: { start: number; end: number }; newText: string } | undefined) => {
    const file = parseFile('file:///x.yaml', text);
    const e = edit(file);
    return e && applyTextEdits(text, [e]);
  };
  const args = (f: ReturnType<typeof parseFile>) => seqAt(f.docs[0].root, ['args'])!;
  assert.equal(
    apply('args:\n  - a\n  - "b"\nx: 1\n', (f) => appendItemEdit(f, args(f), 'c')),
    'args:\n  - a\n  - "b"\n  - "c"\nx: 1\n',
  );
  assert.equal(
    apply('args: [a, b]\n', (f) => appendItemEdit(f, args(f), 'c,d')),
    'args: [a, b, "c,d"]\n',
  );
  assert.equal(
    apply('args: []\n', (f) => appendItemEdit(f, args(f), 'c')),
    'args: [c]\n',
  );
  assert.equal(
    apply('args:\n- a\n- b\n- c\n', (f) => removeItemEdit(f, args(f), 1)),
    'args:\n- a\n- c\n',
  );
  assert.equal(
    apply('args: [a, b]\n', (f) => removeItemEdit(f, args(f), 0)),
    'args: [b]\n',
  );
  assert.equal(
    apply('args: [a, b]\n', (f) => removeItemEdit(f, args(f), 1)),
    'args: [a]\n',
  );
  assert.equal(
    apply('name: x\nimage: y\n', (f) => addKeyEdit(f, f.docs[0].root!, 'args', '--v=2')),
    'name: x\nimage: y\nargs:\n- --v=2\n',
  );
  assert.equal(
    apply('{name: x}\n', (f) => addKeyEdit(f, f.docs[0].root!, 'args', 'a')),
    undefined,
    'flow maps are left alone',
  );
});

test('sequence edits keep the line break of the line they follow (mixed CRLF/LF)', () => {
  const text = 'a: 1\nargs:\r\n  - x\r\n';
  const file = parseFile('file:///x.yaml', text);
  const seq = seqAt(file.docs[0].root, ['args'])!;
  assert.equal(applyTextEdits(text, [appendItemEdit(file, seq, 'y')!]), 'a: 1\nargs:\r\n  - x\r\n  - y\r\n');
  assert.equal(applyTextEdits(text, [removeItemEdit(file, seq, 0)!]), 'a: 1\nargs:\r\n');
  assert.equal(applyTextEdits(text, [addKeyEdit(file, file.docs[0].root!, 'b', 'z')!]), 'a: 1\nargs:\r\n  - x\r\nb:\r\n- z\r\n');
});

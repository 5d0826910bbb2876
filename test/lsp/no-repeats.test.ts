// What the editor shows once (issue 14, item 6), over the real server process: a container missing both cpu and
// memory requests gets one "Add requests" quick fix, not one per resource, and the hover under a diagnostic explains
// the rule without repeating the diagnostic's sentence (VS Code shows that sentence above the hover already).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSession, type Session } from './session';

const URI = 'untitled:no-repeats.yaml';
const TEXT = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 5
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}
  - type: Resource
    resource: {name: memory, target: {type: Utilization, averageUtilization: 60}}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: app
        image: nginx:1.27
`;
const LINES = TEXT.split('\n');
const lineOf = (needle: string) => LINES.findIndex((l) => l.includes(needle));

type Diagnostic = { range: { start: { line: number; character: number }; end: { line: number; character: number } }; code?: string; message: string };
type Action = { title: string; kind?: string; diagnostics?: Diagnostic[] };

let session: Session;
let diagnostics: Diagnostic[];

before(async () => {
  session = await startSession({ textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } } } } });
  await session.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'yaml', version: 1, text: TEXT } });
  diagnostics = await session.waitFor('diagnostics', () => session.published.find((p) => p.uri === URI && p.diagnostics.length > 0)?.diagnostics as Diagnostic[] | undefined);
});

after(async () => {
  await session?.close();
});

const quickFixes = async (startLine: number, endLine: number) =>
  (
    await session.request<Action[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: { start: { line: startLine, character: 0 }, end: { line: endLine, character: 0 } },
      context: { diagnostics, only: ['quickfix'] },
    })
  ).filter((a) => a.kind === 'quickfix');

test('the container missing cpu and memory has one finding and one quick fix naming both', async () => {
  const line = lineOf('- name: app');
  const onContainer = diagnostics.filter((d) => d.range.start.line === line);
  assert.equal(onContainer.length, 1, onContainer.map((d) => d.message).join(' | '));
  assert.match(onContainer[0].message, /^missing request for cpu, memory in container "app"/);
  const actions = await quickFixes(line, line + 1);
  assert.deepEqual(
    actions.map((a) => a.title),
    ['Add requests (cpu: 100m, memory: 128Mi) to container "app" (a guess: a placeholder, not measured; measure with kube-scaling-doctor top pods)'],
  );
});

test('a selection over both metrics of the HPA lists their shared fix once, for both diagnostics', async () => {
  const actions = await quickFixes(lineOf('name: cpu'), lineOf('name: memory') + 1);
  assert.equal(actions.length, 1, actions.map((a) => a.title).join(' | '));
  assert.deepEqual(actions[0].diagnostics?.map((d) => d.message.split(' (')[0]).sort(), ['missing request for cpu in container "app"', 'missing request for memory in container "app"']);
});

test('the hover under a diagnostic explains the rule without repeating its sentence', async () => {
  const finding = diagnostics.find((d) => d.range.start.line === lineOf('- name: app'))!;
  const hover = await session.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: URI }, position: finding.range.start });
  assert.ok(hover, 'a hover');
  assert.match(hover.contents.value, /`hpa-missing-request`/);
  assert.match(hover.contents.value, /divides usage by the pods' \*\*requests\*\*/);
  assert.ok(!hover.contents.value.includes(finding.message), hover.contents.value);
  assert.ok(!hover.contents.value.includes('missing request for cpu, memory'), 'no part of the sentence either');
});

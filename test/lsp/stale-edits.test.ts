// The language server applies exactly what the user clicked (issue 11, items 12 and 13), over the real server
// process: a lens or code action computed for an older version of a document applies nothing to the current
// one, stale didChange versions are ignored, and malformed requests are answered with InvalidParams.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSession, type Session } from './session';

const INVALID_PARAMS = -32602;

const HPA = `apiVersion: autoscaling/v2beta1
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 2
  maxReplicas: 10
  metrics:
  - type: Resource
    resource:
      name: cpu
      targetAverageUtilization: 70
`;

// What the issue saw: an old "Convert to autoscaling/v2" lens applied to a document that now converts differently.
const NODEPOOL_BETA =
  'apiVersion: karpenter.sh/v1beta1\nkind: NodePool\nmetadata:\n  name: default\nspec:\n  template:\n    spec:\n      nodeClassRef:\n        name: default\n      requirements: []\n';

type Lens = { range: { start: { line: number } }; command?: { title: string; command: string; arguments?: unknown[] } };
type Action = { title: string; kind?: string; edit?: { changes?: unknown; documentChanges?: { textDocument: { uri: string; version: number | null }; edits: { newText: string }[] }[] } };

let session: Session;
let next = 0;
/** A fresh untitled document per test, so tests do not depend on each other's edits. */
const newUri = () => `untitled:stale-${++next}.yaml`;

before(async () => {
  session = await startSession({
    workspace: { applyEdit: true, workspaceEdit: { documentChanges: true } },
    textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } } } },
  });
});

after(async () => {
  await session?.close();
});

async function open(uri: string, text: string, version = 1): Promise<void> {
  await session.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
}

async function change(uri: string, version: number, text: string): Promise<void> {
  await session.rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
}

const lenses = (uri: string) => session.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
const execute = (lens: Lens) => session.request<boolean>('workspace/executeCommand', { command: lens.command!.command, arguments: lens.command!.arguments });

test('a lens computed for an older version of the document applies nothing and says why (item 12)', async () => {
  const uri = newUri();
  await open(uri, HPA);
  const convert = (await lenses(uri)).find((l) => l.command?.title === 'Convert to autoscaling/v2');
  assert.ok(convert, 'the HPA offers the conversion');
  // The user edits the document; the editor still shows the old lens and the user clicks it.
  await change(uri, 2, NODEPOOL_BETA);
  const applied = session.applied.length;
  const messages = session.messages.length;
  assert.equal(await execute(convert), false, 'the stale lens is refused');
  assert.equal(session.applied.length, applied, 'no edit was sent to the client');
  const said = session.messages.slice(messages).map((m) => m.message);
  assert.ok(
    said.some((m) => /changed since/.test(m) && /nothing (was )?applied/.test(m)),
    `a message tells the user why: ${JSON.stringify(said)}`,
  );

  // A lens of the current version still works, and its edit names that version.
  await change(uri, 3, HPA);
  const fresh = (await lenses(uri)).find((l) => l.command?.title === 'Convert to autoscaling/v2')!;
  assert.equal(await execute(fresh), true);
  const edit = session.applied[session.applied.length - 1].edit;
  assert.equal(edit.changes, undefined, 'a client with documentChanges gets versioned edits');
  assert.deepEqual(
    edit.documentChanges?.map((d) => d.textDocument),
    [{ uri, version: 3 }],
  );
});

test('a fix lens computed for an older version applies nothing (item 12)', async () => {
  const uri = newUri();
  // One file, so the HPA's target is known and its missing request offers a fix lens.
  const deployment = `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: app
        image: nginx:1.27
`;
  await open(uri, HPA + deployment);
  const fix = (await lenses(uri)).find((l) => l.command?.command === 'kube-scaling-doctor.applyFix');
  assert.ok(fix, 'a fix lens is offered');
  assert.match(fix.command!.title, /cpu/);
  // The metric now scales on memory: a finding of the same rule starts at the same offset, but its fix adds
  // a memory request, which is not what the user clicked.
  await change(uri, 2, HPA.replace('name: cpu', 'name: memory') + deployment);
  const applied = session.applied.length;
  assert.equal(await execute(fix), false, 'the stale lens is refused');
  assert.equal(session.applied.length, applied, 'no edit was sent to the client');
});

test('code actions carry the version of the document they were computed for (item 12)', async () => {
  const uri = newUri();
  await open(uri, HPA, 7);
  const actions = await session.request<Action[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [] },
  });
  const conversion = actions.find((a) => /Convert to autoscaling\/v2/.test(a.title));
  assert.ok(conversion, actions.map((a) => a.title).join(' | '));
  assert.equal(conversion.edit?.changes, undefined, 'no unversioned changes for a client that supports documentChanges');
  assert.deepEqual(
    conversion.edit?.documentChanges?.map((d) => d.textDocument),
    [{ uri, version: 7 }],
  );
  assert.ok(conversion.edit!.documentChanges![0].edits.some((e) => e.newText.includes('averageUtilization: 70')));
});

test('a didChange whose version is not newer is ignored (item 13)', async () => {
  const uri = newUri();
  await open(uri, HPA, 5);
  const titles = async () => (await lenses(uri)).map((l) => l.command?.title ?? '');
  assert.ok((await titles()).includes('Convert to autoscaling/v2'));
  // A late (reordered) change with an older version, then one with the same version: neither is the document.
  await change(uri, 4, NODEPOOL_BETA);
  assert.ok((await titles()).includes('Convert to autoscaling/v2'), 'the older version did not replace the text');
  await change(uri, 5, NODEPOOL_BETA);
  assert.ok((await titles()).includes('Convert to autoscaling/v2'), 'a repeated version did not replace the text');
  // A newer version is applied, and its diagnostics are labelled with it.
  await change(uri, 6, NODEPOOL_BETA);
  assert.ok(!(await titles()).includes('Convert to autoscaling/v2'));
  await session.waitFor('diagnostics of version 6', () => session.published.find((p) => p.uri === uri && p.version === 6));
  assert.deepEqual(
    session.published.filter((p) => p.uri === uri && p.version !== undefined && p.version < 5),
    [],
    'no diagnostics labelled with a stale version',
  );
});

test('requests with params null or without a document answer InvalidParams, and the server keeps working (item 13)', async () => {
  const uri = newUri();
  await open(uri, HPA);
  const methods = ['textDocument/codeLens', 'textDocument/codeAction', 'textDocument/hover', 'textDocument/completion', 'workspace/executeCommand', 'codeAction/resolve'];
  for (const method of methods) {
    for (const params of [null, {}, { textDocument: null }, { textDocument: { uri: 42 } }]) {
      const answer = await session.rawRequest(method, params);
      assert.equal(answer.error?.code, INVALID_PARAMS, `${method} ${JSON.stringify(params)} answered ${JSON.stringify(answer)}`);
      assert.doesNotMatch(answer.error!.message, /Cannot read|undefined|\(reading/, 'the message is about the params, not an internal error');
    }
  }
  // Notifications with bad params are dropped without breaking the document sync.
  await session.rawNotify('textDocument/didChange', null);
  await session.rawNotify('textDocument/didChange', { textDocument: { uri }, contentChanges: [{ text: NODEPOOL_BETA }] });
  await session.rawNotify('textDocument/didOpen', null);
  const still = await lenses(uri);
  assert.ok(
    still.some((l) => l.command?.title === 'Convert to autoscaling/v2'),
    'the document is unchanged and still answered',
  );
  assert.doesNotMatch(session.stderr(), /TypeError|at .*dist\/cli\.js/, 'no stack trace');
});

test('a lens computed before a close and reopen at the same version applies nothing (review of issue 11)', async () => {
  const uri = newUri();
  await open(uri, HPA, 1);
  const convert = (await lenses(uri)).find((l) => l.command?.title === 'Convert to autoscaling/v2');
  assert.ok(convert, 'the HPA offers the conversion');
  await session.rpc.sendNotification('textDocument/didClose', { textDocument: { uri } });
  // The same URI reopened at the same version with another text: the version alone cannot tell them apart.
  await open(uri, NODEPOOL_BETA, 1);
  assert.ok(
    (await lenses(uri)).some((l) => /karpenter\.sh\/v1 NodePool/.test(l.command?.title ?? '')),
    'the reopened text is a NodePool',
  );
  const applied = session.applied.length;
  const messages = session.messages.length;
  assert.equal(await execute(convert), false, 'the lens of the closed text is refused');
  assert.equal(session.applied.length, applied, 'no edit was sent to the client');
  assert.ok(session.messages.slice(messages).some((m) => /changed since/.test(m.message)));
});

test('a fix-all code action resolved after an edit applies nothing to the new text (review of issue 11)', async () => {
  const resolving = await startSession({
    workspace: { applyEdit: true, workspaceEdit: { documentChanges: true } },
    textDocument: { codeAction: { resolveSupport: { properties: ['edit'] }, codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } } } },
  });
  try {
    const uri = newUri();
    const withProblem = HPA.replace('maxReplicas: 10', 'maxReplicas: 1');
    await resolving.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: withProblem } });
    const actions = await resolving.request<(Action & { data?: unknown })[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    const fixAll = actions.find((a) => a.kind === 'source.fixAll.kube-scaling-doctor');
    assert.ok(fixAll, actions.map((a) => a.title).join(' | '));
    const fresh = await resolving.request<Action>('codeAction/resolve', fixAll);
    assert.ok(fresh.edit?.documentChanges?.length, 'resolved for the current text, the action fixes something');
    // The user edits; the client resolves the action it got before.
    await resolving.rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: withProblem + '# edited\n' }] });
    const messages = resolving.messages.length;
    const stale = await resolving.request<Action>('codeAction/resolve', fixAll);
    assert.deepEqual(stale.edit?.documentChanges ?? [], [], 'no edit for a text the action was not computed for');
    assert.deepEqual(stale.edit?.changes ?? {}, {});
    assert.ok(resolving.messages.slice(messages).some((m) => /changed since/.test(m.message)));
  } finally {
    await resolving.close();
  }
});

test('without resolve support, fix-all is a command that computes the edit when run, and refuses after an edit', async () => {
  const plain = await startSession({
    workspace: { applyEdit: true },
    textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } } } },
  });
  try {
    const uri = newUri();
    const withProblem = HPA.replace('maxReplicas: 10', 'maxReplicas: 1');
    await plain.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: withProblem } });
    const ask = () =>
      plain.request<(Action & { command?: { command: string; arguments: unknown[] } })[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll'] },
      });
    const [fixAll] = await ask();
    assert.equal(fixAll?.kind, 'source.fixAll.kube-scaling-doctor');
    assert.equal(fixAll.edit, undefined, 'no edit computed for the reply');
    assert.equal(fixAll.command?.command, 'kube-scaling-doctor.fixAll');
    const applied = plain.applied.length;
    assert.equal(await plain.request('workspace/executeCommand', fixAll.command), true);
    const edit = plain.applied[applied]?.edit;
    assert.ok(
      edit?.changes?.[uri]?.some((e) => e.newText.includes('autoscaling/v2')),
      JSON.stringify(edit),
    );
    // Run again after an edit: the command names the text it was offered for, so it applies nothing.
    await plain.rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: withProblem + '# edited\n' }] });
    assert.equal(await plain.request('workspace/executeCommand', fixAll.command), false);
    assert.equal(plain.applied.length, applied + 1);
  } finally {
    await plain.close();
  }
});

test('initialize with params or capabilities null answers InvalidParams or initializes, never an internal error (review of issue 11)', async () => {
  for (const params of [null, { processId: null, rootUri: null, capabilities: null }]) {
    const fresh = await startSession({}, { initialize: false });
    try {
      const answer = await fresh.rawRequest('initialize', params);
      if (answer.error) {
        assert.equal(answer.error.code, INVALID_PARAMS, `${JSON.stringify(params)} answered ${JSON.stringify(answer)}`);
        assert.doesNotMatch(answer.error.message, /Cannot read|\(reading/);
      } else {
        assert.ok((answer.result as { capabilities?: unknown }).capabilities, `${JSON.stringify(params)} answered ${JSON.stringify(answer)}`);
      }
    } finally {
      await fresh.close();
    }
  }
});

test('a second didOpen of an open document with a lower version does not roll back its text (review of issue 11)', async () => {
  const uri = newUri();
  await open(uri, HPA, 2);
  await change(uri, 6, NODEPOOL_BETA);
  const titles = async () => (await lenses(uri)).map((l) => l.command?.title ?? '');
  assert.ok(!(await titles()).includes('Convert to autoscaling/v2'));
  await open(uri, HPA, 2);
  assert.ok(!(await titles()).includes('Convert to autoscaling/v2'), 'the older text did not come back');
  // The document is still at version 6: a change to 7 applies.
  await change(uri, 7, HPA);
  assert.ok((await titles()).includes('Convert to autoscaling/v2'));
});

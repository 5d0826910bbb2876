// End-to-end LSP session against the built CLI (`node dist/cli.js lsp --stdio`), spoken over JSON-RPC.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const DEPRECATED_RULE = 'hpa-deprecated-api';
const MISSING_REQUEST_RULE = 'hpa-missing-request';
const WAIT_MS = 10_000;

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

const DEPLOYMENT = `apiVersion: apps/v1
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
        resources:
          limits:
            memory: 512Mi
`;

interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  code?: string;
  source?: string;
  severity?: number;
  message: string;
  codeDescription?: { href: string };
  tags?: number[];
}

let dir: string;
let child: ChildProcess;
let rpc: MessageConnection;
const diagnostics = new Map<string, Diagnostic[]>();
const appliedEdits: { label?: string; edit: { changes?: Record<string, { range: Diagnostic['range']; newText: string }[]> } }[] = [];
let stderr = '';
let kubernetesVersion = '1.30';
let lensRefreshes = 0;

const hpaUri = () => pathToFileURL(join(dir, 'hpa.yaml')).href;
const deploymentUri = () => pathToFileURL(join(dir, 'deployment.yaml')).href;

/** Resolves once `check` returns a value, or rejects after `ms`. */
async function waitFor<T>(what: string, check: () => T | undefined, ms = WAIT_MS): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; server stderr: ${stderr.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function withTimeout<T>(what: string, p: Promise<T>, ms = WAIT_MS): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_, reject) => (t = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms)))]).finally(() => clearTimeout(t));
}

const request = <T>(method: string, params: unknown) => withTimeout(method, rpc.sendRequest(method, params) as Promise<T>);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ksd-lsp-'));
  writeFileSync(join(dir, 'hpa.yaml'), HPA);
  writeFileSync(join(dir, 'deployment.yaml'), DEPLOYMENT);
  child = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stderr!.on('data', (d) => (stderr += d));
  rpc = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  rpc.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Diagnostic[] }) => {
    diagnostics.set(p.uri, p.diagnostics);
  });
  rpc.onNotification('window/logMessage', () => undefined);
  rpc.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({ kubernetesVersion })));
  rpc.onRequest('client/registerCapability', () => null);
  rpc.onRequest('workspace/codeLens/refresh', () => {
    lensRefreshes++;
    return null;
  });
  rpc.onRequest('window/workDoneProgress/create', () => null);
  rpc.onRequest('workspace/applyEdit', (p: (typeof appliedEdits)[number]) => {
    appliedEdits.push(p);
    return { applied: true };
  });
  rpc.listen();
  const init = await request<{ capabilities: Record<string, unknown> }>('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(dir).href,
    workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'fixture' }],
    // The VS Code extension's shape; the client's workspace/configuration answers override it key by key.
    initializationOptions: { settings: { kubernetesVersion: '1.20', defaultRequests: { cpu: '250m' } } },
    capabilities: {
      workspace: { configuration: true, applyEdit: true, didChangeWatchedFiles: { dynamicRegistration: true }, codeLens: { refreshSupport: true } },
      textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } }, resolveSupport: { properties: ['edit'] } } },
    },
  });
  assert.ok(init.capabilities.codeActionProvider, 'server offers code actions');
  assert.ok(init.capabilities.codeLensProvider, 'server offers code lenses');
  // Ids other editors bind to (docs/lsp.md): they must not change with the code.
  assert.deepEqual((init.capabilities.executeCommandProvider as { commands: string[] }).commands.sort(), [
    'kube-scaling-doctor.applyConversion',
    'kube-scaling-doctor.applyFix',
    'kube-scaling-doctor.fixAll',
    'kube-scaling-doctor.show',
  ]);
  await rpc.sendNotification('initialized', {});
  await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri: hpaUri(), languageId: 'yaml', version: 1, text: HPA } });
});

after(async () => {
  rpc?.dispose();
  if (child && child.exitCode === null) child.kill();
  rmSync(dir, { recursive: true, force: true });
});

test('publishes diagnostics for the open HPA, including cross-file findings about its target', async () => {
  const diags = await waitFor('HPA diagnostics', () => {
    const d = diagnostics.get(hpaUri());
    return d && d.some((x) => x.code === MISSING_REQUEST_RULE) && d.some((x) => x.code === DEPRECATED_RULE) ? d : undefined;
  });
  const missing = diags.find((d) => d.code === MISSING_REQUEST_RULE)!;
  assert.equal(missing.source, 'kube-scaling-doctor');
  assert.equal(missing.severity, 1, 'missing requests are errors');
  // The finding points at the cpu metric of the HPA (line 13–16, 0-based), not at the document start.
  assert.ok(missing.range.start.line >= 12 && missing.range.start.line <= 15, JSON.stringify(missing.range));
  // The rule's documentation page ships with the package and is linked offline.
  assert.match(missing.codeDescription?.href ?? '', /^file:\/\/.*\/docs\/rules\/hpa-missing-request\.md$/);
  const deprecated = diags.find((d) => d.code === DEPRECATED_RULE)!;
  assert.equal(deprecated.range.start.line, 0);
  assert.deepEqual(deprecated.tags, [2], 'DiagnosticTag.Deprecated');
});

test('publishes diagnostics for workspace files that are not open', async () => {
  const diags = await waitFor('Deployment diagnostics', () => {
    const d = diagnostics.get(deploymentUri());
    return d?.some((x) => x.code === MISSING_REQUEST_RULE) ? d : undefined;
  });
  const d = diags.find((x) => x.code === MISSING_REQUEST_RULE)!;
  assert.equal(d.range.start.line, 12, 'on the container name');
});

test('code lenses say what the HPA scales and offer the requests fix', async () => {
  const lenses = await request<{ range: Diagnostic['range']; command?: { title: string; command: string; arguments?: unknown[] } }[]>('textDocument/codeLens', { textDocument: { uri: hpaUri() } });
  const titles = lenses.map((l) => l.command?.title ?? '');
  assert.ok(
    titles.some((t) => t === 'scales Deployment web (in deployment.yaml)'),
    titles.join(' | '),
  );
  const warn = lenses.find((l) => l.command?.title.startsWith('⚠ target lacks cpu request in app'));
  assert.ok(warn, titles.join(' | '));
  assert.equal(warn.command!.command, 'kube-scaling-doctor.applyFix');

  const applied = appliedEdits.length;
  const ok = await request<boolean>('workspace/executeCommand', { command: warn.command!.command, arguments: warn.command!.arguments });
  assert.equal(ok, true);
  const edit = appliedEdits[applied];
  assert.ok(edit, 'the server asked the client to apply an edit');
  const changes = edit.edit.changes?.[deploymentUri()];
  assert.ok(changes && changes.length > 0, 'the edit changes the Deployment file');
  assert.ok(
    changes.some((c) => /cpu: 250m/.test(c.newText)),
    `the default request comes from initializationOptions: ${JSON.stringify(changes)}`,
  );

  const convert = lenses.find((l) => l.command?.title === 'Convert to autoscaling/v2');
  assert.ok(convert, titles.join(' | '));
  assert.equal(convert.range.start.line, 0, 'on the apiVersion line');
  assert.equal(convert.command!.command, 'kube-scaling-doctor.applyConversion');
  const before = appliedEdits.length;
  assert.equal(await request<boolean>('workspace/executeCommand', { command: convert.command!.command, arguments: convert.command!.arguments }), true);
  const conversion = appliedEdits[before]?.edit.changes?.[hpaUri()] ?? [];
  assert.ok(
    conversion.some((c) => c.newText.includes('averageUtilization: 70')),
    JSON.stringify(conversion),
  );
});

test('code lenses on a workload say which autoscaler scales it', async () => {
  const lenses = await request<{ command?: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri: deploymentUri() } });
  assert.deepEqual(
    lenses.map((l) => l.command?.title),
    ['scaled by HPA web (cpu 70%), 2–10 replicas'],
  );
});

test('code actions offer the requests fix and the v2 conversion', async () => {
  const diags = diagnostics.get(hpaUri()) ?? [];
  const actions = await request<{ title: string; kind?: string; isPreferred?: boolean; diagnostics?: Diagnostic[]; edit?: { changes?: Record<string, unknown[]> } }[]>('textDocument/codeAction', {
    textDocument: { uri: hpaUri() },
    range: { start: { line: 0, character: 0 }, end: { line: 16, character: 0 } },
    context: { diagnostics: diags },
  });
  const quickfixes = actions.filter((a) => a.kind === 'quickfix');
  const requestsFix = quickfixes.find((a) => a.diagnostics?.some((d) => d.code === MISSING_REQUEST_RULE));
  assert.ok(requestsFix, actions.map((a) => a.title).join(' | '));
  assert.ok(requestsFix.edit?.changes?.[deploymentUri()], 'the requests fix edits the other file');
  assert.match(requestsFix.title, /\(a guess: a placeholder, not measured; measure with kube-scaling-doctor top pods\)$/, 'a person choosing it sees the value is a guess');
  assert.equal(requestsFix.isPreferred, false, 'a guess is never the preferred (one-key) fix');
  const conversion = actions.find((a) => /autoscaling\/v2\b/.test(a.title) && (a.kind === 'quickfix' || a.kind?.startsWith('refactor')));
  assert.ok(conversion, actions.map((a) => `${a.kind}: ${a.title}`).join(' | '));
  assert.ok(conversion.edit?.changes?.[hpaUri()]);
  const fixAll = actions.find((a) => a.kind === 'source.fixAll.kube-scaling-doctor');
  assert.ok(fixAll, 'fix-all is offered');
});

test('hover explains the rule behind a diagnostic and the value of a quantity', async () => {
  const diags = diagnostics.get(hpaUri()) ?? [];
  const missing = diags.find((d) => d.code === MISSING_REQUEST_RULE)!;
  const hover = await request<{ contents: { kind: string; value: string } } | null>('textDocument/hover', { textDocument: { uri: hpaUri() }, position: missing.range.start });
  assert.ok(hover);
  assert.equal(hover.contents.kind, 'markdown');
  assert.match(hover.contents.value, /hpa-missing-request/);
  assert.match(hover.contents.value, /requests/);

  await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri: deploymentUri(), languageId: 'yaml', version: 1, text: DEPLOYMENT } });
  const memory = await request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: deploymentUri() }, position: { line: 16, character: 22 } });
  assert.ok(memory);
  assert.match(memory.contents.value, /512Mi` = 536,870,912 bytes/);
  const none = await request<unknown>('textDocument/hover', { textDocument: { uri: deploymentUri() }, position: { line: 3, character: 8 } });
  assert.equal(none, null, 'no hover on a plain name');
});

test('completion offers target types that fit the metric source; hover describes fields', async () => {
  const text = HPA.replace('apiVersion: autoscaling/v2beta1', 'apiVersion: autoscaling/v2').replace('      targetAverageUtilization: 70\n', '      target:\n        type: \n');
  const uri = pathToFileURL(join(dir, 'typing.yaml')).href;
  await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const line = text.split('\n').findIndex((l) => l === '        type: ');
  const result = await request<{ label: string }[] | { items: { label: string }[] }>('textDocument/completion', { textDocument: { uri }, position: { line, character: 14 } });
  const labels = (Array.isArray(result) ? result : result.items).map((i) => i.label);
  assert.deepEqual(labels.sort(), ['AverageValue', 'Utilization'], 'a Resource metric takes Utilization or AverageValue, not Value');

  const metricLine = text.split('\n').findIndex((l) => l === '  - type: Resource');
  const metricTypes = await request<{ label: string }[]>('textDocument/completion', { textDocument: { uri }, position: { line: metricLine, character: 10 } });
  assert.deepEqual(metricTypes.map((i) => i.label).sort(), ['ContainerResource', 'External', 'Object', 'Pods', 'Resource']);

  // Hover on a field of an autoscaling/v2 HPA shows its schema description.
  const maxLine = text.split('\n').findIndex((l) => l.startsWith('  maxReplicas:'));
  const field = await request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: maxLine, character: 4 } });
  assert.match(field?.contents.value ?? '', /^`spec\.maxReplicas`\n\n\S/);
});

test('an HPA behavior: the refused period is an error, and hover explains the window with the rule behind the warning', async () => {
  const text = [
    'apiVersion: autoscaling/v2',
    'kind: HorizontalPodAutoscaler',
    'metadata: {name: worker}',
    'spec:',
    '  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: worker}',
    '  minReplicas: 2',
    '  maxReplicas: 12',
    '  metrics:',
    '  - type: Resource',
    '    resource: {name: memory, target: {type: Utilization, averageUtilization: 75}}',
    '  behavior:',
    '    scaleUp:',
    '      policies:',
    '      - {type: Percent, value: 50, periodSeconds: 3600}',
    '    scaleDown:',
    '      stabilizationWindowSeconds: 0',
    '',
  ].join('\n');
  const uri = pathToFileURL(join(dir, 'behavior.yaml')).href;
  await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const found = await waitFor('behavior diagnostics', () => {
    const ds = diagnostics.get(uri)?.filter((d) => d.code === 'hpa-behavior-ineffective');
    return ds?.length ? ds : undefined;
  });
  const lines = text.split('\n');
  const periodLine = lines.findIndex((l) => l.includes('periodSeconds: 3600'));
  const windowLine = lines.findIndex((l) => l.includes('stabilizationWindowSeconds: 0'));
  assert.deepEqual(
    found.map((d) => [d.severity, d.range.start.line]),
    [
      [1, periodLine],
      [2, windowLine],
    ],
    'an error on the period, a warning on the window',
  );
  assert.match(found[0].message, /must be less than or equal to 1800/);

  const hover = await request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: windowLine, character: lines[windowLine].indexOf('0') } });
  const value = hover?.contents.value ?? '';
  assert.match(value, /`hpa-behavior-ineffective`/, 'the rule behind the warning');
  assert.match(value, /Scale-down stabilization window 0 s: each sync's recommendation is used at once/);
  const policy = await request<{ contents: { value: string } } | null>('textDocument/hover', {
    textDocument: { uri },
    position: { line: lines.findIndex((l) => l === '    scaleDown:'), character: 6 },
  });
  assert.match(policy?.contents.value ?? '', /12 \(maxReplicas\) → 2 \(minReplicas\), on the first sync/, 'no window: the default Percent 100 reaches minReplicas at once');
});

test('fix-all applies the safe conversion and never the guessed requests', async () => {
  const actions = await request<{ title: string; kind?: string; edit?: { changes?: Record<string, { newText: string }[]> } }[]>('textDocument/codeAction', {
    textDocument: { uri: hpaUri() },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ['source.fixAll'] },
  });
  assert.deepEqual(
    actions.map((a) => a.kind),
    ['source.fixAll.kube-scaling-doctor'],
    'only the requested kind',
  );
  assert.equal(actions[0].edit, undefined, 'the client resolves the edit lazily');
  const resolved = await request<{ edit?: { changes?: Record<string, { newText: string }[]> } }>('codeAction/resolve', actions[0]);
  const changes = resolved.edit?.changes ?? {};
  assert.ok(
    changes[hpaUri()]?.some((e) => e.newText.includes('averageUtilization')),
    JSON.stringify(changes),
  );
  assert.equal(changes[deploymentUri()], undefined, `the guessed requests are left for a person: ${JSON.stringify(changes)}`);
});

test('a settings change re-analyzes with the new target version', async () => {
  const severity = () => diagnostics.get(hpaUri())?.find((d) => d.code === DEPRECATED_RULE)?.severity;
  assert.equal(severity(), 1, 'v2beta1 is no longer served on 1.30');
  kubernetesVersion = '1.22';
  await rpc.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  await waitFor('warning on 1.22', () => (severity() === 2 ? true : undefined));
  kubernetesVersion = '1.30';
  await rpc.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  await waitFor('error on 1.30', () => (severity() === 1 ? true : undefined));
});

test('the version of the connected cluster (kubeScalingDoctor/clusterVersions from the extension) is linted for, over the settings; {} returns to them', async () => {
  const severity = () => diagnostics.get(hpaUri())?.find((d) => d.code === DEPRECATED_RULE)?.severity;
  assert.equal(severity(), 1, 'v2beta1 is no longer served on 1.30 (the setting)');
  await rpc.sendNotification('kubeScalingDoctor/clusterVersions', { kubernetesVersion: 'v1.22.17', kedaVersion: 'not a version' });
  await waitFor('warning for the 1.22 of the cluster', () => (severity() === 2 ? true : undefined));
  await rpc.sendNotification('kubeScalingDoctor/clusterVersions', {});
  await waitFor('error on the 1.30 of the setting again', () => (severity() === 1 ? true : undefined));
});

test('requests measured in the connected cluster (kubeScalingDoctor/liveRequests) come first as a fix that says their source; {} leaves the placeholder only', async () => {
  type Action = { title: string; kind?: string; diagnostics?: Diagnostic[]; edit?: { changes?: Record<string, { newText: string }[]> } };
  const requestsFixes = async () => {
    const diags = diagnostics.get(hpaUri()) ?? [];
    const actions = await request<Action[]>('textDocument/codeAction', {
      textDocument: { uri: hpaUri() },
      range: { start: { line: 0, character: 0 }, end: { line: 16, character: 0 } },
      context: { diagnostics: diags },
    });
    return actions.filter((a) => a.kind === 'quickfix' && a.diagnostics?.some((d) => d.code === MISSING_REQUEST_RULE));
  };
  const until = async (what: string, ok: (fixes: Action[]) => boolean) => {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const fixes = await requestsFixes();
      if (ok(fixes)) return fixes;
      if (Date.now() > deadline) throw new Error(`${what}: ${fixes.map((f) => f.title).join(' | ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  // The manifest names no namespace: the one namespace where the cluster runs Deployment web is used.
  const source = 'p95 of 12 usage samples from 2 pods since the Cluster view opened';
  await rpc.sendNotification('kubeScalingDoctor/liveRequests', {
    'shop/Deployment/web/app': { cpu: { value: '350m', source }, memory: { value: 'lots', source } },
    'bad key': { cpu: { value: '1', source } },
  });
  const [measured, placeholder] = await until('a measured fix', (f) => f.length === 2);
  assert.equal(measured.title, `Add requests measured in the cluster (cpu: 350m) to container "app" (a guess from the cluster: cpu 350m = ${source})`);
  assert.ok(
    measured.edit?.changes?.[deploymentUri()]?.some((e) => /cpu: 350m/.test(e.newText)),
    JSON.stringify(measured.edit),
  );
  assert.match(placeholder.title, /^Add requests \(cpu: \d+m\) to container "app" \(a guess: a placeholder, not measured; /);
  await rpc.sendNotification('kubeScalingDoctor/liveRequests', {});
  await until('the placeholder fix alone', (f) => f.length === 1 && /a placeholder/.test(f[0].title));
});

test('editing the Deployment clears the HPA finding in the other file', async () => {
  const hasMissing = () => diagnostics.get(hpaUri())?.some((d) => d.code === MISSING_REQUEST_RULE);
  assert.equal(hasMissing(), true);
  const fixed = DEPLOYMENT.replace('          limits:\n', '          requests:\n            cpu: 100m\n          limits:\n');
  const started = Date.now();
  const refreshes = lensRefreshes;
  await rpc.sendNotification('textDocument/didChange', { textDocument: { uri: deploymentUri(), version: 2 }, contentChanges: [{ text: fixed }] });
  await waitFor('HPA re-analyzed', () => (hasMissing() === false ? true : undefined));
  assert.ok(Date.now() - started < 5000);
  await waitFor('a code lens refresh request', () => (lensRefreshes > refreshes ? true : undefined));
  const lenses = await request<{ command?: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri: hpaUri() } });
  assert.ok(
    lenses.some((l) => l.command?.title === 'requests OK (cpu)'),
    'the HPA lens follows the edit of the other file',
  );
  // Closing the unsaved document falls back to the file on disk, which still lacks the request.
  await rpc.sendNotification('textDocument/didClose', { textDocument: { uri: deploymentUri() } });
  await waitFor('disk version re-analyzed', () => (hasMissing() === true ? true : undefined));
});

test('files created on disk are picked up through watched-file events', async () => {
  const uri = pathToFileURL(join(dir, 'late.yaml')).href;
  writeFileSync(join(dir, 'late.yaml'), HPA.replace('name: web\nspec', 'name: late\nspec'));
  await rpc.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 1 }] });
  await waitFor('diagnostics of the new file', () => (diagnostics.get(uri)?.some((d) => d.code === DEPRECATED_RULE) ? true : undefined));
  rmSync(join(dir, 'late.yaml'));
  await rpc.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 3 }] });
  await waitFor('diagnostics cleared', () => (diagnostics.get(uri)?.length === 0 ? true : undefined));
});

test('the manifests of cluster objects are found in the workspace index, open or on disk', async () => {
  type Location = { uri: string; object: number; range: Diagnostic['range'] };
  const objects = [
    { kind: 'Deployment', name: 'web', namespace: 'shop' },
    { kind: 'HorizontalPodAutoscaler', name: 'web', namespace: 'shop' },
    { kind: 'Deployment', name: 'web', namespace: 'staging' },
  ];
  // Neither manifest sets metadata.namespace: they match in the context's namespace only.
  const found = await request<Location[]>('kubeScalingDoctor/manifestLocations', { objects, namespace: 'shop' });
  const byUri = Object.fromEntries(found.map((l) => [l.uri, l]));
  assert.ok(!found.some((l) => l.object === 2), 'nothing in namespace staging');
  assert.equal(byUri[deploymentUri()].object, 0, 'the Deployment on disk (closed in an earlier test)');
  assert.equal(byUri[hpaUri()].object, 1, 'the open HPA');
  // metadata.name is on line 3 (0-based), after "  name: ".
  assert.deepEqual(byUri[hpaUri()].range, { start: { line: 3, character: 8 }, end: { line: 3, character: 11 } });
  assert.deepEqual(await request<Location[]>('kubeScalingDoctor/manifestLocations', { objects, namespace: 'default' }), []);
  assert.deepEqual(await request<Location[]>('kubeScalingDoctor/manifestLocations', { nonsense: true }), [], 'bad params answer an empty list');
});

test('a malformed document does not break the session', async () => {
  const uri = pathToFileURL(join(dir, 'broken.yaml')).href;
  await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: 'apiVersion: v1\r\nkind: ConfigMap\r\ndata: {a: [1, 2\r\n\tü😀: 日本\r\n' } });
  const diags = await waitFor('syntax diagnostics', () => diagnostics.get(uri));
  assert.ok(diags.some((d) => d.code === 'yaml-syntax'));
  const templated = pathToFileURL(join(dir, 'chart.yaml')).href;
  await rpc.sendNotification('textDocument/didOpen', {
    textDocument: { uri: templated, languageId: 'yaml', version: 1, text: HPA.replace('name: web\nspec', 'name: {{ .Release.Name }}\nspec').replace('70', '{{ .Values.cpu }}') + '{{- end }}\n' },
  });
  for (const u of [uri, templated]) {
    const lenses = await request<unknown[]>('textDocument/codeLens', { textDocument: { uri: u } });
    assert.ok(Array.isArray(lenses));
    const hover = await request<unknown>('textDocument/hover', { textDocument: { uri: u }, position: { line: 3, character: 3 } });
    assert.ok(hover === null || typeof hover === 'object');
  }
  const alive = await request<unknown[]>('textDocument/codeLens', { textDocument: { uri: hpaUri() } });
  assert.ok(alive.length > 0, 'the server still answers for other files');
});

test('shutdown and exit end the process with code 0', async () => {
  await request('shutdown', null);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await rpc.sendNotification('exit');
  assert.equal(await withTimeout('process exit', exited), 0);
});

// The extension's manifest (package.json contributions) and its content-based schema choice.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { COMMANDS, SETTINGS_SECTION, settingsFromConfiguration } from '../../src/core/language/protocol';
import { defaultSettings } from '../../src/core/lint/settings';
import type { SchemaIndexEntry } from '../../src/core/language/schemaIndex';
import { dispatchSchema, entriesForText } from '../../src/extension/schemaMatch';
import { localizedManifest } from './packageManifest';

const root = join(__dirname, '..', '..');
// As VS Code shows it in English: titles and descriptions are `%key%` values resolved from package.nls.json.
const pkg = localizedManifest('en');
const props = pkg.contributes.configuration.properties as Record<string, { default: unknown; scope?: string; pattern?: string }>;

test('contributed setting defaults are the analyzer defaults', () => {
  assert.equal(props['kubeScalingDoctor.kubernetesVersion'].default, defaultSettings.kubernetesVersion);
  assert.equal(props['kubeScalingDoctor.karpenterVersion'].default, defaultSettings.karpenterVersion);
  assert.equal(props['kubeScalingDoctor.kedaVersion'].default, defaultSettings.kedaVersion);
  assert.equal(props['kubeScalingDoctor.defaultRequests.cpu'].default, defaultSettings.defaultRequests.cpu);
  assert.equal(props['kubeScalingDoctor.defaultRequests.memory'].default, defaultSettings.defaultRequests.memory);
});

test('setting patterns accept real values and reject typos', () => {
  const ok = (key: string, v: string) => new RegExp(props[key].pattern!).test(v);
  assert.ok(ok('kubeScalingDoctor.kubernetesVersion', '1.29'));
  assert.ok(ok('kubeScalingDoctor.kubernetesVersion', 'v1.30.2'));
  assert.ok(!ok('kubeScalingDoctor.kubernetesVersion', '1'));
  assert.ok(!ok('kubeScalingDoctor.kubernetesVersion', 'latest'));
  for (const q of ['100m', '0.5', '2']) assert.ok(ok('kubeScalingDoctor.defaultRequests.cpu', q), q);
  for (const q of ['100Mi', '1Gi', '500M', '1e9']) assert.ok(ok('kubeScalingDoctor.defaultRequests.memory', q), q);
  assert.ok(!ok('kubeScalingDoctor.defaultRequests.cpu', '100 m'));
  assert.ok(!ok('kubeScalingDoctor.defaultRequests.memory', '128MB'));
});

test('an untrusted workspace cannot point the extension at a kubeconfig', () => {
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, ['kubeScalingDoctor.kubeconfig']);
  assert.equal(props['kubeScalingDoctor.kubeconfig'].scope, 'machine-overridable');
});

/** Every .ts file under src/extension, concatenated. */
function extensionSources(dir = join(root, 'src', 'extension')): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((e) => (e.isDirectory() ? extensionSources(join(dir, e.name)) : e.name.endsWith('.ts') ? readFileSync(join(dir, e.name), 'utf8') : ''))
    .join('\n');
}

test('activation waits for YAML or the end of startup, and every palette command is registered by the extension', () => {
  // Views and commands activate the extension by themselves (VS Code ≥ 1.74). onStartupFinished (after the window
  // is up, never delaying it) lets the guided start open when kubeScalingDoctor.walkthrough.openOnStartup asks;
  // activation loads no cluster code either way (lazy-start.test.ts).
  assert.deepEqual(pkg.activationEvents, ['onLanguage:yaml', 'onLanguage:helm', 'onStartupFinished']);
  const source = extensionSources();
  for (const c of pkg.contributes.commands as { command: string }[]) {
    assert.ok(new RegExp(`registerCommand\\(\\s*'${c.command.replace(/\./g, '\\.')}'`).test(source), `${c.command} is contributed but not registered`);
  }
});

test('the protocol agrees with package.json: one settings section, every setting the server reads is contributed', () => {
  for (const key of Object.keys(props)) assert.ok(key.startsWith(`${SETTINGS_SECTION}.`), `${key} is outside ${SETTINGS_SECTION}`);
  const contributed = Object.fromEntries(Object.entries(props).map(([key, p]) => [key.slice(SETTINGS_SECTION.length + 1), p.default]));
  // Without withDefaults: every field comes from a contributed key (dotted, as package.json writes them).
  assert.deepEqual(settingsFromConfiguration(contributed), defaultSettings);
  // The nested shape VS Code's configuration object has, and the didChangeConfiguration wrapping.
  const nested = { ...defaultSettings, defaultRequests: { ...defaultSettings.defaultRequests } };
  assert.deepEqual(settingsFromConfiguration(nested), defaultSettings);
  assert.deepEqual(settingsFromConfiguration({ settings: { [SETTINGS_SECTION]: nested } }), defaultSettings);
  assert.deepEqual(settingsFromConfiguration('nonsense'), {});
});

test('commands the server executes are documented, and left to the language client to register', () => {
  const source = extensionSources();
  const contributed = new Set((pkg.contributes.commands as { command: string }[]).map((c) => c.command));
  const lspDocs = readFileSync(join(root, 'docs', 'lsp.md'), 'utf8');
  for (const id of Object.values(COMMANDS)) {
    assert.match(id, /^kube-scaling-doctor\./);
    assert.ok(lspDocs.includes(`\`${id}\``), `${id} is not in docs/lsp.md`);
    // The client registers executeCommandProvider's commands itself: a second registration would fail, a palette entry would run without arguments.
    assert.ok(!contributed.has(id), `${id} is executed by the server but contributed to the palette`);
    assert.ok(!source.includes(`'${id}'`), `${id} is executed by the server but registered by the extension`);
  }
});

test('the Scaling Doctor activity-bar container holds the cluster view, with a monochrome SVG icon', () => {
  const container = (pkg.contributes.viewsContainers.activitybar as { id: string; title: string; icon: string }[]).find((c) => c.id === 'kubeScalingDoctor');
  assert.ok(container, 'activity-bar container kubeScalingDoctor');
  assert.equal(container.title, 'Scaling Doctor');
  assert.match(container.icon, /^media\/.+\.svg$/);
  const svg = readFileSync(join(root, container.icon), 'utf8');
  assert.ok(!/fill="#|stroke="#|<image/i.test(svg), 'the activity-bar icon uses currentColor only');
  const views = pkg.contributes.views.kubeScalingDoctor as { id: string }[];
  assert.ok(views.some((v) => v.id === 'kubeScalingDoctor.cluster'));
  // Welcome links name contributed commands (the cluster view's empty states are rows: see explorer-model.test.ts).
  const commands = new Set((pkg.contributes.commands as { command: string }[]).map((c) => c.command));
  for (const w of (pkg.contributes.viewsWelcome ?? []) as { contents: string }[]) {
    for (const [, cmd] of w.contents.matchAll(/\(command:([\w.-]+)/g)) assert.ok(commands.has(cmd), `${cmd} in viewsWelcome is not contributed`);
  }
  const interval = props['kubeScalingDoctor.metricsInterval'];
  assert.equal(interval.default, 15);
});

test('contributed files exist', () => {
  for (const s of pkg.contributes.snippets as { path: string }[]) assert.ok(existsSync(join(root, s.path)), s.path);
});

test('the guided start: four steps, each checked off by an event the extension really causes, with its media', () => {
  const [walkthrough] = pkg.contributes.walkthroughs as { id: string; steps: { id: string; description: string; media: { markdown: string }; completionEvents: string[] }[] }[];
  assert.equal(`${pkg.publisher}.${pkg.name}#${walkthrough.id}`, 'kube-scaling-doctor.kube-scaling-doctor#gettingStarted', 'the id walkthrough.ts opens');
  const source = extensionSources();
  const commands = new Set((pkg.contributes.commands as { command: string }[]).map((c) => c.command));
  const views = new Set((pkg.contributes.views.kubeScalingDoctor as { id: string }[]).map((v) => v.id));
  for (const step of walkthrough.steps) {
    assert.ok(existsSync(join(root, step.media.markdown)), step.media.markdown);
    assert.equal(step.completionEvents.length, 1, step.id);
    const [, kind, what] = /^(onCommand|onView|onContext):(.+)$/.exec(step.completionEvents[0]) ?? [];
    if (kind === 'onCommand') assert.ok(commands.has(what), `${what} is not contributed`);
    else if (kind === 'onView') assert.ok(views.has(what), `${what} is not a view`);
    else if (kind === 'onContext') assert.ok(source.includes(`'${what}'`), `no source sets the context key ${what}`);
    else assert.fail(`${step.id}: unknown completion event ${step.completionEvents[0]}`);
    for (const [, cmd] of step.description.matchAll(/\(command:([\w.-]+)\)/g))
      assert.ok(commands.has(cmd) || cmd === 'kubeScalingDoctor.cluster.focus', `${cmd} in step ${step.id} is not contributed`);
  }
  assert.deepEqual(
    walkthrough.steps.map((s) => s.completionEvents[0]),
    ['onCommand:kube-scaling-doctor.openExample', 'onContext:kubeScalingDoctor.walkthrough.fixApplied', 'onView:kubeScalingDoctor.cluster', 'onContext:kubeScalingDoctor.walkthrough.doctorRan'],
  );
});

const entries: SchemaIndexEntry[] = [
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', file: 'hpa-autoscaling-v2.json' },
  { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', file: 'keda-scaledobject.json' },
];

test('schemas are chosen by the kinds a file holds, not by its name', () => {
  const hpaAndDeployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\n';
  assert.deepEqual(
    entriesForText(hpaAndDeployment, entries).map((e) => e.kind),
    ['HorizontalPodAutoscaler'],
  );
  assert.deepEqual(entriesForText('apiVersion: autoscaling/v2beta1\nkind: HorizontalPodAutoscaler\n', entries), []);
  assert.deepEqual(entriesForText('apiVersion: apps/v1\nkind: Deployment\n', entries), []);
  assert.deepEqual(entriesForText('not: [valid', entries), []);
  assert.deepEqual(
    entriesForText('{{- if .Values.keda }}\napiVersion: keda.sh/v1alpha1\nkind: ScaledObject\n{{- end }}\n', entries).map((e) => e.kind),
    ['ScaledObject'],
  );
});

test('the dispatch schema constrains only documents of the matching apiVersion and kind', () => {
  const s = dispatchSchema(entries, (f) => `x://schemas/${f}`) as { allOf: { if: any; then: { $ref: string } }[] };
  assert.equal(s.allOf.length, 2);
  assert.deepEqual(s.allOf[0].if.properties, { apiVersion: { const: 'autoscaling/v2' }, kind: { const: 'HorizontalPodAutoscaler' } });
  assert.deepEqual(s.allOf[0].if.required, ['apiVersion', 'kind']);
  assert.equal(s.allOf[1].then.$ref, 'x://schemas/keda-scaledobject.json');
});

test('the .vsix holds the bundles, schemas, snippets and rule docs, and no sources or node_modules', () => {
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const files = r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  for (const f of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/extension.js', 'dist/extension-cluster.js', 'dist/server.js', 'schemas/index.json']) {
    assert.ok(files.includes(f), `${f} is missing from the .vsix`);
  }
  for (const s of pkg.contributes.snippets as { path: string }[]) assert.ok(files.includes(s.path.replace(/^\.\//, '')), s.path);
  // The guided start's pages, the example its first step opens, the page of the secure alternative to an insecure repair.
  for (const step of pkg.contributes.walkthroughs[0].steps as { media: { markdown: string } }[]) assert.ok(files.includes(step.media.markdown), step.media.markdown);
  // The contribution texts and runtime strings in zh-cn and ja, and the guided start's pages in both (VS Code picks <page>.nls.<language>.md).
  for (const f of ['package.nls.json', 'package.nls.zh-cn.json', 'package.nls.ja.json', 'l10n/bundle.l10n.zh-cn.json', 'l10n/bundle.l10n.ja.json'])
    assert.ok(files.includes(f), `${f} is missing from the .vsix`);
  for (const step of pkg.contributes.walkthroughs[0].steps as { media: { markdown: string } }[]) {
    for (const language of ['zh-cn', 'ja']) assert.ok(files.includes(step.media.markdown.replace(/\.md$/, `.nls.${language}.md`)), `${step.media.markdown} in ${language}`);
  }
  for (const f of ['examples/shop/api-hpa.yaml', 'docs/repairs/metrics-server-skip-kubelet-tls-verify.md']) assert.ok(files.includes(f), `${f} is missing from the .vsix`);
  assert.ok(
    files.some((f) => f.startsWith('docs/rules/')),
    'rule docs are missing',
  );
  const unwanted = files.filter((f) => /^(src|test|node_modules|scripts|out|bench)\/|\.map$|\.ts$/.test(f));
  assert.deepEqual(unwanted, []);
});

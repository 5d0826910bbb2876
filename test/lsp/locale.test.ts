// The language server speaks the client's language (issue 19): `locale` of initialize (LSP 3.16), overridden by
// initializationOptions.locale, else the server's environment; a language we do not ship is English. Diagnostics and
// quick-fix titles are checked over the real server process against the same findings rendered by core.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render, setLocale, textOf, type Locale } from '../../src/core/l10n';
import { completionsAt } from '../../src/core/language/completion';
import { hoverAt } from '../../src/core/language/hover';
import { docAt } from '../../src/core/language/yamlPath';
import { withDefaults } from '../../src/core/lint/settings';
import { Workspace } from '../../src/core/manifest/workspace';
import { titleOf, analyze } from '../helpers';
import { startSession } from './session';

const URI = 'untitled:locale.yaml';
const TEXT = `apiVersion: autoscaling/v2beta1
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 5
  metrics:
  - type: Resource
    resource: {name: cpu, targetAverageUtilization: 60}
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
const CAPABILITIES = { textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } } } } };
/** Hiragana, katakana or CJK ideographs: text a reader of Japanese or Chinese reads. */
const CJK = /[\u3040-\u30ff\u4e00-\u9fff]/;
/** Hiragana and katakana: only Japanese has them. */
const KANA = /[\u3040-\u30ff]/;

type Diagnostic = { range: { start: { line: number; character: number }; end: { line: number; character: number } }; code?: string; message: string };

/** What the server publishes for TEXT, started with these initialize params and environment. */
async function served(params: Record<string, unknown>, env: NodeJS.ProcessEnv = { ...process.env, LANG: 'C', LC_ALL: '', LC_MESSAGES: '' }, args: string[] = []) {
  const session = await startSession(CAPABILITIES, { params, env, args });
  try {
    await session.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'yaml', version: 1, text: TEXT } });
    const diagnostics = await session.waitFor('diagnostics', () => session.published.find((p) => p.uri === URI && p.diagnostics.length > 0)?.diagnostics as Diagnostic[] | undefined);
    const missing = diagnostics.find((d) => d.code === 'hpa-missing-request' && d.range.start.line < 10)!;
    const actions = await session.request<{ title: string; kind?: string }[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: missing.range,
      context: { diagnostics: [missing], only: ['quickfix'] },
    });
    const lenses = await session.request<{ command?: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri: URI } });
    const hover = await session.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: 16 } });
    return {
      diagnostics,
      quickFixes: actions.filter((a) => a.kind === 'quickfix').map((a) => a.title),
      lenses: lenses.map((l) => l.command?.title ?? ''),
      hover: hover?.contents.value ?? '',
    };
  } finally {
    await session.close();
  }
}

/** The findings core produces for TEXT, in `locale`: messages and the first quick fix of the missing request. */
function expected(locale: Locale) {
  const findings = analyze({ [URI]: TEXT }, { settings: {} });
  const missing = findings.find((f) => f.rule === 'hpa-missing-request' && f.range.start < TEXT.indexOf('---'))!;
  return {
    messages: findings.map((f) => textOf(f.l10n ?? f.message, locale)).sort(),
    requestFix: textOf(missing.fixes[0].title, locale),
    englishFix: titleOf(missing.fixes[0]),
  };
}

test('initialize with locale "ja": diagnostics, quick-fix titles and code lenses are Japanese', async () => {
  const { diagnostics, quickFixes, lenses, hover } = await served({ locale: 'ja' });
  const want = expected('ja');
  assert.deepEqual(diagnostics.map((d) => d.message).sort(), want.messages);
  const deprecated = diagnostics.find((d) => d.code === 'hpa-deprecated-api')!;
  assert.match(deprecated.message, CJK, deprecated.message);
  assert.match(deprecated.message, /autoscaling\/v2beta1/, 'the apiVersion stays as written');
  for (const d of diagnostics) assert.match(d.message, CJK, `${d.code}: ${d.message}`);
  assert.ok(quickFixes.includes(want.requestFix), `${quickFixes.join(' | ')}`);
  assert.match(want.requestFix, /リソース要求/);
  assert.ok(!quickFixes.includes(want.englishFix), 'the English title is not offered beside it');
  // The HPA's lenses (what it scales, what its target lacks with the fix, the conversion) and the workload's.
  assert.ok(lenses.length >= 3, lenses.join(' | '));
  for (const title of lenses) assert.match(title, KANA, title);
  // The hover over the deprecated apiVersion: the rule and its documentation link, the link's words in Japanese.
  assert.match(hover, /`hpa-deprecated-api`/);
  assert.match(hover, /\[ルールのドキュメント\]\(file:/, hover);
  assert.ok(
    lenses.some((l) => l.includes(want.requestFix)),
    `the missing-request lens names the fix in Japanese: ${lenses.join(' | ')}`,
  );
});

test('initializationOptions.locale overrides the editor locale; lsp --lang, then the environment, are the fallback', async () => {
  const chosen = await served({ locale: 'ja', initializationOptions: { locale: 'zh-cn' } });
  assert.deepEqual(chosen.diagnostics.map((d) => d.message).sort(), expected('zh-cn').messages);
  assert.match(chosen.diagnostics[0].message, /[\u4e00-\u9fff]/);
  assert.doesNotMatch(chosen.diagnostics.map((d) => d.message).join('\n'), /[\u3040-\u30ff]/, 'no Japanese kana in Chinese diagnostics');

  const fromEnv = await served({}, { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'ja_JP.UTF-8' });
  assert.deepEqual(fromEnv.diagnostics.map((d) => d.message).sort(), expected('ja').messages);
  // `lsp --lang zh-cn` when the client names no language; the client's locale still wins when it names one.
  const fromFlag = await served({}, undefined, ['--lang', 'zh-cn']);
  assert.deepEqual(fromFlag.diagnostics.map((d) => d.message).sort(), expected('zh-cn').messages);
  const clientWins = await served({ locale: 'ja' }, undefined, ['--lang', 'zh-cn']);
  assert.deepEqual(clientWins.diagnostics.map((d) => d.message).sort(), expected('ja').messages);
});

test('a language we do not ship, or Traditional Chinese, gets English (never the wrong script)', async () => {
  const english = expected('en');
  for (const locale of ['de', 'zh-TW']) {
    const { diagnostics, quickFixes } = await served({ locale });
    assert.deepEqual(diagnostics.map((d) => d.message).sort(), english.messages, locale);
    assert.ok(quickFixes.includes(english.englishFix), `${locale}: ${quickFixes.join(' | ')}`);
  }
  // The English rendering of a finding is its message: what CI and the JSON report carry.
  const findings = analyze({ [URI]: TEXT });
  for (const f of findings) if (f.l10n) assert.equal(render(f.l10n, 'en'), f.message);
});

const BEHAVIOR_URI = 'untitled:behavior.yaml';
const BEHAVIOR = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 20
  behavior:
    scaleUp:
      stabilizationWindowSeconds: 60
      policies:
      - type: Percent
        value: 100
        periodSeconds: 15
`;

/** The behavior explanation core renders at `needle` in `locale` (what the server must send). */
function behaviorExplanation(needle: string, locale: Locale): string {
  const file = new Workspace().set('file:///b.yaml', BEHAVIOR);
  setLocale(locale);
  try {
    return hoverAt(file, [], BEHAVIOR.indexOf(needle) + 1, () => undefined)!.markdown.split('\n\n---')[0];
  } finally {
    setLocale('en');
  }
}

test('initialize with locale "ja": the hover on an HPA behavior explains windows and policies in Japanese', async () => {
  const session = await startSession(CAPABILITIES, { params: { locale: 'ja' }, env: { ...process.env, LANG: 'C', LC_ALL: '', LC_MESSAGES: '' } });
  try {
    await session.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri: BEHAVIOR_URI, languageId: 'yaml', version: 1, text: BEHAVIOR } });
    const hoverAtLine = async (line: number, character: number) =>
      (await session.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: BEHAVIOR_URI }, position: { line, character } }))?.contents.value ?? '';
    const windowHover = await hoverAtLine(9, 8);
    assert.ok(windowHover.startsWith(behaviorExplanation('stabilizationWindowSeconds', 'ja')), windowHover);
    assert.match(windowHover, /^スケールアップの安定化ウィンドウ 1 分: /, 'the window and its duration in Japanese words');
    const policyHover = await hoverAtLine(11, 16);
    assert.ok(policyHover.startsWith(behaviorExplanation('type: Percent', 'ja')), policyHover);
    assert.match(policyHover, /^15 秒ごとに Percent 100（スケールアップ）: /, 'the type and value stay as written');
    assert.match(policyHover, /レプリカ 2 個から: 4 までスケールアップし、15 秒後に 8/, 'the example counts from minReplicas');
    assert.doesNotMatch(policyHover.split('\n\n---')[0], /\b(within|count|replicas?|later|rounded)\b/, 'no English sentence left');
  } finally {
    await session.close();
  }
  // The same explanation in English is as it always was.
  assert.match(behaviorExplanation('type: Percent', 'en'), /^Percent 100 per 15 s \(scale-up\): within any 15 s the count may grow by at most 100 % /);
});

test('completion in the client language: the snippet the target versions call for, and value details', () => {
  const complete = (text: string, offset: number, karpenterVersion: string) => {
    const file = new Workspace().set('file:///c.yaml', text);
    return completionsAt(text, offset, docAt(file.docs, offset), withDefaults({ karpenterVersion }));
  };
  setLocale('ja');
  try {
    const [snippet] = complete('prov', 4, '0.32');
    assert.equal(snippet.label, 'provisioner-v1alpha5');
    assert.equal(snippet.detail, 'Karpenter v1alpha5 の Provisioner（v0.32 まで提供）');
    assert.match(snippet.documentation ?? '', /^`karpenter\.sh\/v1alpha5` の Provisioner。/);
    const policy = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nspec:\n  metrics:\n  - type: ';
    const types = complete(policy, policy.length, '1.0');
    assert.match(types.find((s) => s.label === 'External')?.documentation ?? '', KANA);
  } finally {
    setLocale('en');
  }
  const [english] = complete('prov', 4, '0.32');
  assert.equal(english.detail, 'Karpenter v1alpha5 Provisioner (served up to v0.32)');
});

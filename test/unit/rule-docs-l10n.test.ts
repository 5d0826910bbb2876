// Rule pages in the reader's language (src/server/ruleDocs.ts): docs/<locale>/rules/<id>.md when the installation
// has it, for the hover text and the diagnostic's link; English otherwise.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { hoverAt } from '../../src/core/language/hover';
import { analyzeFile } from '../../src/core/lint/analyzer';
import { withDefaults } from '../../src/core/lint/settings';
import { Workspace } from '../../src/core/manifest/workspace';
import { localizedRuleDocs, ruleDocsUrl } from '../../src/server/ruleDocs';

const root = join(mkdtempSync(join(tmpdir(), 'ksd-docs-')), 'docs');
mkdirSync(join(root, 'rules'), { recursive: true });
mkdirSync(join(root, 'ja', 'rules'), { recursive: true });
writeFileSync(join(root, 'rules', 'hpa-missing-request.md'), '# hpa-missing-request\n\nEnglish.\n');
writeFileSync(join(root, 'rules', 'hpa-deprecated-api.md'), '# hpa-deprecated-api\n\nEnglish.\n');
writeFileSync(join(root, 'ja', 'rules', 'hpa-missing-request.md'), '# hpa-missing-request\n\n**重大度：** error\n\nリソース要求がありません。\n');
after(() => rmSync(join(root, '..'), { recursive: true, force: true }));

test('a translated page is linked and shown in its language; a rule without one stays English', () => {
  assert.equal(ruleDocsUrl('hpa-missing-request', undefined, 'ja', root), pathToFileURL(join(root, 'ja', 'rules', 'hpa-missing-request.md')).href);
  assert.equal(ruleDocsUrl('hpa-deprecated-api', undefined, 'ja', root), pathToFileURL(join(root, 'rules', 'hpa-deprecated-api.md')).href);
  assert.equal(ruleDocsUrl('hpa-missing-request', undefined, 'zh-cn', root), pathToFileURL(join(root, 'rules', 'hpa-missing-request.md')).href);
  assert.equal(ruleDocsUrl('hpa-missing-request', undefined, 'en', root), pathToFileURL(join(root, 'rules', 'hpa-missing-request.md')).href);
  assert.equal(ruleDocsUrl('no-such-rule', undefined, 'ja', root), undefined);

  assert.equal(localizedRuleDocs('hpa-missing-request', 'ja', root), '**重大度：** error\n\nリソース要求がありません。', 'the page without its # heading');
  assert.equal(localizedRuleDocs('hpa-deprecated-api', 'ja', root), undefined);
  assert.equal(localizedRuleDocs('hpa-missing-request', 'en', root), undefined);
  assert.equal(localizedRuleDocs('hpa-missing-request', 'qps-ploc', root), undefined);
});

test('with docsBaseUrl, a translated page is linked beside docs/rules/ only when the base names docs/rules/', () => {
  const base = 'https://github.com/example/kube-scaling-doctor/blob/main/docs/rules/';
  assert.equal(ruleDocsUrl('hpa-missing-request', base, 'ja', root), 'https://github.com/example/kube-scaling-doctor/blob/main/docs/ja/rules/hpa-missing-request.md');
  assert.equal(ruleDocsUrl('hpa-deprecated-api', base, 'ja', root), `${base}hpa-deprecated-api.md`);
  assert.equal(ruleDocsUrl('hpa-missing-request', 'https://docs.example/rules', 'ja', root), 'https://docs.example/rules/hpa-missing-request.md');
});

test('the hover shows the translated page instead of the rule title and English docs, once per rule', () => {
  const text = 'apiVersion: autoscaling/v2beta1\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  maxReplicas: 3\n';
  const ws = new Workspace();
  const file = ws.set('file:///hpa.yaml', text);
  const findings = analyzeFile(ws, file.uri, withDefaults({}));
  const at = text.indexOf('v2beta1');
  const english = hoverAt(file, findings, at, () => 'file:///docs/rules/hpa-deprecated-api.md')!.markdown;
  assert.match(english, /\*\*HorizontalPodAutoscaler uses a deprecated or removed apiVersion\*\* `hpa-deprecated-api`/);
  const translated = hoverAt(
    file,
    findings,
    at,
    () => 'file:///docs/ja/rules/hpa-deprecated-api.md',
    (rule) => (rule === 'hpa-deprecated-api' ? '非推奨の apiVersion です。' : undefined),
  )!.markdown;
  assert.match(translated, /^`hpa-deprecated-api`\n\n非推奨の apiVersion です。\n\n\[Rule documentation\]\(file:\/\/\/docs\/ja\/rules\/hpa-deprecated-api\.md\)/);
  assert.doesNotMatch(translated, /uses a deprecated or removed apiVersion/, 'no English rule title or docs beside the translation');
});

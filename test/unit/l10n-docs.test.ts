// localizedDocsPath: a reader is sent to the page in their language when it exists, and to English otherwise.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { localizedDocsPath } from '../../src/core/l10n/docs';

const root = join(__dirname, '..', '..');
const inRepo = (path: string) => existsSync(join(root, path));

test('a translated page is chosen for its language, English for the others', () => {
  assert.equal(localizedDocsPath('docs/doctor/metrics-server-kubelet-tls.md', 'zh-cn', inRepo), 'docs/zh-cn/doctor/metrics-server-kubelet-tls.md');
  assert.equal(localizedDocsPath('docs/rules/hpa-missing-request.md', 'zh-cn', inRepo), 'docs/zh-cn/rules/hpa-missing-request.md');
  assert.equal(localizedDocsPath('README.md', 'zh-cn', inRepo), 'docs/zh-cn/README.md');
  assert.equal(localizedDocsPath('docs/doctor/metrics-server-kubelet-tls.md', 'en', inRepo), 'docs/doctor/metrics-server-kubelet-tls.md');
  assert.equal(localizedDocsPath('docs/doctor/metrics-server-kubelet-tls.md', 'qps-ploc', inRepo), 'docs/doctor/metrics-server-kubelet-tls.md');
});

test('a page without a translation stays English', () => {
  const seen: string[] = [];
  const none = (path: string) => (seen.push(path), false);
  assert.equal(localizedDocsPath('docs/doctor/new-check.md', 'ja', none), 'docs/doctor/new-check.md');
  assert.deepEqual(seen, ['docs/ja/doctor/new-check.md']);
});

test('absolute paths keep their base; anchors go with a translation, since headings are translated', () => {
  const all = () => true;
  assert.equal(localizedDocsPath('/ext/docs/rules/x.md', 'zh-cn', all), '/ext/docs/zh-cn/rules/x.md');
  assert.equal(localizedDocsPath('/home/docs/ext/docs/rules/x.md', 'zh-cn', all), '/home/docs/ext/docs/zh-cn/rules/x.md');
  assert.equal(localizedDocsPath('/ext/README.md', 'zh-cn', all), '/ext/docs/zh-cn/README.md');
  assert.equal(localizedDocsPath('C:\\ext\\docs\\rules\\x.md', 'zh-cn', all), 'C:\\ext\\docs\\zh-cn\\rules\\x.md');
  assert.equal(localizedDocsPath('docs/repairs.md#safety-steps-every-repair', 'zh-cn', all), 'docs/zh-cn/repairs.md');
  assert.equal(
    localizedDocsPath('docs/repairs.md#safety-steps-every-repair', 'zh-cn', () => false),
    'docs/repairs.md#safety-steps-every-repair',
  );
});

test('URLs, other files and translated pages are left alone', () => {
  const all = () => true;
  for (const path of [
    'https://github.com/kubernetes-sigs/metrics-server/blob/master/KNOWN_ISSUES.md',
    'file:///ext/docs/rules/x.md',
    'src/core/x.ts',
    'docs/zh-cn/rules/x.md',
    'docs/ja/rules/x.md',
    'C:\\ext\\docs\\zh-cn\\rules\\x.md',
  ]) {
    assert.equal(localizedDocsPath(path, 'zh-cn', all), path, path);
  }
});

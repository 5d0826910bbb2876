// Choosing the reader's language and rendering a message in it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { count, localeFromEnv, msg, percent, placeholdersOf, registerBundle, render, resolveLocale } from '../../src/core/l10n';

test('locale tags from BCP 47, VS Code and POSIX map to the languages shipped; others get none', () => {
  const cases: [string, string | undefined][] = [
    ['zh-CN', 'zh-cn'],
    ['zh-cn', 'zh-cn'],
    ['zh-Hans-CN', 'zh-cn'],
    ['zh_CN.UTF-8', 'zh-cn'],
    ['zh', 'zh-cn'],
    ['zh-TW', undefined],
    ['zh-Hant', undefined],
    ['ja', 'ja'],
    ['ja_JP.UTF-8', 'ja'],
    ['ja-JP', 'ja'],
    ['en_US.UTF-8', 'en'],
    ['C', 'en'],
    ['POSIX', 'en'],
    ['C.UTF-8', 'en'],
    ['fr_FR.UTF-8', undefined],
    ['', undefined],
  ];
  for (const [tag, want] of cases) assert.equal(resolveLocale(tag), want, tag);
});

test('LC_ALL wins over LC_MESSAGES over LANG; an unshipped language is English', () => {
  assert.equal(localeFromEnv({ LANG: 'ja_JP.UTF-8' }), 'ja');
  assert.equal(localeFromEnv({ LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'ja_JP.UTF-8' }), 'zh-cn');
  assert.equal(localeFromEnv({ LC_ALL: 'C', LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'ja_JP.UTF-8' }), 'en');
  assert.equal(localeFromEnv({ LANG: 'de_DE.UTF-8' }), 'en');
  assert.equal(localeFromEnv({}), 'en');
});

test('a message renders its translation with named placeholders in the translation’s order', () => {
  registerBundle('ja', { 'missing request for {resource} in container {container}': 'コンテナ {container} に {resource} のリクエストがありません' });
  const m = msg('missing request for {resource} in container {container}', { resource: 'cpu', container: '"istio-proxy"' });
  assert.equal(render(m, 'en'), 'missing request for cpu in container "istio-proxy"');
  assert.equal(render(m, 'ja'), 'コンテナ "istio-proxy" に cpu のリクエストがありません');
  // No translation: English, never a key or an empty string.
  assert.equal(render(msg('{n} pods', { n: 3 }), 'ja'), '3 pods');
  assert.deepEqual(placeholdersOf('{b} and {a} and {b}'), ['a', 'b']);
});

test('percentages and counts follow the locale; nested messages render in the same language', () => {
  registerBundle('zh-cn', { 'cpu at {value} of requests': 'CPU 为请求值的 {value}', '{count} pods': '{count} 个 Pod' });
  const m = msg('cpu at {value} of requests', { value: percent(92.5) });
  assert.equal(render(m, 'en'), 'cpu at 92.5% of requests');
  assert.equal(render(m, 'zh-cn'), 'CPU 为请求值的 92.5%');
  assert.equal(render(msg('{count} pods', { count: count(20000) }), 'en'), '20,000 pods');
  assert.equal(render(msg('{count} pods', { count: count(20000) }), 'zh-cn'), '20,000 个 Pod');
});

test('the pseudo-locale marks every word of the template and leaves values alone', () => {
  const out = render(msg('missing request for {resource}', { resource: 'cpu' }), 'qps-ploc');
  assert.match(out, /^⟦.*⟧$/);
  assert.ok(out.includes('cpu'));
  assert.ok(!out.includes('missing'), out);
});

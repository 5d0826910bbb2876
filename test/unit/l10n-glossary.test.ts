// The glossary's "Words we do not use" (docs/l10n.md): no bundle, package.nls file or translated docs page uses a look-alike
// of a glossary term, so a reader meets the Kubernetes docs' words (名字空间, クラスター) everywhere, whoever translated.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const LANGUAGES = ['zh-cn', 'ja'] as const;

/** The rows of the "Not this | But" table: each look-alike (a cell's words split at 、, a note in parentheses dropped). */
function avoided(language: string): { word: string; instead: string }[] {
  const doc = readFileSync(join(ROOT, 'docs', 'l10n.md'), 'utf8');
  const table = doc.slice(doc.indexOf('Words we do not use'));
  return table
    .split('\n')
    .map((line) => line.split('|').map((cell) => cell.trim()))
    .filter((cells) => cells[1] === language)
    .flatMap((cells) => cells[2].split('、').map((word) => ({ word: word.replace(/\s*\(.*\)$/, ''), instead: cells[3] })));
}

/** Each look-alike as a pattern: クラスタ is a look-alike only when ー does not follow. */
const pattern = (word: string) => new RegExp(word === 'クラスタ' ? 'クラスタ(?!ー)' : word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'u');

function filesOf(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesOf(path) : name.endsWith('.md') ? [path] : [];
  });
}

/** The translated texts of a language: every bundle value and package.nls value, and every line of its docs pages. */
function texts(language: string): { where: string; text: string }[] {
  const values = (file: string) =>
    Object.entries(JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as Record<string, string>).map(([key, text]) => ({ where: `${file} "${key.slice(0, 60)}"`, text }));
  const docs = filesOf(join(ROOT, 'docs', language)).flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .map((text, i) => ({ where: `${file.slice(ROOT.length + 1)}:${i + 1}`, text })),
  );
  return [...values(`l10n/bundle.l10n.${language}.json`), ...values(`package.nls.${language}.json`), ...docs];
}

for (const language of LANGUAGES) {
  test(`${language}: the glossary's look-alikes appear nowhere in the translations`, () => {
    const rows = avoided(language);
    assert.ok(rows.length >= 5, `docs/l10n.md lists the ${language} words we do not use`);
    const all = texts(language);
    assert.ok(all.length > 500, 'the bundle, package.nls and docs were read');
    const found = rows.flatMap(({ word, instead }) => all.filter(({ text }) => pattern(word).test(text)).map(({ where }) => `${where}: ${word} (use ${instead})`));
    assert.deepEqual(found, []);
  });
}

test('the check can fail: a look-alike in a text is found', () => {
  const [first] = avoided('ja');
  assert.ok(pattern(first.word).test(`この${first.word}のPod`));
  assert.ok(!pattern('クラスタ').test('クラスター'));
  assert.ok(pattern('クラスタ').test('クラスタの'));
});

// The contribution texts' catalogue (package.json `%key%` → package.nls*.json): every key the manifest names is defined
// in English, zh-cn and ja hold exactly the English keys, and a translation keeps what VS Code or the reader acts on —
// command links, `code`, {placeholders} — as the English has them. The guided start's pages exist in both languages.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { localizedManifest, NLS_LANGUAGES, nlsReferences, packageNls, rawManifest, root } from './packageManifest';

const english = packageNls('en');

/** What a translation must keep as it is: command links, code spans and {placeholders}, sorted. */
function kept(text: string): string[] {
  const links = [...text.matchAll(/\]\((command:[^)\s]+)\)/g)].map((m) => m[1]);
  const code = [...text.matchAll(/`([^`]+)`/g)].map((m) => `\`${m[1]}\``);
  const placeholders = [...text.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => `{${m[1]}}`);
  return [...links, ...code, ...placeholders].sort();
}

test('every %key% in package.json is defined in package.nls.json, and package.nls.json holds no unused key', () => {
  const references = nlsReferences();
  assert.ok(references.length > 40, `only ${references.length} %key% values: the contributions are not localized`);
  assert.deepEqual(
    references.filter((r) => typeof english[r.key] !== 'string' || english[r.key].trim() === '').map((r) => `${r.path}: %${r.key}%`),
    [],
  );
  const used = new Set(references.map((r) => r.key));
  assert.deepEqual(
    Object.keys(english).filter((key) => !used.has(key)),
    [],
  );
});

test('every contributed title, description and setting text is a %key%, not English left in package.json', () => {
  // The product name (displayName, the command category, the view container) stays as it is in every language.
  const productName = /^Scaling Doctor( for Kubernetes)?$/;
  const pkg = rawManifest();
  const c = pkg.contributes;
  const texts: [string, string][] = [
    ['description', pkg.description],
    ...Object.entries(c.configuration.properties as Record<string, Record<string, unknown>>).flatMap(([name, p]) =>
      ['description', 'markdownDescription', 'patternErrorMessage'].filter((f) => typeof p[f] === 'string').map((f): [string, string] => [`${name}.${f}`, p[f] as string]),
    ),
    ...(c.commands as { command: string; title: string }[]).map((cmd): [string, string] => [cmd.command, cmd.title]),
    ...(c.views.kubeScalingDoctor as { id: string; name: string }[]).map((v): [string, string] => [v.id, v.name]),
    ...(c.viewsWelcome as { view: string; contents: string }[]).map((w): [string, string] => [w.view, w.contents]),
    ...(c.walkthroughs as { title: string; description: string; steps: { id: string; title: string; description: string }[] }[]).flatMap((w) => [
      ['walkthrough', w.title] as [string, string],
      ['walkthrough', w.description] as [string, string],
      ...w.steps.flatMap((s): [string, string][] => [
        [s.id, s.title],
        [s.id, s.description],
      ]),
    ]),
  ];
  assert.deepEqual(
    texts.filter(([, text]) => !/^%.+%$/.test(text) && !productName.test(text)),
    [],
  );
});

for (const language of NLS_LANGUAGES) {
  test(`package.nls.${language}.json translates exactly the English keys, keeping links, code and placeholders`, () => {
    const translated = packageNls(language);
    assert.deepEqual(Object.keys(translated).sort(), Object.keys(english).sort(), `keys of package.nls.${language}.json`);
    assert.deepEqual(
      Object.entries(translated).filter(([, v]) => v.trim() === ''),
      [],
    );
    const differing = Object.keys(english)
      .filter((key) => kept(english[key]).join('\n') !== kept(translated[key]).join('\n'))
      .map((key) => `${key}: ${kept(english[key]).join(' ')} → ${kept(translated[key]).join(' ')}`);
    assert.deepEqual(differing, []);
    // A translation that is the English text again was not translated.
    assert.deepEqual(
      Object.keys(english).filter((key) => translated[key] === english[key]),
      [],
    );
  });

  test(`the guided start's pages exist in ${language} with the English page's commands and code`, () => {
    const steps = localizedManifest(language).contributes.walkthroughs[0].steps as { id: string; media: { markdown: string } }[];
    for (const step of steps) {
      const page = step.media.markdown.replace(/\.md$/, `.nls.${language}.md`);
      assert.ok(existsSync(join(root, page)), `${page} (VS Code shows the English page without it)`);
      const englishCode = [...readFileSync(join(root, step.media.markdown), 'utf8').matchAll(/`([^`\n]+)`/g)].map((m) => m[1]).sort();
      const translatedCode = [...readFileSync(join(root, page), 'utf8').matchAll(/`([^`\n]+)`/g)].map((m) => m[1]).sort();
      assert.deepEqual(translatedCode, englishCode, page);
    }
  });
}

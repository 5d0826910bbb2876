// The message catalogue: every template in the source (`msg('…')`, `t('…')`, `l10n.t('…')`, in src/ and the webview
// scripts in media/) is a string literal, has a zh-cn and a ja translation in l10n/, and each translation uses exactly
// the template's placeholders. A bundle key no template uses is an error too, so the bundles never carry dead text.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { placeholdersOf } from '../../src/core/l10n';

const root = join(__dirname, '..', '..');
const LANGUAGES = ['zh-cn', 'ja'] as const;

interface Template {
  text: string;
  where: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The calls that take a template first: msg(…), t(…) and l10n.t(…) / vscode.l10n.t(…). */
function isTemplateCall(call: ts.CallExpression): boolean {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text === 'msg' || callee.text === 't';
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 't' && /(^|\.)l10n$/.test(callee.expression.getText());
}

function collect(): { templates: Template[]; dynamic: string[] } {
  const templates: Template[] = [];
  const dynamic: string[] = [];
  // message.ts and index.ts of src/core/l10n define msg and t; their own calls pass a template through (lists.ts beside
  // them writes templates like any module). media/: the webviews' scripts (l10n.t of media/webviewL10n.ts, with the
  // bundle the extension puts into the page).
  const definers = ['message.ts', 'index.ts'].map((name) => join(root, 'src', 'core', 'l10n', name));
  const files = [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'media'))];
  for (const file of files.filter((f) => !definers.includes(f))) {
    const text = readFileSync(file, 'utf8');
    if (!/\b(msg|t)\(/.test(text)) continue;
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && isTemplateCall(node) && node.arguments.length > 0) {
        const first = node.arguments[0];
        const where = `${relative(root, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        if (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) templates.push({ text: first.text, where });
        else dynamic.push(`${where}: ${first.getText().slice(0, 80)}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { templates, dynamic };
}

const bundle = (language: string): Record<string, string> => JSON.parse(readFileSync(join(root, 'l10n', `bundle.l10n.${language}.json`), 'utf8')) as Record<string, string>;

const { templates, dynamic } = collect();

test('every message template is a literal at its call (the catalogue can only read literals; no sentence is joined)', () => {
  assert.deepEqual(dynamic, []);
});

for (const language of LANGUAGES) {
  test(`every template has a ${language} translation with the same placeholders`, () => {
    const translations = bundle(language);
    const missing = templates.filter((t) => typeof translations[t.text] !== 'string' || translations[t.text].trim() === '').map((t) => `${t.where}: ${t.text}`);
    assert.deepEqual([...new Set(missing)], [], `templates without a ${language} translation`);
    const mismatched = templates
      .filter((t) => typeof translations[t.text] === 'string')
      .filter((t) => placeholdersOf(t.text).join(',') !== placeholdersOf(translations[t.text]).join(','))
      .map((t) => `${t.where}: ${t.text} → ${translations[t.text]}`);
    assert.deepEqual([...new Set(mismatched)], [], `${language} translations whose placeholders differ`);
  });

  test(`the ${language} bundle holds no text that no template uses`, () => {
    const used = new Set(templates.map((t) => t.text));
    assert.deepEqual(
      Object.keys(bundle(language)).filter((key) => !used.has(key)),
      [],
    );
  });
}

// The Simplified Chinese docs (docs/zh-cn/): every page is a translation of an English page that links to it, keeps
// the original's structure (H2 count, fenced code blocks byte for byte) and has no broken link or anchor. A page
// that drifts from its original, or a link left pointing at English when the translation exists, fails here.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..');
const zhRoot = join(root, 'docs', 'zh-cn');

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

const pages = markdownFiles(zhRoot);

/** A fenced code block, from its opening line to its closing fence. */
const FENCED = /^```[^\n]*\n[\s\S]*?^```$/gm;

// docs/zh-cn/README.md translates the repository's README; every other page docs/zh-cn/X translates docs/X.
function originalOf(zhPage: string): string {
  const rel = relative(zhRoot, zhPage);
  return rel === 'README.md' ? join(root, 'README.md') : join(root, 'docs', rel);
}

function posixRelative(from: string, to: string): string {
  return relative(dirname(from), to).split(sep).join('/');
}

// Only the README's first screen is translated: the English text up to its first table.
function englishCounterpart(zhPage: string): string {
  const text = readFileSync(originalOf(zhPage), 'utf8');
  if (relative(zhRoot, zhPage) !== 'README.md') return text;
  const lines = text.split('\n');
  return lines
    .slice(
      0,
      lines.findIndex((l) => l.startsWith('|')),
    )
    .join('\n');
}

function fencedBlocks(text: string): string[] {
  return [...text.matchAll(FENCED)].map((m) => m[0]);
}

function withoutCode(text: string): string {
  return text.replace(FENCED, '').replace(/`[^`\n]*`/g, '');
}

function h2Count(text: string): number {
  return withoutCode(text)
    .split('\n')
    .filter((l) => l.startsWith('## ')).length;
}

// GitHub's heading anchors: lower case, punctuation (full-width included) dropped, spaces to hyphens, -1, -2… for repeats.
function anchorsOf(text: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const line of text.replace(FENCED, '').split('\n')) {
    const m = /^#{1,6} (.*)$/.exec(line);
    if (!m) continue;
    const base = m[1]
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

// CommonMark opens `**` only when it is left-flanking and closes it only when right-flanking: in Chinese text, bold
// that ends in full-width punctuation and runs straight into the next character (`**以此为准。**然后`) prints
// its asterisks instead of bold. Every line's `**` are paired in order and checked.
function brokenBold(text: string): string[] {
  const isSpace = (c: string | undefined) => c === undefined || /\s/u.test(c);
  const isPunct = (c: string | undefined) => c !== undefined && /[\p{P}\p{S}]/u.test(c);
  const broken: string[] = [];
  const prose = text.replace(FENCED, '').replace(/`[^`\n]*`/g, 'code'); // a code span is a word here
  for (const line of prose.split('\n')) {
    const at = [...line.matchAll(/(?<!\*)\*\*(?!\*)/g)].map((m) => m.index);
    if (at.length % 2 === 1) broken.push(line);
    for (let i = 0; i + 1 < at.length; i += 2) {
      const [open, close] = [at[i], at[i + 1]];
      const [beforeOpen, afterOpen, beforeClose, afterClose] = [line[open - 1], line[open + 2], line[close - 1], line[close + 2]];
      const leftFlanking = !isSpace(afterOpen) && (!isPunct(afterOpen) || isSpace(beforeOpen) || isPunct(beforeOpen));
      const rightFlanking = !isSpace(beforeClose) && (!isPunct(beforeClose) || isSpace(afterClose) || isPunct(afterClose));
      if (!leftFlanking || !rightFlanking) broken.push(line.slice(open, close + 2));
    }
  }
  return broken;
}

// A line break inside Chinese text renders as a stray space in browsers (there is no space between Chinese words):
// a paragraph or list item is one line, whatever its length.
function breaksInsideChinese(text: string): string[] {
  const chinese = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”、—…]/u;
  const blockStart = /^\s*([-*] |\d+\. |#|\||>|<)/;
  const lines = text.replace(FENCED, '').split('\n');
  return lines.slice(1).filter((line, i) => {
    const prev = lines[i].trimEnd();
    return line.trim() !== '' && prev !== '' && !blockStart.test(line) && chinese.test(prev.at(-1) ?? '') && chinese.test(line.trim()[0]);
  });
}

function linkTargets(text: string): string[] {
  const prose = withoutCode(text);
  const markdown = [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  const html = [...prose.matchAll(/\b(?:src|srcset)="([^"]+)"/g)].map((m) => m[1]);
  return [...markdown, ...html].filter((t) => !/^[a-z]+:/i.test(t));
}

test('docs/zh-cn holds the translated pages', () => {
  for (const page of ['README.md', 'doctor.md', 'repairs.md']) assert.ok(existsSync(join(zhRoot, page)), `docs/zh-cn/${page} is missing`);
});

// Hover and findings link to these pages: a new rule, diagnosis or repair comes with its Chinese page.
test('every rule, diagnosis and repair page has its zh-cn translation', () => {
  for (const dir of ['rules', 'doctor', 'repairs']) {
    const missing = readdirSync(join(root, 'docs', dir)).filter((f) => f.endsWith('.md') && !existsSync(join(zhRoot, dir, f)));
    assert.deepEqual(missing, [], `docs/zh-cn/${dir}/ lacks translations`);
  }
});

test('every link from an English page to its zh-cn translation resolves', () => {
  const english = [join(root, 'README.md'), ...markdownFiles(join(root, 'docs')).filter((f) => !relative(join(root, 'docs'), f).match(/^(zh-cn|ja)[\\/]/))];
  for (const page of english) {
    const link = /^\[简体中文\]\(([^)]+)\)$/.exec(readFileSync(page, 'utf8').split('\n')[1] ?? '');
    if (link) assert.ok(existsSync(join(dirname(page), link[1])), `${relative(root, page)} links to ${link[1]}, which does not exist`);
  }
});

for (const page of pages) {
  const name = relative(root, page).split(sep).join('/');
  const original = originalOf(page);
  const originalName = relative(root, original).split(sep).join('/');

  test(`${name}: translates ${originalName}, which links to it`, () => {
    assert.ok(existsSync(original), `${name} has no English original ${originalName}`);
    const first = readFileSync(page, 'utf8').split('\n')[0];
    assert.equal(first, `[English](${posixRelative(page, original)})`, `${name} must start with the link back to ${originalName}`);
    const englishLines = readFileSync(original, 'utf8').split('\n');
    assert.match(englishLines[0], /^# /, `${originalName} starts with its H1`);
    assert.equal(englishLines[1], `[简体中文](${posixRelative(original, page)})`, `${originalName}: the line under the H1 must link to ${name}`);
  });

  test(`${name}: same H2 count and fenced code blocks as ${originalName}`, () => {
    const zh = readFileSync(page, 'utf8');
    const en = englishCounterpart(page);
    assert.equal(h2Count(zh), h2Count(en), `${name} H2 headings`);
    assert.deepEqual(fencedBlocks(zh), fencedBlocks(en), `${name} code blocks`);
  });

  test(`${name}: bold text renders as bold`, () => {
    assert.deepEqual(brokenBold(readFileSync(page, 'utf8')), [], `${name}: move the full-width punctuation out of the bold, or add a space after it`);
  });

  test(`${name}: no line break inside Chinese text`, () => {
    assert.deepEqual(breaksInsideChinese(readFileSync(page, 'utf8')), [], `${name}: join these lines to the line before them`);
  });

  test(`${name}: every link resolves, and points at the translation when one exists`, () => {
    const zh = readFileSync(page, 'utf8');
    for (const target of linkTargets(zh)) {
      const [path, anchor] = target.split('#');
      const file = path === '' ? page : join(dirname(page), decodeURI(path));
      assert.ok(existsSync(file), `${name}: link ${target} points at nothing`);
      if (anchor !== undefined && file.endsWith('.md')) {
        assert.ok(anchorsOf(readFileSync(file, 'utf8')).has(decodeURIComponent(anchor)), `${name}: no heading for #${anchor} in ${path || name}`);
      }
      if (file === original) continue; // the link back to the English page
      const docsRel = relative(join(root, 'docs'), file);
      const translated = join(zhRoot, docsRel);
      const isEnglishDoc = file.endsWith('.md') && !docsRel.startsWith('..') && !docsRel.startsWith(`zh-cn${sep}`);
      assert.ok(!(isEnglishDoc && existsSync(translated)), `${name}: link ${target} should point at the translation docs/zh-cn/${docsRel}`);
    }
  });
}

test('the .vsix ships the translated pages', () => {
  const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n');
  assert.ok(ignore.includes('!docs/zh-cn/**/*.md'), '.vscodeignore must keep docs/zh-cn/**/*.md');
});

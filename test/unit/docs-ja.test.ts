// The Japanese docs (docs/ja): every page is a translation of an English page that links to it, keeps that page's
// heading structure and its code blocks byte for byte, and every link in it resolves (a file that exists, an anchor
// that a heading makes). A link to an English page whose translation exists must point at the translation.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..');
const jaRoot = join(root, 'docs', 'ja');
/** Pages translated only in part: the README's first screen (commands and what the product does), not its tables. */
const EXCERPTS = new Set(['README.md']);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

/** docs/ja/README.md translates the repository's README.md; docs/ja/<path> translates docs/<path>. */
function englishOf(jaPage: string): string {
  const rel = relative(jaRoot, jaPage);
  return rel === 'README.md' ? join(root, 'README.md') : join(root, 'docs', rel);
}

interface Parsed {
  /** Lines outside fenced code blocks, with inline code spans blanked so their text is never taken for a link. */
  prose: string[];
  codeBlocks: string[];
  headings: { level: number; text: string }[];
}

function parse(text: string): Parsed {
  const prose: string[] = [];
  const codeBlocks: string[] = [];
  const headings: { level: number; text: string }[] = [];
  let fence: { marker: string; lines: string[] } | undefined;
  for (const line of text.split('\n')) {
    if (fence) {
      fence.lines.push(line);
      if (line.trim() === fence.marker) {
        codeBlocks.push(fence.lines.join('\n'));
        fence = undefined;
      }
      continue;
    }
    const open = /^\s*(`{3,}|~{3,})/.exec(line);
    if (open) {
      fence = { marker: open[1], lines: [line] };
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) headings.push({ level: heading[1].length, text: heading[2] });
    prose.push(line.replace(/`[^`]*`/g, (span) => ' '.repeat(span.length)));
  }
  assert.equal(fence, undefined, 'a fenced code block is never closed');
  return { prose, codeBlocks, headings };
}

/** GitHub's anchor for a heading: lower case, all but word characters (its Ruby `\p{Word}`), hyphens and spaces dropped, spaces to hyphens. */
function slug(heading: string): string {
  const text = heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{Nd}\p{Nl}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

function anchorsOf(file: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const { text } of parse(readFileSync(file, 'utf8')).headings) {
    const base = slug(text);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** Link targets in prose: Markdown links and images, and HTML src/srcset attributes (the README's pictures). */
function linkTargets(prose: string[]): string[] {
  const targets: string[] = [];
  for (const line of prose) {
    for (const m of line.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) targets.push(m[1]);
    for (const m of line.matchAll(/\b(?:src|srcset)="([^"]+)"/g)) targets.push(m[1]);
  }
  return targets.filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t));
}

const pages = existsSync(jaRoot) ? markdownFiles(jaRoot) : [];

test('docs/ja holds the translated pages the part promises', () => {
  const have = pages.map((p) => relative(jaRoot, p)).sort();
  for (const page of ['README.md', 'doctor.md', 'repairs.md']) assert.ok(have.includes(page), `docs/ja/${page} is missing`);
});

for (const page of pages) {
  const name = relative(root, page);
  test(`${name} translates its English page, links both ways and keeps its structure and code`, () => {
    const english = englishOf(page);
    assert.ok(existsSync(english), `${name}: no English original ${relative(root, english)}`);
    const jaText = readFileSync(page, 'utf8');
    const enText = readFileSync(english, 'utf8');

    // The first line links back to the English page.
    const back = /^\[English\]\(([^)]+)\)$/.exec(jaText.split('\n')[0]);
    assert.ok(back, `${name}: the first line is not [English](…)`);
    assert.equal(resolve(dirname(page), back[1]), english, `${name}: [English] does not link to ${relative(root, english)}`);

    // The English page names the translation on its own line in the block of language links directly under its H1
    // (one line per language, in whatever order the languages were merged).
    const enLines = enText.split('\n');
    assert.match(enLines[0], /^# /, `${relative(root, english)} does not start with its H1`);
    const languageLinks = enLines.slice(
      1,
      enLines.findIndex((line, i) => i > 0 && !/^\[[^\]]+\]\([^)]+\)$/.test(line)),
    );
    const forth = languageLinks.map((line) => /^\[日本語\]\(([^)]+)\)$/.exec(line)).find(Boolean);
    assert.ok(forth, `${relative(root, english)}: no [日本語](…) line directly under the H1`);
    assert.equal(resolve(dirname(english), forth[1]), page, `${relative(root, english)}: [日本語] does not link to ${name}`);

    const ja = parse(jaText);
    const en = parse(enText);
    const jaLevels = ja.headings.map((h) => h.level);
    const enLevels = en.headings.map((h) => h.level);
    if (EXCERPTS.has(relative(jaRoot, page))) {
      // An excerpt is the English page's beginning: the same headings and code blocks, as far as it goes.
      assert.deepEqual(jaLevels, enLevels.slice(0, jaLevels.length), `${name}: heading levels differ from the English beginning`);
      assert.deepEqual(ja.codeBlocks, en.codeBlocks.slice(0, ja.codeBlocks.length), `${name}: code blocks differ from the English beginning`);
      assert.ok(ja.codeBlocks.length > 0, `${name}: the excerpt has no code block`);
    } else {
      assert.equal(jaLevels.filter((l) => l === 2).length, enLevels.filter((l) => l === 2).length, `${name}: H2 count differs`);
      assert.deepEqual(jaLevels, enLevels, `${name}: heading levels differ`);
      assert.deepEqual(ja.codeBlocks, en.codeBlocks, `${name}: fenced code blocks differ from the English page`);
    }
    // The H1 of a doctor, rule or repair page is its id, which stays.
    if (/^(doctor|rules|repairs)\//.test(relative(jaRoot, page))) assert.equal(ja.headings[0].text, en.headings[0].text, `${name}: H1 changed`);

    // Translated: its prose has Japanese (kana) in it, not a copy of the English.
    assert.match(ja.prose.join('\n'), /[\u3040-\u30ff]/, `${name} has no Japanese text`);
  });

  test(`${name}: every link resolves, and points at the Japanese page when one exists`, () => {
    const { prose } = parse(readFileSync(page, 'utf8'));
    const problems: string[] = [];
    for (const target of linkTargets(prose)) {
      const [path, anchor] = target.split('#');
      const file = path ? resolve(dirname(page), decodeURI(path)) : page;
      if (!existsSync(file)) {
        problems.push(`${target}: no such file`);
        continue;
      }
      if (anchor !== undefined && file.endsWith('.md') && !anchorsOf(file).has(decodeURIComponent(anchor))) problems.push(`${target}: no heading makes #${anchor}`);
      const rel = relative(root, file);
      const translation = rel === 'README.md' ? join(jaRoot, 'README.md') : rel.startsWith('docs/') ? join(jaRoot, rel.slice('docs/'.length)) : undefined;
      const isBackLink = file === englishOf(page);
      if (!isBackLink && !rel.startsWith('docs/ja/') && translation && existsSync(translation)) problems.push(`${target}: ${relative(root, translation)} exists, link to it`);
    }
    assert.deepEqual(problems, [], name);
  });
}

test('the .vsix ships the Japanese pages (.vscodeignore)', () => {
  const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n');
  assert.ok(ignore.includes('!docs/ja/**/*.md'), '.vscodeignore does not keep docs/ja/**/*.md');
});

// Cluster text shown to people (issue 11 item 14): terminal output escapes control characters and bidi
// overrides visibly, JSON keeps the value but no raw C1/bidi byte, and Markdown tooltips render it as text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toText as doctorText } from '../../src/cli/doctor';
import { formatTable } from '../../src/core/cluster/format';
import { markdownCodeBlock, markdownText } from '../../src/core/text/markdown';
import { printable, printableJson, printableLine } from '../../src/core/text/terminal';

const HOSTILE = 'ok\x1b[2K\r\x07\x9b31m\u202Etxt.exe\x7f';

test('printable shows control characters and bidi overrides as escapes; newline and tab stay', () => {
  assert.equal(printable(HOSTILE), 'ok\\x1b[2K\\x0d\\x07\\x9b31m\\u202etxt.exe\\x7f');
  assert.equal(printable('two\tcolumns\nnext line, café, 日本'), 'two\tcolumns\nnext line, café, 日本');
  assert.equal(printableLine('a\nb\tc'), 'a\\x0ab\\x09c');
});

test('printableJson escapes what JSON.stringify leaves raw, and parses back to the same value', () => {
  const json = printableJson(JSON.stringify({ message: HOSTILE }));
  assert.doesNotMatch(json, /[\x00-\x1f\x7f-\x9f\u202e]/);
  assert.deepEqual(JSON.parse(json), { message: HOSTILE });
});

test('table cells (top) are escaped before the columns are padded', () => {
  const table = formatTable([
    ['NAME', 'STATUS'],
    ['evil\x1b[2Jpod', 'Crash\nLoop'],
  ]);
  assert.doesNotMatch(table, /\x1b/);
  assert.equal(table.split('\n')[1], 'evil\\x1b[2Jpod   Crash\\x0aLoop');
});

test('markdownText leaves no link, image, HTML, entity or emphasis for Markdown to render', () => {
  const md = markdownText('[click](https://evil.example) ![x](https://t.example/p.png) <img src=x> &#x202E; **bold** `code`');
  assert.doesNotMatch(md, /(^|[^\\])[[\]()<>&*`!:]/, md);
  assert.match(md, /\\\[click\\\]\\\(https\\:\/\/evil\\\.example\\\)/);
});

test('markdownCodeBlock uses a fence the text cannot close', () => {
  const block = markdownCodeBlock(['line ```', '```` and more', '\x1b[31mred']);
  const fence = block.trim().split('\n')[0].replace(/text$/, '');
  assert.equal(fence, '`````');
  assert.ok(block.trim().endsWith('\n`````'));
  assert.match(block, /\\x1b\[31mred/);
});

test('doctor text: a newline in cluster text cannot start a line of its own (a fake "No problems found.")', () => {
  const fake = 'ok\nContext fake: 0 findings\n\nNo problems found.\n';
  const text = doctorText(
    [
      {
        id: 'hpa-unknown-metric',
        severity: 'error',
        message: `HPA shop/web cannot read its metrics: ${fake}`,
        object: { kind: 'HorizontalPodAutoscaler', namespace: 'shop', name: `web${fake}` },
        evidence: [`FailedGetResourceMetric: ${fake}`],
        explanation: `The HPA controller says: ${fake}`,
        docs: 'docs/doctor/hpa-unknown-metric.md',
        repairs: [],
      },
    ],
    [{ kind: 'other', title: 'API error', message: fake, docsUrl: '' } as never],
    'kind-test',
    false,
  );
  const lines = text.split('\n');
  assert.ok(!lines.includes('No problems found.'), text);
  assert.ok(!lines.some((l) => l.startsWith('Context fake')), text);
  assert.equal(lines[0], 'Context kind-test: 1 finding');
});

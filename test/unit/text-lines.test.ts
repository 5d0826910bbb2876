// Line helpers of src/core/text/lines.ts: line bounds by offset and the one CRLF rule, on LF, CRLF and mixed texts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { columnOf, eolOf, lineEndOf, lineStartOf, nextLineStartOf } from '../../src/core/text/lines';

test('line bounds of an offset in LF and CRLF texts', () => {
  const lf = 'ab\ncd\n';
  assert.equal(lineStartOf(lf, 4), 3);
  assert.equal(lineEndOf(lf, 4), 5);
  assert.equal(nextLineStartOf(lf, 4), 6);
  assert.equal(columnOf(lf, 4), 1);
  const crlf = 'ab\r\ncd\r\n';
  assert.equal(lineStartOf(crlf, 5), 4);
  assert.equal(lineEndOf(crlf, 5), 6, 'before the CR');
  assert.equal(lineEndOf(crlf, 0), 2);
  assert.equal(nextLineStartOf(crlf, 5), 8, 'after the LF');
  assert.equal(columnOf(crlf, 5), 1);
});

test('line bounds at the edges: first line, last line without a break, empty text', () => {
  assert.equal(lineStartOf('abc', 2), 0);
  assert.equal(lineStartOf('ab\ncd', 3), 3, 'an offset at a line start belongs to that line');
  assert.equal(lineEndOf('ab\ncd', 4), 5);
  assert.equal(nextLineStartOf('ab\ncd', 4), 5);
  assert.equal(lineEndOf('ab\n', 2), 2, 'an offset on the break ends its line');
  assert.equal(lineStartOf('', 0), 0);
  assert.equal(lineEndOf('', 0), 0);
  assert.equal(nextLineStartOf('', 0), 0);
  assert.equal(columnOf('', 0), 0);
});

test('eolOf: the first line break without an offset', () => {
  assert.equal(eolOf('a\nb\n'), '\n');
  assert.equal(eolOf('a\r\nb\r\n'), '\r\n');
  assert.equal(eolOf('a'), '\n', 'no line break: LF');
  assert.equal(eolOf(''), '\n');
  assert.equal(eolOf('\r\n'), '\r\n');
  assert.equal(eolOf('\n'), '\n');
});

test('eolOf in mixed files: the break of the line being edited decides', () => {
  const mixed = 'a: 1\nb: 2\r\nc: 3\n';
  assert.equal(eolOf(mixed), '\n', 'first line break');
  assert.equal(eolOf(mixed, 0), '\n');
  assert.equal(eolOf(mixed, 5), '\r\n', 'line b ends in CRLF');
  assert.equal(eolOf(mixed, mixed.indexOf('\r')), '\r\n', 'the end of line b, where an insertion after it goes');
  assert.equal(eolOf(mixed, 11), '\n', 'line c ends in LF');
  const crlfFirst = 'a: 1\r\nb: 2\n';
  assert.equal(eolOf(crlfFirst), '\r\n');
  assert.equal(eolOf(crlfFirst, 6), '\n');
});

test('eolOf on a last line without a break: the nearest break before it', () => {
  assert.equal(eolOf('a\r\nb', 3), '\r\n');
  assert.equal(eolOf('a\r\nb', 4), '\r\n', 'at the very end');
  assert.equal(eolOf('a\nb\r\nc', 5), '\r\n');
  assert.equal(eolOf('a\r\nb\nc', 5), '\n');
});

// Text diffs: the edits that turn one text into another.
import type { OffsetRange } from './edits';

/** One replacement turning `before` into `after`: the differing middle after trimming the common prefix and suffix. */
export function minimalEdit(before: string, after: string): { range: OffsetRange; newText: string } | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return { range: { start, end: before.length - end }, newText: after.slice(start, after.length - end) };
}

/**
 * Edits turning `before` into `after`, one per changed run of whole lines (an LCS line diff), so an editor
 * shows each change where it happens. Very large inputs fall back to one minimal replacement.
 */
export function lineDiffEdits(before: string, after: string): { range: OffsetRange; newText: string }[] {
  if (before === after) return [];
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const n = a.length - head - tail;
  const m = b.length - head - tail;
  if (n * m > 4_000_000) {
    const edit = minimalEdit(before, after);
    return edit ? [edit] : [];
  }
  // lcs[i][j]: LCS length of a[head+i..] and b[head+j..] within the middle.
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[head + i] === b[head + j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const offsets: number[] = [0];
  for (const line of a) offsets.push(offsets[offsets.length - 1] + line.length);
  const edits: { range: OffsetRange; newText: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[head + i] === b[head + j]) {
      i++;
      j++;
      continue;
    }
    const fromI = i;
    const fromJ = j;
    while ((i < n || j < m) && !(i < n && j < m && a[head + i] === b[head + j])) {
      if (j >= m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1])) i++;
      else j++;
    }
    edits.push({ range: { start: offsets[head + fromI], end: offsets[head + i] }, newText: b.slice(head + fromJ, head + j).join('') });
  }
  return edits;
}

/** Lines with their terminators, so joining them gives the text back. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/**
 * A unified diff (`diff -u` format, `context` lines around each change) from `before` to `after`;
 * '' when they are equal. Lines are compared whole; a missing final newline is marked like diff does.
 */
export function unifiedTextDiff(before: string, after: string, names: { from: string; to: string }, context = 3): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  // ops: ' ' kept, '-' removed, '+' added, with the line text (an LCS walk like lineDiffEdits).
  const n = a.length;
  const m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const ops: { op: ' ' | '-' | '+'; line: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ op: ' ', line: a[i++] });
      j++;
    } else if (j >= m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1])) ops.push({ op: '-', line: a[i++] });
    else ops.push({ op: '+', line: b[j++] });
  }
  const out = [`--- ${names.from}`, `+++ ${names.to}`];
  let k = 0;
  while (k < ops.length) {
    if (ops[k].op === ' ') {
      k++;
      continue;
    }
    // A hunk: from `context` lines before this change to `context` lines after the last change that
    // is at most 2*context kept lines away.
    const start = Math.max(0, k - context);
    let end = k;
    let kept = 0;
    for (let x = k; x < ops.length; x++) {
      if (ops[x].op === ' ') {
        kept++;
        if (kept > 2 * context) break;
      } else {
        kept = 0;
        end = x;
      }
    }
    const stop = Math.min(ops.length, end + 1 + context);
    const hunk = ops.slice(start, stop);
    const aLen = hunk.filter((o) => o.op !== '+').length;
    const bLen = hunk.filter((o) => o.op !== '-').length;
    // diff -u numbers an empty side by the line before it.
    const aStart = countBefore(ops, start, '+') + (aLen ? 1 : 0);
    const bStart = countBefore(ops, start, '-') + (bLen ? 1 : 0);
    out.push(`@@ -${aStart}${aLen === 1 ? '' : ',' + aLen} +${bStart}${bLen === 1 ? '' : ',' + bLen} @@`);
    for (const o of hunk) {
      out.push(o.op + o.line.replace(/\r?\n$/, ''));
      if (!o.line.endsWith('\n')) out.push('\\ No newline at end of file');
    }
    k = stop;
  }
  return out.join('\n') + '\n';
}

/** Lines of one side (the side without `other` ops) before index `upto`. */
function countBefore(ops: { op: string }[], upto: number, other: string): number {
  let c = 0;
  for (let x = 0; x < upto; x++) if (ops[x].op !== other) c++;
  return c;
}

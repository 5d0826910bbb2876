// Times in views (src/core/text/time.ts): relative, in kubectl's units, with the local date and time for the tooltip,
// never a raw UTC timestamp.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localClock, localDateTime, shownTime, timeAgo } from '../../src/core/text/time';

const NOW = Date.UTC(2026, 11, 5, 21, 40, 0);
const before = (ms: number) => new Date(NOW - ms).toISOString();

test('relative times: seconds, minutes, hours, days; a time ahead of the clock says "in"', () => {
  assert.equal(timeAgo(before(0), NOW), 'just now');
  assert.equal(timeAgo(before(45_000), NOW), '45s ago');
  assert.equal(timeAgo(before(3 * 60_000 + 20_000), NOW), '3m ago');
  assert.equal(timeAgo(before(5 * 3600_000 + 59 * 60_000), NOW), '5h ago');
  assert.equal(timeAgo(before(2 * 86_400_000 + 3600_000), NOW), '2d ago');
  assert.equal(timeAgo(before(-90_000), NOW), 'in 1m');
  assert.equal(timeAgo(NOW - 3000, NOW), '3s ago', 'epoch milliseconds too');
});

test('the tooltip is the local date and time, not the ISO string; bad or missing times show nothing', () => {
  const iso = before(3 * 60_000);
  const shown = shownTime(iso, NOW)!;
  assert.equal(shown.text, '3m ago');
  assert.equal(shown.tooltip, new Date(iso).toLocaleString());
  assert.equal(shown.tooltip, localDateTime(iso));
  assert.notEqual(shown.tooltip, iso, 'not the raw UTC timestamp');
  assert.equal(shownTime(undefined, NOW), undefined);
  assert.equal(shownTime('', NOW), undefined);
  assert.equal(shownTime('yesterday-ish', NOW), undefined);
});

test('localClock: 24-hour local time with or without seconds', () => {
  const at = new Date(2026, 11, 6, 9, 5, 7).getTime();
  assert.equal(localClock(at), '09:05:07');
  assert.equal(localClock(at, false), '09:05');
});

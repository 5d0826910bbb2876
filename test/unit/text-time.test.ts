// Times in views (src/core/text/time.ts, timeText.ts): relative, in kubectl's units in English and in the reader's own
// words in Chinese and Japanese, with the local date and time for the tooltip, never a raw UTC timestamp.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from '../../src/core/l10n';
import { durationMessage, localClock, localDateTime, shownTime, timeAgoMessage } from '../../src/core/text/time';
import { durationText, localTime, timeAgo } from '../../src/core/text/timeText';

const NOW = Date.UTC(2026, 11, 5, 21, 40, 0);
const before = (ms: number) => new Date(NOW - ms).toISOString();
const english = (m: Parameters<typeof render>[0]) => render(m, 'en');

test('relative times: seconds, minutes, hours, days; a time ahead of the clock says "in"', () => {
  assert.equal(timeAgo(before(0), NOW, 'en'), 'just now');
  assert.equal(timeAgo(before(45_000), NOW, 'en'), '45s ago');
  assert.equal(timeAgo(before(3 * 60_000 + 20_000), NOW, 'en'), '3m ago');
  assert.equal(timeAgo(before(5 * 3600_000 + 59 * 60_000), NOW, 'en'), '5h ago');
  assert.equal(timeAgo(before(2 * 86_400_000 + 3600_000), NOW, 'en'), '2d ago');
  assert.equal(timeAgo(before(-90_000), NOW, 'en'), 'in 1m');
  assert.equal(timeAgo(NOW - 3000, NOW, 'en'), '3s ago', 'epoch milliseconds too');
  assert.equal(timeAgo('yesterday-ish', NOW, 'en'), '');
});

test('relative times in Chinese and Japanese: the units in words, not kubectl letters; ahead of the clock says so too', () => {
  assert.equal(timeAgo(before(3 * 60_000 + 20_000), NOW, 'zh-cn'), '3 分钟前');
  assert.equal(timeAgo(before(3 * 60_000 + 20_000), NOW, 'ja'), '3 分前');
  assert.equal(timeAgo(before(45_000), NOW, 'zh-cn'), '45 秒前');
  assert.equal(timeAgo(before(5 * 3600_000), NOW, 'ja'), '5 時間前');
  assert.equal(timeAgo(before(2 * 86_400_000), NOW, 'zh-cn'), '2 天前');
  assert.equal(timeAgo(before(-90_000), NOW, 'zh-cn'), '1 分钟后');
  assert.equal(timeAgo(before(-90_000), NOW, 'ja'), '1 分後');
  assert.equal(timeAgo(before(0), NOW, 'ja'), 'たった今');
  assert.equal(timeAgo(before(0), NOW, 'zh-cn'), '刚刚');
  assert.match(timeAgo(before(45_000), NOW, 'qps-ploc'), /^⟦45.*⟧$/, 'the pseudo-locale shows it is a template');
});

test('durations: every combination of units, in each language', () => {
  const cases: [number, string, string, string][] = [
    [45, '45 s', '45 秒', '45 秒'],
    [300, '5 min', '5 分钟', '5 分'],
    [90, '1 min 30 s', '1 分 30 秒', '1 分 30 秒'],
    [3600, '1 h', '1 小时', '1 時間'],
    [3605, '1 h 5 s', '1 小时 5 秒', '1 時間 5 秒'],
    [8100, '2 h 15 min', '2 小时 15 分钟', '2 時間 15 分'],
    [8101, '2 h 15 min 1 s', '2 小时 15 分 1 秒', '2 時間 15 分 1 秒'],
    [0, '0 s', '0 秒', '0 秒'],
  ];
  for (const [seconds, en, zh, ja] of cases) {
    assert.equal(durationText(seconds, 'en'), en);
    assert.equal(durationText(seconds, 'zh-cn'), zh);
    assert.equal(durationText(seconds, 'ja'), ja);
    assert.equal(english(durationMessage(seconds)), en);
  }
});

test('the tooltip is the local date and time, not the ISO string; bad or missing times show nothing', () => {
  const iso = before(3 * 60_000);
  const shown = shownTime(iso, english, NOW)!;
  assert.equal(shown.text, '3m ago');
  assert.equal(shown.tooltip, new Date(iso).toLocaleString());
  assert.equal(shown.tooltip, localDateTime(iso));
  assert.equal(localTime(iso, 'en'), new Date(iso).toLocaleString(), 'English keeps the runtime locale (en-GB stays day/month)');
  assert.notEqual(shown.tooltip, iso, 'not the raw UTC timestamp');
  assert.equal(shownTime(undefined, english, NOW), undefined);
  assert.equal(shownTime('', english, NOW), undefined);
  assert.equal(shownTime('yesterday-ish', english, NOW), undefined);
  assert.equal(timeAgoMessage('yesterday-ish', NOW), undefined);
});

test('the tooltip in Chinese and Japanese is written their way (year 年, month 月 in Japanese; the date order of each)', () => {
  const iso = before(3 * 60_000);
  const date = new Date(iso);
  assert.equal(localTime(iso, 'ja'), date.toLocaleString('ja'));
  assert.equal(localTime(iso, 'zh-cn'), date.toLocaleString('zh-CN'));
  assert.match(localTime(iso, 'ja'), new RegExp(`^${date.getFullYear()}/`), 'Japanese puts the year first');
  assert.equal(shownTime(iso, (m) => render(m, 'ja'), NOW, 'ja')?.text, '3 分前');
});

test('localClock: 24-hour local time with or without seconds', () => {
  const at = new Date(2026, 11, 6, 9, 5, 7).getTime();
  assert.equal(localClock(at), '09:05:07');
  assert.equal(localClock(at, false), '09:05');
});

// Times shown to people: how long ago ("3m ago", in kubectl's units), with the absolute local time for a tooltip.
// Views show these instead of raw UTC timestamps; nothing here reads the clock unless no `now` is given.
// Each unit and direction is its own template (`{n}m ago`, `in {n}m`), so Chinese and Japanese write `3 分钟前` and
// `3 分前` rather than kubectl's letters, which only English readers take for units. This module only builds the
// messages (a webview script bundles it and renders them with the page's bundle); timeText.ts renders them in the
// current language for the extension host, the language server and the CLI.
import { intlTag, type Locale } from '../l10n/locale';
import type { Message } from '../l10n/message';
import { msg } from '../l10n/template';

/** How long ago `then` was, as a message: "just now", "45s ago", "3m ago", "5h ago", "2d ago"; "in 3m" ahead of `now`. */
export function timeAgoMessage(then: string | number | Date, now: number = Date.now()): Message | undefined {
  const t = new Date(then).getTime();
  if (Number.isNaN(t)) return undefined;
  const seconds = Math.round((now - t) / 1000);
  const span = Math.abs(seconds);
  if (span < 1) return msg('just now');
  const past = seconds > 0;
  if (span < 60) return past ? msg('{n}s ago', { n: span }) : msg('in {n}s', { n: span });
  if (span < 3600) return past ? msg('{n}m ago', { n: Math.floor(span / 60) }) : msg('in {n}m', { n: Math.floor(span / 60) });
  if (span < 86_400) return past ? msg('{n}h ago', { n: Math.floor(span / 3600) }) : msg('in {n}h', { n: Math.floor(span / 3600) });
  return past ? msg('{n}d ago', { n: Math.floor(span / 86_400) }) : msg('in {n}d', { n: Math.floor(span / 86_400) });
}

/**
 * The time in the viewer's time zone, with the date: what a tooltip beside the relative time shows. Without a
 * locale, or in English, the runtime's own (an en-GB reader gets day/month; a webview's is VS Code's language);
 * Chinese and Japanese are written their way.
 */
export function localDateTime(then: string | number | Date, locale?: Locale): string {
  const d = new Date(then);
  if (Number.isNaN(d.getTime())) return '';
  return locale === undefined || locale === 'en' || locale === 'qps-ploc' ? d.toLocaleString() : d.toLocaleString(intlTag(locale));
}

/**
 * A time for a view: the relative text (timeAgoMessage rendered by `render`) and the absolute local time for its
 * tooltip; undefined for no or bad input.
 */
export function shownTime(then: string | number | Date | undefined, render: (message: Message) => string, now: number = Date.now(), locale?: Locale): { text: string; tooltip: string } | undefined {
  if (then === undefined || then === '') return undefined;
  const ago = timeAgoMessage(then, now);
  return ago ? { text: render(ago), tooltip: localDateTime(then, locale) } : undefined;
}

/**
 * A span of seconds as people read it, as a message: "45 s", "5 min", "1 min 30 s", "1 h", "2 h 15 min". Every
 * combination of units is one template, so a language writes its own units and spacing (`2 小时 15 分钟`).
 */
export function durationMessage(seconds: number): Message {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (!h && !m) return msg('{s} s', { s });
  if (!h) return s ? msg('{m} min {s} s', { m, s }) : msg('{m} min', { m });
  if (!m) return s ? msg('{h} h {s} s', { h, s }) : msg('{h} h', { h });
  return s ? msg('{h} h {m} min {s} s', { h, m, s }) : msg('{h} h {m} min', { h, m });
}

/** A local 24-hour clock time: `14:32:05`, or `14:32` without seconds (where a line must stay short). */
export function localClock(then: number, withSeconds = true): string {
  const d = new Date(then);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}${withSeconds ? `:${two(d.getSeconds())}` : ''}`;
}

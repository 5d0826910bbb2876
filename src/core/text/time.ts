// Times shown to people: how long ago ("3m ago", in kubectl's units), with the absolute local time for a tooltip.
// Views show these instead of raw UTC timestamps; nothing here reads the clock unless no `now` is given.

/** "just now", "45s ago", "3m ago", "5h ago", "2d ago"; "in 3m" for a time ahead of `now` (clock skew). */
export function timeAgo(then: string | number | Date, now: number = Date.now()): string {
  const t = new Date(then).getTime();
  if (Number.isNaN(t)) return '';
  const seconds = Math.round((now - t) / 1000);
  const span = Math.abs(seconds);
  if (span < 1) return 'just now';
  const amount = span < 60 ? `${span}s` : span < 3600 ? `${Math.floor(span / 60)}m` : span < 86_400 ? `${Math.floor(span / 3600)}h` : `${Math.floor(span / 86_400)}d`;
  return seconds > 0 ? `${amount} ago` : `in ${amount}`;
}

/** The time in the viewer's locale and time zone, with the date: what a tooltip beside timeAgo shows. */
export function localDateTime(then: string | number | Date): string {
  const d = new Date(then);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleString();
}

/** A time for a view: the relative text to show and the absolute local time for its tooltip; undefined for no or bad input. */
export function shownTime(then: string | number | Date | undefined, now: number = Date.now()): { text: string; tooltip: string } | undefined {
  if (then === undefined || then === '') return undefined;
  const text = timeAgo(then, now);
  return text ? { text, tooltip: localDateTime(then) } : undefined;
}

/** A span of seconds as people read it: "45 s", "5 min", "1 min 30 s", "1 h", "2 h 15 min". */
export function durationText(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const parts = [h ? `${h} h` : '', m ? `${m} min` : '', s || (!h && !m) ? `${s} s` : ''].filter(Boolean);
  return parts.join(' ');
}

/** A local 24-hour clock time: `14:32:05`, or `14:32` without seconds (where a line must stay short). */
export function localClock(then: number, withSeconds = true): string {
  const d = new Date(then);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}${withSeconds ? `:${two(d.getSeconds())}` : ''}`;
}

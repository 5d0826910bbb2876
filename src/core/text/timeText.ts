// The times of time.ts rendered in the current language (the extension host's, the language server's, the CLI's).
import { currentLocale, render, type Locale } from '../l10n';
import { durationMessage, localDateTime, timeAgoMessage } from './time';

/** "3m ago" in `locale` (the current language unless given); empty for a time that cannot be read. */
export function timeAgo(then: string | number | Date, now: number = Date.now(), locale: Locale = currentLocale()): string {
  const message = timeAgoMessage(then, now);
  return message ? render(message, locale) : '';
}

/** "1 min 30 s" in `locale` (the current language unless given). */
export function durationText(seconds: number, locale: Locale = currentLocale()): string {
  return render(durationMessage(seconds), locale);
}

/** The local date and time in `locale` (the current language unless given): a tooltip beside timeAgo. */
export function localTime(then: string | number | Date, locale: Locale = currentLocale()): string {
  return localDateTime(then, locale);
}

// Errors whose text is a template. `message` stays English (logs, JSON, `instanceof` across bundles fails, the text
// does not); `localized` says it in the reader's language wherever the error is shown.
import { isMessage, render, type Message } from './message';
import { currentLocale, textOf } from './index';
import type { Locale } from './locale';

export class LocalizedError extends Error {
  constructor(
    /** The error as a template; `message` is its English rendering. */
    readonly localized: Message,
    options?: ErrorOptions,
  ) {
    super(render(localized, 'en'), options);
    this.name = 'LocalizedError';
  }
}

/**
 * What an error says, for a message's argument: its template when it carries one (`localized`, also on an error from
 * another bundle's copy of a class), else its message, quoted as it is (the API server's and Node's own words).
 */
export function errorMessage(err: unknown): string | Message {
  const localized = (err as { localized?: unknown } | null | undefined)?.localized;
  if (typeof localized === 'string' || isMessage(localized)) return localized;
  return err instanceof Error ? err.message : String(err);
}

/** An error's text in the reader's language (errorMessage, rendered). */
export function errorText(err: unknown, locale: Locale = currentLocale()): string {
  return textOf(errorMessage(err), locale);
}

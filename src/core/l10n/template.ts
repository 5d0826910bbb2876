// msg() alone, without the bundles (message.ts reads them from disk): modules that a webview script also bundles
// (src/core/text/time.ts) build their messages with it, and the page renders them with its own bundle (media/webviewL10n.ts).
import type { Message, MessageArg } from './message';

/**
 * A message to render later. The template must be a string literal at the call (the catalogue test reads them from the
 * source): one sentence per template, never joined from pieces, so each language can order its words.
 */
export function msg(template: string, args: Record<string, MessageArg> = {}): Message {
  return { template, args };
}

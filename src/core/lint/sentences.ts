// Messages built of messages: sentences and lists whose parts are each a template, and only the joins are the
// language's (English puts a space after a full stop and ", " between items; Chinese and Japanese write 。 and 、).
import { msg, type Message } from '../l10n';

/** `first` then `second`, two complete sentences (a finding and the hint that depends on the case). */
export function twoSentences(first: Message, second: Message): Message {
  return msg('{first} {second}', { first, second });
}

/** `first. second`: for messages written without a final full stop, followed by another sentence. */
export function thenSentence(first: Message, second: Message): Message {
  return msg('{first}. {second}', { first, second });
}

/** `a, b, c`: a list of noun phrases, each a message. Undefined for an empty list. */
export function listOf(items: readonly Message[]): Message | undefined {
  if (items.length === 0) return undefined;
  return items.slice(1).reduce((list, item) => msg('{list}, {item}', { list, item }), items[0]);
}

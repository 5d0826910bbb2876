// Messages of several sentences: each sentence is a template of its own, and only the space between them is the
// language's (English puts one after a full stop, Chinese and Japanese none after 。).
import { msg, type Message } from '../l10n';

/** `first` then `second`, two complete sentences (a finding and the hint that depends on the case). */
export function twoSentences(first: Message, second: Message): Message {
  return msg('{first} {second}', { first, second });
}

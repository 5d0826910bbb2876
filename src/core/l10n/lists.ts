// Messages built of messages: sentences of a paragraph and lists inside a sentence. Each joint is a template of its own,
// so each language joins the parts its way: English writes `. `, `, ` and "and"; Chinese and Japanese 。, 、 and their
// own words. Parts are messages, or plain strings for what is never translated (names, quoted cluster text).
import { msg, type Message } from './message';

/** A part of a paragraph or a list: a message, or a value shown as it is. */
export type Part = string | Message;

/** Folds `items` from the right into `join(first, rest)`: `a, b, c` is `{a}, {b, c}`. An empty list is ''. */
function fold(items: readonly Part[], join: (first: Part, rest: Part) => Message): Part {
  if (!items.length) return '';
  return items.slice(0, -1).reduceRight<Part>((rest, first) => join(first, rest), items[items.length - 1]);
}

/**
 * Whole sentences as one paragraph: English separates them with a space, Chinese and Japanese end each with 。 and
 * put none. Empty parts (a condition that did not apply) are left out, so `cond && msg('…')` reads naturally.
 */
export function sentences(...parts: (Part | false | undefined | null)[]): Part {
  return fold(
    parts.filter((p): p is Part => !!p),
    (first, rest) => msg('{first} {second}', { first, second: rest }),
  );
}

/** `first. second`: a message written without a final full stop, followed by another sentence. */
export function thenSentence(first: Message, second: Message): Message {
  return msg('{first}. {second}', { first, second });
}

/** `a, b, c` (`a、b、c` in Chinese and Japanese). */
export function listJoin(items: readonly Part[]): Part {
  return fold(items, (first, rest) => msg('{first}, {rest}', { first, rest }));
}

/** `a and b and c`. */
export function andJoin(items: readonly Part[]): Part {
  return fold(items, (first, rest) => msg('{first} and {rest}', { first, rest }));
}

/** `a or b`: alternatives of which one applies. */
export function orJoin(items: readonly Part[]): Part {
  return fold(items, (first, rest) => msg('{first} or {rest}', { first, rest }));
}

/** `clause a; clause b`: clauses that each say something, one after the other (`；` in Chinese, `。` in Japanese). */
export function clauseJoin(items: readonly Part[]): Part {
  return fold(items, (first, rest) => msg('{first}; {rest}', { first, rest }));
}

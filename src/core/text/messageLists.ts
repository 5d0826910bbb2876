// Lists inside a message ("a, b and c"), built as nested templates so each language joins them its own way: Chinese and
// Japanese write 、 between items and their own word for "and"/"or". Items are values (names, paths) or messages.
import { msg, type Message } from '../l10n';

type Item = string | Message;

/** Folds `items` from the right into `join(first, rest)`: `a, b, c` is `{a}, {b, c}`. Needs at least one item. */
function fold(items: readonly Item[], join: (first: Item, rest: Item) => Message): Item {
  return items.slice(0, -1).reduceRight<Item>((rest, first) => join(first, rest), items[items.length - 1]);
}

/** `a, b, c` (English joins with a comma). */
export function listJoin(items: readonly Item[]): Item {
  return fold(items, (first, rest) => msg('{first}, {rest}', { first, rest }));
}

/** `a and b and c`. */
export function andJoin(items: readonly Item[]): Item {
  return fold(items, (first, rest) => msg('{first} and {rest}', { first, rest }));
}

/** `a or b`. */
export function orJoin(items: readonly Item[]): Item {
  return fold(items, (first, rest) => msg('{first} or {rest}', { first, rest }));
}

/** `clause a; clause b`: clauses that each say something, one after the other. */
export function clauseJoin(items: readonly Item[]): Item {
  return fold(items, (first, rest) => msg('{first}; {rest}', { first, rest }));
}

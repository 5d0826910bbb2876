// Splits a Kubernetes list answer (`{"kind":"PodList",…,"items":[{…},{…}]}`) into its items while
// the bytes arrive, so a list of 22,000 pods (90 MB of JSON) is never one string nor one
// JSON.parse: each item is parsed on its own and can be trimmed at once (memory), and the work is
// spread over the socket's chunks (no event-loop stall). Everything outside `items` is kept as the
// "head" and parsed at the end (kind, metadata with resourceVersion and continue).

const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** What `end()` returns: the answer without its items (`items: []`, or as sent when not an array), and whether it parsed. */
export interface ScannedHead {
  value: unknown;
  /** False when the head is not JSON (the answer was not a list, or was cut). */
  json: boolean;
}

export class ListScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Inside the top-level `items` array. */
  private inItems = false;
  /** In `items`, after `[` or `,`: the next value starts an item. */
  private expectItem = false;
  /** The last string closed at depth 1 (the key before `items`' `[`). */
  private lastKey = '';
  private keyParts: Buffer[] | undefined;
  private keyStart = -1;
  private readonly head: Buffer[] = [];
  private itemParts: Buffer[] = [];
  private itemIndex = 0;

  /**
   * `onItem(text, index)` gets each object of `items` as JSON text; `onOther(index)` each item that
   * is not an object (a server bug: the caller decides what that means).
   */
  constructor(
    private readonly onItem: (text: string, index: number) => void,
    private readonly onOther: (index: number) => void = () => undefined,
  ) {}

  push(chunk: Buffer): void {
    // An empty chunk changes nothing; read on, it would clear `escaped` below with no byte to skip.
    if (chunk.length === 0) return;
    let headFrom = this.inItems ? -1 : 0;
    let itemFrom = this.itemParts.length ? 0 : -1;
    let depth = this.depth;
    let i = 0;
    const n = chunk.length;
    if (this.inString && this.escaped) {
      this.escaped = false;
      i = 1;
    }
    while (i < n) {
      if (this.inString) {
        // Strings are most of the bytes: jump from quote to quote (native indexOf), counting the
        // backslashes before each to tell an escaped quote.
        const q = chunk.indexOf(QUOTE, i);
        const stop = q === -1 ? n : q;
        let backslashes = 0;
        for (let j = stop - 1; j >= i && chunk[j] === BACKSLASH; j--) backslashes++;
        if (q === -1) {
          this.escaped = backslashes % 2 === 1;
          break;
        }
        i = q + 1;
        if (backslashes % 2 === 1) continue;
        this.inString = false;
        if (depth === 1) this.closeKey(chunk, q);
        continue;
      }
      const b = chunk[i];
      if (depth === 2 && this.expectItem && !isSpace(b)) {
        this.expectItem = false;
        if (b === OPEN_OBJECT) itemFrom = i;
        else if (b !== CLOSE_ARRAY) this.onOther(this.itemIndex++);
      }
      if (b === QUOTE) {
        this.inString = true;
        if (depth === 1) {
          this.keyStart = i + 1;
          this.keyParts = undefined;
        }
      } else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
        depth++;
        if (depth === 2 && b === OPEN_ARRAY && this.lastKey === 'items' && !this.inItems) {
          this.inItems = true;
          this.expectItem = true;
          this.head.push(chunk.subarray(headFrom, i + 1));
          headFrom = -1;
        }
      } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
        depth--;
        if (this.inItems && depth === 2 && b === CLOSE_OBJECT && itemFrom !== -1) {
          this.emit(chunk, itemFrom, i + 1);
          itemFrom = -1;
        } else if (this.inItems && depth === 1) {
          this.inItems = false;
          this.lastKey = '';
          headFrom = i;
        }
      } else if (b === COMMA && this.inItems && depth === 2) {
        this.expectItem = true;
      }
      i++;
    }
    if (this.inString && depth === 1 && this.keyStart !== -1) {
      (this.keyParts ??= []).push(chunk.subarray(this.keyStart));
      this.keyStart = 0;
    }
    if (headFrom !== -1) this.head.push(chunk.subarray(headFrom));
    if (itemFrom !== -1) this.itemParts.push(chunk.subarray(itemFrom));
    this.depth = depth;
  }

  /** The answer without its items; call after the last chunk. */
  end(): ScannedHead {
    const text = Buffer.concat(this.head).toString('utf8');
    try {
      return { value: text ? JSON.parse(text) : {}, json: true };
    } catch {
      return { value: undefined, json: false };
    }
  }

  private closeKey(chunk: Buffer, quoteAt: number): void {
    const tail = chunk.subarray(this.keyStart, quoteAt);
    // Only short keys matter ("items"); long strings (values) need not be assembled.
    this.lastKey = this.keyParts ? Buffer.concat([...this.keyParts, tail]).toString('utf8') : tail.length === 5 ? tail.toString('latin1') : '';
    this.keyStart = -1;
    this.keyParts = undefined;
  }

  private emit(chunk: Buffer, from: number, to: number): void {
    let text: string;
    if (this.itemParts.length) {
      text = Buffer.concat([...this.itemParts, chunk.subarray(from, to)]).toString('utf8');
      this.itemParts = [];
    } else {
      text = chunk.toString('utf8', from, to);
    }
    this.onItem(text, this.itemIndex++);
  }
}

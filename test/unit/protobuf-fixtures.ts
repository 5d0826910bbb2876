// A minimal protobuf writer for fixtures: messages as [field number, value] lists, and list answers as
// the API server sends them (magic `k8s\0`, runtime.Unknown around the list).
import { PROTOBUF_MAGIC } from '../../src/core/cluster/protobuf';

export type Value = number | boolean | string | Buffer | Msg | bigint;
export type Msg = [number, Value][];

export function varintBytes(v: bigint): number[] {
  const out: number[] = [];
  let x = BigInt.asUintN(64, v);
  do {
    let b = Number(x & 0x7fn);
    x >>= 7n;
    if (x) b |= 0x80;
    out.push(b);
  } while (x);
  return out;
}

export function encode(msg: Msg): Buffer {
  const parts: Buffer[] = [];
  for (const [n, v] of msg) {
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') {
      parts.push(Buffer.from([...varintBytes(BigInt(n * 8)), ...varintBytes(BigInt(typeof v === 'boolean' ? (v ? 1 : 0) : v))]));
    } else {
      const body = typeof v === 'string' ? Buffer.from(v, 'utf8') : Buffer.isBuffer(v) ? v : encode(v);
      parts.push(Buffer.from([...varintBytes(BigInt(n * 8 + 2)), ...varintBytes(BigInt(body.length))]), body);
    }
  }
  return Buffer.concat(parts);
}

export const time = (iso: string): Msg => [[1, Date.parse(iso) / 1000]];
export const quantityMap = (n: number, m: Record<string, string>): [number, Msg][] =>
  Object.entries(m).map(([k, v]) => [
    n,
    [
      [1, k],
      [2, [[1, v]]],
    ],
  ]);

/** A list answer as the API server sends it: magic, runtime.Unknown {typeMeta, raw = the list}. */
export function protobufList(items: Buffer[], resourceVersion = '42', cont = ''): Buffer {
  const list = encode([
    [
      1,
      [
        [2, resourceVersion],
        [3, cont],
      ],
    ],
    ...items.map((i): [number, Value] => [2, i]),
  ]);
  return Buffer.concat([
    PROTOBUF_MAGIC,
    encode([
      [
        1,
        [
          [1, 'v1'],
          [2, 'PodList'],
        ],
      ],
      [2, list],
      [3, ''],
      [4, ''],
    ]),
  ]);
}

/**
 * A watch event as the API server streams it in protobuf: a 4-byte big-endian length, then WatchEvent {1: type,
 * 2: RawExtension {1: raw}}, raw being the object as a whole answer (magic, runtime.Unknown {typeMeta, raw}).
 */
export function watchFrame(type: string, kind: string, object: Buffer): Buffer {
  const typeMeta: Msg = [
    [1, 'v1'],
    [2, kind],
  ];
  const whole = Buffer.concat([
    PROTOBUF_MAGIC,
    encode([
      [1, typeMeta],
      [2, object],
    ]),
  ]);
  const event = encode([
    [1, type],
    [2, [[1, whole]]],
  ]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(event.length);
  return Buffer.concat([length, event]);
}

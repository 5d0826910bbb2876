// Raw JSON requests with the kubeconfig's TLS and credentials: one transport for the data layer's
// lists and for the doctor's reads and writes.
// - Lists of thousands of pods go through here, not through client-node's typed APIs and their
//   ObjectSerializer (1,100 pods on the local cluster: 0.6–0.95 s this way, 0.95–2.7 s typed, on a
//   loaded machine). Objects keep the wire form (times as strings), the form watch events have.
// - A read-modify-write keeps fields the typed models do not know (newer API versions).
import http from 'node:http';
import https from 'node:https';
import type * as k8s from '@kubernetes/client-node';
import { ListScanner } from './listScanner';
import { PROTOBUF_CONTENT_TYPE, ProtobufListReader } from './protobuf';
import { msg, textOf, type Message } from '../l10n';

/** Default bound on one API request (not on watches). */
export const REQUEST_TIMEOUT_MS = 20_000;
/** Longest run of decoding an answer's chunks before the event loop gets a turn (as informer.ts SLICE_MS). */
const READ_SLICE_MS = 8;

export type Query = Record<string, string | number | undefined>;
export type KubeObject = Record<string, any>;

export interface RequestOptions {
  query?: Query;
  /** Sent as JSON. */
  body?: unknown;
  /** Content-Type of `body`; JSON by default (a merge patch sets `MERGE_PATCH`). */
  contentType?: string;
  timeoutMs?: number;
  /** Accept header; JSON by default (metadata-only lists set `METADATA_ONLY`). */
  accept?: string;
  /** Aborting it ends the request, even while its answer is still arriving (an Informer stopped during its list). */
  signal?: AbortSignal;
}

/** Accept header for lists of metadata only (PartialObjectMetadataList): what the server sends of each object is its metadata. */
export const METADATA_ONLY = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';

export const MERGE_PATCH = 'application/merge-patch+json';

/** A non-2xx answer: `status` is the HTTP code, `message` the server's Status message, `body` the raw text. */
export class KubeApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason: string | undefined,
    readonly body: string,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

/**
 * A 2xx answer that is not what a Kubernetes API server sends (not JSON, not an object, a list
 * without items): the data means nothing, so it is reported with the path, never interpreted.
 */
export class UnexpectedAnswerError extends Error {
  /** What is wrong with the answer, in English, e.g. "is not JSON". */
  readonly why: string;
  /** The same as a template, when the thrower wrote one (problems.ts then says it in the reader's language). */
  readonly whyMessage?: Message;

  constructor(
    /** `GET /api/v1/nodes`. */
    readonly request: string,
    why: string | Message,
  ) {
    super(`unexpected answer from the API server: ${request} ${textOf(why, 'en')}`);
    this.name = 'UnexpectedAnswerError';
    this.why = textOf(why, 'en');
    if (typeof why !== 'string') this.whyMessage = why;
  }

  /** The message as a template, for errorText (l10n). */
  get localized(): Message {
    return msg('unexpected answer from the API server: {request} {why}', { request: this.request, why: this.whyMessage ?? this.why });
  }
}

/** What is wrong with a 2xx list answer, or undefined when it has the shape of a Kubernetes list (`items` of objects with metadata). */
export function listShapeProblem(value: unknown): Message | undefined {
  // Every list a Kubernetes API server sends names its kind (NodeList, PodMetricsList…).
  const kind = (value as { kind?: unknown } | undefined)?.kind;
  if (typeof kind !== 'string' || !kind.endsWith('List')) return kind === undefined ? msg('has no "kind" (a Kubernetes list has one, e.g. "PodList")') : msg('has a "kind" that is not a list kind');
  const items = (value as { items?: unknown } | undefined)?.items;
  if (items === null) return undefined; // an empty list encoded from a nil slice
  if (!Array.isArray(items)) return items === undefined ? msg('has no "items" list') : msg('has "items" that is not a list ({type})', { type: typeof items });
  for (let i = 0; i < items.length; i++) {
    if (!isObject(items[i]) || !isObject((items[i] as { metadata?: unknown }).metadata)) return itemWithoutMetadata(i);
  }
  return undefined;
}

/** What is wrong with a 2xx answer for one named object, or undefined when it has object metadata. */
export function objectShapeProblem(value: unknown): Message | undefined {
  const v = value as { metadata?: { name?: unknown }; items?: unknown; kind?: unknown } | undefined;
  if (!isObject(v?.metadata)) return msg('is not a Kubernetes object (no metadata)');
  if (v.items !== undefined || (typeof v.kind === 'string' && v.kind.endsWith('List'))) return msg('is a list, not one object');
  if (typeof v.metadata.name !== 'string' || !v.metadata.name) return msg('is not a Kubernetes object (no metadata.name)');
  return undefined;
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// What is wrong with an answer, continuing the request into a sentence (`GET /api/v1/nodes` `answered 200 with …`).
const notJson = (status: number) => msg('answered {status} with something that is not JSON', { status });
const notAnObject = (status: number) => msg('answered {status} with JSON that is not an object', { status });
const itemWithoutMetadata = (index: number) => msg('has item {index} that is not an object with metadata', { index });

/** Sends one request to the current cluster; resolves with the parsed JSON, rejects with KubeApiError for non-2xx answers. */
export async function kubeRequest<T = KubeObject>(kc: k8s.KubeConfig, method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  return send<T>(kc, method, path, opts, (what, status) => {
    const chunks: Buffer[] = [];
    return {
      data: (c) => chunks.push(c),
      end: () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown;
        try {
          parsed = text ? JSON.parse(text) : {};
        } catch {
          parsed = undefined;
        }
        if (isObject(parsed)) return parsed as T;
        throw new UnexpectedAnswerError(what, parsed === undefined ? notJson(status) : notAnObject(status));
      },
    };
  });
}

/** How a list's items are read: `keep` for each JSON item; `protobuf` (when given) decodes each item of a protobuf answer, which is then asked for. */
export interface ItemReaders<T> {
  keep: (item: any) => T;
  protobuf?: (buf: Buffer, start: number, end: number) => T;
  /** The name of a decoded protobuf item, which must have one (default: its metadata.name): see ListOptions.nameOf. */
  nameOf?: (item: T) => unknown;
}

/**
 * GET one page of a list, its items read one by one as they arrive (listScanner.ts for JSON,
 * protobuf.ts for protobuf) and passed through `keep` (e.g. a trim to the fields used); rejects
 * with UnexpectedAnswerError when the answer is not a Kubernetes list.
 */
export function getListStreamed<T>(
  kc: k8s.KubeConfig,
  path: string,
  query: Query,
  read: ItemReaders<T>,
  opts: { timeoutMs?: number; accept?: string; signal?: AbortSignal } = {},
): Promise<{ metadata?: KubeObject; items: T[] }> {
  const accept = read.protobuf ? `${PROTOBUF_CONTENT_TYPE}, application/json` : opts.accept;
  return send(kc, 'GET', path, { query, ...opts, accept }, (what, status, contentType) =>
    read.protobuf && contentType.startsWith(PROTOBUF_CONTENT_TYPE) ? protobufListBody(what, read.protobuf, read.nameOf) : jsonListBody(what, status, read.keep),
  );
}

function jsonListBody<T>(what: string, status: number, keep: (item: any) => T): BodyReader<{ metadata?: KubeObject; items: T[] }> {
  const items: T[] = [];
  let bad: Message | undefined;
  const scanner = new ListScanner(
    (text, i) => {
      if (bad) return;
      let item: unknown;
      try {
        item = JSON.parse(text);
      } catch {
        bad = notJson(status);
        return;
      }
      if (!isObject((item as { metadata?: unknown }).metadata)) bad = itemWithoutMetadata(i);
      else items.push(keep(item));
    },
    (i) => (bad ??= itemWithoutMetadata(i)),
  );
  return {
    data: (c) => {
      scanner.push(c);
      // Known bad already: the error end() would give, now, so the rest of the answer is not read.
      if (bad) throw new UnexpectedAnswerError(what, bad);
    },
    end: () => {
      const head = scanner.end();
      if (bad) throw new UnexpectedAnswerError(what, bad);
      if (!head.json) throw new UnexpectedAnswerError(what, notJson(status));
      if (!isObject(head.value)) throw new UnexpectedAnswerError(what, notAnObject(status));
      const wrong = listShapeProblem(head.value);
      if (wrong) throw new UnexpectedAnswerError(what, wrong);
      return { metadata: head.value.metadata as KubeObject | undefined, items };
    },
  };
}

/** An object's metadata.name, if it has metadata (a decoded item must have a name: see ItemReaders.nameOf). */
export const metadataName = (item: unknown) => {
  const metadata = (item as { metadata?: { name?: unknown } } | undefined)?.metadata;
  return isObject(metadata) ? metadata.name : undefined;
};

function protobufListBody<T>(what: string, decode: (buf: Buffer, start: number, end: number) => T, nameOf: (item: T) => unknown = metadataName): BodyReader<{ metadata?: KubeObject; items: T[] }> {
  const items: T[] = [];
  const reader = new ProtobufListReader((buf, start, end, i) => {
    const item = decode(buf, start, end);
    // As the JSON path: an item without metadata (or without a name) would get the key '' and
    // silently replace every other such item in an Informer.
    const name = nameOf(item);
    if (typeof name !== 'string' || !name) throw new UnexpectedAnswerError(what, itemWithoutMetadata(i));
    items.push(item);
  });
  const wrap = <R>(f: () => R): R => {
    try {
      return f();
    } catch (err) {
      if (err instanceof UnexpectedAnswerError) throw err;
      throw new UnexpectedAnswerError(what, msg('answered protobuf that does not decode ({error})', { error: err instanceof Error ? err.message : String(err) }));
    }
  };
  return {
    data: (c) => wrap(() => reader.push(c)),
    end: () => {
      const meta = wrap(() => reader.end());
      return { metadata: { resourceVersion: meta.resourceVersion, ...(meta.continue ? { continue: meta.continue } : {}) }, items };
    },
  };
}

/** How a 2xx answer's body is read: chunk by chunk, then a value (or a throw, which rejects). */
interface BodyReader<T> {
  data(chunk: Buffer): void;
  end(): T;
}

/** Where a request goes and what it carries: the URL with its query, the kubeconfig's TLS (the agent) and credentials (headers). */
export interface RequestTarget {
  url: URL;
  /** `GET /api/v1/nodes`, for messages. */
  what: string;
  transport: typeof http | typeof https;
  agent: http.Agent | undefined;
  headers: Record<string, string | number>;
}

/** The target of one request to the kubeconfig's current cluster (watch.ts opens its streams with it too). */
export async function requestTarget(kc: k8s.KubeConfig, method: string, path: string, query: Query = {}, accept = 'application/json'): Promise<RequestTarget> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const url = new URL(cluster.server.replace(/\/+$/, '') + path);
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
  const fetchOpts = await kc.applyToFetchOptions({});
  const headers: Record<string, string | number> = { Accept: accept };
  (fetchOpts.headers as unknown as Headers | undefined)?.forEach((value, key) => (headers[key] = value));
  return { url, what: `${method} ${url.pathname}`, transport: url.protocol === 'http:' ? http : https, agent: fetchOpts.agent as http.Agent | undefined, headers };
}

/** The one transport: the kubeconfig's TLS and credentials, a timeout, KubeApiError for non-2xx answers. */
async function send<T>(kc: k8s.KubeConfig, method: string, path: string, opts: RequestOptions, reader: (what: string, status: number, contentType: string) => BodyReader<T>): Promise<T> {
  const { url, what, transport, agent, headers } = await requestTarget(kc, method, path, opts.query, opts.accept);
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  if (payload !== undefined) {
    headers['Content-Type'] = opts.contentType ?? 'application/json';
    headers['Content-Length'] = Buffer.byteLength(payload);
  }
  const timeoutMs = opts.timeoutMs ?? REQUEST_TIMEOUT_MS;
  return new Promise<T>((resolve, reject) => {
    if (opts.signal?.aborted) return reject(aborted(what));
    const req = transport.request(url, { method, agent, headers, timeout: timeoutMs }, (res) => {
      const status = res.statusCode ?? 0;
      const ok = status >= 200 && status < 300;
      const body = ok ? reader(what, status, String(res.headers['content-type'] ?? '')) : undefined;
      const chunks: Buffer[] = [];
      let failed = false;
      if (!body) res.on('data', (c: Buffer) => chunks.push(c));
      else
        readInSlices(res, (c) => {
          try {
            body.data(c);
            return true;
          } catch (err) {
            failed = true;
            reject(err);
            // The answer is known bad: stop reading it (a retry would otherwise start while it still downloads).
            req.destroy();
            return false;
          }
        });
      res.on('error', (err) => reject(networkError(url, err)));
      res.on('end', () => {
        if (failed) return;
        if (body) {
          try {
            resolve(body.end());
          } catch (err) {
            reject(err);
          }
          return;
        }
        reject(apiError(what, status, Buffer.concat(chunks).toString('utf8')));
      });
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error(`${what} timed out after ${timeoutMs} ms`), { name: 'AbortError', type: 'aborted' })));
    req.on('error', (err) => reject((err as { name?: string }).name === 'AbortError' ? err : networkError(url, err)));
    if (opts.signal) {
      const onAbort = () => req.destroy(aborted(what));
      opts.signal.addEventListener('abort', onAbort, { once: true });
      req.on('close', () => opts.signal?.removeEventListener('abort', onAbort));
    }
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/**
 * Reads an answer's chunks with `read` in slices: chunks that piled up while the process waited for a core (libuv reads
 * up to 32 at once) are decoded READ_SLICE_MS at a time; paused, the stream keeps the rest until the event loop has had
 * a turn. `read` returns false once the answer is known bad: no further chunk reaches it.
 */
export function readInSlices(res: http.IncomingMessage, read: (chunk: Buffer) => boolean): void {
  let spentMs = 0;
  let stopped = false;
  res.on('data', (c: Buffer) => {
    if (stopped) return;
    const start = performance.now();
    if (!read(c)) {
      stopped = true;
      return;
    }
    spentMs += performance.now() - start;
    if (spentMs > READ_SLICE_MS) {
      spentMs = 0;
      res.pause();
      setImmediate(() => res.resume());
    }
  });
}

/** A non-2xx answer as a KubeApiError: the Status the server sent (its message and reason), or the start of its text. */
export function apiError(what: string, status: number, text: string): KubeApiError {
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = undefined;
  }
  const answer = isObject(parsed) ? parsed : {};
  const message = typeof answer.message === 'string' ? answer.message : `${what} answered ${status}${text ? ': ' + text.slice(0, 200).trim() : ''}`;
  return new KubeApiError(status, message, typeof answer.reason === 'string' ? answer.reason : undefined, text);
}

/** The error of a request whose signal was aborted (AbortError, as a timeout). */
export function aborted(what: string): Error {
  return Object.assign(new Error(`${what} was cancelled`), { name: 'AbortError', type: 'aborted' });
}

/** A request's outcome as a value, for reads that go on when one of them fails. */
export async function settle<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; err: unknown }> {
  try {
    return { ok: true, value: await p };
  } catch (err) {
    return { ok: false, err };
  }
}

/** GET `path`, for lists and reads. */
export function getJson<T>(kc: k8s.KubeConfig, path: string, query: Query = {}, timeoutMs = REQUEST_TIMEOUT_MS): Promise<T> {
  return kubeRequest<T>(kc, 'GET', path, { query, timeoutMs });
}

/** GET one page of a list; rejects with UnexpectedAnswerError when the answer is not a Kubernetes list. */
export async function getList<T>(kc: k8s.KubeConfig, path: string, query: Query = {}, timeoutMs = REQUEST_TIMEOUT_MS): Promise<T> {
  const value = await getJson<T>(kc, path, query, timeoutMs);
  const wrong = listShapeProblem(value);
  if (wrong) throw new UnexpectedAnswerError(`GET ${path}`, wrong);
  return value;
}

/** GET one named object; rejects with UnexpectedAnswerError when the answer is not a Kubernetes object. */
export async function getObject<T>(kc: k8s.KubeConfig, path: string, query: Query = {}, timeoutMs = REQUEST_TIMEOUT_MS): Promise<T> {
  const value = await getJson<T>(kc, path, query, timeoutMs);
  const wrong = objectShapeProblem(value);
  if (wrong) throw new UnexpectedAnswerError(`GET ${path}`, wrong);
  return value;
}

/** The shape node-fetch gives network errors (problems.ts reads `code` and the URL in the message). */
export function networkError(url: URL, err: NodeJS.ErrnoException): Error {
  return Object.assign(new Error(`request to ${url.origin}${url.pathname} failed, reason: ${err.message}`), { code: err.code, type: 'system' });
}

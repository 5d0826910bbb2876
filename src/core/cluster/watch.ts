// Watches read as they arrive, over request.ts's transport: in protobuf when the caller can decode the kind (nodes and
// pods, straight into their trimmed form, as their lists are read) and the server offers it, else in JSON lines.
// client-node's Watch read JSON through readline: one round of 3,000 node status updates on a 2,000-node cluster cost
// 1.4 s of the extension host's main thread in its line handler and streams alone (docs/benchmarks.md, eleventh pass).
import type * as k8s from '@kubernetes/client-node';
import { msg, textOf, type Message } from '../l10n';
import { MAX_WATCH_EVENT_BYTES, PROTOBUF_CONTENT_TYPE, ProtobufError, ProtobufWatchReader } from './protobuf';
import { resourceVersionFromProtobuf, statusFromProtobuf } from './protoObjects';
import { aborted, apiError, isObject, metadataName, networkError, readInSlices, REQUEST_TIMEOUT_MS, requestTarget, UnexpectedAnswerError, type ItemReaders, type Query } from './request';

/** What a watch ERROR event carries: a meta/v1 Status (code 410 when the resourceVersion watched from is too old). */
export interface WatchStatus {
  code?: number;
  message?: string;
  reason?: string;
}

export interface WatchHandlers<T> {
  /** An object added, modified or deleted, read as a list reads its items (`keep` for JSON, `protobuf` for protobuf). */
  object(type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: T): void;
  /** A BOOKMARK: the watch is current up to this resourceVersion. */
  bookmark(resourceVersion: string): void;
  /** An ERROR event (the server ends the stream after it). */
  error(status: WatchStatus): void;
  /**
   * The watch ended, once: `err` undefined when the server closed it (its timeout), else why (a non-2xx answer as
   * KubeApiError, an answer that is not a watch stream as UnexpectedAnswerError, a broken connection). Not called
   * after the caller aborted.
   */
  done(err?: unknown): void;
}

const NEWLINE = 0x0a;

const isObjectEvent = (type: string): type is 'ADDED' | 'MODIFIED' | 'DELETED' => type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED';

/** A watch the server answered: `controller` ends it; `protobuf` says which encoding the server chose. */
export interface WatchStream {
  controller: AbortController;
  protobuf: boolean;
}

/**
 * Watches `path` (`watch=true` and `query`), calling `on` for each event as it arrives. Resolves once the server
 * answered; a refusal (a non-2xx answer) has called `on.done` by then. `idleMs` bounds a silence (no byte, not even a
 * bookmark) after which the connection is taken as dead.
 */
export async function watchPath<T>(kc: k8s.KubeConfig, path: string, query: Query, read: ItemReaders<T>, on: WatchHandlers<T>, idleMs: number): Promise<WatchStream> {
  const accept = read.protobuf ? `${PROTOBUF_CONTENT_TYPE}, application/json` : 'application/json';
  const { url, what, transport, agent, headers } = await requestTarget(kc, 'GET', path, { ...query, watch: 'true' }, accept);
  const controller = new AbortController();
  let ended = false;
  const end = (err?: unknown) => {
    if (ended) return;
    ended = true;
    if (!controller.signal.aborted) on.done(err);
  };
  let silenceMs = REQUEST_TIMEOUT_MS;
  let protobuf = false;
  return new Promise<WatchStream>((resolve) => {
    const req = transport.request(url, { method: 'GET', agent, headers, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        const chunks: Buffer[] = [];
        const refused = () => {
          end(apiError(what, status, Buffer.concat(chunks).toString('utf8')));
          resolve({ controller, protobuf });
        };
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) => {
          end(networkError(url, err));
          resolve({ controller, protobuf });
        });
        // A refusal cut short (a 'close' without its 'end') is still one.
        res.on('end', refused);
        res.on('close', refused);
        return;
      }
      // Answered: from now on a silence is normal up to idleMs (bookmarks, the server's own timeout).
      silenceMs = idleMs;
      req.setTimeout(idleMs);
      const contentType = String(res.headers['content-type'] ?? '');
      protobuf = read.protobuf !== undefined && contentType.startsWith(PROTOBUF_CONTENT_TYPE);
      const reader = protobuf ? protobufEvents(read, on) : jsonEvents(read, on, status);
      readInSlices(res, (c) => {
        if (ended) return false;
        try {
          reader(c);
          return true;
        } catch (err) {
          // What the server sent is wrong, or a handler failed: either way this watch ends, with why.
          if (err instanceof WatchAnswerError) end(new UnexpectedAnswerError(what, err.why));
          else if (err instanceof ProtobufError) end(new UnexpectedAnswerError(what, msg('answered protobuf that does not decode ({error})', { error: err.message })));
          else end(err);
          // Known bad: the rest is not read (the informer starts again after its backoff).
          req.destroy();
          return false;
        }
      });
      // A stream cut inside an event ends the watch as a close does: the next one starts from the last event read.
      res.on('end', () => end());
      res.on('error', (err) => end(networkError(url, err)));
      res.on('close', () => end());
      resolve({ controller, protobuf });
    });
    req.on('socket', (socket) => socket.setKeepAlive(true, 30_000));
    req.on('timeout', () => req.destroy(Object.assign(new Error(`${what} received nothing for ${silenceMs / 1000} s`), { name: 'TimeoutError' })));
    req.on('error', (err) => {
      end(err.name === 'TimeoutError' ? err : networkError(url, err));
      resolve({ controller, protobuf });
    });
    controller.signal.addEventListener('abort', () => req.destroy(aborted(what)), { once: true });
    req.end();
  });
}

/** Reads protobuf watch frames; an object must decode with a name, as a list's items must. */
function protobufEvents<T>(read: ItemReaders<T>, on: WatchHandlers<T>): (chunk: Buffer) => void {
  const decode = read.protobuf!;
  const nameOf = read.nameOf ?? metadataName;
  const reader = new ProtobufWatchReader((type, _kind, buf, start, end) => {
    if (type === 'ERROR') on.error(statusFromProtobuf(buf, start, end));
    else if (type === 'BOOKMARK') {
      const rv = resourceVersionFromProtobuf(buf, start, end);
      if (rv) on.bookmark(rv);
    } else if (isObjectEvent(type)) {
      const obj = decode(buf, start, end);
      const name = nameOf(obj);
      if (typeof name !== 'string' || !name) throw new WatchEventError(type);
      on.object(type, obj);
    }
    // Another type (none today) is a later server's: skipped, as client-go's watch decoder cannot.
  });
  return (chunk) => reader.push(chunk);
}

/** Reads JSON lines (`{"type": …, "object": …}` each); a line that is not such an event ends the watch. */
function jsonEvents<T>(read: ItemReaders<T>, on: WatchHandlers<T>, status: number): (chunk: Buffer) => void {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const line = (buf: Buffer, start: number, end: number) => {
    if (end === start || (end === start + 1 && buf[start] === 0x0d)) return;
    let event: unknown;
    try {
      event = JSON.parse(buf.toString('utf8', start, end));
    } catch {
      throw new WatchAnswerError(msg('answered {status} with something that is not JSON', { status }));
    }
    if (!isObject(event) || typeof event.type !== 'string') throw new WatchAnswerError(msg('answered {status} with something that is not JSON', { status }));
    const { type, object } = event as { type: string; object?: Record<string, any> };
    if (type === 'ERROR') on.error(isObject(object) ? (object as WatchStatus) : {});
    else if (type === 'BOOKMARK') {
      const rv = object?.metadata?.resourceVersion;
      if (typeof rv === 'string' && rv) on.bookmark(rv);
    } else if (isObjectEvent(type)) {
      if (!isObject(object?.metadata) || typeof object.metadata.name !== 'string' || !object.metadata.name) throw new WatchEventError(type);
      on.object(type, read.keep(object));
    }
  };
  return (chunk) => {
    let from = 0;
    let nl = chunk.indexOf(NEWLINE);
    if (nl >= 0 && pendingBytes) {
      // The rest of a line begun in earlier chunks.
      pending.push(chunk.subarray(0, nl));
      const whole = Buffer.concat(pending, pendingBytes + nl);
      pending = [];
      pendingBytes = 0;
      line(whole, 0, whole.length);
      from = nl + 1;
      nl = chunk.indexOf(NEWLINE, from);
    }
    for (; nl >= 0; from = nl + 1, nl = chunk.indexOf(NEWLINE, from)) line(chunk, from, nl);
    if (from < chunk.length) {
      pending.push(chunk.subarray(from));
      pendingBytes += chunk.length - from;
      if (pendingBytes > MAX_WATCH_EVENT_BYTES) throw new WatchAnswerError(msg('sent a watch event longer than {bytes} bytes', { bytes: MAX_WATCH_EVENT_BYTES }));
    }
  };
}

/** What is wrong with a watch answer; the watch ends with an UnexpectedAnswerError naming the request. */
class WatchAnswerError extends Error {
  constructor(readonly why: Message) {
    super(textOf(why, 'en'));
  }
}

class WatchEventError extends WatchAnswerError {
  constructor(type: string) {
    super(msg('sent a {type} watch event whose object has no metadata.name', { type }));
  }
}

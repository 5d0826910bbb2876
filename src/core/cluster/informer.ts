// Lists (from the API server's watch cache, read as they arrive: listPath) and a watch-backed cache
// of one resource (Informer), as client-go's reflector keeps one: re-list on 410 Gone, restart with
// exponential backoff after other errors, lists applied in slices so the event loop never stalls,
// and a stop that also cancels a watch whose request was in flight. Watches are read by watch.ts.
import { isDeepStrictEqual } from 'node:util';
import type * as k8s from '@kubernetes/client-node';
import { objectKey } from './objects';
import { httpStatus } from './problems';
import { getListStreamed, KubeApiError, UnexpectedAnswerError, type Query } from './request';
import { watchPath } from './watch';
import { msg } from '../l10n';

export const PAGE_SIZE = 500;
const BACKOFF_START_MS = 1_000;
const BACKOFF_MAX_MS = 60_000;
const LIST_TIMEOUT_MS = 60_000;
/** Shortest time the server is asked to keep a watch open (client-go's reflector: minWatchTimeout, 5 minutes). */
const WATCH_TIMEOUT_MIN_S = 300;

export interface KubeList<T> {
  metadata?: { resourceVersion?: string; _continue?: string; continue?: string };
  items: T[];
}

/** One page: `limit` and `continue` as the list call's parameters. */
export type PageFn<T> = (page: { limit?: number; _continue?: string }) => Promise<KubeList<T>>;

/** Most pages one list reads (50 million items at 500 a page): a server that never stops paging is an error. */
export const MAX_PAGES = 100_000;

/**
 * Lists every item page by page. When the continue token expires (410) the list restarts without
 * paging, as client-go's pager falls back to a full list. A continue token that repeats (a server
 * paging in a circle) or more than `maxPages` pages is an UnexpectedAnswerError for `request`.
 */
export async function listAll<T>(fetchPage: PageFn<T>, pageSize = PAGE_SIZE, maxPages = MAX_PAGES, request = 'GET (list)', signal?: AbortSignal): Promise<KubeList<T>> {
  const items: T[] = [];
  let cont: string | undefined;
  let resourceVersion: string | undefined;
  const seen = new Set<string>();
  try {
    for (let pages = 1; ; pages++) {
      // Stopped between pages: no further page is asked for.
      signal?.throwIfAborted();
      const page = await fetchPage({ limit: pageSize, _continue: cont });
      // One by one: a spread of an unpaged list (200,000 nodes) overflows the call stack.
      for (const item of page.items ?? []) items.push(item);
      resourceVersion ??= page.metadata?.resourceVersion;
      cont = page.metadata?._continue || page.metadata?.continue || undefined;
      if (!cont) break;
      if (seen.has(cont)) throw new UnexpectedAnswerError(request, msg('answered a continue token it had already sent (page {page}): the list would never end', { page: pages }));
      if (pages >= maxPages) throw new UnexpectedAnswerError(request, msg('still had more after {pages} pages of {size}: the list would never end', { pages: maxPages, size: pageSize }));
      seen.add(cont);
    }
  } catch (err) {
    if (cont === undefined || httpStatus(err) !== 410 || signal?.aborted) throw err;
    return fetchPage({});
  }
  return { metadata: { resourceVersion }, items };
}

export interface ListOptions<T> {
  /** Query parameters (fieldSelector…). */
  query?: Query;
  pageSize?: number;
  /** What is kept of each item as it arrives (trim.ts: the fields the rows use); the item itself by default. */
  keep?: (item: any) => T;
  /** Decodes one item of a protobuf answer (protoObjects.ts); given, protobuf is asked for. */
  protobuf?: (buf: Buffer, start: number, end: number) => T;
  /**
   * The name of a decoded protobuf item, checked to be there (default: its metadata.name). For decoders that keep
   * less than the metadata (a row of `top pods`): JSON items are checked before `keep`, protobuf ones after decoding.
   */
  nameOf?: (item: T) => unknown;
  /** Accept header (`METADATA_ONLY` for metadata-only lists). */
  accept?: string;
  /** Aborting it ends the list, the page being read included. */
  signal?: AbortSignal;
}

/**
 * Every item at `path` (e.g. `/api/v1/pods`) as plain JSON, items parsed one by one as they arrive.
 * The first request asks for `resourceVersion=0`, as client-go's reflector lists: the API server
 * answers from its watch cache (Kubernetes ≤ 1.33 in one page, whatever the limit) instead of
 * reading etcd page by page; later pages (a server that pages) follow the continue token.
 */
export function listPath<T>(kc: k8s.KubeConfig, path: string, opts: ListOptions<T> = {}): Promise<KubeList<T>> {
  const keep = opts.keep ?? ((item: T) => item);
  return listAll<T>(
    ({ limit, _continue }) =>
      getListStreamed<T>(
        kc,
        path,
        { ...opts.query, limit, continue: _continue, resourceVersion: _continue ? undefined : '0' },
        { keep, protobuf: opts.protobuf, nameOf: opts.nameOf },
        { timeoutMs: LIST_TIMEOUT_MS, accept: opts.accept, signal: opts.signal },
      ),
    opts.pageSize ?? PAGE_SIZE,
    MAX_PAGES,
    `GET ${path}`,
    opts.signal,
  );
}

export interface InformerHandlers<T> {
  add(obj: T): void;
  update(obj: T): void;
  delete(obj: T): void;
  /** A list or watch failed; the informer restarts by itself after `retryInMs`. */
  error(err: unknown, retryInMs: number): void;
  /** The watch is established after a list or a restart: the cache is current. */
  synced(): void;
  /** A list is being applied in slices (true), or is applied (false): a burst of add/update/delete calls. */
  applying?(busy: boolean): void;
}

/** Longest stretch a burst of work (a list applied, rows computed) runs without yielding to the event loop. */
export const SLICE_MS = 8;

/** Yields to the event loop (I/O, timers, the UI of the extension host) between slices of work. */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A watch-backed cache of one resource, as client-go's reflector and client-node's ListWatch keep
 * one: list (from the watch cache), then watch from the list's resourceVersion; a 410 (a watch
 * ERROR event with code 410, or a 410 answer) re-lists; a watch the server closes is started again
 * from the last resourceVersion (bookmarks keep it current). Unlike ListWatch it applies a list of
 * 22,000 pods in slices of SLICE_MS, yielding between them (watch events that arrive meanwhile
 * wait, in order), restarts with exponential backoff after errors (ListWatch stops for good), and a
 * stop also cancels a watch whose request was in flight.
 */
export class Informer<T extends { metadata?: { name?: string; namespace?: string; resourceVersion?: string } }> {
  private readonly objects = new Map<string, T>();
  private readonly keep: (item: any) => T;
  private stopped = false;
  private retry?: NodeJS.Timeout;
  private backoff = BACKOFF_START_MS;
  private firstSync?: () => void;
  private resourceVersion = '';
  private controller?: AbortController;
  /** Cancels the list in flight: a stop during the first load of a large cluster would otherwise leave it downloading. */
  private listing?: AbortController;
  /** Watch events that arrived while a list was being applied. */
  private waiting?: (() => void)[];
  readonly ready: Promise<void>;

  constructor(
    private readonly kc: k8s.KubeConfig,
    readonly path: string,
    private readonly handlers: InformerHandlers<T>,
    private readonly opts: Omit<ListOptions<T>, 'query'> & { /** Lists and watches only what it selects (`spec.nodeName=`). */ fieldSelector?: string } = {},
  ) {
    this.ready = new Promise((resolve) => (this.firstSync = resolve));
    this.keep = opts.keep ?? ((item: T) => item);
  }

  start(): Promise<void> {
    void this.run();
    return this.ready;
  }

  list(): readonly T[] {
    return [...this.objects.values()];
  }

  stop(): void {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = undefined;
    this.firstSync?.();
    this.controller?.abort();
    this.controller = undefined;
    this.listing?.abort();
    this.listing = undefined;
  }

  /** Lists when there is no resourceVersion to watch from, then watches. */
  private async run(): Promise<void> {
    try {
      if (!this.resourceVersion) {
        if (this.stopped) return;
        const listing = (this.listing = new AbortController());
        const query = this.opts.fieldSelector ? { fieldSelector: this.opts.fieldSelector } : undefined;
        const list = await listPath<T>(this.kc, this.path, { ...this.opts, query, keep: this.keep, signal: listing.signal }).finally(() => {
          if (this.listing === listing) this.listing = undefined;
        });
        if (this.stopped) return;
        await this.applyList(list.items);
        if (this.stopped) return;
        this.resourceVersion = list.metadata?.resourceVersion ?? '';
      }
      await this.watch();
    } catch (err) {
      this.onError(err);
    }
  }

  private async applyList(items: T[]): Promise<void> {
    this.waiting = [];
    this.handlers.applying?.(true);
    try {
      const listed = new Set<string>();
      let sliceStart = performance.now();
      for (let i = 0; i < items.length; i++) {
        listed.add(objectKey(items[i]));
        this.upsert(items[i]);
        if ((i & 63) === 63 && performance.now() - sliceStart > SLICE_MS) {
          await yieldToEventLoop();
          if (this.stopped) return;
          sliceStart = performance.now();
        }
      }
      for (const [k, o] of this.objects) {
        if (listed.has(k)) continue;
        this.objects.delete(k);
        this.handlers.delete(o);
      }
      const waiting = this.waiting;
      this.waiting = undefined;
      for (const apply of waiting) apply();
    } finally {
      this.waiting = undefined;
      this.handlers.applying?.(false);
    }
  }

  /**
   * Adds or replaces an object. An unchanged resourceVersion is no change (as ListWatch compares), and
   * neither is an update that changed only what `keep` dropped (a node's heartbeat, a probe time):
   * 2,000 nodes' heartbeats would otherwise recompute rows and redraw views that show the same. Such an
   * update also keeps the object held (its resourceVersion goes stale, which only this comparison reads):
   * the new copy dies young instead of turning 2,000 held objects into old garbage every status round.
   */
  private upsert(o: T): void {
    const k = objectKey(o);
    const old = this.objects.get(k);
    if (old && old.metadata?.resourceVersion !== undefined && old.metadata.resourceVersion === o.metadata?.resourceVersion) return;
    if (old && this.opts.keep !== undefined && sameBesidesVersion(old, o)) return;
    this.objects.set(k, o);
    if (!old) this.handlers.add(o);
    else this.handlers.update(o);
  }

  private remove(o: T): void {
    const k = objectKey(o);
    const old = this.objects.get(k);
    if (!old) return;
    this.objects.delete(k);
    this.handlers.delete(old);
  }

  /** An object of the watch: applied now, or after the list being applied. */
  private onObject(type: 'ADDED' | 'MODIFIED' | 'DELETED', o: T): void {
    if (this.stopped) return;
    const rv = o.metadata?.resourceVersion;
    if (typeof rv === 'string' && rv) this.resourceVersion = rv;
    const apply = type === 'DELETED' ? () => this.remove(o) : () => this.upsert(o);
    if (this.waiting) this.waiting.push(apply);
    else apply();
  }

  private async watch(): Promise<void> {
    const state: { ended: boolean; err?: unknown; attached: boolean; refused?: unknown } = { ended: false, attached: false };
    // As client-go's reflector: the server ends each watch after 5 to 10 minutes (spread, so that watches do not all
    // start again together) and it starts again from the last resourceVersion; a connection silent for a minute past
    // that is taken as dead.
    const timeoutSeconds = Math.round(WATCH_TIMEOUT_MIN_S * (1 + Math.random()));
    const query = { resourceVersion: this.resourceVersion, allowWatchBookmarks: 'true', timeoutSeconds, fieldSelector: this.opts.fieldSelector };
    const { controller } = await watchPath<T>(
      this.kc,
      this.path,
      query,
      { keep: this.keep, protobuf: this.opts.protobuf, nameOf: this.opts.nameOf },
      {
        object: (type, o) => this.onObject(type, o),
        bookmark: (rv) => {
          if (!this.stopped) this.resourceVersion = rv;
        },
        error: (status) => {
          // 410: the resourceVersion is too old; the stream ends next and run() lists again. Another code ends the
          // watch as an error (backoff), not as a close to start again from at once.
          if (status.code === 410) this.resourceVersion = '';
          else state.refused = new KubeApiError(status.code ?? 500, status.message ?? `watch of ${this.path} ended with an ERROR event`, status.reason, JSON.stringify(status));
        },
        done: (err: unknown) => {
          if (state.ended) return;
          state.ended = true;
          state.err = err ?? state.refused;
          if (state.attached) this.watchEnded(controller, state.err);
        },
      },
      (timeoutSeconds + 60) * 1000,
    );
    if (this.stopped) {
      controller.abort();
      return;
    }
    if (state.ended) {
      this.watchEnded(controller, state.err);
      return;
    }
    state.attached = true;
    this.controller = controller;
    this.backoff = BACKOFF_START_MS;
    this.handlers.synced();
    this.firstSync?.();
  }

  private watchEnded(controller: AbortController, err: unknown): void {
    if (this.controller === controller) this.controller = undefined;
    if (this.stopped) return;
    if (err && httpStatus(err) === 410) this.resourceVersion = '';
    else if (err) return this.onError(err);
    void this.run();
  }

  private onError(err: unknown): void {
    if (this.stopped) return;
    const wait = this.backoff;
    this.backoff = Math.min(this.backoff * 2, BACKOFF_MAX_MS);
    this.handlers.error(err, wait);
    // The first sync failed: callers waiting on `ready` go on with what they have (nothing).
    this.firstSync?.();
    if (this.retry) clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (!this.stopped) void this.run();
    }, wait);
  }
}

/**
 * Whether two kept objects are equal apart from their resourceVersion, whatever their keys' order (a pod decoded from
 * protobuf has its keys in another order than trimPod gives its JSON from a watch). Compared in place: 2,000 nodes'
 * status updates took 75 ms as sorted JSON, 20 ms so (a hand-written walk of the JSON was no faster once compiled).
 */
export function sameBesidesVersion(a: { metadata?: object }, b: { metadata?: object }): boolean {
  return isDeepStrictEqual({ ...a, metadata: { ...a.metadata, resourceVersion: undefined } }, { ...b, metadata: { ...b.metadata, resourceVersion: undefined } });
}

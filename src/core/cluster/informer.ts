// A watch-backed cache of one resource on top of client-node's ListWatch, which re-lists on 410 Gone
// (a watch ERROR event with code 410 or a 410 answer clears its resourceVersion; verified in
// node_modules/@kubernetes/client-node/dist/cache.js) but stops for good on any other error. This
// adds: paged initial lists (limit + continue, like client-go's reflector), restart with exponential
// backoff after errors, and a stop that also cancels a watch whose request was in flight.
import * as k8s from '@kubernetes/client-node';
import { httpStatus } from './problems';
import { getListStreamed, UnexpectedAnswerError, type Query } from './request';

export const PAGE_SIZE = 500;
const BACKOFF_START_MS = 1_000;
const BACKOFF_MAX_MS = 60_000;
const LIST_TIMEOUT_MS = 60_000;

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
export async function listAll<T>(fetchPage: PageFn<T>, pageSize = PAGE_SIZE, maxPages = MAX_PAGES, request = 'GET (list)'): Promise<KubeList<T>> {
  const items: T[] = [];
  let cont: string | undefined;
  let resourceVersion: string | undefined;
  const seen = new Set<string>();
  try {
    for (let pages = 1; ; pages++) {
      const page = await fetchPage({ limit: pageSize, _continue: cont });
      // One by one: a spread of an unpaged list (200,000 nodes) overflows the call stack.
      for (const item of page.items ?? []) items.push(item);
      resourceVersion ??= page.metadata?.resourceVersion;
      cont = page.metadata?._continue || page.metadata?.continue || undefined;
      if (!cont) break;
      if (seen.has(cont)) throw new UnexpectedAnswerError(request, `answered a continue token it had already sent (page ${pages}): the list would never end`);
      if (pages >= maxPages) throw new UnexpectedAnswerError(request, `still had more after ${maxPages} pages of ${pageSize}: the list would never end`);
      seen.add(cont);
    }
  } catch (err) {
    if (cont === undefined || httpStatus(err) !== 410) throw err;
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
  /** Accept header (`METADATA_ONLY` for metadata-only lists). */
  accept?: string;
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
        { keep, protobuf: opts.protobuf },
        { timeoutMs: LIST_TIMEOUT_MS, accept: opts.accept },
      ),
    opts.pageSize ?? PAGE_SIZE,
    MAX_PAGES,
    `GET ${path}`,
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
}

export class Informer<T extends { metadata?: { name?: string; namespace?: string } }> {
  private readonly lw: k8s.ListWatch<T & k8s.KubernetesObject>;
  private stopped = false;
  private retry?: NodeJS.Timeout;
  private backoff = BACKOFF_START_MS;
  private firstSync?: () => void;
  readonly ready: Promise<void>;

  constructor(
    kc: k8s.KubeConfig,
    readonly path: string,
    private readonly handlers: InformerHandlers<T>,
    opts: Omit<ListOptions<T>, 'query'> = {},
  ) {
    this.ready = new Promise((resolve) => (this.firstSync = resolve));
    const keep = opts.keep ?? ((item: T) => item);
    const listFn = async () => {
      const list = await listPath<T>(kc, path, { ...opts, keep });
      // A stop during the list must not start a watch.
      if (this.stopped) throw new StoppedError();
      return list as KubeList<T & k8s.KubernetesObject> as k8s.KubernetesListObject<T & k8s.KubernetesObject>;
    };
    const watching = () => {
      this.backoff = BACKOFF_START_MS;
      this.handlers.synced();
      this.firstSync?.();
    };
    this.lw = new k8s.ListWatch(path, new GuardedWatch(kc, () => this.stopped, watching, keep), listFn, false);
    this.lw.on(k8s.ADD, (o) => this.handlers.add(o));
    this.lw.on(k8s.UPDATE, (o) => this.handlers.update(o));
    this.lw.on(k8s.DELETE, (o) => this.handlers.delete(o));
    this.lw.on(k8s.ERROR, (err) => this.onError(err));
  }

  start(): Promise<void> {
    void this.lw.start().catch((err: unknown) => this.onError(err));
    return this.ready;
  }

  list(): readonly T[] {
    return this.lw.list();
  }

  stop(): void {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = undefined;
    this.firstSync?.();
    void this.lw.stop();
  }

  private onError(err: unknown): void {
    if (this.stopped || err instanceof StoppedError) return;
    const wait = this.backoff;
    this.backoff = Math.min(this.backoff * 2, BACKOFF_MAX_MS);
    this.handlers.error(err, wait);
    // The first sync failed: callers waiting on `ready` go on with what they have (nothing).
    this.firstSync?.();
    if (this.retry) clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (!this.stopped) void this.lw.start().catch((e: unknown) => this.onError(e));
    }, wait);
  }
}

class StoppedError extends Error {
  constructor() {
    super('informer stopped');
  }
}

/** client-node's Watch, except that a watch started after stop() is aborted at once, and objects are trimmed as they arrive. */
class GuardedWatch extends k8s.Watch {
  constructor(
    kc: k8s.KubeConfig,
    private readonly stopped: () => boolean,
    private readonly started: () => void,
    private readonly keep: (obj: any) => unknown,
  ) {
    super(kc);
  }

  override async watch(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    cb: (phase: string, apiObj: any, watchObj?: any) => void,
    done: (err: any) => void,
  ): Promise<AbortController> {
    if (this.stopped()) {
      const c = new AbortController();
      c.abort();
      return c;
    }
    let failed = false;
    // Watch events carry whole objects: keep what the list keeps (an ERROR event's Status has no metadata).
    const keepObject = (phase: string, apiObj: any, watchObj?: any) => cb(phase, phase === 'ERROR' || phase === 'BOOKMARK' ? apiObj : this.keep(apiObj), watchObj);
    const controller = await super.watch(path, query, keepObject, (err: unknown) => {
      if (err) failed = true;
      done(err);
    });
    if (this.stopped()) controller.abort();
    else if (!failed) this.started();
    return controller;
  }
}

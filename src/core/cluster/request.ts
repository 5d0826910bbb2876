// Raw JSON requests with the kubeconfig's TLS and credentials: one transport for the data layer's
// lists and for the doctor's reads and writes.
// - Lists of thousands of pods go through here, not through client-node's typed APIs and their
//   ObjectSerializer (1,100 pods on the local cluster: 0.6–0.95 s this way, 0.95–2.7 s typed, on a
//   loaded machine). Objects keep the wire form (times as strings), the form watch events have.
// - A read-modify-write keeps fields the typed models do not know (newer API versions).
import http from 'node:http';
import https from 'node:https';
import type * as k8s from '@kubernetes/client-node';

/** Default bound on one API request (not on watches). */
export const REQUEST_TIMEOUT_MS = 20_000;

export type Query = Record<string, string | number | undefined>;
export type KubeObject = Record<string, any>;

export interface RequestOptions {
  query?: Query;
  /** Sent as JSON. */
  body?: unknown;
  /** Content-Type of `body`; JSON by default (a merge patch sets `MERGE_PATCH`). */
  contentType?: string;
  timeoutMs?: number;
}

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
  constructor(
    /** `GET /api/v1/nodes`. */
    readonly request: string,
    /** What is wrong with the answer, e.g. "is not JSON". */
    readonly why: string,
  ) {
    super(`unexpected answer from the API server: ${request} ${why}`);
    this.name = 'UnexpectedAnswerError';
  }
}

/** What is wrong with a 2xx list answer, or undefined when it has the shape of a Kubernetes list (`items` of objects with metadata). */
export function listShapeProblem(value: unknown): string | undefined {
  // Every list a Kubernetes API server sends names its kind (NodeList, PodMetricsList…).
  const kind = (value as { kind?: unknown } | undefined)?.kind;
  if (typeof kind !== 'string' || !kind.endsWith('List')) return kind === undefined ? 'has no "kind" (a Kubernetes list has one, e.g. "PodList")' : 'has a "kind" that is not a list kind';
  const items = (value as { items?: unknown } | undefined)?.items;
  if (items === null) return undefined; // an empty list encoded from a nil slice
  if (!Array.isArray(items)) return items === undefined ? 'has no "items" list' : `has "items" that is not a list (${typeof items})`;
  for (let i = 0; i < items.length; i++) {
    if (!isObject(items[i]) || !isObject((items[i] as { metadata?: unknown }).metadata)) return `has item ${i} that is not an object with metadata`;
  }
  return undefined;
}

/** What is wrong with a 2xx answer for one named object, or undefined when it has object metadata. */
export function objectShapeProblem(value: unknown): string | undefined {
  const v = value as { metadata?: { name?: unknown }; items?: unknown; kind?: unknown } | undefined;
  if (!isObject(v?.metadata)) return 'is not a Kubernetes object (no metadata)';
  if (v.items !== undefined || (typeof v.kind === 'string' && v.kind.endsWith('List'))) return 'is a list, not one object';
  if (typeof v.metadata.name !== 'string' || !v.metadata.name) return 'is not a Kubernetes object (no metadata.name)';
  return undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Sends one request to the current cluster; resolves with the parsed JSON, rejects with KubeApiError for non-2xx answers. */
export async function kubeRequest<T = KubeObject>(kc: k8s.KubeConfig, method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const url = new URL(cluster.server.replace(/\/+$/, '') + path);
  for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
  const fetchOpts = await kc.applyToFetchOptions({});
  const headers: Record<string, string | number> = { Accept: 'application/json' };
  (fetchOpts.headers as unknown as Headers | undefined)?.forEach((value, key) => (headers[key] = value));
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  if (payload !== undefined) {
    headers['Content-Type'] = opts.contentType ?? 'application/json';
    headers['Content-Length'] = Buffer.byteLength(payload);
  }
  const timeoutMs = opts.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const what = `${method} ${url.pathname}`;
  return new Promise<T>((resolve, reject) => {
    const mod = url.protocol === 'http:' ? http : https;
    const req = mod.request(url, { method, agent: fetchOpts.agent as http.Agent | undefined, headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err) => reject(networkError(url, err)));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        let parsed: unknown;
        try {
          parsed = text ? JSON.parse(text) : {};
        } catch {
          parsed = undefined;
        }
        if (status >= 200 && status < 300) {
          if (isObject(parsed)) resolve(parsed as T);
          else reject(new UnexpectedAnswerError(what, parsed === undefined ? `answered ${status} with something that is not JSON` : `answered ${status} with JSON that is not an object`));
          return;
        }
        const body = isObject(parsed) ? parsed : {};
        const message = typeof body.message === 'string' ? body.message : `${what} answered ${status}${text ? ': ' + text.slice(0, 200).trim() : ''}`;
        reject(new KubeApiError(status, message, typeof body.reason === 'string' ? body.reason : undefined, text));
      });
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error(`${what} timed out after ${timeoutMs} ms`), { name: 'AbortError', type: 'aborted' })));
    req.on('error', (err) => reject((err as { name?: string }).name === 'AbortError' ? err : networkError(url, err)));
    if (payload !== undefined) req.write(payload);
    req.end();
  });
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
function networkError(url: URL, err: NodeJS.ErrnoException): Error {
  return Object.assign(new Error(`request to ${url.origin}${url.pathname} failed, reason: ${err.message}`), { code: err.code, type: 'system' });
}

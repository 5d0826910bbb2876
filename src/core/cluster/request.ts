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
        let parsed: KubeObject | undefined;
        try {
          parsed = text ? (JSON.parse(text) as KubeObject) : {};
        } catch {
          parsed = undefined;
        }
        if (status >= 200 && status < 300) {
          if (parsed) resolve(parsed as T);
          else reject(new Error(`${what}: the answer is not JSON`));
          return;
        }
        const message = typeof parsed?.message === 'string' ? parsed.message : `${what} answered ${status}${text ? ': ' + text.slice(0, 200).trim() : ''}`;
        reject(new KubeApiError(status, message, typeof parsed?.reason === 'string' ? parsed.reason : undefined, text));
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

/** The shape node-fetch gives network errors (problems.ts reads `code` and the URL in the message). */
function networkError(url: URL, err: NodeJS.ErrnoException): Error {
  return Object.assign(new Error(`request to ${url.origin}${url.pathname} failed, reason: ${err.message}`), { code: err.code, type: 'system' });
}

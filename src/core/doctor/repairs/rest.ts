// Raw JSON requests to the API server for the objects repairs read and write. Raw, not client-node's
// typed models: a read-modify-write must not drop fields the models do not know (newer API versions).
import * as http from 'node:http';
import * as https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import type { ObjectRef } from '../types';

/** An API server error response: `status` is the HTTP code, `message` the server's Status message. */
export class KubeRequestError extends Error {
  /** `body` is the raw response text, as in client-node's ApiException. */
  constructor(readonly status: number, message: string, readonly reason?: string, readonly body?: string) {
    super(message);
    this.name = 'KubeRequestError';
  }

  /** The name src/core/cluster/problems.ts (toProblem) reads HTTP statuses by. */
  get statusCode(): number {
    return this.status;
  }
}

const PLURALS: Record<string, { group: string; plural: string; namespaced: boolean }> = {
  Deployment: { group: 'apps/v1', plural: 'deployments', namespaced: true },
  ConfigMap: { group: 'v1', plural: 'configmaps', namespaced: true },
  ServiceAccount: { group: 'v1', plural: 'serviceaccounts', namespaced: true },
  Service: { group: 'v1', plural: 'services', namespaced: true },
  ClusterRole: { group: 'rbac.authorization.k8s.io/v1', plural: 'clusterroles', namespaced: false },
  ClusterRoleBinding: { group: 'rbac.authorization.k8s.io/v1', plural: 'clusterrolebindings', namespaced: false },
  Role: { group: 'rbac.authorization.k8s.io/v1', plural: 'roles', namespaced: true },
  RoleBinding: { group: 'rbac.authorization.k8s.io/v1', plural: 'rolebindings', namespaced: true },
  APIService: { group: 'apiregistration.k8s.io/v1', plural: 'apiservices', namespaced: false },
};

/** The REST path of an object (or of its collection when `collection` is set). */
export function objectPath(ref: ObjectRef, collection = false): string {
  const t = PLURALS[ref.kind];
  if (!t) throw new Error(`unsupported kind ${ref.kind}`);
  const base = t.group === 'v1' ? '/api/v1' : `/apis/${t.group}`;
  const ns = t.namespaced ? `/namespaces/${encodeURIComponent(ref.namespace ?? 'default')}` : '';
  return `${base}${ns}/${t.plural}${collection ? '' : '/' + encodeURIComponent(ref.name)}`;
}

export function apiVersionOf(kind: string): string {
  const t = PLURALS[kind];
  if (!t) throw new Error(`unsupported kind ${kind}`);
  return t.group;
}

export interface RequestOptions {
  query?: Record<string, string>;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export type KubeObject = Record<string, any>;

/** Sends one request; resolves with the parsed JSON body, rejects with KubeRequestError for non-2xx answers. */
export async function kubeRequest(kc: KubeConfig, method: string, path: string, opts: RequestOptions = {}): Promise<KubeObject> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const url = new URL(cluster.server.replace(/\/+$/, '') + path);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const options: https.RequestOptions = { method, headers: { Accept: 'application/json' } };
  await kc.applyToHTTPSOptions(options);
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  if (body !== undefined) options.headers = { ...options.headers, 'Content-Type': opts.contentType ?? 'application/json', 'Content-Length': Buffer.byteLength(body) };
  const mod = url.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    const req = mod.request(url, { ...options, signal: opts.signal, timeout: opts.timeoutMs ?? 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: KubeObject | undefined;
        try {
          parsed = text ? JSON.parse(text) : {};
        } catch {
          parsed = undefined;
        }
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300 && parsed) return resolve(parsed);
        const message = typeof parsed?.message === 'string' ? parsed.message : `${method} ${url.pathname}: HTTP ${status}${text ? ': ' + text.slice(0, 200).trim() : ''}`;
        reject(new KubeRequestError(status, message, parsed?.reason, text));
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url.pathname}: no answer from the API server within ${(opts.timeoutMs ?? 30_000) / 1000} s`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export const readObject = (kc: KubeConfig, ref: ObjectRef) => kubeRequest(kc, 'GET', objectPath(ref));

/** The object, or undefined when it does not exist (404). */
export async function readIfExists(kc: KubeConfig, ref: ObjectRef): Promise<KubeObject | undefined> {
  try {
    return await readObject(kc, ref);
  } catch (err) {
    if (err instanceof KubeRequestError && err.status === 404) return undefined;
    throw err;
  }
}

export const MERGE_PATCH = 'application/merge-patch+json';

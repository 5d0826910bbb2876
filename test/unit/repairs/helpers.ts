// The fake API server the repair tests share (objects by path; GET, merge PATCH with a resourceVersion
// precondition, POST, DELETE with a uid precondition; dry runs of each) and builders of the objects repairs read. Not a test file itself.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach } from 'node:test';
import { parse } from 'yaml';
import type { DoctorFinding } from '../../../src/core/doctor/types';
import { AUTOSCALING_DISCOVERY_PATH, AUTOSCALING_GROUP } from '../autoscalingDiscovery';

/** What a test may change: the cluster version /version answers, and whether creating an APIService fails. */
export const fake = { version: { major: '1', minor: '33', gitVersion: 'v1.33.13' }, failCreate: false };

export type Obj = Record<string, any>;
export const objects = new Map<string, Obj>();
export const requests: { method: string; path: string; query: string; body?: any }[] = [];
let rv = 100;

function applyMerge(target: any, patch: any): any {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out = target && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMerge(out[k], v);
  }
  return out;
}

function send(res: http.ServerResponse, code: number, body: unknown) {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

const status = (code: number, reason: string, message: string) => ({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message });

const server = http.createServer((req, res) => {
  let text = '';
  req.on('data', (c) => (text += c));
  req.on('end', () => {
    const url = new URL(req.url!, 'http://x');
    const body = text ? JSON.parse(text) : undefined;
    requests.push({ method: req.method!, path: url.pathname, query: url.search, body });
    const dry = url.searchParams.get('dryRun') === 'All';
    const path = decodeURIComponent(url.pathname);
    if (path === '/version') return send(res, 200, fake.version);
    if (path === AUTOSCALING_DISCOVERY_PATH) return send(res, 200, AUTOSCALING_GROUP);
    if (req.method === 'GET') {
      const obj = objects.get(path);
      if (obj) return send(res, 200, obj);
      const prefix = path + '/';
      const items = [...objects].filter(([p]) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/')).map(([, o]) => o);
      if (path === '/api/v1/nodes' || (path.endsWith('s') && items.length)) return send(res, 200, { kind: 'List', items });
      if (path === '/apis/apps/v1/deployments') return send(res, 200, { kind: 'List', items: [] });
      return send(res, 404, status(404, 'NotFound', `${path} not found`));
    }
    if (req.method === 'PATCH') {
      const obj = objects.get(path);
      if (!obj) return send(res, 404, status(404, 'NotFound', 'not found'));
      const want = body?.metadata?.resourceVersion;
      if (want && want !== obj.metadata.resourceVersion) {
        return send(res, 409, status(409, 'Conflict', 'Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again'));
      }
      const next = applyMerge(obj, body);
      next.metadata = { ...next.metadata, resourceVersion: dry ? obj.metadata.resourceVersion : String(++rv) };
      if (!dry) objects.set(path, next);
      return send(res, 200, next);
    }
    if (req.method === 'POST') {
      const p = `${path}/${body.metadata.name}`;
      if (objects.has(p)) return send(res, 409, status(409, 'AlreadyExists', `${body.metadata.name} already exists`));
      if (body.kind === 'APIService' && fake.failCreate) return send(res, 422, status(422, 'Invalid', 'APIService is invalid'));
      const created = { ...body, metadata: { ...body.metadata, resourceVersion: String(++rv), uid: `uid-${rv}` } };
      if (!dry) objects.set(p, created);
      return send(res, 201, created);
    }
    if (req.method === 'DELETE') {
      const obj = objects.get(path);
      if (!obj) return send(res, 404, status(404, 'NotFound', 'not found'));
      if (body?.preconditions?.uid && body.preconditions.uid !== obj.metadata.uid) return send(res, 409, status(409, 'Conflict', 'uid precondition'));
      if (!dry) objects.delete(path);
      return send(res, 200, { kind: 'Status', status: 'Success' });
    }
    send(res, 405, status(405, 'MethodNotAllowed', 'no'));
  });
});

/** The fake's KubeConfig, set by useFakeApiServer's before hook (a live binding: read it inside tests). */
export let kc: any;

/** Starts the fake for the calling test file and resets it before each test. */
export function useFakeApiServer(): void {
  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { KubeConfig } = await import('@kubernetes/client-node');
    kc = new KubeConfig();
    const port = (server.address() as AddressInfo).port;
    kc.loadFromOptions({
      clusters: [{ name: 'fake', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
      users: [{ name: 'u' }],
      contexts: [{ name: 'c', cluster: 'fake', user: 'u' }],
      currentContext: 'c',
    });
  });
  after(() => server.close());
  beforeEach(() => {
    objects.clear();
    requests.length = 0;
    fake.failCreate = false;
    fake.version = { major: '1', minor: '33', gitVersion: 'v1.33.13' };
  });
}

export const MS_PATH = '/apis/apps/v1/namespaces/kube-system/deployments/metrics-server';
export const CM = (name: string) => `/api/v1/namespaces/kube-system/configmaps/${name}`;

export function metricsServer(container: Obj, meta: Obj = {}): Obj {
  const d = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'metrics-server', namespace: 'kube-system', resourceVersion: '7', managedFields: [{ manager: 'kubectl' }], ...meta },
    spec: { template: { spec: { containers: [{ name: 'metrics-server', image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.2', ...container }] } } },
    status: { replicas: 1 },
  };
  objects.set(MS_PATH, d);
  return d;
}

export function configMap(name: string, data: Record<string, string>, meta: Obj = {}) {
  objects.set(CM(name), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'kube-system', resourceVersion: '11', ...meta }, data });
}

export function nodes(list: [string, string | undefined][]) {
  for (const [name, ip] of list) {
    objects.set(`/api/v1/nodes/${name}`, {
      kind: 'Node',
      metadata: { name },
      status: { addresses: [...(ip ? [{ type: 'InternalIP', address: ip }] : []), { type: 'Hostname', address: name }], conditions: [{ type: 'Ready', status: 'True' }] },
    });
  }
}

export const finding = (id: DoctorFinding['id']): DoctorFinding => ({ id, severity: 'error', message: '', evidence: [], explanation: '', docs: '', repairs: [] });
export const dns = finding('metrics-server-node-dns');
export const tls = finding('metrics-server-kubelet-tls');
export const container = (yaml: string) => parse(yaml).spec.template.spec.containers[0];

// A hand-written API server for the edge cases the real cluster cannot produce (malformed answers, an adapter's
// errors): `answer` gives each request its status and JSON body, `kc` points at the server with a placeholder token.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as k8s from '@kubernetes/client-node';

export interface FakeApi {
  kc: k8s.KubeConfig;
  /** Each request as `path?query`, in order. */
  requests: string[];
  close(): void;
}

export async function answeringApiServer(answer: (url: URL) => [number, unknown]): Promise<FakeApi> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '', 'http://x');
    requests.push(`${url.pathname}?${url.searchParams}`);
    const [code, body] = answer(url);
    res.writeHead(code, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'fake', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true }],
    users: [{ name: 'dev', token: 'not-a-real-token' }],
    contexts: [{ name: 'fake', cluster: 'fake', user: 'dev' }],
    currentContext: 'fake',
  });
  return { kc, requests, close: () => server.close() };
}

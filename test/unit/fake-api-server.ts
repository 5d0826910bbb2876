// A local HTTP server as a kubeconfig's cluster, for answers a real API server never gives (garbage, hostile lengths,
// refusals): test/cluster/ runs the real ones.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import * as k8s from '@kubernetes/client-node';

/** Runs `body` with a kubeconfig whose cluster is a local server answering with `handler`. */
export async function withServer(handler: (req: IncomingMessage, res: ServerResponse) => void, body: (kc: k8s.KubeConfig) => Promise<void>): Promise<void> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const port = (server.address() as { port: number }).port;
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
      users: [{ name: 'u' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    await body(kc);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

/** A promise and its resolve, for events a test waits on. */
export function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => undefined as void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

// When the watch events of one resource arrive (their times only; nothing is parsed), so the extension-host bench can
// say which idle phases a round of node status updates fell in: kwok's nodes report theirs in rounds, as kubelets do,
// and one round costs the view's data layer about as much as the target allows a 120 s phase.
// @ts-check
import https from 'node:https';
import * as k8s from '@kubernetes/client-node';

/**
 * Starts watching `path` (e.g. `/api/v1/nodes`) from its current resourceVersion (so not the synthetic ADDED events of
 * every object). `count(from, to)`: events that arrived between two times (epoch ms); undefined when the watch had
 * ended before `to` (the server closes watches after a while; the figure would be short).
 */
export async function watchEventTimes(kubeconfigPath, path) {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  /** @type {https.RequestOptions} */
  const opts = {};
  await kc.applyToHTTPSOptions(opts);
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error(`${kubeconfigPath}: no current cluster`);
  const list = await new Promise((resolve, reject) => {
    https
      .get(new URL(`${path}?limit=1`, server), opts, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(`GET ${path}: HTTP ${res.statusCode}`))));
      })
      .on('error', reject);
  });
  const times = [];
  let endedAt = Infinity;
  const url = new URL(`${path}?watch=1&allowWatchBookmarks=false&resourceVersion=${encodeURIComponent(list.metadata.resourceVersion)}`, server);
  const req = https.get(url, opts, (res) => {
    res.on('data', (chunk) => {
      const now = Date.now();
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) times.push(now);
    });
    res.on('close', () => (endedAt = Math.min(endedAt, Date.now())));
  });
  req.on('error', () => (endedAt = Math.min(endedAt, Date.now())));
  return {
    count: (from, to) => (to > endedAt ? undefined : times.filter((t) => t >= from && t < to).length),
    stop: () => req.destroy(),
  };
}

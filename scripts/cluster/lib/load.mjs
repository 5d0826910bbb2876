// What every scenario stands on: kwok's metrics configuration, the base objects, the simulated nodes,
// and the optional load pods of `--pods-per-node` (whose status this writes instead of kwok).
// @ts-check
import YAML from 'yaml';
import * as k8s from '@kubernetes/client-node';
import path from 'node:path';
import { apis, isNotFound, kubectl } from './process.mjs';
import { HERE, waitFor } from './state.mjs';

const NODE_CPU = '8';
const NODE_MEMORY = '32Gi';
const NODE_PODS = '110';
const LOAD_NAMESPACE = 'ksd-load';

function nodeName(i) {
  return `ksd-node-${i}`;
}

function nodeObject(name, i) {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'beta.kubernetes.io/arch': 'amd64',
        'node.kubernetes.io/instance-type': 'ksd.sim-8x32',
        type: 'kwok',
      },
      annotations: {
        'kwok.x-k8s.io/node': 'fake',
        'node.alpha.kubernetes.io/ttl': '0',
        // Where metrics-server scrapes this "kubelet": kwok serves it on its own port.
        'metrics.k8s.io/resource-metrics-path': `/metrics/nodes/${name}/metrics/resource`,
      },
    },
    spec: { podCIDR: `10.${64 + (i >> 8)}.${i & 255}.0/24` },
    status: {
      capacity: { cpu: NODE_CPU, memory: NODE_MEMORY, pods: NODE_PODS },
      allocatable: { cpu: NODE_CPU, memory: NODE_MEMORY, pods: NODE_PODS },
      // InternalIP reaches kwok on this machine; Hostname is the node name, which does not
      // resolve (like EC2/GKE node names seen from a pod with a broken DNS path).
      addresses: [
        { type: 'InternalIP', address: '127.0.0.1' },
        { type: 'Hostname', address: name },
      ],
      // The rest of nodeInfo is the kubelet's to report; kwok fills in what it simulates.
      nodeInfo: /** @type {k8s.V1NodeSystemInfo} */ ({ architecture: 'amd64', operatingSystem: 'linux' }),
    },
  };
}

async function pool(items, concurrency, fn) {
  let i = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (i < items.length) {
      const item = items[i++];
      await fn(item);
    }
  });
  await Promise.all(workers);
}

export async function ensureNodes(p, nodes, { log }) {
  const { core } = apis({ name: p.name });
  const list = await core.listNode({ labelSelector: 'type=kwok' });
  const existing = new Set(list.items.map((n) => n.metadata.name));
  const wanted = [];
  for (let i = 1; i <= nodes; i++) wanted.push(nodeName(i));
  const missing = wanted.filter((n) => !existing.has(n));
  const extra = [...existing].filter((n) => n.startsWith('ksd-node-') && !wanted.includes(n));
  if (missing.length) {
    log(`creating ${missing.length} node(s)`);
    await pool(missing, 16, async (n) => {
      const i = parseInt(n.slice('ksd-node-'.length), 10);
      try {
        await core.createNode({ body: nodeObject(n, i) });
      } catch (e) {
        if (!/AlreadyExists|409/.test(String(e.message || e.body))) throw e;
      }
    });
  }
  if (extra.length) {
    log(`deleting ${extra.length} extra node(s)`);
    await pool(extra, 16, async (n) => core.deleteNode({ name: n }).catch(() => {}));
  }
  await waitFor(
    `${nodes} nodes Ready`,
    async () => {
      const l = await core.listNode({ labelSelector: 'type=kwok' });
      const ready = l.items.filter((n) => (n.status?.conditions || []).some((c) => c.type === 'Ready' && c.status === 'True'));
      return ready.length >= nodes;
    },
    { timeoutMs: 60_000 + nodes * 100, intervalMs: 1000 },
  );
}

export function ensureBaseObjects(p) {
  kubectl(['apply', '-f', path.join(HERE, 'manifests', 'kwok-metrics.yaml'), '-f', path.join(HERE, 'manifests', 'base.yaml')], { name: p.name });
}

export async function ensureLoad(p, nodes, podsPerNode, { log }) {
  const total = nodes * podsPerNode;
  if (total <= 0) {
    kubectl(['delete', 'namespace', LOAD_NAMESPACE, '--ignore-not-found', '--wait=false'], { name: p.name, allowFail: true });
    return;
  }
  const per = 100;
  const count = Math.ceil(total / per);
  const docs = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: LOAD_NAMESPACE } }];
  for (let d = 0; d < count; d++) {
    const replicas = Math.min(per, total - d * per);
    const name = `filler-${String(d + 1).padStart(4, '0')}`;
    docs.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: LOAD_NAMESPACE, labels: { app: 'filler' } },
      spec: {
        replicas,
        selector: { matchLabels: { app: 'filler', filler: name } },
        template: {
          metadata: {
            labels: { app: 'filler', filler: name },
            annotations: { 'kwok.x-k8s.io/usage-cpu': '5m', 'kwok.x-k8s.io/usage-memory': '20Mi' },
          },
          spec: {
            containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '10m', memory: '32Mi' } } }],
          },
        },
      },
    });
  }
  log(`ensuring ${total} load pods (${count} Deployments in namespace ${LOAD_NAMESPACE})`);
  kubectl(['apply', '-f', '-'], { name: p.name, input: docs.map((d) => YAML.stringify(d)).join('---\n'), timeoutMs: 300_000 });
  const t0 = Date.now();
  await markLoadPodsRunning(p, total, { log });
  log(`load pods running after ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}

// kwok v0.7.0 runs every pod event through its stage selectors (gojq) on one goroutine. With 20,000
// pods it falls behind, the API server closes its pod watch as too slow (apiserver_terminated_watchers_total),
// and the re-list replays every pod: kwok never catches up and bound pods stay Pending. So kwok leaves the
// load pods' status alone (LOAD_POD_SELECTOR in the KwokConfiguration) and this sets it as kwok's pod-ready
// stage would. kwok still serves their metrics (it tracks every pod on its nodes). Scaling the load
// Deployments down would leave their pods Terminating: there is no kubelet to finish the deletion.
export const LOAD_POD_SELECTOR = 'app=filler';

async function markLoadPodsRunning(p, total, { log }) {
  const { core } = apis({ name: p.name });
  const mergePatch = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);
  let ip = 0;
  let marked = 0;
  const podIp = () => {
    const n = ip++;
    return `10.${128 + ((n >> 16) & 127)}.${(n >> 8) & 255}.${n & 255}`;
  };
  const markRunning = async (pod) => {
    const now = new Date().toISOString();
    const condition = (type) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: now });
    const address = podIp();
    const status = {
      phase: 'Running',
      conditions: [condition('Initialized'), condition('Ready'), condition('ContainersReady'), condition('PodScheduled')],
      hostIP: '127.0.0.1',
      hostIPs: [{ ip: '127.0.0.1' }],
      podIP: address,
      podIPs: [{ ip: address }],
      startTime: now,
      containerStatuses: pod.spec.containers.map((c) => ({ name: c.name, image: c.image, imageID: '', ready: true, started: true, restartCount: 0, state: { running: { startedAt: now } } })),
    };
    try {
      await core.patchNamespacedPodStatus({ name: pod.metadata.name, namespace: LOAD_NAMESPACE, body: { status } }, mergePatch);
      marked++;
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  };
  await waitFor(
    `${total} load pods Running in namespace ${LOAD_NAMESPACE}`,
    async () => {
      const bound = [];
      let _continue;
      do {
        const l = await core.listNamespacedPod({ namespace: LOAD_NAMESPACE, limit: 5000, _continue, fieldSelector: 'status.phase=Pending' });
        for (const pod of l.items) if (pod.spec?.nodeName) bound.push(pod);
        _continue = l.metadata?._continue;
      } while (_continue);
      await pool(bound, 16, markRunning);
      if (bound.length) log(`load pods: ${marked} marked Running`);
      const all = await core.listNamespacedPod({ namespace: LOAD_NAMESPACE, limit: 1 });
      const count = all.items.length + (all.metadata?.remainingItemCount ?? 0);
      const pending = await core.listNamespacedPod({ namespace: LOAD_NAMESPACE, limit: 1, fieldSelector: 'status.phase!=Running' });
      return count >= total && pending.items.length === 0;
    },
    { timeoutMs: 120_000 + total * 50, intervalMs: 5000 },
  );
}

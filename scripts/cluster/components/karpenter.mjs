// `--with karpenter`: the real Karpenter controllers with its KWOK cloud provider (sigs.k8s.io/karpenter/kwok at
// KARPENTER_VERSION, built from the Go module proxy by scripts/cluster/karpenter-build.sh), run as a local process
// against the cluster. It creates NodeClaims for pending pods and "launches" them as Node objects that the cluster's
// kwok-controller then runs (they carry kwok's annotation kwok.x-k8s.io/node=fake, like our own nodes).
// Installs the CRDs the KWOK chart ships (kwok/charts/crds: NodePool, NodeClaim, NodeOverlay, CapacityBuffer), the
// KWOKNodeClass CRD (kwok/apis/crds) and a Ready KWOKNodeClass `default`.
// @ts-check
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sourceDir } from '../../sources/upstream.mjs';
import { freePort, logTail, pidAlive, readPid, runBuildScript, stopPidFile } from '../lib/process.mjs';
import { HERE, VERSIONS, sleep } from '../lib/state.mjs';
import { crdNames } from './crds.mjs';

const HEALTHY_TIMEOUT_MS = 120_000;
/** The chart's defaults (kwok/charts/templates/deployment.yaml: the Lease is karpenter-leader-election); out of a pod
 * there is no namespace file, so the Lease's namespace is given: kube-system, where the getting-started guide installs it. */
export const LEADER_LEASE = Object.freeze({ namespace: 'kube-system', name: 'karpenter-leader-election' });
/** The KWOKNodeClass the scenarios' NodePools name, installed by start. */
export const DEFAULT_NODE_CLASS = 'default';

/** Where the CRDs live in the module: the KWOK chart's copies carry its extra validation (hack/kwok/requirements.sh). */
const CRD_FILES = Object.freeze([
  'kwok/charts/crds/karpenter.sh_nodepools.yaml',
  'kwok/charts/crds/karpenter.sh_nodeclaims.yaml',
  'kwok/charts/crds/karpenter.sh_nodeoverlays.yaml',
  'kwok/charts/crds/autoscaling.x-k8s.io_capacitybuffers.yaml',
  'kwok/apis/crds/karpenter.kwok.sh_kwoknodeclasses.yaml',
]);

/** @typedef {import('./index.mjs').ComponentContext} ComponentContext */

/** @param {ComponentContext} ctx */
function files(ctx) {
  const dir = path.join(ctx.paths.dir, 'components', 'karpenter');
  return {
    binary: path.join(ctx.cacheDir, 'bin', `karpenter-${ctx.versions.KARPENTER_VERSION}`, 'karpenter'),
    dir,
    ports: path.join(dir, 'ports.json'),
    pid: path.join(ctx.paths.pidsDir, 'ksd-karpenter.pid'),
    log: path.join(ctx.paths.logsDir, 'ksd-karpenter.log'),
  };
}

export function karpenterCrdPaths() {
  const dir = sourceDir('karpenter');
  return CRD_FILES.map((f) => {
    const p = path.join(dir, f);
    if (!fs.existsSync(p)) throw new Error(`karpenter: CRD file ${f} is missing from ${dir}: has the module moved it?`);
    return p;
  });
}

/**
 * The JSON lines of the log from a byte offset on (what one run of the process wrote); other lines are skipped.
 * @param {string} file
 * @param {number} offset
 * @returns {Record<string, any>[]}
 */
function logLines(file, offset) {
  let text;
  try {
    text = fs.readFileSync(file).subarray(offset).toString('utf8');
  } catch {
    return [];
  }
  return text.split('\n').flatMap((line) => {
    try {
      const v = JSON.parse(line);
      return v && typeof v === 'object' ? [v] : [];
    } catch {
      return [];
    }
  });
}

/** @type {import('./index.mjs').ClusterComponent} */
export default {
  name: 'karpenter',
  description: `Karpenter ${VERSIONS.KARPENTER_VERSION} (KWOK provider: launches kwok nodes) with its CRDs and a Ready KWOKNodeClass "default"`,

  async build(ctx) {
    const f = files(ctx);
    if (fs.existsSync(f.binary)) {
      ctx.log(`karpenter ${ctx.versions.KARPENTER_VERSION} present: ${f.binary}`);
      return;
    }
    await runBuildScript(path.join(HERE, 'karpenter-build.sh'), ctx);
    if (!fs.existsSync(f.binary)) throw new Error(`karpenter-build.sh finished but ${f.binary} is missing`);
  },

  async start(ctx) {
    const f = files(ctx);
    const crds = karpenterCrdPaths();
    // Server-side apply: the NodePool CRD is larger than the 256 KiB last-applied annotation allows.
    const applied = ctx.kubectl(['apply', '--server-side', '--force-conflicts', ...crds.flatMap((c) => ['-f', c])], { allowFail: true, timeoutMs: 120_000 });
    if (applied.code !== 0) throw new Error(`karpenter: installing its CRDs failed: ${applied.stderr.trim()}`);
    const established = ctx.kubectl(['wait', '--for=condition=Established', '--timeout=60s', ...crdNames(crds).map((n) => `crd/${n}`)], { allowFail: true, timeoutMs: 90_000 });
    if (established.code !== 0) throw new Error(`karpenter: its CRDs did not become Established: ${established.stderr.trim()}`);
    // Ready on creation: the KWOK provider has no NodeClass controller, and its CRD defaults status to Ready=True
    // (kwok/apis/v1alpha1/kwoknodeclass.go, +kubebuilder:default on Status).
    const nodeClass = { apiVersion: 'karpenter.kwok.sh/v1alpha1', kind: 'KWOKNodeClass', metadata: { name: DEFAULT_NODE_CLASS } };
    ctx.kubectl(['apply', '-f', '-'], { input: JSON.stringify(nodeClass) });

    const running = readPid(f.pid);
    if (pidAlive(running)) {
      ctx.log(`karpenter already running (pid ${running})`);
      return;
    }
    // Its metrics and health servers listen on all interfaces (":port"): free ports, so clusters side by side and
    // the other components never collide; the chart's 8080/8081 are often taken on a developer's machine.
    const ports = { metrics: await freePort(), health: await freePort() };
    fs.mkdirSync(f.dir, { recursive: true });
    fs.mkdirSync(ctx.paths.pidsDir, { recursive: true });
    fs.mkdirSync(ctx.paths.logsDir, { recursive: true });
    // Where this run's lines start in the (appended) log: waitHealthy looks for its lease there.
    const logOffset = fs.existsSync(f.log) ? fs.statSync(f.log).size : 0;
    fs.writeFileSync(f.ports, JSON.stringify({ ...ports, logOffset }, null, 2));
    // pkg/operator/options/options.go reads these; the values not given are the chart's defaults.
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? f.dir,
      KUBECONFIG: ctx.paths.kubeconfig,
      METRICS_PORT: String(ports.metrics),
      HEALTH_PROBE_PORT: String(ports.health),
      LEADER_ELECTION_NAMESPACE: LEADER_LEASE.namespace,
      LEADER_ELECTION_NAME: LEADER_LEASE.name,
      LOG_LEVEL: 'info',
      // A local process has no container limits: cap the Go heap so a busy machine's other jobs keep their memory.
      MEMORY_LIMIT: String(512 * 1024 * 1024),
    };
    const out = fs.openSync(f.log, 'a');
    const child = spawn(f.binary, [], { detached: true, stdio: ['ignore', out, out], cwd: f.dir, env });
    child.unref();
    fs.closeSync(out);
    fs.writeFileSync(f.pid, String(child.pid));
    ctx.log(`karpenter started (pid ${child.pid}, health 127.0.0.1:${ports.health}, metrics 127.0.0.1:${ports.metrics}, log ${f.log})`);
  },

  async waitHealthy(ctx) {
    const f = files(ctx);
    const { health, logOffset = 0 } = JSON.parse(fs.readFileSync(f.ports, 'utf8'));
    const deadline = Date.now() + HEALTHY_TIMEOUT_MS;
    for (;;) {
      const pid = readPid(f.pid);
      if (!pidAlive(pid)) throw new Error(`karpenter (pid ${pid}) exited before it was ready; ${f.log}:\n${logTail(f.log)}`);
      try {
        // readyz: its caches synced and the NodePool/NodeClaim kinds mapped (pkg/operator/operator.go).
        if ((await fetch(`http://127.0.0.1:${health}/readyz`)).status === 200) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`karpenter not ready within ${HEALTHY_TIMEOUT_MS / 1000}s (http://127.0.0.1:${health}/readyz); ${f.log}:\n${logTail(f.log)}`);
      await sleep(500);
    }
    // Its controllers start once it holds the Lease (its JSON log: "Successfully acquired lease" with the lock's name); a
    // Lease left by a killed run names the old holder until it expires (15 s), so the Lease object alone proves nothing.
    const lock = `${LEADER_LEASE.namespace}/${LEADER_LEASE.name}`;
    const leaseDeadline = Date.now() + HEALTHY_TIMEOUT_MS;
    while (!logLines(f.log, logOffset).some((l) => l.message === 'Successfully acquired lease' && l.lock === lock)) {
      if (!pidAlive(readPid(f.pid))) throw new Error(`karpenter exited before it led; ${f.log}:\n${logTail(f.log)}`);
      if (Date.now() > leaseDeadline) throw new Error(`karpenter did not acquire Lease ${lock} within ${HEALTHY_TIMEOUT_MS / 1000}s; ${f.log}:\n${logTail(f.log)}`);
      await sleep(500);
    }
    ctx.log(`karpenter ready (leader of Lease ${LEADER_LEASE.namespace}/${LEADER_LEASE.name})`);
  },

  async stop(ctx) {
    // SIGTERM: it releases its Lease on the way out (LeaderElectionReleaseOnCancel), so the next start leads at once.
    await stopPidFile(files(ctx).pid, { what: 'karpenter', log: ctx.log, graceMs: 15_000 });
  },
};

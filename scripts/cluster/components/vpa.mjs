// `--with vpa`: the Vertical Pod Autoscaler recommender (k8s.io/autoscaler/vertical-pod-autoscaler, pkg/recommender),
// built from the Go module proxy (scripts/vpa/build.sh) and run as a local process with the cluster's kubeconfig, as
// kubeconfig-based deployments of it run. It reads pod usage from metrics.k8s.io (the real metrics-server, which reads
// kwok's simulated usage) and writes each VerticalPodAutoscaler's status.recommendation and its checkpoints. Only the
// recommender: no updater (it would evict pods) and no admission controller (it would rewrite their requests), so a
// scenario's requests stay as written while the VPA object says what the recommender would set.
// It needs the VPA CRDs: start installs them the way the `crds` component does (one source: crdPaths).
// @ts-check
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort, logTail, pidAlive, readPid, runBuildScript, stopPidFile } from '../lib/process.mjs';
import { HERE, VERSIONS, sleep } from '../lib/state.mjs';
import { CRD_FILES } from './crds.mjs';
import { sourceDir } from '../../sources/upstream.mjs';

const HEALTHY_TIMEOUT_MS = 60_000;
/**
 * How often the recommender fetches metrics and writes recommendations (upstream default 1m): the local cluster's
 * metrics-server resolution is seconds, so a recommendation appears within a test's patience.
 */
export const RECOMMENDER_INTERVAL = '10s';

/** @typedef {import('./index.mjs').ComponentContext} ComponentContext */

/** @param {Pick<ComponentContext, 'paths' | 'cacheDir' | 'versions'>} ctx */
function files(ctx) {
  const dir = path.join(ctx.paths.dir, 'components', 'vpa');
  return {
    binary: path.join(ctx.cacheDir, 'bin', `vpa-${ctx.versions.VPA_VERSION}`, 'recommender'),
    dir,
    port: path.join(dir, 'port'),
    pid: path.join(ctx.paths.pidsDir, 'ksd-vpa.pid'),
    log: path.join(ctx.paths.logsDir, 'ksd-vpa.log'),
  };
}

/** The VPA CRD files of the pinned release (the crds component's list). */
const vpaCrdFiles = () => CRD_FILES.vpa.map((f) => path.join(sourceDir('vpa'), f));

/** @param {ReturnType<typeof files>} f */
async function healthy(f) {
  const port = fs.existsSync(f.port) ? fs.readFileSync(f.port, 'utf8').trim() : '';
  if (!port) return 'no port file';
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health-check`, { signal: AbortSignal.timeout(5000) });
    return res.ok ? 'ok' : `health-check answered ${res.status}`;
  } catch (e) {
    return `health-check: ${/** @type {Error} */ (e).message}`;
  }
}

/** @type {import('./index.mjs').ClusterComponent} */
export default {
  name: 'vpa',
  description: `Vertical Pod Autoscaler ${VERSIONS.VPA_VERSION} recommender (reads metrics.k8s.io, writes VPA recommendations; no updater)`,

  async build(ctx) {
    const f = files(ctx);
    if (fs.existsSync(f.binary)) {
      ctx.log(`vpa recommender ${ctx.versions.VPA_VERSION} present: ${f.binary}`);
      return;
    }
    ctx.log(`building the vpa recommender ${ctx.versions.VPA_VERSION} with scripts/vpa/build.sh (docs/benchmarks.md: cold build)`);
    await runBuildScript(path.join(HERE, '..', 'vpa', 'build.sh'), ctx);
    if (!fs.existsSync(f.binary)) throw new Error(`scripts/vpa/build.sh finished but ${f.binary} is missing`);
  },

  async start(ctx) {
    const f = files(ctx);
    fs.mkdirSync(f.dir, { recursive: true });
    fs.mkdirSync(ctx.paths.pidsDir, { recursive: true });
    fs.mkdirSync(ctx.paths.logsDir, { recursive: true });
    // Server-side apply, like the crds component: the CRD is larger than the last-applied annotation allows.
    const crds = ctx.kubectl(['apply', '--server-side', '--force-conflicts', ...vpaCrdFiles().flatMap((p) => ['-f', p])], { allowFail: true, timeoutMs: 120_000 });
    if (crds.code !== 0) throw new Error(`vpa: applying the VPA CRDs failed: ${crds.stderr.trim()}`);
    const established = ctx.kubectl(
      ['wait', '--for=condition=Established', '--timeout=60s', 'crd/verticalpodautoscalers.autoscaling.k8s.io', 'crd/verticalpodautoscalercheckpoints.autoscaling.k8s.io'],
      {
        allowFail: true,
        timeoutMs: 90_000,
      },
    );
    if (established.code !== 0) throw new Error(`vpa: the VPA CRDs did not become Established: ${established.stderr.trim()}`);
    const running = readPid(f.pid);
    if (pidAlive(running)) {
      ctx.log(`vpa recommender already running (pid ${running})`);
      return;
    }
    const port = await freePort();
    fs.writeFileSync(f.port, String(port));
    const args = [
      `--kubeconfig=${ctx.paths.kubeconfig}`,
      // Its Prometheus metrics and /health-check, on a loopback port of its own (upstream: :8942, one per machine).
      `--address=127.0.0.1:${port}`,
      `--recommender-interval=${RECOMMENDER_INTERVAL}`,
      '--v=2',
    ];
    const out = fs.openSync(f.log, 'a');
    const child = spawn(f.binary, args, { detached: true, stdio: ['ignore', out, out], cwd: f.dir });
    fs.closeSync(out);
    if (!child.pid) {
      const failed = await new Promise((resolve) => child.once('error', resolve));
      throw new Error(`vpa: could not start ${f.binary}: ${/** @type {Error} */ (failed).message}`);
    }
    child.unref();
    fs.writeFileSync(f.pid, String(child.pid));
    ctx.log(`vpa recommender started (pid ${child.pid}, metrics and health-check on http://127.0.0.1:${port}, log ${f.log})`);
  },

  async waitHealthy(ctx) {
    const f = files(ctx);
    const deadline = Date.now() + HEALTHY_TIMEOUT_MS;
    for (;;) {
      const pid = readPid(f.pid);
      if (!pidAlive(pid)) throw new Error(`vpa recommender (pid ${pid}) exited; ${f.log}:\n${logTail(f.log)}`);
      const state = await healthy(f);
      if (state === 'ok') break;
      if (Date.now() > deadline) throw new Error(`vpa recommender not healthy within ${HEALTHY_TIMEOUT_MS / 1000}s (${state}); ${f.log}:\n${logTail(f.log)}`);
      await sleep(1000);
    }
    ctx.log('vpa recommender ready');
  },

  async stop(ctx) {
    await stopPidFile(files(ctx).pid, { what: 'vpa recommender', log: ctx.log });
  },
};

// `--with coredns`: a real CoreDNS (the version kubeadm installs with the cluster's Kubernetes) serving
// kubeadm's Corefile on loopback, with the kubernetes plugin reading the local cluster's API server.
// @ts-check
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort, logTail, pidAlive, readPid, runBuildScript, stopPidFile } from '../lib/process.mjs';
import { HERE, VERSIONS, sleep } from '../lib/state.mjs';

const HEALTHY_TIMEOUT_MS = 60_000;

/** @typedef {import('./index.mjs').ComponentContext} ComponentContext */

/** @param {ComponentContext} ctx */
function files(ctx) {
  const dir = path.join(ctx.paths.dir, 'components', 'coredns');
  return {
    binary: path.join(ctx.cacheDir, 'bin', `coredns-${ctx.versions.COREDNS_VERSION}`, 'coredns'),
    dir,
    corefile: path.join(dir, 'Corefile'),
    ports: path.join(dir, 'ports.json'),
    pid: path.join(ctx.paths.pidsDir, 'ksd-coredns.pid'),
    log: path.join(ctx.paths.logsDir, 'ksd-coredns.log'),
  };
}

/**
 * kubeadm's Corefile (cmd/kubeadm/app/phases/addons/dns/manifests.go, v1.33) with the in-cluster
 * addresses moved to free loopback ports and the kubernetes plugin given the cluster's kubeconfig
 * (a local process has no service account), as test/cluster/coredns.test.mjs runs it.
 * @param {{dns: number, health: number, ready: number, metrics: number}} ports
 * @param {string} kubeconfig
 */
function corefile(ports, kubeconfig) {
  return `.:${ports.dns} {
    bind 127.0.0.1
    errors
    health 127.0.0.1:${ports.health} {
       lameduck 5s
    }
    ready 127.0.0.1:${ports.ready}
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       kubeconfig ${kubeconfig}
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus 127.0.0.1:${ports.metrics}
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
`;
}

/** @type {import('./index.mjs').ClusterComponent} */
export default {
  name: 'coredns',
  description: `CoreDNS ${VERSIONS.COREDNS_VERSION} on 127.0.0.1 serving kubeadm's Corefile against this cluster`,

  async build(ctx) {
    const f = files(ctx);
    if (fs.existsSync(f.binary)) {
      ctx.log(`coredns ${ctx.versions.COREDNS_VERSION} present: ${f.binary}`);
      return;
    }
    ctx.log(`building coredns ${ctx.versions.COREDNS_VERSION} with scripts/coredns/build.sh (about 10 min cold)`);
    await runBuildScript(path.join(HERE, '..', 'coredns', 'build.sh'), ctx);
    if (!fs.existsSync(f.binary)) throw new Error(`scripts/coredns/build.sh finished but ${f.binary} is missing`);
  },

  async start(ctx) {
    const f = files(ctx);
    const running = readPid(f.pid);
    if (pidAlive(running)) {
      ctx.log(`coredns already running (pid ${running})`);
      return;
    }
    const ports = { dns: await freePort(), health: await freePort(), ready: await freePort(), metrics: await freePort() };
    fs.mkdirSync(f.dir, { recursive: true });
    fs.mkdirSync(ctx.paths.pidsDir, { recursive: true });
    fs.mkdirSync(ctx.paths.logsDir, { recursive: true });
    fs.writeFileSync(f.corefile, corefile(ports, ctx.paths.kubeconfig));
    fs.writeFileSync(f.ports, JSON.stringify(ports, null, 2));
    const out = fs.openSync(f.log, 'a');
    const child = spawn(f.binary, ['-conf', f.corefile], { detached: true, stdio: ['ignore', out, out], cwd: f.dir });
    child.unref();
    fs.closeSync(out);
    fs.writeFileSync(f.pid, String(child.pid));
    ctx.log(`coredns started (pid ${child.pid}, DNS 127.0.0.1:${ports.dns}, Corefile ${f.corefile}, log ${f.log})`);
  },

  async waitHealthy(ctx) {
    const f = files(ctx);
    const { ready, dns } = JSON.parse(fs.readFileSync(f.ports, 'utf8'));
    const deadline = Date.now() + HEALTHY_TIMEOUT_MS;
    for (;;) {
      const pid = readPid(f.pid);
      if (!pidAlive(pid)) throw new Error(`coredns (pid ${pid}) exited before it was ready; ${f.log}:\n${logTail(f.log)}`);
      try {
        // The ready plugin answers 200 once every plugin (the kubernetes plugin: its first sync) is ready.
        if ((await fetch(`http://127.0.0.1:${ready}/ready`)).status === 200) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`coredns not ready within ${HEALTHY_TIMEOUT_MS / 1000}s (http://127.0.0.1:${ready}/ready); ${f.log}:\n${logTail(f.log)}`);
      await sleep(250);
    }
    ctx.log(`coredns ready: dig @127.0.0.1 -p ${dns} kubernetes.default.svc.cluster.local`);
  },

  async stop(ctx) {
    await stopPidFile(files(ctx).pid, { what: 'coredns', log: ctx.log });
  },
};

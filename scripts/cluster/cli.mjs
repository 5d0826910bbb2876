#!/usr/bin/env node
// npm run cluster -- up [--scenario NAME] [--nodes N] [--pods-per-node M] [--with NAME[,NAME]] [--profile NAME] [--apiserver-arg=--FLAG=VALUE]... [--name NAME]
// npm run cluster -- switch NAME
// npm run cluster -- down [--name NAME]
// npm run cluster -- status [--name NAME] [--json]
// npm run cluster -- build
// npm run cluster -- scenarios
// @ts-check
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { up, down, status, switchScenario, SCENARIOS, scenarioNames, HERE, DEFAULT_NAME, CACHE_DIR, PROFILES } from './lib.mjs';
import { componentNames, parseWith } from './components/index.mjs';

const USAGE = `usage: npm run cluster -- <command> [options]

commands:
  up        create or reuse the local cluster and bring it to a scenario; prints KUBECONFIG=<path> last
              --scenario NAME     one of: ${scenarioNames().join(', ')} (default healthy)
              --nodes N           simulated nodes (default 3)
              --pods-per-node M   extra load pods per node, for benchmarks (default 0)
              --with NAME[,NAME]  also build, start and wait for optional components: ${componentNames().join(', ')}
              --profile NAME      timings of a new control plane (an existing cluster keeps its own):
${Object.entries(PROFILES)
  .map(([n, p]) => `                    ${n.padEnd(8)} ${p.description}`)
  .join('\n')}
              --apiserver-arg=--FLAG=VALUE  an extra kube-apiserver flag of a new control plane (repeatable), e.g.
                                  --apiserver-arg=--runtime-config=autoscaling/v2=false; an existing cluster created
                                  with other flags is refused (\`down\` it first)
  switch    switch the running cluster to another scenario: switch NAME
  down      stop every process of the cluster (components too) and delete its state
  status    show what runs (--json for machine-readable output)
  build     build the pinned binaries into the cache (also done by up)
  scenarios list the scenarios

common options: --name NAME (cluster name, default ${DEFAULT_NAME}; env KSD_CLUSTER_NAME)
cache: ${CACHE_DIR} (env KSD_CACHE_DIR)`;

/**
 * `--key value`, `--key=value`, flags `--json`/`--help`; `--with` and `--apiserver-arg` may repeat (values collected).
 * @param {string[]} argv
 * @returns {{_: string[], with?: string[], 'apiserver-arg'?: string[], [option: string]: any}}
 */
function parse(argv) {
  /** @type {{_: string[], with?: string[], 'apiserver-arg'?: string[], [option: string]: any}} */
  const o = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) {
      o._.push(a);
      continue;
    }
    const key = m[1];
    if (key === 'json' || key === 'help') o[key] = true;
    else if (key === 'with' || key === 'apiserver-arg') (o[key] ||= []).push(m[2] ?? argv[++i] ?? '');
    else o[key] = m[2] !== undefined ? m[2] : argv[++i];
  }
  return o;
}

const log = (msg) => process.stderr.write(`[cluster] ${msg}\n`);

async function main() {
  const o = parse(process.argv.slice(2));
  const cmd = o._[0];
  const name = o.name || DEFAULT_NAME;
  if (!cmd || o.help) {
    console.log(USAGE);
    return cmd ? 0 : 2;
  }
  switch (cmd) {
    case 'up': {
      parseWith(o.with); // an unknown component fails here, before anything is built or started
      const r = await up({ scenario: o.scenario || 'healthy', nodes: o.nodes, podsPerNode: o['pods-per-node'], name, log, components: o.with, profile: o.profile, apiserverArgs: o['apiserver-arg'] });
      console.log(`KUBECONFIG=${r.kubeconfig}`);
      return 0;
    }
    case 'switch': {
      const scenario = o._[1] || o.scenario;
      if (!scenario) throw new Error('switch needs a scenario name');
      const st = await status({ name });
      if (!st.ready) throw new Error(`cluster "${name}" is not running; use: npm run cluster -- up --scenario ${scenario}`);
      await switchScenario(scenario, { name, log });
      console.log(`KUBECONFIG=${st.kubeconfig}`);
      return 0;
    }
    case 'down':
      await down({ name, log });
      return 0;
    case 'status': {
      const st = await status({ name });
      if (o.json) {
        console.log(JSON.stringify(st, null, 2));
        return st.ready ? 0 : 1;
      }
      if (!st.exists) {
        console.log(`cluster "${name}": not created (npm run cluster -- up)`);
        return 1;
      }
      console.log(
        `cluster "${name}": ${st.ready ? 'running' : 'NOT READY'}  scenario: ${st.scenario || '-'}  profile: ${st.profile || 'default'}  nodes: ${st.nodes ?? '-'}  pods-per-node: ${st.podsPerNode ?? '-'}`,
      );
      if (st.apiserverArgs.length) console.log(`kube-apiserver flags: ${st.apiserverArgs.join(' ')}`);
      console.log(`state dir: ${st.dir}`);
      for (const c of st.components) console.log(`  ${c.name.padEnd(26)} pid ${String(c.pid).padEnd(8)} ${c.alive ? 'running' : 'DEAD   '} ${c.rssMiB} MiB`);
      console.log(`  ${'metrics-server-runner'.padEnd(26)} pid ${String(st.runner.pid || '-').padEnd(8)} ${st.runner.alive ? 'running' : 'DEAD   '} ${st.runner.rssMiB} MiB`);
      if (st.metricsServer?.pod) {
        const ms = st.metricsServer;
        console.log(
          `  ${'metrics-server'.padEnd(26)} pid ${String(ms.pid || '-').padEnd(8)} ${ms.alive ? 'running' : 'EXITED '} ${ms.rssMiB} MiB  pod kube-system/${ms.pod} port ${ms.port} restarts ${ms.restarts}`,
        );
        console.log(`    args: ${ms.originalArgs.join(' ')}`);
        console.log(`    log:  ${ms.logFile}`);
      } else {
        console.log(`  metrics-server             not running (${st.metricsServer?.deployment === 'absent' ? 'no Deployment kube-system/metrics-server' : 'no running pod'})`);
      }
      console.log(`KUBECONFIG=${st.kubeconfig}`);
      return st.ready ? 0 : 1;
    }
    case 'build': {
      const r = spawnSync('bash', [path.join(HERE, 'build.sh')], { stdio: 'inherit' });
      return r.status ?? 1;
    }
    case 'scenarios':
      for (const [n, d] of Object.entries(SCENARIOS)) console.log(`${n.padEnd(22)} ${d.description}`);
      return 0;
    default:
      console.error(`unknown command "${cmd}"\n\n${USAGE}`);
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`[cluster] ERROR: ${e.message || e}\n`);
    process.exit(1);
  },
);

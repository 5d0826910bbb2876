// The public commands behind `npm run cluster -- up/down/status`: each strings the steps of the other
// lib/ modules together in order.
// @ts-check
import fs from 'node:fs';
import { componentContext, parseWith, startComponents, stopComponents } from '../components/index.mjs';
import { SCENARIOS, scenarioNames } from '../scenarios.mjs';
import { ensureBinaries } from './binaries.mjs';
import { apiserverReady, clusterExists, componentPids, destroyCluster, ensureControlPlane, parseApiserverArgs } from './kwok.mjs';
import { ensureBaseObjects, ensureLoad, ensureNodes } from './load.mjs';
import { pidAlive, readPid, rssKiB } from './process.mjs';
import { DEFAULT_PROFILE, profile as checkProfile } from './profiles.mjs';
import { runnerStatus, startRunner } from './runner.mjs';
import { switchScenario } from './scenarioSwitch.mjs';
import { DEFAULT_NAME, VERSIONS, defaultLog, paths, readState, writeState } from './state.mjs';

/**
 * Creates or reuses the cluster and brings it to `scenario`; resolves once the scenario shows.
 * `components` (`--with`): optional components (components/index.mjs) started once the scenario is ready.
 * `profile` (profiles.mjs): the timings of a newly created control plane; `test` for test suites.
 * `apiserverArgs` (`--apiserver-arg`): extra kube-apiserver flags, `--name=value` each, fixed at creation; an existing
 * cluster created with another set is refused (kwok.mjs checkApiserverArgs).
 * @param {{scenario?: string, nodes?: number | string, podsPerNode?: number | string, name?: string, log?: import('./state.mjs').Log, components?: string | string[], profile?: string, apiserverArgs?: string | string[]}} [options]
 */
export async function up({ scenario = 'healthy', nodes, podsPerNode = 0, name = DEFAULT_NAME, log = defaultLog, components, profile = DEFAULT_PROFILE, apiserverArgs } = {}) {
  const withComponents = parseWith(components);
  checkProfile(profile);
  const extraApiserverArgs = apiserverArgs === undefined ? [] : Array.isArray(apiserverArgs) ? apiserverArgs : [apiserverArgs];
  parseApiserverArgs(extraApiserverArgs); // a malformed flag fails here, before anything is built or started
  if (!SCENARIOS[scenario]) throw new Error(`unknown scenario "${scenario}"; known: ${scenarioNames().join(', ')}`);
  nodes = Number(nodes ?? SCENARIOS[scenario].nodes ?? 3);
  podsPerNode = Number(podsPerNode || 0);
  if (!Number.isInteger(nodes) || nodes < 1) throw new Error(`--nodes must be a positive integer (got ${nodes})`);
  if (!Number.isInteger(podsPerNode) || podsPerNode < 0 || podsPerNode > 100) throw new Error('--pods-per-node must be an integer between 0 and 100');
  const p = paths({ name });
  const t0 = Date.now();
  await ensureBinaries({ log });
  const how = await ensureControlPlane(p, { log, profileName: profile, apiserverArgs: extraApiserverArgs });
  ensureBaseObjects(p);
  await ensureNodes(p, nodes, { log });
  startRunner(p, { log });
  await ensureLoad(p, nodes, podsPerNode, { log });
  writeState(p, { nodes, podsPerNode, kubeconfig: p.kubeconfig, versions: VERSIONS });
  await switchScenario(scenario, { name, log });
  await startComponents(withComponents, componentContext({ name, log }));
  const seconds = (Date.now() - t0) / 1000;
  log(`cluster "${name}" ${how}, scenario "${scenario}", ${nodes} node(s), ${nodes * podsPerNode} load pod(s): up in ${seconds.toFixed(1)}s`);
  writeState(p, { lastUpSeconds: seconds });
  return { kubeconfig: p.kubeconfig, name, scenario, dir: p.dir, seconds, how };
}

/** @param {{name?: string, log?: import('./state.mjs').Log}} [options] */
export async function down({ name = DEFAULT_NAME, log = defaultLog } = {}) {
  const p = paths({ name });
  if (!fs.existsSync(p.dir)) {
    log(`cluster "${name}" does not exist`);
    return false;
  }
  await stopComponents(componentContext({ name, log }));
  await destroyCluster(p, { log });
  log(`cluster "${name}" deleted`);
  return true;
}

export async function status({ name = DEFAULT_NAME } = {}) {
  const p = paths({ name });
  const exists = clusterExists(p);
  const state = readState(p);
  const components = componentPids(p)
    .filter((c) => !c.name.startsWith('ksd-'))
    .map((c) => ({ ...c, rssMiB: Math.round(rssKiB(c.pid) / 1024) }));
  const runnerPid = readPid(p.runnerPid);
  const rs = runnerStatus({ name });
  const msPid = rs?.pid && pidAlive(rs.pid) ? rs.pid : 0;
  return {
    name,
    exists,
    ready: exists && apiserverReady(name),
    dir: p.dir,
    kubeconfig: exists ? p.kubeconfig : null,
    scenario: state.scenario || null,
    profile: state.profile ?? null,
    apiserverArgs: state.apiserverArgs ?? [],
    nodes: state.nodes ?? null,
    podsPerNode: state.podsPerNode ?? null,
    components,
    runner: { pid: runnerPid, alive: pidAlive(runnerPid), rssMiB: Math.round(rssKiB(runnerPid) / 1024) },
    metricsServer: rs ? { ...rs, alive: !!msPid, rssMiB: msPid ? Math.round(rssKiB(msPid) / 1024) : 0 } : null,
    versions: VERSIONS,
  };
}

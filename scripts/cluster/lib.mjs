// Local Kubernetes cluster for tests, demos and benchmarks: a real kube-apiserver, etcd,
// kube-controller-manager (HPA controller), kube-scheduler, kwok-simulated nodes and a real
// metrics-server that follows the `kube-system/metrics-server` Deployment.
//
// The facade: importers (cli.mjs, test/cluster, test/vscode/cluster.mjs, scripts/start.mjs, bench/)
// import only this file; the code lives in lib/, one module per step (see scripts/cluster/README.md).
//
// Public API (documented in scripts/cluster/README.md):
//   up({scenario, nodes, podsPerNode, name, log, components, profile, apiserverArgs}) -> {kubeconfig, name, scenario, dir}
//   down({name, log}), status({name}), switchScenario(scenario, {name, log, podsPerNode})
//   waitForScenario(scenario, {name}), kubeConfig({name}), kubectl(args, {name})
//   paths({name}), SCENARIOS, runnerStatus({name}), metricsServerLogs({name})
// @ts-check
export { SCENARIOS, scenarioNames } from './scenarios.mjs';
export { HERE, DEFAULT_NAME, CACHE_DIR, VERSIONS, paths, sleep, waitFor } from './lib/state.mjs';
export { BIN, binariesPresent, ensureBinaries } from './lib/binaries.mjs';
export { pidAlive, kubectl, kubeConfig, apis, isNotFound } from './lib/process.mjs';
export { runnerStatus, metricsServerLogs } from './lib/runner.mjs';
export { switchScenario, waitForScenario } from './lib/scenarioSwitch.mjs';
export { up, down, status } from './lib/commands.mjs';
export { PROFILES, profileNames } from './lib/profiles.mjs';

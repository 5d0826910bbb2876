// The local cluster for cluster-backed VS Code scenarios (explorer, live CodeLens, doctor): brought up once per
// run with scripts/cluster/lib.mjs `up` (reused when already running, as the test/cluster suites do), switched to
// each scenario's cluster scenario, and stopped after the last scenario unless KSD_KEEP_CLUSTER=1.
// The extension gets the kubeconfig through the user setting `kubeScalingDoctor.kubeconfig` (what a user would
// set); the suite also gets it as KSD_TEST_KUBECONFIG and the cluster name as KSD_TEST_CLUSTER.
import { down, kubectl, switchScenario, up } from '../../scripts/cluster/lib.mjs';

export const TEST_CLUSTER = process.env.KSD_TEST_CLUSTER || 'ksd-test';

let upOnce;
let used = false;

/**
 * The cluster in `scenario` (a name from `npm run cluster -- scenarios`). Returns what runScenario merges into
 * the code-server user settings and the extension host's environment.
 */
export async function clusterForScenario(scenario, log = (m) => process.stderr.write(`# [cluster] ${m}\n`)) {
  used = true;
  let kubeconfig;
  if (!upOnce) {
    upOnce = up({ scenario, name: TEST_CLUSTER, log, profile: 'test' });
    ({ kubeconfig } = await upOnce);
  } else {
    ({ kubeconfig } = await upOnce);
    await switchScenario(scenario, { name: TEST_CLUSTER, log });
  }
  return {
    kubeconfig,
    settings: { 'kubeScalingDoctor.kubeconfig': kubeconfig },
    env: { KSD_TEST_KUBECONFIG: kubeconfig, KSD_TEST_CLUSTER: TEST_CLUSTER, KSD_CLUSTER_SCENARIO: scenario },
  };
}

/** Switches the running test cluster to another scenario mid-run (a UI checkpoint of the launcher calls it). */
export async function switchClusterScenario(scenario, log = (m) => process.stderr.write(`# [cluster] ${m}\n`)) {
  await switchScenario(scenario, { name: TEST_CLUSTER, log });
}

/** Runs kubectl against the test cluster (a UI checkpoint of the launcher changes the cluster this way). */
export function clusterKubectl(args) {
  return kubectl(args, { name: TEST_CLUSTER });
}

/** Stops the cluster if a scenario used it (call once, after the last scenario). */
export async function releaseCluster() {
  if (!used || process.env.KSD_KEEP_CLUSTER === '1') return;
  await down({ name: TEST_CLUSTER, log: (m) => process.stderr.write(`# [cluster] ${m}\n`) });
}

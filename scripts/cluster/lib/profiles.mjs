// Timing profiles of a local cluster, fixed when its control plane is created (kept in its state):
// `default` runs upstream's timings (what users see on a real cluster), `test` the shortest loops the
// components accept, so that tests wait less for the same behaviour. See docs/cluster.md#timing-profiles.
// @ts-check

/**
 * @typedef {object} ClusterProfile
 * @property {string} description one line for the CLI usage
 * @property {Record<string, string>} controllerManagerArgs extra kube-controller-manager flags (name without `--`)
 * @property {Record<string, string>} metricsServerArgs metrics-server container args set on top of each scenario's
 */

/** @type {Record<string, ClusterProfile>} */
export const PROFILES = {
  default: {
    description: "upstream timings: the HPA controller's 15 s loop, metrics-server at the official manifest's 15 s",
    controllerManagerArgs: {},
    metricsServerArgs: {},
  },
  test: {
    description: 'shorter loops for tests: HPA sync every 5 s, metrics-server at its minimum resolution of 10 s',
    // kube-controller-manager accepts any positive period (no validation in v1.33's HPAControllerOptions).
    controllerManagerArgs: { 'horizontal-pod-autoscaler-sync-period': '5s' },
    // metrics-server v0.7.2 rejects a resolution under 10 s, and one whose 9/10 is below
    // --kubelet-request-timeout (default 10 s), so the timeout goes to 9 s with it.
    metricsServerArgs: { '--metric-resolution': '10s', '--kubelet-request-timeout': '9s' },
  },
};

export const DEFAULT_PROFILE = 'default';

export function profileNames() {
  return Object.keys(PROFILES);
}

/**
 * @param {string | undefined} name
 * @returns {ClusterProfile}
 */
export function profile(name) {
  const p = PROFILES[name ?? DEFAULT_PROFILE];
  if (!p) throw new Error(`unknown cluster profile "${name}"; known: ${profileNames().join(', ')}`);
  return p;
}

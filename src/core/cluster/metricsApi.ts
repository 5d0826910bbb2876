// The names of the resource metrics API (metrics.k8s.io/v1beta1, served by metrics-server), in one
// place for the data layer and the doctor. A leaf: metrics.ts and problems.ts both import it.
export const METRICS_GROUP = 'metrics.k8s.io';
export const METRICS_VERSION = 'v1beta1';
/** The APIService that registers it with the aggregation layer: `<version>.<group>`. */
export const METRICS_API_SERVICE = `${METRICS_VERSION}.${METRICS_GROUP}`;

// Loads the cluster code (clusterCode.ts: the Kubernetes client, the data layer, the doctor) on first use.
// The bundle keeps this require() as a run-time load of dist/extension-cluster.js (scripts/build.mjs).
import type * as ClusterCode from './clusterCode';
import { loadBundle } from '../core/missingBundle';

let loaded: typeof ClusterCode | undefined;

export function clusterCode(): typeof ClusterCode {
  // A missing bundle throws MissingBundleError (a broken install), which ClusterService shows as its problem().
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= loadBundle('extension-cluster.js', () => require('./clusterCode') as typeof ClusterCode);
  return loaded;
}

// The cluster code the extension runs: the Kubernetes client, the live data layer (core/cluster) and the
// doctor (core/doctor). Its own bundle (dist/extension-cluster.js, scripts/build.mjs), loaded through
// loadClusterCode.ts on the first use of the Cluster view, the doctor, the live CodeLens or the HPA panel,
// so activation stays small. No vscode here: only src/core.
export { clusterInfo, kubeconfigSource, loadKubeConfig } from '../core/cluster/connect';
export { readHpaEvents } from '../core/cluster/events';
export { readInstalledVersions } from '../core/cluster/installedVersions';
export { listNamespaces } from '../core/cluster/namespaces';
export { ClusterProblemError, toProblem } from '../core/cluster/problems';
export { ClusterSession } from '../core/cluster/session';
export { applyPlan, applyUndo, dryRun, planUndo, verifyRepair } from '../core/doctor/apply';
export { aggregatedApisServedBy, apiAnswers } from '../core/doctor/aggregatedApis';
export { diagnose } from '../core/doctor/diagnose';
export { readLiveHpaReplay, rescalesOf } from '../core/doctor/hpaReplayInputs';
export { shellQuote } from '../core/doctor/repairKit/metricsServerFlag';
export { readIfExists } from '../core/doctor/repairKit/rest';
export { canonicalRepairId, planRepair } from '../core/doctor/repairs/index';
export { registerBundle, setLocale } from '../core/l10n';

// VS Code scenario on the local cluster in scenario missing-requests (suite/fixManifest.ts): from the doctor's live
// hpa-missing-request finding to the workload's manifest in the workspace and its quick fix (issue 14: the live
// finding offered no way to the manifest). The steps run in the extension host; the launcher only starts them.
import { after, test } from 'node:test';
import { releaseCluster } from './cluster.mjs';
import { clusterOptions, runScenario } from './scenario.mjs';

after(() => releaseCluster(), { timeout: 180_000 });

test("VS Code (code-server 4.100.3): the doctor's hpa-missing-request finding opens the workload's manifest at its quick fix", clusterOptions, (t) =>
  runScenario(t, { scenario: 'fix-manifest', cluster: 'missing-requests' }),
);

// VS Code scenario on the local cluster in scenario hpa-replicas (suite/held.ts): the live CodeLens of an HPA whose
// load dropped says the count is held by the scale-down window, and until when, while the real HPA controller holds
// it (issue 18 item 2: `desired 1 · held at 4 by scale-down window until 14:32`). The steps run in the extension
// host; the launcher resets the scenario and checks the lens on screen.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { clusterForScenario, clusterKubectl, releaseCluster, switchClusterScenario } from './cluster.mjs';
import { clusterOptions, results, runScenario } from './scenario.mjs';

after(() => releaseCluster(), { timeout: 180_000 });

const TIMEOUT_MS = 480_000;

test('VS Code (code-server 4.100.3): the live CodeLens says the scale-down window holds an HPA count, and until when', { ...clusterOptions, timeout: TIMEOUT_MS + 300_000 }, async (t) => {
  // The scenario's own objects: an earlier file may have dropped drop's load, and a scenario switch keeps patched pods.
  // The controller forgets an HPA's recommendations only when a sync (5 s) finds it gone.
  await clusterForScenario('hpa-replicas');
  clusterKubectl(['delete', 'namespace', 'hpa-replicas', '--ignore-not-found', '--wait=true', '--timeout=120s']);
  await new Promise((r) => setTimeout(r, 11_000));
  await switchClusterScenario('hpa-replicas');
  await runScenario(t, {
    scenario: 'hpa-held',
    cluster: 'hpa-replicas',
    runTimeoutMs: TIMEOUT_MS,
    uiChecks: {
      'held-codelens': async (page, { syncDir }) => {
        const lens = page.locator('.codelens-decoration a', { hasText: /^desired 1 · held at 4 by scale-down window until \d\d:\d\d$/ }).first();
        await lens.waitFor({ state: 'visible', timeout: 170_000 });
        writeFileSync(join(syncDir, 'held-codelens.txt'), (await lens.textContent()) ?? '');
        await page.screenshot({ path: join(results, 'vscode-hpa-held-codelens.png') });
      },
    },
  });
});

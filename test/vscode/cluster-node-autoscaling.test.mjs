// VS Code scenario on the local cluster: the Cluster view's Node autoscaling group (suite/nodeAutoscaling.ts) in a real
// VS Code through scenario.mjs, on the real Karpenter (scenario karpenter-and-ca) and Cluster Autoscaler's recorded
// status (scenario ca-group-at-max). The launcher opens the rows as a user would and hands their aria-labels to the
// suite; with KSD_SCREENSHOTS=1 it saves docs/images/node-autoscaling-<theme>.png.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { releaseCluster, switchClusterScenario } from './cluster.mjs';
import { picture, PICTURES } from './pictures.mjs';
import { clusterOptions, results, runScenario } from './scenario.mjs';

after(() => releaseCluster(), { timeout: 180_000 });

const sidebarRows = (page) => page.$$eval('.part.sidebar .monaco-list-row', (els) => els.map((e) => e.getAttribute('aria-label') ?? ''));

/** Opens the row whose aria-label starts with `label`, unless it is open. */
async function open(page, label) {
  const row = page.locator(`.part.sidebar .monaco-list-row[aria-label^="${label}"]`).first();
  await row.waitFor({ timeout: 60_000 });
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
}

test('VS Code (code-server 4.100.3): the Cluster view shows NodePools, NodeClaims, node groups and who made each node', { ...clusterOptions, timeout: clusterOptions.timeout + 240_000 }, (t) =>
  runScenario(t, {
    scenario: 'node-autoscaling',
    cluster: 'karpenter-and-ca',
    runTimeoutMs: 480_000,
    uiChecks: {
      'node-autoscaling-karpenter': async (page, { syncDir }) => {
        const sidebar = page.locator('.part.sidebar');
        // Folded groups first (Pods, Autoscalers), so the node autoscaling rows fit beside the nodes.
        await open(page, 'Node autoscaling: ');
        await sidebar.locator('.monaco-list-row[aria-label^="NodeClaim "][aria-label*=": initialized; node "]').first().waitFor({ timeout: 60_000 });
        await sidebar.locator('.monaco-list-row[aria-label$="; made by Karpenter NodePool default"]').first().waitFor({ timeout: 60_000 });
        writeFileSync(join(syncDir, 'node-autoscaling-karpenter.json'), JSON.stringify(await sidebarRows(page)));
        await page.screenshot({ path: join(results, 'vscode-node-autoscaling-karpenter.png') });
        if (PICTURES) {
          // The picture shows the group: the pods of the new scenario's first scrape out of the way (a problem row
          // until metrics-server has them), and Nodes folded. Only for the picture, after the rows were read.
          await sidebar
            .locator('.monaco-list-row[aria-label^="Problem: "]')
            .first()
            .waitFor({ state: 'detached', timeout: 90_000 })
            .catch(() => undefined);
          const nodes = sidebar.locator('.monaco-list-row[aria-label^="Nodes: "]').first();
          if ((await nodes.getAttribute('aria-expanded')) === 'true') await nodes.click();
          await picture(page, 'node-autoscaling', sidebar.locator('.pane').first());
        }
      },
      'node-autoscaling-switch-ca': async () => {
        await switchClusterScenario('ca-group-at-max');
      },
      'node-autoscaling-ca': async (page, { syncDir }) => {
        const sidebar = page.locator('.part.sidebar');
        await open(page, 'Node autoscaling: ');
        await open(page, 'Cluster Autoscaler: ');
        await sidebar.locator('.monaco-list-row[aria-label^="Cluster Autoscaler node group eks-general-"]').first().waitFor({ timeout: 60_000 });
        writeFileSync(join(syncDir, 'node-autoscaling-ca.json'), JSON.stringify(await sidebarRows(page)));
        await page.screenshot({ path: join(results, 'vscode-node-autoscaling-ca.png') });
      },
    },
  }),
);

// VS Code in Simplified Chinese (code-server's --locale and a stand-in language pack: the marketplace's packs cannot be
// downloaded here): the extension's contributions, its Cluster view empty state, the status bar and the Doctor view's
// welcome speak Chinese, and the language client asks the server for zh-cn. No cluster: scripts/run-tests.mjs runs it
// while the cluster builds.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { picture } from './pictures.mjs';
import { options, results, runScenario } from './scenario.mjs';

test('VS Code (code-server 4.100.3) in zh-cn: Chinese contributions, Cluster view empty state and status bar', options, (t) =>
  runScenario(t, {
    scenario: 'locale',
    label: 'locale-zh-cn',
    locale: 'zh-cn',
    // A kubeconfig that does not exist: the Cluster view's empty state (the test process's KUBECONFIG stays out).
    settings: { 'kubeScalingDoctor.kubeconfig': '/nonexistent/ksd-locale-test/kubeconfig.yaml' },
    uiChecks: {
      'locale-cluster-view': async (page, { syncDir }) => {
        const sidebar = page.locator('.part.sidebar');
        await sidebar.locator('.monaco-list-row[aria-label="选择 kubeconfig 文件"]').first().waitFor({ timeout: 60_000 });
        const rows = await page.$$eval('.part.sidebar .monaco-list-row', (els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
        const viewTitles = await page.$$eval('.part.sidebar .pane-header .title', (els) => els.map((e) => e.textContent ?? ''));
        const statusBar = await page.$$eval('.part.statusbar [aria-label]', (els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
        const welcome = await page.$$eval('.part.sidebar .welcome-view-content', (els) => els.map((e) => e.textContent ?? ''));
        writeFileSync(join(syncDir, 'locale-cluster-view.json'), JSON.stringify({ rows, viewTitles, statusBar, welcome }));
        await page.screenshot({ path: join(results, 'vscode-locale-zh-cn-cluster-view.png') });
        await picture(page, 'cluster-view-zh-cn', sidebar);
      },
    },
  }),
);

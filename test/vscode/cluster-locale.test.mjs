// VS Code in Simplified Chinese on the local cluster (suite/doctorLocale.ts): the doctor, run from the Doctor view's
// welcome button, shows its x509 finding (cluster scenario metrics-server-tls) in Chinese: row, tooltip, repair row and
// the diagnostic on the workspace manifest. The no-cluster half (diagnostic, quick fix, Cluster view empty state) is
// locale.test.mjs; this file starts the cluster, so scripts/run-tests.mjs runs it with the other cluster-*.test.mjs.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { releaseCluster } from './cluster.mjs';
import { picture } from './pictures.mjs';
import { clusterOptions, results, runScenario } from './scenario.mjs';

after(() => releaseCluster(), { timeout: 180_000 });

const TIMEOUT_MS = 300_000;
const FINDING = 'metrics-server-kubelet-tls';
const REPAIR = 'metrics-server-skip-kubelet-tls-verify';

test('VS Code (code-server 4.100.3) in zh-cn: the Doctor view shows the metrics-server x509 finding in Chinese', { ...clusterOptions, timeout: TIMEOUT_MS + 300_000 }, (t) =>
  runScenario(t, {
    scenario: 'doctor-locale',
    label: 'doctor-zh-cn',
    locale: 'zh-cn',
    cluster: 'metrics-server-tls',
    runTimeoutMs: TIMEOUT_MS,
    uiChecks: {
      'doctor-zh-welcome': async (page) => {
        // The Doctor view ("诊断") before a run: its welcome content's button runs the doctor.
        const pane = page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: '诊断' }) });
        const button = pane.locator('.welcome-view-content .monaco-button', { hasText: '运行诊断' }).first();
        await button.waitFor({ timeout: 30_000 });
        await button.click();
      },
      'doctor-zh-finding': async (page, { syncDir }) => {
        const sidebar = page.locator('.part.sidebar');
        const row = sidebar.locator(`.monaco-list-row[aria-label*="${FINDING}"]`).first();
        await row.waitFor({ timeout: 30_000 });
        // The finding row starts expanded: its evidence, docs and repair rows below it.
        await sidebar.locator(`.monaco-list-row[aria-label*="${REPAIR}"]`).first().waitFor({ timeout: 30_000 });
        const rows = await page.$$eval('.part.sidebar .monaco-list-row', (els) =>
          els.map((e) => ({
            aria: e.getAttribute('aria-label') ?? '',
            label: e.querySelector('.label-name')?.textContent ?? '',
            description: e.querySelector('.label-description')?.textContent ?? '',
          })),
        );
        await page.screenshot({ path: join(results, 'vscode-doctor-zh-cn.png') });
        await picture(page, 'doctor-zh-cn', sidebar);
        // The tooltip as a user reads it: hover the row's label (a stale hover closed first).
        await page.mouse.move(900, 500);
        await page.keyboard.press('Escape');
        await row.locator('.label-name').hover();
        const hover = page.locator('.monaco-hover:visible, .workbench-hover:visible').first();
        await hover.waitFor({ timeout: 15_000 });
        const text = (await hover.innerText()) ?? '';
        writeFileSync(join(syncDir, 'doctor-zh-finding.json'), JSON.stringify({ rows, hover: text }));
        await page.screenshot({ path: join(results, 'vscode-doctor-zh-cn-tooltip.png') });
        await page.keyboard.press('Escape');
      },
    },
  }),
);

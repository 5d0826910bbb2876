// VS Code scenarios on the local cluster (cluster view, live CodeLens and HPA panel, Doctor view), each in a real
// VS Code through scenario.mjs; they share one local cluster (cluster.mjs). scripts/run-tests.mjs runs them once the
// cluster's binaries are built.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { clusterKubectl, releaseCluster, switchClusterScenario } from './cluster.mjs';
import { picture } from './pictures.mjs';
import { clusterOptions, results, runScenario } from './scenario.mjs';

// Cluster-backed scenarios share one local cluster; stop it after the last one (KSD_KEEP_CLUSTER=1 keeps it).
after(() => releaseCluster(), { timeout: 180_000 });

/** The rows of the sidebar's tree, as screen readers get them. */
const sidebarRows = (page) => page.$$eval('.part.sidebar .monaco-list-row', (els) => els.map((e) => e.getAttribute('aria-label') ?? ''));

test('VS Code (code-server 4.100.3): the cluster view shows live rows from the local cluster, and its unreachable state', clusterOptions, (t) =>
  runScenario(t, {
    scenario: 'explorer',
    cluster: 'healthy',
    uiChecks: {
      'explorer-rows': async (page, { syncDir }) => {
        const sidebar = page.locator('.part.sidebar');
        await sidebar.locator('.monaco-list-row[aria-label*="% of allocatable"]').first().waitFor({ timeout: 60_000 });
        await sidebar.locator('.monaco-list-row[aria-label^="HorizontalPodAutoscaler checkout in healthy"]').first().waitFor({ timeout: 60_000 });
        writeFileSync(join(syncDir, 'explorer-rows.json'), JSON.stringify(await sidebarRows(page)));
        const statusBar = await page.$$eval('.part.statusbar [aria-label]', (els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
        writeFileSync(join(syncDir, 'explorer-statusbar.json'), JSON.stringify(statusBar));
        await page.screenshot({ path: join(results, 'vscode-explorer-tree.png') });
      },
      'explorer-pods': async (page, { syncDir }) => {
        const sidebar = page.locator('.part.sidebar');
        // Open Pods → healthy → Deployment/web, as a user would.
        for (const label of ['Pods: ', 'Namespace healthy: ', 'Workload Deployment/web in healthy']) {
          const row = sidebar.locator(`.monaco-list-row[aria-label^="${label}"]`).first();
          await row.waitFor({ timeout: 30_000 });
          if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
        }
        await sidebar.locator('.monaco-list-row[aria-label^="Pod web-"]').first().waitFor({ timeout: 30_000 });
        // Pods' metrics are read once a namespace is open: the rows show usage after that read.
        await page.waitForFunction(
          () => {
            const rows = [...document.querySelectorAll('.part.sidebar .monaco-list-row')].map((e) => e.getAttribute('aria-label') ?? '').filter((l) => l.startsWith('Pod web-'));
            return rows.length > 0 && rows.every((l) => l.includes('% of request'));
          },
          undefined,
          { timeout: 60_000, polling: 200 },
        );
        writeFileSync(join(syncDir, 'explorer-pods.json'), JSON.stringify(await sidebarRows(page)));
        // What the row shows (label and description) beside what screen readers get, for the pod rows.
        const podRows = await page.$$eval('.part.sidebar .monaco-list-row[aria-label^="Pod "]', (els) =>
          els.map((e) => ({
            aria: e.getAttribute('aria-label') ?? '',
            label: e.querySelector('.label-name')?.textContent ?? '',
            description: e.querySelector('.label-description')?.textContent ?? '',
          })),
        );
        writeFileSync(join(syncDir, 'explorer-pod-rows.json'), JSON.stringify(podRows));
        await page.screenshot({ path: join(results, 'vscode-explorer-pods.png') });
        await picture(page, 'cluster-view', page.locator('.part.sidebar'));
      },
      'explorer-scale-web': async (page, { syncDir }) => {
        // A change in the cluster reaches the open rows through the watches: one more pod of Deployment web.
        const before = await page.locator('.part.sidebar .monaco-list-row[aria-label^="Pod web-"]').count();
        clusterKubectl(['scale', '-n', 'healthy', 'deployment/web', `--replicas=${before + 1}`]);
        await page.locator('.part.sidebar .monaco-list-row[aria-label^="Pod web-"]').nth(before).waitFor({ timeout: 60_000 });
        await page.locator(`.part.sidebar .monaco-list-row[aria-label^="Workload Deployment/web in healthy: ${before + 1} pods"]`).waitFor({ timeout: 30_000 });
        writeFileSync(join(syncDir, 'explorer-scale-web.json'), JSON.stringify(await sidebarRows(page)));
      },
      'explorer-pick-context': async (page) => {
        await openQuickPickRow(page, page.locator('.quick-input-widget .monaco-list-row', { hasText: 'closed-port' }).first(), '.part.statusbar [aria-label^="Kubernetes context "]');
        await page.locator('.quick-input-widget input').fill('closed-port');
        await page.keyboard.press('Enter');
        await page.locator('.part.statusbar [aria-label^="Kubernetes context closed-port"]').first().waitFor({ timeout: 30_000 });
        await page.locator('.part.sidebar .monaco-list-row[aria-label^="Problem: Cluster unreachable"]').first().waitFor({ timeout: 60_000 });
      },
      'explorer-pick-namespace': async (page) => {
        const row = page.locator('.quick-input-widget .monaco-list-row[aria-label="healthy"]').first();
        await openQuickPickRow(page, row, '.part.statusbar [aria-label^="Namespace "]');
        await page.locator('.quick-input-widget input').fill('healthy');
        await row.waitFor({ state: 'visible', timeout: 15_000 });
        await page.keyboard.press('Enter');
        await page.locator('.part.statusbar [aria-label^="Namespace healthy"]').first().waitFor({ timeout: 30_000 });
      },
      'explorer-switch-no-metrics': () => switchClusterScenario('no-metrics-server'),
      'explorer-no-metrics': async (page, { syncDir }) => {
        const sidebar = page.locator('.part.sidebar');
        await sidebar.locator('.monaco-list-row[aria-label^="Problem: Metrics API not installed"]').first().waitFor({ timeout: 60_000 });
        await sidebar.locator('.monaco-list-row[aria-label^="HorizontalPodAutoscaler web in no-metrics-server"]').first().waitFor({ timeout: 60_000 });
        writeFileSync(join(syncDir, 'explorer-no-metrics.json'), JSON.stringify(await sidebarRows(page)));
        await page.screenshot({ path: join(results, 'vscode-explorer-no-metrics.png') });
      },
      'explorer-unreachable': async (page, { syncDir }) => {
        const sidebar = page.locator('.part.sidebar');
        await sidebar.locator('.monaco-list-row[aria-label^="Problem: Cluster unreachable"]').first().waitFor({ timeout: 30_000 });
        await sidebar.locator('.monaco-list-row[aria-label="Run the Doctor"]').first().waitFor({ timeout: 10_000 });
        writeFileSync(join(syncDir, 'explorer-unreachable.json'), JSON.stringify(await sidebarRows(page)));
        await page.screenshot({ path: join(results, 'vscode-explorer-unreachable.png') });
      },
    },
  }),
);

/**
 * Waits for a row of the quick pick the suite opened. A quick pick closes when it loses focus, and on a loaded machine CI
 * saw its input or rows stay hidden for 30 s (the context pick, the namespace pick): then it is opened as a user would,
 * from its status bar item, up to twice more.
 */
async function openQuickPickRow(page, row, statusBarItem) {
  for (let attempt = 1; ; attempt++) {
    try {
      await row.waitFor({ state: 'visible', timeout: 15_000 });
      return;
    } catch (err) {
      if (attempt === 3) throw err;
      await page.keyboard.press('Escape');
      await page.locator(statusBarItem).first().click();
    }
  }
}

/** The frame (a webview's inner page) that has `selector`, polled until `timeoutMs`. */
async function frameWith(page, selector, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const f of page.frames()) if (await f.$(selector).catch(() => null)) return f;
    if (Date.now() > deadline) throw new Error(`no frame has ${selector}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const LIVE_TIMEOUT_MS = 600_000;

test('VS Code (code-server 4.100.3): live CodeLens on a workspace HPA from the local cluster, and its HPA panel with a chart', { ...clusterOptions, timeout: LIVE_TIMEOUT_MS + 180_000 }, (t) =>
  runScenario(t, {
    scenario: 'live',
    cluster: 'healthy',
    // Includes waiting up to 3 min for the HPA controller to bring checkout to maxReplicas after a scenario switch,
    // and up to 2 min for its new pods' first metrics samples.
    runTimeoutMs: LIVE_TIMEOUT_MS,
    uiChecks: {
      'live-codelens': async (page) => {
        const lens = page.locator('.codelens-decoration a', { hasText: /^live: \d+\/\d+ replicas/ }).first();
        await lens.waitFor({ state: 'visible', timeout: 60_000 });
        await page.screenshot({ path: join(results, 'vscode-live-codelens.png') });
        await lens.click();
      },
      'live-codelens-updated': async (page) => {
        await page
          .locator('.codelens-decoration a', { hasText: /^live: \d+\/7 replicas/ })
          .first()
          .waitFor({ state: 'visible', timeout: 60_000 });
      },
      'hpa-panel-checkout': async (page, { syncDir }) => {
        const frame = await frameWith(page, 'main[data-name="checkout"] #chart-replicas canvas');
        // The events table, once the first read finished.
        await frame.waitForFunction(() => /No events|Events of this HPA/.test(document.querySelector('#events')?.textContent ?? ''), undefined, { timeout: 30_000 });
        // The replayed decision once every pod of checkout has a metrics.k8s.io sample: right after the scale-up the
        // new pods have none yet (the replay then counts them as 0, as the controller does); the panel re-reads every 15 s.
        await frame.waitForFunction(() => /samples of 4 pods/.test(document.querySelector('#why')?.textContent ?? ''), undefined, { timeout: 120_000 });
        const seen = await frame.evaluate(() => ({
          summary: document.querySelector('#summary')?.textContent ?? '',
          reasons: [...document.querySelectorAll('#events tbody tr')].map((tr) => tr.children[1]?.textContent ?? ''),
          events: document.querySelector('#events')?.textContent ?? '',
          why: document.querySelector('#why .why-summary')?.textContent ?? '',
          chain: [...document.querySelectorAll('#why ol.chain li')].map((li) => li.textContent ?? ''),
          notes: [...document.querySelectorAll('#why .note')].map((p) => p.textContent ?? ''),
          rescales: [...document.querySelectorAll('#rescales tbody tr')].map((tr) => [...tr.children].slice(0, 3).map((td) => td.textContent ?? '')),
          sections: [...document.querySelectorAll('#app > section')].map((e) => e.id),
        }));
        writeFileSync(join(syncDir, 'hpa-panel-checkout.json'), JSON.stringify(seen));
        await page.screenshot({ path: join(results, 'vscode-live-hpa-panel-checkout.png') });
      },
      'tree-show-hpa': async (page) => {
        const row = page.locator('.part.sidebar .monaco-list-row[aria-label^="HorizontalPodAutoscaler web in healthy"]').first();
        await row.waitFor({ timeout: 60_000 });
        await row.hover();
        await row.locator('.action-label.codicon-graph-line').click();
        await page.screenshot({ path: join(results, 'vscode-live-tree-action.png') });
      },
      'hpa-panel': async (page) => {
        const frame = await frameWith(page, '#chart-replicas canvas');
        const seen = await frame.evaluate(() => ({
          plots: [...document.querySelectorAll('figure.chart .plot[role="img"]')].map((e) => e.getAttribute('aria-labelledby')),
          descriptions: [...document.querySelectorAll('figure.chart .desc')].map((e) => e.textContent),
          tables: document.querySelectorAll('figure.chart details.data table').length,
          conditions: document.querySelector('#conditions')?.textContent ?? '',
          summary: document.querySelector('#summary')?.textContent ?? '',
          sections: [...document.querySelectorAll('#app > section')].map((e) => e.id),
          since: [...document.querySelectorAll('#conditions tbody tr')].map((tr) => ({ text: tr.children[4]?.textContent ?? '', title: tr.children[4]?.getAttribute('title') ?? '' })),
        }));
        // The explanation first: the summary, why this count, conditions, rescales and events above the charts.
        assert.deepEqual(seen.sections, ['summary', 'why', 'conditions', 'rescales', 'events', 'charts']);
        // Metrics as kubectl get hpa prints TARGETS (`45%/50%`), not "45% of target 50%".
        assert.match(seen.summary, /cpu\s*(\d+|<unknown>)%?\/\d+%/);
        assert.doesNotMatch(seen.summary, /of target/);
        // Condition times are relative, with the local date and time (not a UTC timestamp) in the tooltip.
        assert.ok(seen.since.length > 0, JSON.stringify(seen));
        for (const c of seen.since) {
          assert.match(c.text, /^(just now|\d+[smhd] ago|in \d+[smhd])$/, JSON.stringify(c));
          assert.ok(c.title && !/\d{4}-\d\d-\d\dT\d\d:\d\d/.test(c.title), `tooltip is a local time: ${JSON.stringify(c)}`);
        }
        assert.equal(seen.plots.length, 3, `three charts with role=img: ${JSON.stringify(seen)}`);
        assert.match(seen.descriptions[0], /^Replicas over time since the panel opened, \d+ samples?\. Latest: current \d+/);
        assert.equal(seen.tables, 3, 'a data table per chart');
        assert.match(seen.conditions, /ScalingActive/);
        await page.screenshot({ path: join(results, 'vscode-live-hpa-panel.png') });
        await picture(page, 'hpa-panel', page.locator('.part.editor'));
      },
    },
  }),
);

// The doctor on a broken cluster: repairing takes a metrics-server restart and a scrape, hence the longer limit.
const DOCTOR_TIMEOUT_MS = 420_000;
const doctorRow = (page, label) => page.locator(`.part.sidebar .monaco-list-row[aria-label*="${label}"]`).first();

test('VS Code (code-server 4.100.3): the Doctor view finds metrics-server-node-dns, its repair button fixes it, undo restores it', { ...clusterOptions, timeout: DOCTOR_TIMEOUT_MS + 180_000 }, (t) =>
  runScenario(t, {
    scenario: 'doctor',
    cluster: 'metrics-server-dns',
    runTimeoutMs: DOCTOR_TIMEOUT_MS,
    uiChecks: {
      'doctor-welcome': async (page) => {
        const pane = page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: 'Doctor' }) });
        const welcome = pane.locator('.welcome-view-content').first();
        await welcome.waitFor({ timeout: 30_000 });
        assert.match(await welcome.innerText(), /The doctor checks the current cluster/);
        await page.screenshot({ path: join(results, 'vscode-doctor-welcome.png') });
        await welcome.locator('.monaco-button', { hasText: 'Run the Doctor' }).first().click();
      },
      'doctor-finding': async (page) => {
        await doctorRow(page, 'diagnosis metrics-server-node-dns').waitFor({ timeout: 30_000 });
        await doctorRow(page, 'Repair metrics-server-address-types').waitFor({ timeout: 30_000 });
        await page.screenshot({ path: join(results, 'vscode-doctor-finding.png') });
        await picture(page, 'doctor-finding', page.locator('.part.sidebar'));
      },
      // The repair row's inline button (the wrench), shown on hover.
      'click-repair': async (page) => {
        const row = doctorRow(page, 'Repair metrics-server-address-types');
        const button = row.locator('.actions .action-label[aria-label^="Repair"]').first();
        // A tooltip left open by an earlier hover can cover the row: move away and close it first.
        for (let attempt = 1; ; attempt++) {
          await page.mouse.move(900, 500);
          await page.keyboard.press('Escape');
          await page
            .locator('.context-view .monaco-hover')
            .first()
            .waitFor({ state: 'hidden', timeout: 5_000 })
            .catch(() => {});
          try {
            await row.hover({ timeout: 5_000 });
            await button.click({ timeout: 5_000 });
            return;
          } catch (err) {
            if (attempt === 3) throw err;
          }
        }
      },
      'diff-preview': async (page) => {
        await page.locator('.monaco-diff-editor').first().waitFor({ state: 'visible', timeout: 30_000 });
        await page.screenshot({ path: join(results, 'vscode-doctor-diff-preview.png') });
        await picture(page, 'repair-diff', page.locator('.part.editor'));
      },
      'finding-cleared': async (page) => {
        await doctorRow(page, 'diagnosis metrics-server-node-dns').waitFor({ state: 'detached', timeout: 30_000 });
        await page.screenshot({ path: join(results, 'vscode-doctor-cleared.png') });
      },
      'doctor-unreachable': async (page) => {
        await doctorRow(page, 'could not check everything').waitFor({ timeout: 30_000 });
        assert.equal(await page.locator('.part.sidebar .monaco-list-row[aria-label*="diagnosis "]').count(), 0, 'no finding rows of the old context');
        const header = page.locator('.part.sidebar .pane-header', { hasText: 'Doctor' }).first();
        await header.filter({ hasText: 'gone · 0 findings' }).waitFor({ timeout: 10_000 });
        await page.screenshot({ path: join(results, 'vscode-doctor-unreachable.png') });
      },
    },
  }),
);

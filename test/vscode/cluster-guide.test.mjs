// The first minutes of a user in a real VS Code (code-server), on the local cluster (cluster.mjs): the guided start,
// each step checked off by doing it, the empty states' next steps, and the repair flow answered on screen (no modal
// over the diff, Apply/Cancel in the diff's title bar, the secure choice first). Run by scripts/run-tests.mjs once
// the cluster's binaries are built.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { releaseCluster } from './cluster.mjs';
import { clusterOptions, results, runScenario } from './scenario.mjs';

after(() => releaseCluster(), { timeout: 180_000 });

const sidebarRows = (page) => page.$$eval('.part.sidebar .monaco-list-row', (els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
const step = (page, id) => page.locator(`button.getting-started-step[data-step-id$="#${id}"]`).first();
const STEPS = ['openExample', 'applyQuickFix', 'openClusterView', 'runDoctor'];

/** Waits until the walkthrough shows exactly the steps `done` as checked. */
async function stepsChecked(page, done) {
  await step(page, STEPS[0]).waitFor({ timeout: 30_000 });
  for (const id of STEPS) {
    await page
      .locator(`button.getting-started-step[data-step-id$="#${id}"][aria-checked="${done.includes(id)}"]`)
      .first()
      .waitFor({ timeout: 30_000 });
  }
}

/** Clicks the button a step's description links (the step is expanded first). */
async function clickStepButton(page, id, name) {
  // exact: the step's own header ("Open the Cluster view") would match the button's name otherwise.
  const button = page.locator('.gettingStartedContainer').getByRole('button', { name, exact: true }).first();
  // Clicking a step's header selects it (and would collapse the one already open): only when its button is hidden.
  if (!(await button.isVisible())) await step(page, id).click();
  await button.click();
}

/** The buttons of the notification whose text matches, left to right. */
async function toastButtons(page, text) {
  const toast = page.locator('.notifications-toasts .notification-list-item', { hasText: text }).first();
  await toast.waitFor({ timeout: 30_000 });
  return { toast, labels: await toast.locator('.monaco-button').allInnerTexts() };
}

const noModal = async (page) => assert.equal(await page.locator('.monaco-dialog-box').count(), 0, 'no modal dialog');

/** Apply/Cancel in the diff editor's title bar (their aria-labels are the command titles). */
async function diffTitleAction(page, title) {
  await page.locator('.monaco-diff-editor').first().waitFor({ state: 'visible', timeout: 30_000 });
  const action = page.locator(`.editor-actions .action-label[aria-label^="${title}"]`).first();
  await action.waitFor({ state: 'visible', timeout: 30_000 });
  return action;
}

const GUIDE_TIMEOUT_MS = 300_000;

test(
  'VS Code (code-server 4.100.3): the guided start opens by itself and checks off each step as it is done; empty states offer their next steps',
  { ...clusterOptions, timeout: GUIDE_TIMEOUT_MS + 180_000 },
  (t) =>
    runScenario(t, {
      scenario: 'guide',
      cluster: 'metrics-server-dns',
      runTimeoutMs: GUIDE_TIMEOUT_MS,
      // As npm start writes them; no kubeconfig at first (the suite chooses the cluster's later).
      settings: { 'kubeScalingDoctor.walkthrough.openOnStartup': true, 'kubeScalingDoctor.kubeconfig': '' },
      env: { KUBECONFIG: '/nonexistent/ksd-guide-kubeconfig.yaml' },
      uiChecks: {
        'guide-walkthrough': async (page) => {
          await page.locator('.gettingStartedContainer', { hasText: 'Get Started with Scaling Doctor' }).first().waitFor({ timeout: 30_000 });
          await stepsChecked(page, []);
          await page.screenshot({ path: join(results, 'vscode-guide-walkthrough.png') });
          await clickStepButton(page, 'openExample', 'Open the Example');
        },
        'guide-step-openExample': (page) => stepsChecked(page, ['openExample']),
        'guide-step-applyQuickFix': (page) => stepsChecked(page, ['openExample', 'applyQuickFix']),
        'guide-cluster-view': async (page, { syncDir }) => {
          await clickStepButton(page, 'openClusterView', 'Open the Cluster View');
          const sidebar = page.locator('.part.sidebar');
          await sidebar.locator('.monaco-list-row[aria-label^="Problem: No kubeconfig found"]').first().waitFor({ timeout: 30_000 });
          // Its next steps are rows under it (the row used to be expanded with no children).
          for (const label of ['Choose a kubeconfig file', 'Start the local cluster', 'Switch context']) {
            await sidebar.locator(`.monaco-list-row[aria-label="${label}"]`).first().waitFor({ timeout: 30_000 });
          }
          const rows = await sidebarRows(page);
          writeFileSync(join(syncDir, 'guide-cluster-view.json'), JSON.stringify(rows));
          assert.ok(!rows.some((r) => r.includes('--kubeconfig')), `no CLI flag told to a VS Code user: ${rows.join(' | ')}`);
          await page.screenshot({ path: join(results, 'vscode-guide-no-kubeconfig.png') });
          await stepsChecked(page, ['openExample', 'applyQuickFix', 'openClusterView']);
        },
        'guide-doctor-no-cluster': async (page) => {
          const pane = page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: 'Doctor' }) });
          const welcome = pane.locator('.welcome-view-content').first();
          await welcome.filter({ hasText: 'No cluster to diagnose' }).waitFor({ timeout: 30_000 });
          for (const name of ['Choose a Kubeconfig File', 'Start the Local Cluster']) await welcome.locator('.monaco-button', { hasText: name }).first().waitFor({ timeout: 10_000 });
          const toasts = await page.locator('.notifications-toasts .notification-list-item').allInnerTexts();
          assert.deepEqual(
            toasts.filter((x) => /kubeconfig|Scaling Doctor/i.test(x)),
            [],
            'the next steps are in the view, not in error toasts',
          );
          await page.screenshot({ path: join(results, 'vscode-guide-doctor-no-cluster.png') });
        },
        'guide-step-runDoctor': async (page) => {
          await stepsChecked(page, STEPS);
          await page.screenshot({ path: join(results, 'vscode-guide-done.png') });
        },
      },
    }),
);

const REPAIR_TIMEOUT_MS = 420_000;
const SECURE_REPAIR = /^Use "Make metrics-server connect to kubelets by InternalIP/;

test(
  "VS Code (code-server 4.100.3): a repair is confirmed from the diff's title bar (no modal), Cancel writes nothing, Apply and Undo wait for the rollout; the secure choice comes first",
  { ...clusterOptions, timeout: REPAIR_TIMEOUT_MS + 180_000 },
  (t) =>
    runScenario(t, {
      scenario: 'repair-ui',
      cluster: 'metrics-server-dns',
      runTimeoutMs: REPAIR_TIMEOUT_MS,
      uiChecks: {
        'repair-cancel': async (page) => {
          const cancel = await diffTitleAction(page, 'Cancel: Write Nothing');
          await diffTitleAction(page, 'Apply the Change Shown');
          await noModal(page);
          await page.locator('.notifications-toasts .notification-list-item', { hasText: 'title bar' }).first().waitFor({ timeout: 10_000 });
          await page.screenshot({ path: join(results, 'vscode-repair-confirm.png') });
          await cancel.click();
        },
        'repair-apply': async (page) => {
          const apply = await diffTitleAction(page, 'Apply the Change Shown');
          await noModal(page);
          await apply.click();
        },
        'repair-waiting': async (page) => {
          const row = page.locator('.part.sidebar .monaco-list-row[aria-label^="Waiting: "]').first();
          await row.waitFor({ timeout: 30_000 });
          const header = await page.locator('.part.sidebar .pane-header', { hasText: 'Doctor' }).first().innerText();
          assert.doesNotMatch(header, /0 findings/);
          await page.screenshot({ path: join(results, 'vscode-repair-waiting.png') });
        },
        'undo-apply': async (page) => {
          const apply = await diffTitleAction(page, 'Apply the Change Shown');
          await noModal(page);
          await apply.click();
        },
        'insecure-with-secure-repair': async (page) => {
          const { toast, labels } = await toastButtons(page, 'is insecure');
          await noModal(page);
          assert.equal(labels.length, 3, labels.join(' | '));
          assert.match(labels[0], SECURE_REPAIR, 'the secure repair first');
          assert.equal(labels[1], 'Cancel');
          assert.match(labels[2], /--kubelet-insecure-tls\) \(insecure\)$/, 'the insecure flag last');
          assert.ok(!labels.some((l) => l.startsWith('Use Make')), labels.join(' | '));
          await page.screenshot({ path: join(results, 'vscode-repair-insecure-warning.png') });
          await toast.locator('.monaco-button', { hasText: 'Cancel' }).first().click();
        },
        'insecure-tls-only': async (page) => {
          const { toast, labels } = await toastButtons(page, 'is insecure');
          assert.equal(labels[0], 'Set up kubelet serving certificates (secure)');
          assert.equal(labels[1], 'Cancel');
          await toast.locator('.monaco-button', { hasText: 'Set up kubelet serving certificates' }).first().click();
        },
      },
    }),
);

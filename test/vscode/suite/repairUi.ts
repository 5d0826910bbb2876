// Scenario "repair-ui" (fixture test/fixtures/vscode/repair-ui, the local cluster in scenario metrics-server-dns):
// the repair flow as a user answers it on screen, with VS Code's own DoctorUi (no scripted answers). The launcher
// checks that no modal dialog covers the diff, that Apply and Cancel are in the diff's title bar, and clicks them;
// that the insecure warning lists the secure choice first, Cancel, the insecure flag last. The suite checks what
// each answer did: Cancel writes nothing, the diff is closed when the flow ends, Apply and Undo wait for the
// rollout (a "waiting" row in the Doctor view) before the doctor runs again.
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import * as vscode from 'vscode';
import type { DoctorApi } from '../../../src/extension/doctor/index';
import { PREVIEW_SCHEME } from '../../../src/extension/doctor/preview';
import type { RepairOutcome, UndoOutcome } from '../../../src/extension/doctor/repairFlow';
import { REPAIR_OFFERS } from '../../../src/core/doctor/repairs/index';
import type { DoctorFinding } from '../../../src/core/doctor/types';
import { activatedDoctor, log, runSteps, uiCheckpoint, waitFor } from './harness';

const FINDING = 'metrics-server-node-dns';
const REPAIR = 'metrics-server-address-types';
const INSECURE = 'metrics-server-skip-kubelet-tls-verify';
const FIXED_FLAG = '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname';
const BROKEN_FLAG = '--kubelet-preferred-address-types=Hostname';

const previewDiffOpen = () => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === PREVIEW_SCHEME));

export async function repairUiScenario(): Promise<void> {
  let doctor: DoctorApi;
  let apps: k8s.AppsV1Api;
  let finding: DoctorFinding;
  let undoId = '';
  const args = async () => (await apps.readNamespacedDeployment({ name: 'metrics-server', namespace: 'kube-system' })).spec?.template.spec?.containers[0].args ?? [];

  await runSteps([
    {
      name: 'the doctor reports the DNS finding with its repair (VS Code answers questions on screen)',
      fn: async () => {
        doctor = (await activatedDoctor()).doctor;
        doctor.setUi(undefined);
        const kc = new k8s.KubeConfig();
        kc.loadFromFile(process.env.KSD_TEST_KUBECONFIG!);
        apps = kc.makeApiClient(k8s.AppsV1Api);
        assert.ok((await args()).includes(BROKEN_FLAG), 'the cluster runs scenario metrics-server-dns');
        finding = await waitFor(
          `the doctor to report ${FINDING}`,
          async () => (await vscode.commands.executeCommand<ReturnType<DoctorApi['lastRun']>>('kube-scaling-doctor.runDoctor', FINDING))?.findings.find((f) => f.id === FINDING),
          120_000,
        );
      },
    },
    {
      name: "Cancel in the diff's title bar: nothing written, the diff closed",
      fn: async () => {
        const outcome = vscode.commands.executeCommand<RepairOutcome>('kube-scaling-doctor.repair', finding, REPAIR);
        const q = await waitFor('the confirmation of the diff', () => doctor.pendingConfirmation(), 60_000);
        assert.equal(q.kind, 'confirm-apply');
        assert.ok(previewDiffOpen(), 'the diff is open while the question waits');
        // The launcher: no modal dialog, Apply and Cancel in the diff's title bar, clicks Cancel.
        await uiCheckpoint('repair-cancel');
        assert.deepEqual(await outcome, { status: 'cancelled', step: 'confirm-apply' });
        assert.ok(!previewDiffOpen(), 'the diff is closed');
        assert.ok((await args()).includes(BROKEN_FLAG), 'nothing was written');
      },
    },
    {
      name: "Apply in the diff's title bar: written, the diff closed, the view waits for the rollout, then the finding is gone",
      fn: async () => {
        const outcome = vscode.commands.executeCommand<RepairOutcome>('kube-scaling-doctor.repair', finding, REPAIR);
        await waitFor('the confirmation of the diff', () => doctor.pendingConfirmation(), 60_000);
        const before = doctor.waitedFor().length;
        await uiCheckpoint('repair-apply');
        // Verification follows the rollout and takes a scrape or two: long enough for the launcher to see the row.
        await waitFor('the Doctor view to wait', () => doctor.waitingFor()?.startsWith('verifying'), 120_000);
        assert.ok(!previewDiffOpen(), 'the diff closed once Apply was chosen');
        await uiCheckpoint('repair-waiting');
        const done = await outcome;
        const waits = doctor.waitedFor().slice(before);
        log(`  waited for: ${waits.join(' | ')}`);
        assert.ok(
          waits.some((w) => w.startsWith('Deployment kube-system/metrics-server: waiting for the new pod')),
          'the view waited for the rollout',
        );
        assert.equal(done?.status, 'applied', JSON.stringify(done));
        if (done?.status === 'applied') undoId = done.undoId;
        assert.ok((await args()).includes(FIXED_FLAG));
        assert.equal(doctor.waitingFor(), undefined, 'the waiting row is replaced by the new run');
      },
    },
    {
      name: 'Undo from the title bar: the rollout is awaited, then one run, without API errors',
      fn: async () => {
        const outcome = vscode.commands.executeCommand<UndoOutcome>('kube-scaling-doctor.undoRepair', undoId);
        const q = await waitFor('the confirmation of the undo diff', () => doctor.pendingConfirmation(), 60_000);
        assert.equal(q.kind, 'confirm-undo');
        const before = doctor.waitedFor().length;
        await uiCheckpoint('undo-apply');
        assert.deepEqual(await outcome, { status: 'undone', id: undoId });
        const waits = doctor.waitedFor().slice(before);
        log(`  waited for: ${waits.join(' | ')}`);
        assert.ok(
          waits.some((w) => w.startsWith('Deployment kube-system/metrics-server: waiting for the new pod')),
          'the view waited for the rollout of the undo',
        );
        assert.ok(!previewDiffOpen(), 'the diff is closed');
        assert.ok((await args()).includes(BROKEN_FLAG), 'the old flag is back');
        const run = doctor.lastRun();
        assert.ok(run, 'the doctor ran after the rollout');
        log(`  after undo: ${run.findings.map((f) => f.id).join(', ') || 'no findings'}; problems: ${run.problems.map((p) => p.title).join(' | ') || 'none'}`);
        // Neither 400 (the log of a container still starting) nor 503 (the aggregator not yet at the new pod).
        assert.ok(!run.problems.some((p) => /API error|\b400\b|\b503\b/.test(`${p.title} ${p.message}`)), 'no API error from a pod that is still starting');
      },
    },
    {
      name: 'the insecure warning: the secure repair first, Cancel, the insecure flag last; Cancel writes nothing',
      fn: async () => {
        const both: DoctorFinding = { ...finding, repairs: [REPAIR_OFFERS[REPAIR], REPAIR_OFFERS[INSECURE]] };
        const outcome = vscode.commands.executeCommand<RepairOutcome>('kube-scaling-doctor.repair', both, INSECURE);
        await uiCheckpoint('insecure-with-secure-repair');
        assert.deepEqual(await outcome, { status: 'cancelled', step: 'insecure-warning' });
        assert.ok((await args()).includes(BROKEN_FLAG), 'nothing was written');
      },
    },
    {
      name: 'the TLS finding (only the insecure flag as a repair): the secure choice, serving certificates, opens its docs',
      fn: async () => {
        const tlsOnly: DoctorFinding = { ...finding, repairs: [REPAIR_OFFERS[INSECURE]] };
        const outcome = vscode.commands.executeCommand<RepairOutcome>('kube-scaling-doctor.repair', tlsOnly, INSECURE);
        await uiCheckpoint('insecure-tls-only');
        assert.deepEqual(await outcome, { status: 'cancelled', step: 'insecure-warning' });
        await waitFor('the docs page of the secure alternative', () => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => /metrics-server-skip-kubelet-tls-verify/.test(t.label))), 30_000);
        assert.ok((await args()).includes(BROKEN_FLAG), 'nothing was written');
      },
    },
  ]);
}

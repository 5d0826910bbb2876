// Scenario "doctor" (fixture test/fixtures/vscode/doctor, cluster scenario metrics-server-dns of the real
// local cluster): run the doctor from its command, see the finding in the Doctor view and as a diagnostic on
// the workspace's metrics-server manifest, apply the repair from the view's button (the launcher clicks it),
// see a concurrent edit detected and re-previewed, the finding clear after verification, and undo put the
// Deployment back. The modal dialogs are answered through the extension's DoctorUi (the same flow code).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import * as vscode from 'vscode';
import type { DoctorApi } from '../../../src/extension/doctor/index';
import { RecordingUi, type Question } from '../../../src/extension/doctor/prompts';
import { PREVIEW_SCHEME } from '../../../src/extension/doctor/preview';
import type { DoctorFinding } from '../../../src/core/doctor/types';
import { EXTENSION_ID, log, runSteps, uiCheckpoint, waitFor, workspaceRoot } from './harness';

const FINDING = 'metrics-server-node-dns';
const REPAIR = 'metrics-server-address-types';
const SOURCE = 'Scaling Doctor (cluster)';
const FIXED_FLAG = '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname';
const BROKEN_FLAG = '--kubelet-preferred-address-types=Hostname';
const CONCURRENT_ANNOTATION = 'ksd.dev/doctor-test-concurrent-edit';

export async function doctorScenario(): Promise<void> {
  const msUri = vscode.Uri.file(path.join(workspaceRoot(), 'metrics-server.yaml'));
  const otherUri = vscode.Uri.file(path.join(workspaceRoot(), 'web.yaml'));
  let doctor: DoctorApi;
  let apps: k8s.AppsV1Api;
  let finding: DoctorFinding;
  let ui: RecordingUi;
  let undoId: string;
  let concurrentEdits = 0;

  const readArgs = async () => {
    const d = await apps.readNamespacedDeployment({ name: 'metrics-server', namespace: 'kube-system' });
    return { args: d.spec?.template.spec?.containers[0].args ?? [], annotations: d.metadata?.annotations ?? {} };
  };

  await runSteps([
    {
      name: 'the extension activates with the doctor and the test cluster is reachable',
      fn: async () => {
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(msUri));
        const ext = vscode.extensions.getExtension<{ doctor?: DoctorApi }>(EXTENSION_ID);
        assert.ok(ext, `${EXTENSION_ID} is not loaded`);
        const api = await ext.activate();
        assert.ok(api.doctor, 'the extension exports its doctor API');
        doctor = api.doctor;
        const kubeconfig = vscode.workspace.getConfiguration('kubeScalingDoctor').get<string>('kubeconfig') || process.env.KUBECONFIG;
        assert.ok(kubeconfig, 'the launcher sets kubeScalingDoctor.kubeconfig to the test cluster');
        const kc = new k8s.KubeConfig();
        kc.loadFromFile(kubeconfig);
        apps = kc.makeApiClient(k8s.AppsV1Api);
        const { args } = await readArgs();
        log(`  metrics-server args in the cluster: ${args.join(' ')}`);
        assert.ok(args.includes(BROKEN_FLAG), 'the cluster runs scenario metrics-server-dns');
        assert.equal(doctor.lastRun(), undefined, 'nothing diagnosed before the command');
      },
    },
    {
      name: `"Run Doctor" reports ${FINDING} with the real log evidence and the address-type repair`,
      fn: async () => {
        // metrics-server may need a scrape cycle before its log shows the error: run until it does.
        finding = await waitFor(`the doctor to report ${FINDING}`, async () => {
          const run = await vscode.commands.executeCommand<ReturnType<DoctorApi['lastRun']>>('kube-scaling-doctor.runDoctor', FINDING);
          return run?.findings.find((f) => f.id === FINDING);
        }, 90_000);
        log(`  ${finding.severity}: ${finding.message}`);
        for (const line of finding.evidence.slice(0, 3)) log(`    ${line}`);
        assert.ok(finding.evidence.some((l) => /lookup ksd-node-\d+.*(no such host|server misbehaving)/.test(l)), 'evidence quotes the real metrics-server log');
        assert.deepEqual(finding.object && { kind: finding.object.kind, namespace: finding.object.namespace, name: finding.object.name }, {
          kind: 'Deployment', namespace: 'kube-system', name: 'metrics-server',
        });
        assert.ok(finding.repairs.some((r) => r.id === REPAIR), `repairs offered: ${finding.repairs.map((r) => r.id).join(', ')}`);
        // The launcher sees the finding's row and its repair button in the Doctor view (aria-labels).
        await uiCheckpoint('doctor-finding');
      },
    },
    {
      name: 'the finding is a diagnostic on metadata.name of the workspace Deployment, not on same-named objects elsewhere',
      fn: async () => {
        const d = await waitFor('the cluster diagnostic', () => vscode.languages.getDiagnostics(msUri).find((x) => x.source === SOURCE), 30_000);
        const doc = await vscode.workspace.openTextDocument(msUri);
        const lines = doc.getText().split('\n');
        const deploymentLine = lines.findIndex((l) => l === 'kind: Deployment');
        const nameLine = lines.findIndex((l, i) => i > deploymentLine && l === '  name: metrics-server');
        assert.equal(d.range.start.line, nameLine, 'on the Deployment\'s metadata.name, not the Service\'s');
        assert.equal(doc.getText(d.range), 'metrics-server');
        assert.equal(String(d.code), FINDING);
        assert.equal(vscode.languages.getDiagnostics(msUri).filter((x) => x.source === SOURCE).length, 1, 'only the Deployment, not the Service of the same name');
        assert.ok(!vscode.languages.getDiagnostics(otherUri).some((x) => x.source === SOURCE), 'the staging/metrics-server Deployment gets none');
      },
    },
    {
      name: 'the repair from the view: diff preview, dry run, a concurrent edit detected and re-previewed, applied, verified',
      fn: async () => {
        ui = new RecordingUi(async (q: Question) => {
          if (q.kind === 'confirm-apply' && concurrentEdits === 0) {
            // The diff editor is on screen while the confirmation is asked.
            await uiCheckpoint('diff-preview');
            // Someone edits the Deployment while the confirmation is open: the apply must not overwrite it.
            concurrentEdits++;
            await apps.patchNamespacedDeployment(
              { name: 'metrics-server', namespace: 'kube-system', body: { metadata: { annotations: { [CONCURRENT_ANNOTATION]: 'kept' } } } },
              k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
            );
            return 'Apply';
          }
          if (q.kind === 'concurrent-change') return 'Re-preview';
          if (q.kind === 'confirm-apply') return 'Apply';
          return undefined;
        });
        doctor.setUi(ui);
        // The launcher clicks the repair button of the row; without one, run the command the button runs.
        if (!(await uiCheckpoint('click-repair'))) {
          const node = { type: 'repair', parent: { type: 'finding', key: FINDING, finding }, offer: finding.repairs.find((r) => r.id === REPAIR) };
          void vscode.commands.executeCommand('kube-scaling-doctor.repair', node);
        }
        const entry = await waitFor('the repair to be applied (an undo entry)', () => doctor.undoEntries().find((e) => e.record.repairId === REPAIR), 120_000);
        undoId = entry.id;
        await waitFor('the doctor to run again without the finding', () => {
          const run = doctor.lastRun();
          return run && run.at.getTime() > Date.parse(entry.record.appliedAt) && !run.findings.some((f) => f.id === FINDING);
        }, 240_000);
        log(`  questions: ${ui.questions.map((q) => q.kind).join(', ')}`);
        log(`  messages: ${ui.messages.map((m) => `${m.level}: ${m.message}`).join(' | ')}`);
        assert.deepEqual(ui.questions.map((q) => q.kind), ['confirm-apply', 'concurrent-change', 'confirm-apply']);
        assert.match(ui.questions[1].message, /changed since the preview; nothing was written/);
        assert.ok(ui.messages.some((m) => m.level === 'info' && /^Repaired:/.test(m.message)), 'verification reported success');

        const { args, annotations } = await readArgs();
        assert.equal(annotations[CONCURRENT_ANNOTATION], 'kept', 'the concurrent edit was not overwritten');
        assert.equal(args.filter((a) => a.startsWith('--kubelet-preferred-address-types')).join(' '), FIXED_FLAG, 'the flag is replaced, not duplicated');

        // The diff editor showed the plan: read-only before/after documents of our scheme.
        const diffs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.input).filter((i): i is vscode.TabInputTextDiff => i instanceof vscode.TabInputTextDiff && i.modified.scheme === PREVIEW_SCHEME);
        assert.ok(diffs.length >= 1, 'a diff editor with the preview is open');
        const after = (await vscode.workspace.openTextDocument(diffs[diffs.length - 1].modified)).getText();
        const before = (await vscode.workspace.openTextDocument(diffs[diffs.length - 1].original)).getText();
        assert.ok(after.includes(FIXED_FLAG) && !after.includes(BROKEN_FLAG), 'the preview\'s after side has the new flag');
        assert.ok(before.includes(BROKEN_FLAG), 'the preview\'s before side has the old flag');
        assert.ok(before.includes(CONCURRENT_ANNOTATION), 'the re-preview was read after the concurrent edit');
      },
    },
    {
      name: 'the finding has left the view and the cluster diagnostic is cleared',
      fn: async () => {
        await waitFor('the cluster diagnostic to clear', () => !vscode.languages.getDiagnostics(msUri).some((x) => x.source === SOURCE), 30_000);
        await uiCheckpoint('finding-cleared');
      },
    },
    {
      name: 'undo puts the Deployment back as it was before the repair',
      fn: async () => {
        // Cancelling the confirmation writes nothing.
        const cancelled = await vscode.commands.executeCommand<{ status: string }>('kube-scaling-doctor.undoRepair', undoId);
        assert.equal(cancelled.status, 'cancelled');
        assert.ok((await readArgs()).args.includes(FIXED_FLAG), 'a cancelled undo leaves the repair in place');
        const answers = new RecordingUi((q) => (q.kind === 'confirm-undo' ? 'Undo' : undefined));
        doctor.setUi(answers);
        const done = await vscode.commands.executeCommand<{ status: string }>('kube-scaling-doctor.undoRepair', undoId);
        assert.equal(done.status, 'undone', answers.messages.map((m) => m.message).join(' | '));
        assert.match(answers.questions[0].message, /^Undo ".*" on .*restore Deployment kube-system\/metrics-server/);
        const { args, annotations } = await readArgs();
        log(`  metrics-server args after undo: ${args.join(' ')}`);
        assert.ok(args.includes(BROKEN_FLAG) && !args.includes(FIXED_FLAG), 'the old flag is back');
        assert.equal(annotations[CONCURRENT_ANNOTATION], 'kept');
        assert.ok(!doctor.undoEntries().some((e) => e.id === undoId), 'the undo entry is used up');
      },
    },
  ]);
}

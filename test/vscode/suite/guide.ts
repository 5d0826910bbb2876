// Scenario "guide" (fixture test/fixtures/vscode/guide, the local cluster in scenario metrics-server-dns, but no
// kubeconfig at first: KUBECONFIG names no file and the setting is empty). The guided start opens by itself
// (kubeScalingDoctor.walkthrough.openOnStartup, as npm start sets it) and each of its steps is checked off by doing
// it: open the example (the launcher clicks the step's button), apply its quick fix, open the Cluster view (the
// launcher clicks), run the doctor. On the way, the empty states: the Cluster view's "No kubeconfig found" row
// lists its next steps in VS Code words, the Doctor view offers them in place instead of error toasts.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DoctorApi } from '../../../src/extension/doctor/index';
import { activatedDoctor, codeOf, log, runSteps, uiCheckpoint, waitFor, workspaceRoot } from './harness';

const EXAMPLE = path.join('shop', 'api-hpa.yaml');

export async function guideScenario(): Promise<void> {
  const exampleUri = vscode.Uri.file(path.join(workspaceRoot(), EXAMPLE));
  let doctor: DoctorApi;
  const showWalkthrough = () => vscode.commands.executeCommand('kube-scaling-doctor.openWalkthrough');

  await runSteps([
    {
      name: 'the guided start opens by itself on the first start, no step checked',
      fn: async () => {
        doctor = (await activatedDoctor()).doctor;
        assert.ok(vscode.workspace.getConfiguration('kubeScalingDoctor').get('walkthrough.openOnStartup'), 'the launcher sets the setting npm start sets');
        // The launcher sees the walkthrough with its four unchecked steps, and clicks "Open the Example".
        await uiCheckpoint('guide-walkthrough');
      },
    },
    {
      name: 'step 1: "Open the Example" opens the HPA with a problem, and the step is checked off',
      fn: async () => {
        await waitFor('the example in the editor', () => vscode.window.activeTextEditor?.document.uri.fsPath === exampleUri.fsPath, 30_000);
        await showWalkthrough();
        await uiCheckpoint('guide-step-openExample');
      },
    },
    {
      name: 'step 2: the quick fix of the example is applied as the light bulb applies it, and the step is checked off',
      fn: async () => {
        const d = await waitFor('the hpa-deprecated-api diagnostic', () => vscode.languages.getDiagnostics(exampleUri).find((x) => codeOf(x) === 'hpa-deprecated-api'), 60_000);
        const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
          'vscode.executeCodeActionProvider',
          exampleUri,
          d.range,
          vscode.CodeActionKind.QuickFix.value,
          100,
        );
        const fix = actions.find((a): a is vscode.CodeAction => a instanceof vscode.CodeAction && /Convert to autoscaling\/v2/.test(a.title));
        assert.ok(fix, `quick fixes: ${actions.map((a) => a.title).join(', ')}`);
        // What the editor does when a quick fix is picked: its edit, then its command.
        if (fix.edit) assert.ok(await vscode.workspace.applyEdit(fix.edit));
        if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
        const text = (await vscode.workspace.openTextDocument(exampleUri)).getText();
        assert.match(text, /^apiVersion: autoscaling\/v2$/m, 'converted');
        await showWalkthrough();
        await uiCheckpoint('guide-step-applyQuickFix');
      },
    },
    {
      name: 'step 3: "Open the Cluster View" shows "No kubeconfig found" with its next steps, and the step is checked off',
      fn: async () => {
        // The launcher clicks the step's button, reads the rows and checks the step.
        await uiCheckpoint('guide-cluster-view');
      },
    },
    {
      name: 'without a cluster the Doctor view offers the next steps in place, with no error toast',
      fn: async () => {
        const run = await vscode.commands.executeCommand<ReturnType<DoctorApi['lastRun']>>('kube-scaling-doctor.runDoctor');
        assert.equal(run, undefined, 'nothing to diagnose');
        await vscode.commands.executeCommand('kube-scaling-doctor.runDoctor');
        await uiCheckpoint('guide-doctor-no-cluster');
      },
    },
    {
      name: 'step 4: with the cluster chosen, the doctor runs on the scenario and the last step is checked off',
      fn: async () => {
        const kubeconfig = process.env.KSD_TEST_KUBECONFIG;
        assert.ok(kubeconfig, 'the launcher passes the test cluster kubeconfig');
        await vscode.workspace.getConfiguration('kubeScalingDoctor').update('kubeconfig', kubeconfig, vscode.ConfigurationTarget.Global);
        const finding = await waitFor(
          'the doctor to report metrics-server-node-dns',
          async () => {
            const run = await vscode.commands.executeCommand<ReturnType<DoctorApi['lastRun']>>('kube-scaling-doctor.runDoctor');
            return run?.findings.find((f) => f.id === 'metrics-server-node-dns');
          },
          120_000,
        );
        log(`  ${finding.message}`);
        assert.ok(doctor.lastRun());
        await showWalkthrough();
        await uiCheckpoint('guide-step-runDoctor');
      },
    },
  ]);
}

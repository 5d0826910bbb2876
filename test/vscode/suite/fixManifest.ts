// Scenario "fix-manifest" (fixture test/fixtures/vscode/fix-manifest, cluster scenario missing-requests): the
// doctor's live hpa-missing-request finding is about the HPA, but its fix goes into the workload's manifest. The
// finding names that workload (fixIn), the Doctor view offers "Fix in the manifest of Deployment …", and the command
// opens the workspace's orders.yaml on the language server's own hpa-missing-request diagnostic, with its quick fix.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FixManifestOutcome } from '../../../src/extension/doctor/fixManifest';
import type { ExtensionApi } from '../../../src/extension/extension';
import type { DoctorFinding } from '../../../src/core/doctor/types';
import { codeOf, EXTENSION_ID, runSteps, waitFor, workspaceRoot } from './harness';

export async function fixManifestScenario(): Promise<void> {
  const orders = vscode.Uri.file(path.join(workspaceRoot(), 'orders.yaml'));
  let api: ExtensionApi;
  let finding: DoctorFinding;
  await runSteps([
    {
      name: 'the doctor finds hpa-missing-request on the cluster and names the Deployment whose manifest holds the fix',
      fn: async () => {
        const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
        assert.ok(ext, `${EXTENSION_ID} is not loaded`);
        api = await ext.activate();
        finding = await waitFor(
          'hpa-missing-request for missing-requests/orders',
          async () => {
            await vscode.commands.executeCommand('kube-scaling-doctor.runDoctor');
            return api.doctor.lastRun()?.findings.find((f) => f.id === 'hpa-missing-request' && f.object?.namespace === 'missing-requests');
          },
          180_000,
        );
        assert.deepEqual(finding.fixIn, { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'missing-requests', name: 'orders' });
        assert.equal(finding.object?.kind, 'HorizontalPodAutoscaler');
      },
    },
    {
      name: "the command opens orders.yaml on the server's hpa-missing-request diagnostic of the Deployment",
      fn: async () => {
        const outcome = await vscode.commands.executeCommand<FixManifestOutcome>('kube-scaling-doctor.openFixManifest', finding);
        assert.equal(outcome, 'quick-fix');
        const editor = vscode.window.activeTextEditor;
        assert.equal(editor?.document.uri.toString(), orders.toString());
        // The language server's (the doctor's own diagnostic of the same id sits on the HPA's name, without a fix).
        const diagnostics = vscode.languages.getDiagnostics(orders).filter((d) => codeOf(d) === 'hpa-missing-request' && d.source !== 'Scaling Doctor (cluster)');
        assert.ok(diagnostics.length > 0, 'the offline rule flags the Deployment');
        assert.ok(
          diagnostics.some((d) => d.range.start.line === editor!.selection.active.line),
          `the cursor (line ${editor!.selection.active.line + 1}) is on a diagnostic: ${diagnostics.map((d) => d.range.start.line + 1).join(', ')}`,
        );
        const lines = editor!.document.getText().split('\n');
        const [deployment, hpa] = ['kind: Deployment', 'kind: HorizontalPodAutoscaler'].map((k) => lines.findIndex((l) => l.startsWith(k)));
        const line = editor!.selection.active.line;
        assert.ok(line > deployment && line < hpa, `inside the Deployment (lines ${deployment + 1}–${hpa}), not the HPA: line ${line + 1}`);
        // The quick fixes of that diagnostic are the rule's own (what editor.action.quickFix listed at the cursor).
        const at = diagnostics.find((d) => d.range.start.line === editor!.selection.active.line)!;
        const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', orders, at.range, vscode.CodeActionKind.QuickFix.value, 100);
        assert.ok(
          actions.some((a) => /request/i.test(a.title)),
          `a request fix is offered: ${actions.map((a) => a.title).join(' | ')}`,
        );
      },
    },
    {
      name: 'an object without a workspace manifest is said so, not opened',
      fn: async () => {
        const elsewhere: DoctorFinding = { ...finding, fixIn: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'missing-requests', name: 'not-in-this-workspace' } };
        const outcome = await vscode.commands.executeCommand<FixManifestOutcome>('kube-scaling-doctor.openFixManifest', elsewhere);
        assert.equal(outcome, 'not-in-workspace');
      },
    },
  ]);
}

// Scenario "untrusted" (fixture test/fixtures/vscode/untrusted): a workspace opened in Restricted Mode.
// The authoring features still work and follow the workspace's target version, but the workspace cannot
// point the extension at a kubeconfig (kubeScalingDoctor.kubeconfig is a restricted setting).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { codeOf, EXTENSION_ID, log, runSteps, waitFor, workspaceRoot } from './harness';

export async function untrustedScenario(): Promise<void> {
  const hpaUri = vscode.Uri.file(path.join(workspaceRoot(), 'hpa.yaml'));
  await runSteps([
    {
      name: 'the workspace is in Restricted Mode and the extension still activates',
      fn: async () => {
        assert.equal(vscode.workspace.isTrusted, false, 'the launcher opens this workspace untrusted');
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(hpaUri));
        const ext = vscode.extensions.getExtension(EXTENSION_ID);
        assert.ok(ext, `${EXTENSION_ID} is not loaded`);
        await waitFor('the extension to activate', () => ext.isActive, 30_000);
      },
    },
    {
      name: 'diagnostics work and use the workspace target version (1.24: deprecated, not yet removed)',
      fn: async () => {
        const d = await waitFor('hpa-deprecated-api', () => vscode.languages.getDiagnostics(hpaUri).find((x) => codeOf(x) === 'hpa-deprecated-api'), 60_000);
        log(`  ${d.message}`);
        assert.match(d.message, /deprecated in v1\.22\+/);
        assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
      },
    },
    {
      name: 'the workspace value of kubeScalingDoctor.kubeconfig is ignored until the workspace is trusted',
      fn: async () => {
        const cfg = vscode.workspace.getConfiguration('kubeScalingDoctor');
        assert.equal(cfg.get('kubernetesVersion'), '1.24', 'unrestricted workspace settings apply');
        const inspected = cfg.inspect<string>('kubeconfig');
        log(`  kubeconfig: value ${JSON.stringify(cfg.get('kubeconfig'))}, workspace ${JSON.stringify(inspected?.workspaceValue)}`);
        assert.equal(cfg.get('kubeconfig'), '', 'the untrusted workspace must not choose the kubeconfig');
      },
    },
  ]);
}

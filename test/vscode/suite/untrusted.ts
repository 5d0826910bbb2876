// Scenario "untrusted" (fixture test/fixtures/vscode/untrusted): a workspace opened in Restricted Mode.
// The authoring features still work and follow the workspace's target version, but the workspace cannot
// point the extension at a kubeconfig (kubeScalingDoctor.kubeconfig is a restricted setting). The CodeLens
// conversion is applied by clicking it, which goes through the server's command and workspace/applyEdit. Live
// CodeLens does not connect to the cluster until the user asks.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension/extension';
import { codeOf, EXTENSION_ID, log, runSteps, uiCheckpoint, waitFor, workspaceRoot } from './harness';

/** Whether the extension host loaded the extension's cluster bundle (the Kubernetes client, the data layer, the doctor). */
const clusterBundleLoaded = () => Object.keys(require.cache).some((f) => f.endsWith(path.join('dist', 'extension-cluster.js')));

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
        // The cluster features ignore the Kubernetes extension's workspace setting too (VS Code does not restrict it for us).
        const api = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID)!.exports;
        const resolved = api.cluster().resolve();
        log(`  cluster kubeconfig: ${resolved.description}`);
        assert.ok(!resolved.description.includes('/tmp/untrusted-workspace'), `the workspace chose the kubeconfig: ${resolved.description}`);
        assert.ok(resolved.source === 'KUBECONFIG' || resolved.source === 'default', resolved.source);
      },
    },
    {
      name: 'clicking the "Convert to autoscaling/v2" CodeLens converts the HPA in place',
      fn: async () => {
        await vscode.window.showTextDocument(hpaUri, { preview: false });
        const lens = await waitFor(
          'the conversion CodeLens',
          async () => {
            const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', hpaUri, 100);
            return lenses.find((l) => /Convert to autoscaling\/v2/.test(l.command?.title ?? ''));
          },
          30_000,
        );
        // The launcher clicks it on screen; without one, run the lens's command as the click would.
        if (!(await uiCheckpoint('click-convert'))) await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
        const doc = await vscode.workspace.openTextDocument(hpaUri);
        await waitFor('the converted HPA', () => doc.getText().includes('apiVersion: autoscaling/v2\n'), 15_000);
        assert.match(doc.getText(), /^# Cloned from someone else's repository/, 'the leading comment is kept');
        assert.match(doc.getText(), /name: memory\n\s+target:\n\s+type: AverageValue\n\s+averageValue: 512Mi\n/);
        await waitFor('the deprecation to clear', () => !vscode.languages.getDiagnostics(hpaUri).some((d) => codeOf(d) === 'hpa-deprecated-api'), 30_000);
      },
    },
    {
      // Issue 11, item 22: the lenses above were computed with the live provider's, yet nothing connected.
      name: 'live CodeLens does not connect to the cluster until the user asks (Restricted Mode)',
      fn: async () => {
        const cluster = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID)!.exports.cluster();
        const waiting = (lenses: vscode.CodeLens[]) => lenses.find((l) => /off in Restricted Mode/.test(l.command?.title ?? ''));
        const lensesNow = () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', hpaUri, 100);
        const lens = await waitFor('the Restricted Mode live lens', async () => waiting(await lensesNow()), 30_000);
        assert.equal(lens.command?.command, 'kube-scaling-doctor.connectLiveCodeLens');
        assert.equal(cluster.started, false, 'opening the YAML read no kubeconfig');
        assert.equal(cluster.activeSession(), undefined, 'and started no cluster session');
        // Issue 12: activation, diagnostics, fixes and the waiting lens load no cluster code; the first live use does.
        assert.equal(clusterBundleLoaded(), false, 'dist/extension-cluster.js was loaded before any cluster use');
        // Asking is explicit consent: the lens provider now starts the session (whatever the kubeconfig holds).
        await vscode.commands.executeCommand(lens.command!.command);
        await waitFor('the waiting lens to go', async () => (waiting(await lensesNow()) ? undefined : true), 30_000);
        assert.equal(cluster.started, true, 'the lenses asked for the cluster once the user did');
        assert.equal(clusterBundleLoaded(), true, 'the live CodeLens loaded dist/extension-cluster.js');
      },
    },
  ]);
}

// Scenario "table" (fixture test/fixtures/vscode/table), against the local cluster in scenario `healthy`: the Nodes
// and Pods table opens from its command on the session the Cluster view uses; the launcher (cluster-table.test.mjs)
// sorts it by CPU, filters it, compares its values with the Cluster view's rows, checks that a pod status holding
// markup shows as text, and that a live update keeps sort and filter. The suite checks the webview's own report.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension/extension';
import type { TablePanel } from '../../../src/extension/table/panel';
import { EXTENSION_ID, log, runSteps, uiCheckpoint, waitFor } from './harness';

export async function tableScenario(): Promise<void> {
  let api: ExtensionApi;
  let panel: TablePanel;
  await runSteps([
    {
      name: 'the Cluster view starts the session; nodes get metrics (pods wait for a view that shows their usage)',
      fn: async () => {
        assert.ok(process.env.KSD_TEST_KUBECONFIG, 'the launcher passes the test cluster as KSD_TEST_KUBECONFIG');
        const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
        assert.ok(ext, `${EXTENSION_ID} is not loaded`);
        api = await ext.activate();
        await vscode.commands.executeCommand('workbench.view.extension.kubeScalingDoctor');
        const session = await waitFor('the session', () => api.cluster().activeSession(), 30_000);
        await waitFor('nodes with usage', () => session.snapshot().nodes.some((n) => n.usage), 120_000);
      },
    },
    {
      name: 'a pod whose status reason holds markup (made by the launcher) reaches the session',
      fn: async () => {
        await uiCheckpoint('table-markup-pod', 120_000);
        const session = api.cluster().activeSession()!;
        const p = await waitFor('the markup pod with its reason', () => session.snapshot().pods.find((x) => x.namespace === 'healthy' && x.name === 'markup' && x.status.includes('<img')), 60_000);
        log(`  markup pod status: ${p.status}`);
      },
    },
    {
      name: 'the table opens from its command on the same session and renders pods',
      fn: async () => {
        const session = api.cluster().activeSession();
        panel = (await vscode.commands.executeCommand<TablePanel>('kube-scaling-doctor.showTable'))!;
        assert.ok(panel, 'the command returns the panel');
        const again = await vscode.commands.executeCommand<TablePanel>('kube-scaling-doctor.showTable');
        assert.equal(again, panel, 'one table: the command reveals it');
        assert.equal(api.cluster().activeSession(), session, 'no second session');
        const r = await waitFor('the first render', () => panel.lastRender(), 30_000);
        assert.equal(r.kind, 'pods');
        assert.equal(r.total, session!.snapshot().pods.length, 'every pod of the session');
        // The table shows every pod's usage: it asks for pods' metrics, and they are read at once.
        await waitFor('web pods of healthy with usage', () => session!.snapshot().pods.some((p) => p.namespace === 'healthy' && p.name.startsWith('web-') && p.usage), 60_000);
      },
    },
    {
      name: 'sorted by CPU and filtered in the page, its values equal the Cluster view rows (checked by the launcher)',
      fn: async () => {
        await uiCheckpoint('table-sort-filter', 240_000);
        const r = panel.lastRender()!;
        log(`  webview reports ${JSON.stringify(r)}`);
        assert.equal(r.sortColumn, 3, 'sorted by CPU');
        assert.equal(r.filter, 'web');
        assert.ok(r.shown > 0 && r.shown < r.total, `the filter narrowed the rows: ${r.shown} of ${r.total}`);
      },
    },
    {
      name: 'a live update keeps sort and filter (checked by the launcher)',
      fn: async () => {
        await uiCheckpoint('table-live-update', 120_000);
        const r = panel.lastRender()!;
        assert.equal(r.sortColumn, 3);
        assert.equal(r.filter, 'web');
      },
    },
  ]);
}

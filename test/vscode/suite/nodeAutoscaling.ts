// Scenario "node-autoscaling" (fixture test/fixtures/vscode/node-autoscaling), against the local cluster in scenario
// `karpenter-and-ca` (the real Karpenter, KWOK provider, and two nodes of an EKS node group): the Cluster view's Node
// autoscaling group shows the NodePool and its NodeClaim as the session has them, and each node row says who made
// it. Then the cluster is switched to `ca-group-at-max` (Cluster Autoscaler's recorded status ConfigMap) and the
// node-group rows show min/current/target/max. The launcher reads the rendered rows (their aria-labels).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Snapshot } from '../../../src/core/cluster/types';
import type { ExtensionApi } from '../../../src/extension/extension';
import { EXTENSION_ID, log, runSteps, uiCheckpoint, waitFor } from './harness';

function renderedRows(name: string): string[] {
  const dir = process.env.KSD_UI_SYNC_DIR;
  if (!dir) throw new Error('KSD_UI_SYNC_DIR is not set: this scenario needs the code-server launcher');
  return JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8')) as string[];
}

export async function nodeAutoscalingScenario(): Promise<void> {
  let api: ExtensionApi;
  let snap: Snapshot;
  await runSteps([
    {
      name: 'the Cluster view reads the NodePool, its initialized NodeClaim and who made each node',
      fn: async () => {
        const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
        assert.ok(ext, `${EXTENSION_ID} is not loaded`);
        api = await ext.activate();
        await vscode.commands.executeCommand('workbench.view.extension.kubeScalingDoctor');
        const session = await waitFor('the session', () => api.cluster().activeSession(), 30_000);
        snap = await waitFor(
          'NodePool default with an initialized NodeClaim, and the node-group nodes',
          () => {
            const s = session.snapshot();
            const k = s.nodeAutoscaling?.karpenter;
            return !!k?.nodePools.some((np) => np.name === 'default') && k.nodeClaims.some((nc) => nc.phase === 'initialized') && s.nodes.filter((n) => n.madeBy).length >= 3 && s;
          },
          120_000,
        );
        for (const nc of snap.nodeAutoscaling!.karpenter.nodeClaims) log(`  NodeClaim ${nc.name}: ${nc.phase} on ${nc.nodeName}`);
      },
    },
    {
      name: 'the rendered group: Karpenter → NodePool default → its NodeClaim; Cluster Autoscaler not installed; nodes name their maker',
      fn: async () => {
        assert.ok(await uiCheckpoint('node-autoscaling-karpenter', 120_000), 'this scenario needs the code-server launcher');
        const rows = renderedRows('node-autoscaling-karpenter');
        for (const r of rows) log(`  row: ${r}`);
        const k = api.cluster().activeSession()!.snapshot().nodeAutoscaling!.karpenter;
        const np = k.nodePools.find((x) => x.name === 'default')!;
        assert.ok(
          rows.includes(`Karpenter: ${k.nodePools.length} NodePool${k.nodePools.length === 1 ? '' : 's'} · ${k.nodeClaims.length} NodeClaim${k.nodeClaims.length === 1 ? '' : 's'}`),
          'the Karpenter row',
        );
        const npRow = rows.find((r) => r.startsWith('NodePool default: '));
        assert.ok(npRow, 'a NodePool row');
        assert.ok(npRow.includes(`limits cpu ${np.limits[0].used} used of ${np.limits[0].limit}`), npRow);
        assert.ok(npRow.includes('consolidation WhenEmpty after Never'), npRow);
        for (const nc of k.nodeClaims.filter((c) => c.phase === 'initialized')) {
          assert.ok(
            rows.some((r) => r.startsWith(`NodeClaim ${nc.name} of NodePool default: initialized; node ${nc.nodeName}`)),
            `NodeClaim ${nc.name} row`,
          );
          assert.ok(
            rows.some((r) => r.startsWith(`Node ${nc.nodeName}: `) && r.endsWith('; made by Karpenter NodePool default')),
            `node ${nc.nodeName} made by NodePool default`,
          );
        }
        assert.equal(rows.filter((r) => r.startsWith('Node ip-10-0-1-1') && r.endsWith('; in node group ng-general')).length, 2, 'the two ng-general nodes');
        assert.ok(rows.includes('Cluster Autoscaler: not installed (no ConfigMap kube-system/cluster-autoscaler-status)'), 'Cluster Autoscaler row');
      },
    },
    {
      name: "after switching to ca-group-at-max: the node groups of Cluster Autoscaler's status, eks-general at its maximum",
      fn: async () => {
        assert.ok(await uiCheckpoint('node-autoscaling-switch-ca', 240_000));
        const session = api.cluster().activeSession()!;
        const groups = await waitFor('two node groups', () => session.snapshot().nodeAutoscaling?.clusterAutoscaler.nodeGroups.length === 2 && session.snapshot(), 60_000);
        assert.ok(await uiCheckpoint('node-autoscaling-ca', 120_000));
        const rows = renderedRows('node-autoscaling-ca');
        for (const r of rows) log(`  row: ${r}`);
        assert.ok(
          rows.some((r) => r.startsWith('Cluster Autoscaler: 2 node groups; status written ')),
          'the Cluster Autoscaler row',
        );
        for (const g of groups.nodeAutoscaling!.clusterAutoscaler.nodeGroups) {
          const row = rows.find((r) => r.startsWith(`Cluster Autoscaler node group ${g.name}: `));
          assert.ok(row, `row of ${g.name}`);
          assert.ok(row.includes(`${g.current} nodes registered, ${g.ready} ready, target ${g.target}, min ${g.minSize}, max ${g.maxSize}`), row);
          assert.equal(row.includes('at its maximum'), g.atMax, row);
        }
      },
    },
  ]);
}

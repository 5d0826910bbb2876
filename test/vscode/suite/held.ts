// Scenario "hpa-held" (fixture test/fixtures/vscode/hpa-held), against the local cluster in scenario `hpa-replicas`:
// the `drop` HPA steady at 4 replicas; the suite drops its pods' load (kwok's usage annotation, as
// test/cluster/hpa-replicas.test.mjs does) and the live CodeLens above the HPA says what the real controller does
// next: the count is held at 4 by the 30 s scale-down window until a time, then falls to 1.
import * as k8s from '@kubernetes/client-node';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension/extension';
import { EXTENSION_ID, log, runSteps, uiCheckpoint, waitFor, workspaceRoot } from './harness';

const NAMESPACE = 'hpa-replicas';
const NAME = 'drop';
const HELD = /^desired 1 · held at 4 by scale-down window until (\d\d):(\d\d)$/;

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
  return lenses.filter((l) => l.command?.command === 'kube-scaling-doctor.showHpa').map((l) => l.command!.title);
}

/** The first time at or after `from` whose local clock reads hh:mm (the lens writes local time without seconds). */
function clockTime(hh: number, mm: number, from: number): number {
  const d = new Date(from);
  d.setHours(hh, mm, 0, 0);
  if (d.getTime() < from - 12 * 3600_000) d.setDate(d.getDate() + 1);
  return d.getTime();
}

export async function heldScenario(): Promise<void> {
  const kubeconfig = process.env.KSD_TEST_KUBECONFIG;
  const uri = vscode.Uri.file(path.join(workspaceRoot(), 'drop.yaml'));
  const kc = new k8s.KubeConfig();
  let autoscaling: k8s.AutoscalingV2Api;
  let apps: k8s.AppsV1Api;
  let dropped = 0;
  let held: { title: string; at: number } | undefined;
  await runSteps([
    {
      name: 'the extension activates, pointed at the local cluster',
      fn: async () => {
        assert.ok(kubeconfig, 'the launcher passes the test cluster as KSD_TEST_KUBECONFIG');
        kc.loadFromFile(kubeconfig);
        autoscaling = kc.makeApiClient(k8s.AutoscalingV2Api);
        apps = kc.makeApiClient(k8s.AppsV1Api);
        const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
        assert.ok(ext, `${EXTENSION_ID} is not loaded`);
        await ext.activate();
      },
    },
    {
      name: "opening the manifest: the HPA's lenses say the controller's steady count, 4",
      fn: async () => {
        await vscode.window.showTextDocument(uri, { preview: false });
        let last = '';
        await waitFor(
          'the replay lens "desired 4 · steady" while the controller holds 4',
          async () => {
            const titles = await lensTitles(uri);
            const h = await autoscaling.readNamespacedHorizontalPodAutoscaler({ namespace: NAMESPACE, name: NAME });
            last = `lenses ${JSON.stringify(titles)}, controller current ${h.status?.currentReplicas} desired ${h.status?.desiredReplicas}`;
            return h.status?.currentReplicas === 4 && h.status?.desiredReplicas === 4 && titles.includes('desired 4 · steady');
          },
          180_000,
        ).catch((err: Error) => {
          throw new Error(`${err.message}; last seen: ${last}`);
        });
        log(`  ${last}`);
      },
    },
    {
      name: 'the load drops: the lens says the scale-down window holds 4 until a time, as the controller does, on screen too',
      fn: async () => {
        // The launcher watches the rendered editor from now on: the held lens may last only the window's 30 s.
        const onScreen = uiCheckpoint('held-codelens', 180_000);
        const core = kc.makeApiClient(k8s.CoreV1Api);
        const pods = await core.listNamespacedPod({ namespace: NAMESPACE, labelSelector: `app=${NAME}` });
        dropped = Date.now();
        for (const p of pods.items) {
          await core.patchNamespacedPod(
            { namespace: NAMESPACE, name: p.metadata!.name!, body: { metadata: { annotations: { 'kwok.x-k8s.io/usage-cpu': '10m' } } } },
            k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
          );
        }
        let last = '';
        const seen = await waitFor(
          'a lens saying the scale-down window holds 4',
          async () => {
            const titles = await lensTitles(uri);
            last = JSON.stringify(titles);
            const title = titles.find((t) => HELD.test(t));
            return title ? { title, at: Date.now() } : undefined;
          },
          150_000,
        ).catch((err: Error) => {
          throw new Error(`${err.message}; last seen: ${last}`);
        });
        held = seen;
        // The controller agrees at that moment: still 4 replicas, stabilizing the scale-down.
        const h = await autoscaling.readNamespacedHorizontalPodAutoscaler({ namespace: NAMESPACE, name: NAME });
        const deployment = await apps.readNamespacedDeployment({ namespace: NAMESPACE, name: NAME });
        log(`  ${seen.title}; controller: ${deployment.spec?.replicas} replicas, AbleToScale ${h.status?.conditions?.find((c) => c.type === 'AbleToScale')?.reason}`);
        const [, hh, mm] = HELD.exec(seen.title)!;
        const until = clockTime(Number(hh), Number(mm), dropped);
        // The lens's end is the latest the 30 s window can end (a recommendation of 4 made at the read), in whole minutes.
        assert.ok(until >= dropped - 60_000 && until <= seen.at + 30_000, `until ${hh}:${mm} lies between the drop and 30 s after the read`);
        await onScreen;
      },
    },
    {
      name: 'then the controller scales to 1 no later than the time the lens said, and the lens follows',
      fn: async () => {
        const scaled = await waitFor(
          'Deployment drop scaled down',
          async () => {
            const h = await autoscaling.readNamespacedHorizontalPodAutoscaler({ namespace: NAMESPACE, name: NAME });
            return h.status?.lastScaleTime && new Date(h.status.lastScaleTime).getTime() >= dropped - 1000 && h;
          },
          120_000,
        );
        const [, hh, mm] = HELD.exec(held!.title)!;
        const until = clockTime(Number(hh), Number(mm), dropped);
        const at = new Date(scaled.status!.lastScaleTime!).getTime();
        log(`  rescaled to ${scaled.status?.desiredReplicas} at ${new Date(at).toISOString()}, lens said until ${hh}:${mm}`);
        assert.equal(scaled.status?.desiredReplicas, 1);
        // Within the minute the lens named, or before it, plus one 5 s sync.
        assert.ok(at < until + 60_000 + 5_000, `rescaled at ${new Date(at).toISOString()}, after ${hh}:${mm}`);
        let last = '';
        await waitFor(
          'the lenses at 1 replica, steady',
          async () => {
            const titles = await lensTitles(uri);
            last = JSON.stringify(titles);
            return titles.some((t) => /^live: 1\/6 replicas/.test(t)) && titles.includes('desired 1 · steady');
          },
          90_000,
        ).catch((err: Error) => {
          throw new Error(`${err.message}; last seen: ${last}`);
        });
      },
    },
  ]);
}

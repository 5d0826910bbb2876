// Scenario "live" (fixture test/fixtures/vscode/live), against the local cluster in scenario `healthy`: a
// workspace manifest of the `web` Deployment and HPA gets live CodeLenses whose replicas and pod counts equal
// what the cluster reports (read here with client-node), and the HPA lens opens the HPA panel, whose webview
// draws its charts (uPlot canvases) and reports how many samples it holds. A patch of the HPA reaches the lens
// and the panel (restored afterwards). Closing the panel stops its timer.
import * as k8s from '@kubernetes/client-node';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension/extension';
import type { HpaPanel } from '../../../src/extension/hpaPanel/panel';
import { EXTENSION_ID, log, runSteps, uiCheckpoint, waitFor, workspaceRoot } from './harness';

const NAMESPACE = 'healthy';
const NAME = 'web';

/** What the cluster says now: the HPA's replicas and the Deployment's pods (`kubectl get hpa,pods`). */
async function clusterState(kc: k8s.KubeConfig): Promise<{ hpa: string; pods: string }> {
  const hpa = await kc.makeApiClient(k8s.AutoscalingV2Api).readNamespacedHorizontalPodAutoscaler({ namespace: NAMESPACE, name: NAME });
  const pods = (await kc.makeApiClient(k8s.CoreV1Api).listNamespacedPod({ namespace: NAMESPACE, labelSelector: `app=${NAME}` })).items.filter(
    (p) => !p.metadata?.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed',
  );
  const running = pods.filter((p) => p.status?.phase === 'Running').length;
  return {
    hpa: `${hpa.status?.currentReplicas ?? '?'}/${hpa.spec?.maxReplicas} replicas`,
    pods: `${running}/${pods.length} pod${pods.length === 1 ? '' : 's'} running`,
  };
}

async function liveLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
  return lenses.filter((l) => l.command?.title.startsWith('live: '));
}

export async function liveScenario(): Promise<void> {
  const kubeconfig = process.env.KSD_TEST_KUBECONFIG;
  const uri = vscode.Uri.file(path.join(workspaceRoot(), 'web.yaml'));
  const kc = new k8s.KubeConfig();
  let api: ExtensionApi;
  let panel: HpaPanel;
  await runSteps([
    {
      name: 'the extension activates, pointed at the local cluster',
      fn: async () => {
        assert.ok(kubeconfig, 'the launcher passes the test cluster as KSD_TEST_KUBECONFIG');
        kc.loadFromFile(kubeconfig);
        const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
        assert.ok(ext, `${EXTENSION_ID} is not loaded`);
        api = await ext.activate();
        assert.equal(vscode.workspace.getConfiguration('kubeScalingDoctor').get('kubeconfig'), kubeconfig, 'the launcher wrote the user setting');
      },
    },
    {
      name: "opening the manifest shows live CodeLenses with the cluster's replicas and pods",
      fn: async () => {
        await vscode.window.showTextDocument(uri, { preview: false });
        let last = '';
        // The lens follows the session's watch: poll until lens and cluster (read at the same moment) agree.
        const [deployment, hpa] = await waitFor(
          'live lenses equal to the cluster state',
          async () => {
            const lenses = await liveLenses(uri);
            const want = await clusterState(kc);
            last = `lenses ${JSON.stringify(lenses.map((l) => l.command!.title))}, cluster ${JSON.stringify(want)}`;
            const d = lenses.find((l) => l.command!.title.startsWith(`live: ${want.pods}`));
            const h = lenses.find((l) => l.command!.title.startsWith(`live: ${want.hpa}`));
            return lenses.length === 2 && d && h && [d, h];
          },
          120_000,
        ).catch((err: Error) => {
          throw new Error(`${err.message}; last seen: ${last}`);
        });
        log(`  ${last}`);
        assert.ok(deployment.range.start.line < hpa.range.start.line, 'each lens sits on its own document');
        const lines = (await vscode.workspace.openTextDocument(uri)).getText().split('\n');
        assert.equal(hpa.range.start.line, lines.indexOf('kind: HorizontalPodAutoscaler'), "the HPA lens is on the HPA's kind line");
        assert.equal(deployment.range.start.line, lines.indexOf('kind: Deployment'), 'the Deployment lens is on its kind line');
        // The lenses of one document sit side by side, each short: the first says `live:`, then one per metric.
        const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
        // The live lenses open the HPA panel; the language server's lenses on the same line do other things. (Not by
        // tooltip: the replayed decision may arrive between the two requests and add its chain to the tooltip.)
        const hpaLine = all.filter((l) => l.range.start.line === hpa.range.start.line && l.command?.command === 'kube-scaling-doctor.showHpa').map((l) => l.command!.title);
        assert.match(hpaLine.join(' | '), /^live: \d+\/6 replicas[^|]* \| cpu \d+%\/60% \| memory \d+%\/80%/, `metrics against their targets, one lens each: ${JSON.stringify(hpaLine)}`);
        // The replayed decision (`desired 2 · steady`, `desired 1 · held at 4 by scale-down window until 14:32`) is the
        // one longer lens; the others stay short.
        assert.ok(
          hpaLine.every((t) => t.length <= (t.startsWith('desired ') ? 60 : 32)),
          `each lens is short: ${JSON.stringify(hpaLine)}`,
        );
        assert.equal(hpa.command!.command, 'kube-scaling-doctor.showHpa');
        assert.deepEqual(hpa.command!.arguments, [{ namespace: NAMESPACE, name: NAME }]);
        assert.match(hpa.command!.tooltip ?? '', /min 2, max 6/);
        assert.ok(api.cluster().activeSession(), 'the lens started the shared session');
        // The workload's lens shows its pods' usage: the pods' metrics of its namespace are read while it is shown.
        let seen = '';
        await waitFor(
          "the Deployment lens shows its pods' usage",
          async () => {
            const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
            const line = lenses.filter((l) => l.range.start.line === deployment.range.start.line).map((l) => l.command?.title ?? '');
            seen = JSON.stringify(line);
            return line.some((title) => /^cpu \d+% of request$/.test(title));
          },
          90_000,
        ).catch((err: Error) => {
          throw new Error(`${err.message}; last seen: ${seen}`);
        });
      },
    },
    {
      name: "the HPA's lenses add the controller's decision replayed, and it agrees with the controller's own",
      fn: async () => {
        const autoscaling = kc.makeApiClient(k8s.AutoscalingV2Api);
        let last = '';
        // Steady in this scenario: the metrics ask for the count the HPA has (cpu 100m of 200m against 60 %, memory
        // 90Mi of 128Mi against 80 %), so the controller sets no other and says ReadyForNewScale.
        const lens = await waitFor(
          'a replay lens equal to the controller state',
          async () => {
            const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
            const summary = all.find((l) => l.command?.title.startsWith('desired '));
            const h = await autoscaling.readNamespacedHorizontalPodAutoscaler({ namespace: NAMESPACE, name: NAME });
            const able = h.status?.conditions?.find((c) => c.type === 'AbleToScale')?.reason;
            last = `lens ${JSON.stringify(summary?.command?.title)}, controller current ${h.status?.currentReplicas} desired ${h.status?.desiredReplicas} ${able}`;
            const steady = h.status?.currentReplicas === h.status?.desiredReplicas && able === 'ReadyForNewScale';
            return steady && summary?.command?.title === `desired ${h.status?.desiredReplicas} · steady` && summary;
          },
          120_000,
        ).catch((err: Error) => {
          throw new Error(`${err.message}; last seen: ${last}`);
        });
        log(`  ${last}`);
        // The chain in the hover: each metric's proposal from the pods' samples, then the highest.
        assert.match(lens.command!.tooltip ?? '', /Why, as the controller computes it: cpu \d+ % \/ 60 % × (\d+) pods? → \1; memory \d+ % \/ 80 % × \1 pods? → \1; max → \1$/);
        assert.equal(lens.command!.command, 'kube-scaling-doctor.showHpa', 'a click opens the panel with the whole chain');
      },
    },
    {
      name: 'the live CodeLens is on screen, and clicking it opens the HPA panel',
      fn: async () => {
        const clicked = await uiCheckpoint('live-codelens', 90_000);
        if (!clicked) {
          const hpa = (await liveLenses(uri)).find((l) => l.command!.command === 'kube-scaling-doctor.showHpa')!;
          await vscode.commands.executeCommand(hpa.command!.command, ...(hpa.command!.arguments ?? []));
        }
        const tab = await waitFor('the HPA panel tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === `HPA ${NAME}`), 30_000);
        assert.ok(tab.input instanceof vscode.TabInputWebview, 'the panel is a webview');
        // The command reveals the open panel and returns it (one panel per HPA).
        panel = (await vscode.commands.executeCommand<HpaPanel>('kube-scaling-doctor.showHpa', { namespace: NAMESPACE, name: NAME }))!;
        assert.equal(vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label === `HPA ${NAME}`).length, 1, 'no second panel');
      },
    },
    {
      name: 'the webview draws the replicas and metric charts with at least one sample, and its tables',
      fn: async () => {
        const report = await waitFor(
          "the webview's render report with a sample",
          () => {
            const r = panel.lastRender();
            return r && r.points >= 1 && r;
          },
          60_000,
        );
        log(`  rendered: ${JSON.stringify(report)}`);
        assert.equal(report.charts, 3, 'replicas, cpu and memory');
        assert.ok(report.canvases >= 3, 'uPlot drew into canvases');
        assert.ok(report.tableRows >= 3, 'each chart has its data table');
        assert.ok(panel.isTicking(), 'a visible panel updates on a timer');
        // The launcher looks into the webview's page: chart canvases, text alternatives, conditions.
        await uiCheckpoint('hpa-panel', 60_000);
      },
    },
    {
      name: 'a change in the cluster (maxReplicas 6 → 7, by merge patch) reaches the lens and the open panel',
      fn: async () => {
        const autoscaling = kc.makeApiClient(k8s.AutoscalingV2Api);
        const patch = (maxReplicas: number) =>
          autoscaling.patchNamespacedHorizontalPodAutoscaler({ namespace: NAMESPACE, name: NAME, body: { spec: { maxReplicas } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
        const pointsBefore = panel.lastRender()!.points;
        await patch(7);
        try {
          const title = await waitFor('the HPA lens with max 7', async () => (await liveLenses(uri)).find((l) => /^live: \d+\/7 replicas/.test(l.command!.title))?.command!.title, 60_000);
          log(`  after the patch: ${title}`);
          // On screen too: the provider told VS Code its lenses changed (onDidChangeCodeLenses).
          await uiCheckpoint('live-codelens-updated', 60_000);
          await waitFor('a new sample in the panel', () => (panel.lastRender()?.points ?? 0) > pointsBefore, 30_000);
        } finally {
          await patch(6);
        }
        await waitFor('the HPA lens back at max 6', async () => (await liveLenses(uri)).some((l) => /^live: \d+\/6 replicas/.test(l.command!.title)), 60_000);
      },
    },
    {
      name: 'closing the panel disposes it and stops its timer',
      fn: async () => {
        const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === `HPA ${NAME}`)!;
        await vscode.window.tabGroups.close(tab);
        await waitFor('the panel to be disposed', () => panel.isDisposed(), 10_000);
        assert.equal(panel.isTicking(), false);
      },
    },
    {
      name: 'the panel of HPA checkout (at max under load) lists the events the cluster has for it',
      fn: async () => {
        // After a scenario switch the HPA controller may still be scaling checkout up: wait until it is at max.
        const hpas = kc.makeApiClient(k8s.AutoscalingV2Api);
        await waitFor(
          'HPA checkout at maxReplicas in the cluster',
          async () => {
            const h = await hpas.readNamespacedHorizontalPodAutoscaler({ namespace: NAMESPACE, name: 'checkout' });
            return h.status?.currentReplicas === h.spec?.maxReplicas;
          },
          180_000,
        );
        const events = (
          await kc.makeApiClient(k8s.CoreV1Api).listNamespacedEvent({
            namespace: NAMESPACE,
            fieldSelector: 'involvedObject.kind=HorizontalPodAutoscaler,involvedObject.name=checkout',
          })
        ).items;
        const reasons = [...new Set(events.map((e) => e.reason ?? ''))].sort();
        log(`  cluster events of checkout: ${reasons.join(', ') || '(none)'}`);
        const checkout = (await vscode.commands.executeCommand<HpaPanel>('kube-scaling-doctor.showHpa', { namespace: NAMESPACE, name: 'checkout' }))!;
        await waitFor('its render report', () => (checkout.lastRender()?.points ?? 0) >= 1, 60_000);
        if (await uiCheckpoint('hpa-panel-checkout', 180_000)) {
          const seen = JSON.parse(fs.readFileSync(path.join(process.env.KSD_UI_SYNC_DIR!, 'hpa-panel-checkout.json'), 'utf8')) as {
            summary: string;
            reasons: string[];
            events: string;
            why: string;
            chain: string[];
            notes: string[];
            rescales: string[][];
          };
          log(`  panel: ${seen.summary.replace(/\s+/g, ' ')}; events ${seen.reasons.join(', ') || seen.events}`);
          log(`  why: ${seen.why} :: ${seen.chain.join('; ')} :: ${seen.notes.join(' ')}; rescales ${JSON.stringify(seen.rescales)}`);
          assert.match(seen.summary, /at max/, 'the summary says the HPA is at maxReplicas');
          for (const r of reasons) assert.ok(seen.reasons.includes(r), `event ${r} from the cluster is in the panel`);
          if (reasons.length === 0) assert.match(seen.events, /No events for this HPA/);
          // checkout's pods use 400m of a 200m request against a 50 % target: the metric asks for more than 4, and
          // maxReplicas holds the count, as the controller's ScalingLimited TooManyReplicas says.
          assert.match(seen.chain[0] ?? '', /^cpu \d+ % \/ 50 % × 4 pods → (\d+)/);
          assert.ok(Number(/→ (\d+)/.exec(seen.chain[0])![1]) > 4, seen.chain[0]);
          assert.equal(seen.chain[seen.chain.length - 1], 'maxReplicas → 4');
          assert.match(seen.why, /^desired \d+ · held at 4 by maxReplicas$/);
          // The rescale history: the cluster's SuccessfulRescale events, the newest reaching 4.
          const rescales = events.filter((e) => e.reason === 'SuccessfulRescale');
          assert.equal(seen.rescales.length, Math.min(rescales.length, 20), JSON.stringify(seen.rescales));
          if (rescales.length) assert.match(seen.rescales[0][0], /→ 4$/);
        }
        checkout.dispose();
      },
    },
    {
      name: "the Cluster view's HPA row opens the same panel from its inline action",
      fn: async () => {
        await vscode.commands.executeCommand('workbench.view.extension.kubeScalingDoctor');
        if (!(await uiCheckpoint('tree-show-hpa', 90_000))) return;
        await waitFor('the HPA panel tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === `HPA ${NAME}`), 30_000);
        const again = (await vscode.commands.executeCommand<HpaPanel>('kube-scaling-doctor.showHpa', { namespace: NAMESPACE, name: NAME }))!;
        assert.notEqual(again, panel, 'a new panel after the first was closed');
        await waitFor('its render report', () => (again.lastRender()?.points ?? 0) >= 1, 60_000);
        again.dispose();
        assert.equal(again.isTicking(), false);
      },
    },
    {
      name: 'a manifest without metadata.namespace gets its lens only while the current namespace holds the object',
      fn: async () => {
        const noNs = vscode.Uri.file(path.join(workspaceRoot(), 'web-hpa-no-namespace.yaml'));
        await vscode.window.showTextDocument(noNs, { preview: false });
        const session = api.cluster().activeSession()!;
        assert.equal(session.snapshot().info.namespace, 'default', "all namespaces watched; the context's namespace is default");
        assert.ok(
          session.snapshot().autoscalers.some((a) => a.namespace === NAMESPACE && a.name === NAME),
          'the session knows healthy/web',
        );
        assert.deepEqual(await liveLenses(noNs), [], 'default/web does not exist: no lens');
        await api.cluster().useNamespace(NAMESPACE);
        try {
          const want = await clusterState(kc);
          const lens = await waitFor(
            'the lens once the namespace is healthy',
            async () => {
              const l = (await liveLenses(noNs))[0];
              return l?.command!.title.startsWith(`live: ${want.hpa}`) && l;
            },
            60_000,
          );
          log(`  namespace healthy: ${lens.command!.title}`);
          assert.equal(api.cluster().activeSession()!.snapshot().info.namespace, NAMESPACE);
        } finally {
          await api.cluster().useNamespace(undefined);
        }
      },
    },
  ]);
}

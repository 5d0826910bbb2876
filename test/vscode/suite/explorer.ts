// Scenario "explorer" (fixture test/fixtures/vscode/explorer), against the local cluster in scenario `healthy`:
// the Scaling Doctor view opens, talks to the cluster only once shown, and its rows (read from the rendered page
// by the launcher) carry the live values of the service's snapshot: nodes, pods under namespace → workload, HPAs.
// Metrics polling follows the view's visibility; Switch Namespace works through its quick pick. Then the cluster
// is switched to `no-metrics-server` (Metrics API missing row), the kubeconfig is pointed at a closed port
// (unreachable row) and back, and finally its user is an exec credential plugin.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import YAML from 'yaml';
import type { NodeRow, Snapshot } from '../../../src/core/cluster/types';
import type { ExtensionApi } from '../../../src/extension/extension';
import { EXTENSION_ID, log, runSteps, uiCheckpoint, waitFor, workspaceRoot } from './harness';

/** The rows the launcher read from the view: aria-labels, top to bottom. */
function renderedRows(name: string): string[] {
  const dir = process.env.KSD_UI_SYNC_DIR;
  if (!dir) throw new Error('KSD_UI_SYNC_DIR is not set: this scenario needs the code-server launcher');
  return JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8')) as string[];
}

const nodeNumbers = (n: NodeRow) => [n.cpuPercent, n.cpuRequestedPercent, n.memoryPercent, n.memoryRequestedPercent];

/** The four percentages of a rendered node row, or undefined if the label is not a node row with metrics. */
function parseNodeLabel(label: string): { name: string; values: number[] } | undefined {
  const m = /^Node (\S+): CPU \d+m, (\d+)% of allocatable, (\d+)% requested; memory \d+Mi, (\d+)% of allocatable, (\d+)% requested/.exec(label);
  return m ? { name: m[1], values: m.slice(2).map(Number) } : undefined;
}

function hasLiveValues(s: Snapshot): boolean {
  const checkout = s.autoscalers.find((a) => a.namespace === 'healthy' && a.name === 'checkout');
  return s.nodes.length > 0 && s.nodes.every((n) => n.cpuPercent !== undefined) && !!checkout?.metrics.every((m) => m.current !== undefined);
}

export async function explorerScenario(): Promise<void> {
  const kubeconfig = process.env.KSD_TEST_KUBECONFIG;
  let api: ExtensionApi;
  const snapshots: Snapshot[] = [];
  await runSteps([
    {
      name: 'the extension activates without talking to the cluster',
      fn: async () => {
        assert.ok(kubeconfig, 'the launcher passes the test cluster as KSD_TEST_KUBECONFIG');
        const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
        assert.ok(ext, `${EXTENSION_ID} is not loaded`);
        api = await ext.activate();
        assert.equal(vscode.workspace.getConfiguration('kubeScalingDoctor').get('kubeconfig'), kubeconfig, 'the launcher wrote the user setting');
        assert.equal(api.cluster().activeSession(), undefined, 'no session before the view is shown');
        assert.equal(api.cluster().started, false);
      },
    },
    {
      name: 'showing the view starts the session, which reads nodes, pods, HPAs and metrics',
      fn: async () => {
        await vscode.commands.executeCommand('workbench.view.extension.kubeScalingDoctor');
        const session = await waitFor('the session', () => api.cluster().activeSession(), 30_000);
        const s = await waitFor(
          'nodes with metrics and the checkout HPA with current values',
          () => {
            const snap = session.snapshot();
            return hasLiveValues(snap) && snap;
          },
          120_000,
        );
        log(`  context ${s.info.context} ${s.info.version ?? ''}: ${s.nodes.length} nodes, ${s.pods.length} pods, ${s.autoscalers.length} autoscalers`);
        for (const n of s.nodes) log(`  node ${n.name}: cpu ${n.cpuPercent}% (req ${n.cpuRequestedPercent}%), mem ${n.memoryPercent}% (req ${n.memoryRequestedPercent}%)`);
        for (const a of s.autoscalers) log(`  ${a.kind} ${a.namespace}/${a.name}: ${a.metrics.map((m) => m.text).join(', ')}; ${a.currentReplicas}/${a.maxReplicas}${a.atMax ? ' (at max)' : ''}`);
        assert.match(s.info.version ?? '', /^v1\.\d+/, 'the root row shows the cluster version');
        // No namespace row is open yet: pods' metrics are not read (their usage shows only under one).
        assert.ok(s.pods.length > 0 && s.pods.every((p) => p.usage === undefined), 'pod usage read while no namespace row is open');
      },
    },
    {
      name: 'the rendered rows show the snapshot: node percentages and an HPA "cpu: NN%/50%" target',
      fn: async () => {
        const session = api.cluster().activeSession()!;
        // Values move only when metrics are re-read (15 s): the rows must match the snapshot just before or after.
        snapshots.push(session.snapshot());
        assert.ok(await uiCheckpoint('explorer-rows', 90_000), 'this scenario needs the code-server launcher');
        snapshots.push(session.snapshot());
        const rows = renderedRows('explorer-rows');
        for (const r of rows) log(`  row: ${r}`);
        const nodes = rows.map(parseNodeLabel).filter((x) => x !== undefined);
        const names = snapshots[1].nodes.map((n) => n.name).sort();
        assert.deepEqual(nodes.map((n) => n.name).sort(), names, 'one row per node, each with usage and percentages');
        for (const row of nodes) {
          const candidates = snapshots.map((s) => nodeNumbers(s.nodes.find((n) => n.name === row.name)!));
          assert.ok(
            candidates.some((c) => c.join() === row.values.join()),
            `node ${row.name}: rendered ${row.values.join('/')}, snapshot ${candidates.map((c) => c.join('/')).join(' or ')}`,
          );
        }
        const hpaRow = rows.find((r) => r.startsWith('HorizontalPodAutoscaler checkout in healthy'));
        assert.ok(hpaRow, 'a row for HPA healthy/checkout');
        assert.match(hpaRow, /cpu: \d+%\/50%/);
        const texts = snapshots.map((s) => s.autoscalers.find((a) => a.name === 'checkout')!.metrics[0].text);
        assert.ok(
          texts.some((t) => hpaRow.includes(t)),
          `rendered "${hpaRow}", snapshot ${texts.join(' or ')}`,
        );
        assert.match(hpaRow, /replicas \d+, min 1, max 4/);
        const web = rows.find((r) => r.startsWith('HorizontalPodAutoscaler web in healthy'));
        assert.ok(web && /cpu: \d+%\/60%, memory: \d+%\/80%/.test(web), `HPA web shows both metrics: ${web}`);
        const status = renderedRows('explorer-statusbar');
        const ctx = snapshots[1].info.context;
        assert.ok(
          status.some((l) => l.startsWith(`Kubernetes context ${ctx}`)),
          `status bar shows the context: ${status.join(' | ')}`,
        );
        assert.ok(
          status.some((l) => l.startsWith('Namespace all namespaces')),
          `status bar shows the namespace: ${status.join(' | ')}`,
        );
        const root = rows[0];
        assert.ok(root.startsWith(`Context ${snapshots[1].info.context}`) && root.includes(snapshots[1].info.version!), `root row: ${root}`);
      },
    },
    {
      name: 'pods by namespace and workload show status, restarts and % of request as in the snapshot',
      fn: async () => {
        const session = api.cluster().activeSession()!;
        const before = session.snapshot();
        assert.ok(await uiCheckpoint('explorer-pods', 60_000));
        const after = session.snapshot();
        const rows = renderedRows('explorer-pods');
        const podRows = rows.filter((r) => r.startsWith('Pod '));
        for (const r of podRows) log(`  row: ${r}`);
        const web = after.pods.filter((p) => p.namespace === 'healthy' && p.workload?.name === 'web');
        assert.equal(podRows.length, web.length, 'one row per pod of Deployment web');
        for (const r of podRows) {
          const m = /^Pod (\S+) in healthy: (\w+), (\d+) restarts?; CPU (\d+)m (\d+)% of request; memory (\d+)Mi (\d+)% of request$/.exec(r);
          assert.ok(m, `pod row with usage and % of request: ${r}`);
          const matches = [before, after].some((s) => {
            const p = s.pods.find((x) => x.namespace === 'healthy' && x.name === m[1]);
            return !!p && p.status === m[2] && p.restarts === Number(m[3]) && p.cpuPercentOfRequest === Number(m[5]) && p.memoryPercentOfRequest === Number(m[7]);
          });
          assert.ok(matches, `${r} differs from the snapshot`);
        }
        const workload = rows.find((r) => r.startsWith('Workload Deployment/web in healthy'));
        assert.match(workload ?? '', /: \d+ pods, \d+ running; CPU \d+m \d+% of request/);
        // Under the row of Deployment web, a pod row shows what tells it apart (ReplicaSet hash and suffix) and then
        // its numbers; the full name is what screen readers (and the tooltip) get.
        const shown = JSON.parse(fs.readFileSync(path.join(process.env.KSD_UI_SYNC_DIR!, 'explorer-pod-rows.json'), 'utf8')) as { aria: string; label: string; description: string }[];
        assert.equal(shown.length, podRows.length);
        for (const r of shown) {
          log(`  shown: ${r.label}  ${r.description}`);
          const name = /^Pod (\S+) in healthy:/.exec(r.aria)?.[1] ?? '';
          assert.ok(name.startsWith('web-'), r.aria);
          assert.equal(r.label, name.slice('web-'.length), `the label of ${name}`);
          assert.match(r.label, /^[0-9a-z]+-[0-9a-z]{5}$/, 'pod-template-hash and the random suffix');
          // A pod that is not Running says so first.
          assert.match(r.description, /^(?:[A-Za-z]+ · )?cpu \d+% mem \d+%/, `the numbers right after the label: ${r.description}`);
        }
      },
    },
    {
      name: 'scaling Deployment web in the cluster adds its pod row and updates the workload row, without a reload',
      fn: async () => {
        const session = api.cluster().activeSession()!;
        const before = session.snapshot().pods.filter((p) => p.namespace === 'healthy' && p.workload?.name === 'web').length;
        assert.ok(await uiCheckpoint('explorer-scale-web', 90_000));
        const rows = renderedRows('explorer-scale-web').filter((r) => r.startsWith('Pod web-'));
        const after = session.snapshot().pods.filter((p) => p.namespace === 'healthy' && p.workload?.name === 'web');
        assert.equal(rows.length, before + 1);
        assert.deepEqual(rows.map((r) => r.split(' ')[1]).sort(), after.map((p) => p.name).sort(), "the rows are the session's pods");
        assert.equal(api.cluster().activeSession(), session, 'the same session: the change came through its watch');
      },
    },
    {
      name: 'metrics are polled only while the view is visible',
      fn: async () => {
        const session = api.cluster().activeSession()!;
        assert.equal(session.metricsPolling, true, 'polling while the view is visible');
        await vscode.commands.executeCommand('workbench.view.explorer');
        await waitFor('polling to stop when the view is hidden', () => !session.metricsPolling, 10_000);
        await vscode.commands.executeCommand('workbench.view.extension.kubeScalingDoctor');
        await waitFor('polling to resume when the view is shown', () => session.metricsPolling, 10_000);
      },
    },
    {
      name: 'Switch Namespace (status bar quick pick) narrows the view to one namespace',
      fn: async () => {
        const nodesBefore = api.cluster().activeSession()!.snapshot().nodes.length;
        const picking = vscode.commands.executeCommand('kube-scaling-doctor.switchNamespace');
        assert.ok(await uiCheckpoint('explorer-pick-namespace', 60_000));
        await picking;
        assert.equal(api.cluster().current()?.namespace, 'healthy');
        const s = await waitFor(
          'the healthy namespace only',
          () => {
            const snap = api.cluster().activeSession()?.snapshot();
            // The new session's informers sync one by one: wait for all three kinds.
            return !!snap && snap.pods.length > 0 && snap.autoscalers.length > 0 && snap.nodes.length > 0 && snap;
          },
          60_000,
        );
        assert.deepEqual([...new Set(s.pods.map((p) => p.namespace))], ['healthy']);
        assert.equal(s.nodes.length, nodesBefore, 'nodes stay cluster-wide');
        await api.cluster().useNamespace(undefined);
        assert.equal(api.cluster().current()?.namespace, undefined);
      },
    },
    {
      name: 'without metrics-server (cluster scenario no-metrics-server) the view says the Metrics API is missing and offers the doctor',
      fn: async () => {
        assert.ok(await uiCheckpoint('explorer-switch-no-metrics', 240_000), 'the launcher switches the cluster scenario');
        const problem = await waitFor(
          'the metrics-api-missing problem',
          () =>
            api
              .cluster()
              .activeSession()
              ?.snapshot()
              .problems.find((p) => p.kind === 'metrics-api-missing'),
          90_000,
        );
        assert.equal(problem.doctorId, 'metrics-api-missing');
        await waitFor(
          'HPA no-metrics-server/web',
          () =>
            api
              .cluster()
              .activeSession()
              ?.snapshot()
              .autoscalers.some((a) => a.namespace === 'no-metrics-server' && a.metrics[0]?.unknownReason),
          90_000,
        );
        assert.ok(await uiCheckpoint('explorer-no-metrics', 90_000));
        const rows = renderedRows('explorer-no-metrics');
        for (const r of rows) log(`  row: ${r}`);
        const at = rows.findIndex((r) => r === `Problem: ${problem.title}. ${problem.message}`);
        assert.ok(at > 0, 'a problem row under the root row');
        // Its next step in place (issue 14): the doctor's repair that installs metrics-server, then the docs.
        assert.deepEqual(rows.slice(at + 1, at + 3), ["Install metrics-server (the doctor's repair)", 'Open the docs']);
        const nodes = rows.filter((r) => r.startsWith('Node ') && !r.startsWith('Node autoscaling'));
        assert.ok(nodes.length > 0 && nodes.every((r) => /: no metrics; CPU \d+% requested; memory \d+% requested/.test(r)), `node rows without usage: ${nodes.join(' | ')}`);
        const hpa = rows.find((r) => r.startsWith('HorizontalPodAutoscaler web in no-metrics-server'));
        assert.match(hpa ?? '', /cpu: <unknown>\/70%.*; cpu unknown: FailedGetResourceMetric/);
      },
    },
    {
      name: 'a kubeconfig pointing at a closed port shows the unreachable state, with the doctor, context switch, retry and docs offered',
      fn: async () => {
        const closed = path.join(workspaceRoot(), '..', 'unreachable-kubeconfig.yaml');
        await vscode.workspace.getConfiguration('kubeScalingDoctor').update('kubeconfig', closed, vscode.ConfigurationTarget.Global);
        const problem = await waitFor(
          'the unreachable problem',
          () => {
            const s = api.cluster().activeSession()?.snapshot();
            return s?.problems.find((p) => p.kind === 'unreachable');
          },
          60_000,
        );
        log(`  ${problem.title}: ${problem.message}`);
        assert.ok(await uiCheckpoint('explorer-unreachable', 60_000));
        const shown = renderedRows('explorer-unreachable');
        for (const r of shown) log(`  row: ${r}`);
        // The problem replaces the tree: its title and message, then what to do.
        assert.equal(shown[0], `Problem: ${problem.title}. ${problem.message}`);
        assert.match(shown[0], /127\.0\.0\.1:1\b/, 'the message names the server');
        assert.deepEqual(shown.slice(1), ['Run the Doctor', 'Switch context', 'Retry', 'Open the docs']);
      },
    },
    {
      name: 'pointing back at the cluster brings the rows back',
      fn: async () => {
        await vscode.workspace.getConfiguration('kubeScalingDoctor').update('kubeconfig', kubeconfig, vscode.ConfigurationTarget.Global);
        await waitFor(
          'nodes again',
          () => {
            const s = api.cluster().activeSession()?.snapshot();
            return !!s && s.nodes.length > 0 && !s.problems.some((p) => p.kind === 'unreachable');
          },
          60_000,
        );
      },
    },
    {
      name: 'Switch Kubernetes Context (quick pick) moves the view to another context of the kubeconfig, and back',
      fn: async () => {
        // One kubeconfig with two contexts: the test cluster (current) and the closed port.
        const tmp = path.join(workspaceRoot(), '..');
        const both = YAML.parse(fs.readFileSync(kubeconfig!, 'utf8'));
        const closed = YAML.parse(fs.readFileSync(path.join(tmp, 'unreachable-kubeconfig.yaml'), 'utf8'));
        for (const k of ['clusters', 'users', 'contexts']) both[k] = [...both[k], ...closed[k]];
        const file = path.join(tmp, 'two-contexts.yaml');
        fs.writeFileSync(file, YAML.stringify(both));
        await vscode.workspace.getConfiguration('kubeScalingDoctor').update('kubeconfig', file, vscode.ConfigurationTarget.Global);
        const home = both['current-context'];
        await waitFor('the current context', () => api.cluster().current()?.kubeconfig.path === file && api.cluster().activeSession()?.snapshot().nodes.length, 60_000);
        assert.deepEqual(
          api
            .cluster()
            .contexts()
            .map((c) => c.name),
          [home, 'closed-port'],
        );
        const picking = vscode.commands.executeCommand('kube-scaling-doctor.switchContext');
        assert.ok(await uiCheckpoint('explorer-pick-context', 60_000));
        await picking;
        assert.equal(api.cluster().current()?.info.context, 'closed-port');
        await waitFor(
          'the unreachable problem of closed-port',
          () =>
            api
              .cluster()
              .activeSession()
              ?.snapshot()
              .problems.some((p) => p.kind === 'unreachable'),
          60_000,
        );
        await api.cluster().useContext(home);
        await waitFor(
          `nodes of ${home} again`,
          () => {
            const snap = api.cluster().activeSession()?.snapshot();
            return !!snap && snap.info.context === home && snap.nodes.length > 0;
          },
          60_000,
        );
      },
    },
    {
      name: 'a kubeconfig whose user is an exec credential plugin (as for aws eks get-token) works',
      fn: async () => {
        // The same cluster, but the credentials come from a plugin process that client-node runs.
        const tmp = path.join(workspaceRoot(), '..');
        const original = YAML.parse(fs.readFileSync(kubeconfig!, 'utf8'));
        const user = original.users[0].user;
        const calls = path.join(tmp, 'exec-credential.calls');
        const withExec = {
          ...original,
          users: [
            {
              name: original.users[0].name,
              user: {
                exec: {
                  apiVersion: 'client.authentication.k8s.io/v1',
                  command: process.execPath,
                  args: [path.join(tmp, 'exec-credential.mjs'), user['client-certificate'], user['client-key'], calls],
                  interactiveMode: 'Never',
                },
              },
            },
          ],
        };
        const file = path.join(tmp, 'exec-kubeconfig.yaml');
        fs.writeFileSync(file, YAML.stringify(withExec));
        await vscode.workspace.getConfiguration('kubeScalingDoctor').update('kubeconfig', file, vscode.ConfigurationTarget.Global);
        await waitFor(
          'nodes through the exec plugin',
          () => {
            const s = api.cluster().current()?.kubeconfig.path === file && api.cluster().activeSession()?.snapshot();
            return !!s && s.nodes.length > 0 && s.info.version !== undefined && !s.problems.some((p) => p.kind === 'unauthorized' || p.kind === 'unreachable');
          },
          60_000,
        );
        const ran = fs.readFileSync(calls, 'utf8').trim().split('\n');
        log(`  the plugin ran ${ran.length} time(s); first: ${ran[0]}`);
        assert.match(ran[0], /client\.authentication\.k8s\.io\/v1/, 'client-node passed KUBERNETES_EXEC_INFO');
      },
    },
  ]);
}

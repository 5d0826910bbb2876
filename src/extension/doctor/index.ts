// The Doctor in VS Code: the view, its commands (run, repair, undo, docs, the diff's Apply/Cancel) and the cluster
// diagnostics on workspace manifests. registerDoctor is called once from activate().
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { DoctorFinding } from '../../core/doctor/types';
import { clusterCode } from '../loadClusterCode';
import { localTime } from '../displayLanguage';
import { shownProblem } from '../explorer/children';
import { DiffConfirmations } from './confirm';
import { ClusterDiagnostics, type LocateManifests } from './diagnostics';
import { coreEngine, type ClusterAccess, type DoctorEngine } from './engine';
import { vscodeUi, type DoctorUi, type Question } from './prompts';
import { PREVIEW_SCHEME, PreviewDocuments } from './preview';
import { describeError, runRepair, runUndo, type FlowContext, type RepairOutcome, type UndoOutcome } from './repairFlow';
import { openFixManifest, type FixManifestOutcome } from './fixManifest';
import { DOCTOR_VIEW, DoctorTree, type DoctorNode, type DoctorRun } from './tree';
import { UndoStore, type UndoEntry } from './undoStore';
import { localizedFinding } from '../../core/doctor/findingText';

/** What tests reach through the extension's exports (`api.doctor`). */
export interface DoctorApi {
  lastRun(): DoctorRun | undefined;
  /** Replaces the modal dialogs and notifications (tests answer them); undefined restores VS Code's. */
  setUi(ui: DoctorUi | undefined): void;
  undoEntries(): UndoEntry[];
  clusterDiagnostics(): [vscode.Uri, readonly vscode.Diagnostic[]][];
  /** The question the preview diff's title bar answers now (Apply/Cancel), if any. */
  pendingConfirmation(): Question | undefined;
  /** What the view shows it waits for instead of findings (a rollout, a verification), if anything. */
  waitingFor(): string | undefined;
  /** Everything the view showed it waited for, oldest first (the last 50). */
  waitedFor(): readonly string[];
}

/** Context keys: the doctor has no cluster (its welcome content offers the next steps); it has run (walkthrough). */
export const NO_CLUSTER_KEY = 'kubeScalingDoctor.doctorNoCluster';
export const DOCTOR_RAN_KEY = 'kubeScalingDoctor.walkthrough.doctorRan';

export function registerDoctor(
  context: vscode.ExtensionContext,
  cluster: ClusterAccess,
  output: vscode.LogOutputChannel,
  locateManifests: LocateManifests,
  engine: DoctorEngine = coreEngine,
): DoctorApi {
  const log = (msg: string) => output.info(`[doctor] ${msg}`);
  const tree = new DoctorTree();
  const view = vscode.window.createTreeView(DOCTOR_VIEW, { treeDataProvider: tree, showCollapseAll: true });
  const previews = new PreviewDocuments();
  const diagnostics = new ClusterDiagnostics(locateManifests, log);
  const undo = new UndoStore(context.workspaceState);
  const diffs = new DiffConfirmations();
  const realUi = vscodeUi(diffs);
  let ui: DoctorUi = realUi;
  let last: DoctorRun | undefined;
  let running: Promise<DoctorRun | undefined> | undefined;
  /** What the view shows it waits for (a rollout, a verification) instead of findings. */
  let waiting: string | undefined;
  const waited: string[] = [];
  /** Messages on screen now: the same one is not shown twice (a second click, a re-run). */
  const shown = new Set<string>();
  const tellOnce = (level: 'error' | 'warning', message: string, actions: Record<string, () => unknown>): void => {
    if (shown.has(message)) return;
    shown.add(message);
    void ui.tell(level, message, Object.keys(actions)).then((a) => {
      shown.delete(message);
      if (a) void actions[a]?.();
    });
  };

  const diagnoseNow = async (): Promise<DoctorRun | undefined> => {
    const conn = cluster.current();
    void vscode.commands.executeCommand('setContext', NO_CLUSTER_KEY, !conn);
    if (!conn) {
      // The view's welcome content offers the next steps in place; a notification only when the view is hidden.
      const problem = cluster.problem();
      const p = problem && shownProblem(problem);
      const why = p
        ? vscode.l10n.t('Scaling Doctor: {title}. {message}', { title: p.title, message: p.message })
        : vscode.l10n.t(
            'Scaling Doctor: No cluster to diagnose: choose a kubeconfig file (Scaling Doctor: Choose Kubeconfig File) or start the local cluster (Scaling Doctor: Start the Local Cluster).',
          );
      // No message: VS Code hides a view's welcome content while the view has one.
      view.message = undefined;
      if (!view.visible) {
        tellOnce('error', why, {
          [vscode.l10n.t('Choose Kubeconfig File')]: () => vscode.commands.executeCommand('kube-scaling-doctor.chooseKubeconfig'),
          [vscode.l10n.t('Start the Local Cluster')]: () => vscode.commands.executeCommand('kube-scaling-doctor.startLocalCluster'),
        });
      }
      return undefined;
    }
    // Progress and the summary go in the header's description; `message` only for errors (a message
    // replaced within the tree's refresh window could stay stale on screen).
    view.description = vscode.l10n.t('diagnosing {context}…', { context: conn.info.context });
    if (view.message) view.message = undefined;
    try {
      const result = await vscode.window.withProgress({ location: { viewId: DOCTOR_VIEW }, title: vscode.l10n.t('Diagnosing') }, () => engine.diagnose(conn.kc, { namespace: conn.namespace }));
      const now = cluster.current()?.info;
      if (now?.context !== conn.info.context || now?.server !== conn.info.server) {
        log(`diagnosed ${conn.info.context}, but the context changed meanwhile: result dropped`);
        view.description = undefined;
        return undefined;
      }
      last = { ...result, info: conn.info, at: new Date() };
      tree.setRun(last);
      waiting = undefined;
      void vscode.commands.executeCommand('setContext', DOCTOR_RAN_KEY, true);
      const n = last.findings.length;
      const args = { context: conn.info.context, count: n, time: localTime(last.at) };
      view.description = n === 1 ? vscode.l10n.t('{context} · {count} finding · {time}', args) : vscode.l10n.t('{context} · {count} findings · {time}', args);
      view.badge = n ? { value: n, tooltip: n === 1 ? vscode.l10n.t('{count} doctor finding', args) : vscode.l10n.t('{count} doctor findings', args) } : undefined;
      log(`diagnosed ${conn.info.context}: ${last.findings.map((f) => f.id).join(', ') || 'no findings'}; problems: ${last.problems.map((p) => p.kind).join(', ') || 'none'}`);
      await diagnostics.update({ findings: last.findings, namespace: conn.info.namespace, context: conn.info.context });
      return last;
    } catch (err) {
      const message = describeError(err);
      view.description = conn.info.context;
      view.message = vscode.l10n.t('The doctor failed: {error}', { error: message });
      log(`diagnose failed: ${message}`);
      tellOnce('error', vscode.l10n.t('Scaling Doctor could not diagnose {context}: {error}', { context: conn.info.context, error: message }), {
        [vscode.l10n.t('Run Again')]: () => runDoctor(),
        [vscode.l10n.t('Show Output')]: () => output.show(true),
      });
      return undefined;
    }
  };

  /** One run at a time: a second call while one runs gets its result. `show`: bring the view up first. */
  const runDoctor = async (focus?: string, show = true): Promise<DoctorRun | undefined> => {
    if (show) await vscode.commands.executeCommand(`${DOCTOR_VIEW}.focus`);
    const run = await (running ??= diagnoseNow().finally(() => (running = undefined)));
    const node = focus ? tree.find(focus) : undefined;
    if (node) await view.reveal(node, { select: true, focus: false, expand: true }).then(undefined, () => undefined);
    return run;
  };

  const flow: FlowContext = {
    engine,
    cluster,
    ui: () => ui,
    previews,
    undo,
    rerun: async () => {
      await running; // a run started before the write would show the old state
      const run = await runDoctor(undefined, false); // the editor keeps the focus
      if (waiting) {
        // No new result: the waiting row goes, the view's message says why.
        waiting = undefined;
        tree.setRun(undefined);
        view.description = undefined;
      }
      return run;
    },
    setWaiting: (what) => {
      if (!what) return;
      waiting = what;
      waited.push(what);
      if (waited.length > 50) waited.shift();
      tree.setWaiting(what);
      view.description = what;
      view.badge = undefined;
    },
    openDocs: (page) => openExtensionDoc(context, page).then(() => undefined),
    log,
  };

  context.subscriptions.push(
    view,
    tree,
    previews,
    diffs,
    diagnostics,
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, previews),
    cluster.onDidChange(() => {
      const now = cluster.current()?.info;
      if (now) void vscode.commands.executeCommand('setContext', NO_CLUSTER_KEY, false);
      if (last && (now?.context !== last.info.context || now?.server !== last.info.server)) {
        // Findings of another cluster would mislead: back to the welcome content.
        last = undefined;
        tree.setRun(undefined);
        view.message = undefined;
        view.description = undefined;
        view.badge = undefined;
        void diagnostics.update(undefined);
      }
    }),
    vscode.commands.registerCommand('kube-scaling-doctor.runDoctor', (focus?: unknown) => runDoctor(focusArg(focus))),
    vscode.commands.registerCommand('kube-scaling-doctor.repair', async (target?: unknown, repairId?: unknown): Promise<RepairOutcome | undefined> => {
      const resolved = resolveRepairTarget(target, repairId, last);
      if (typeof resolved === 'string') {
        void ui.tell('error', resolved);
        return undefined;
      }
      try {
        return await runRepair(flow, resolved.finding, resolved.repairId);
      } catch (err) {
        const message = vscode.l10n.t('The repair stopped: {error}', { error: describeError(err) });
        log(message);
        void ui.tell('error', message);
        return { status: 'failed', step: 'unexpected', message };
      } finally {
        await previews.closeDiffs(); // however the flow ended
      }
    }),
    vscode.commands.registerCommand('kube-scaling-doctor.undoRepair', async (id?: unknown): Promise<UndoOutcome> => {
      try {
        return await runUndo(flow, typeof id === 'string' ? id : undefined);
      } catch (err) {
        const message = vscode.l10n.t('The undo stopped: {error}', { error: describeError(err) });
        void ui.tell('error', message);
        return { status: 'failed', message };
      } finally {
        await previews.closeDiffs();
      }
    }),
    // OPEN_FIX_MANIFEST_COMMAND, spelled out for the manifest test that matches registrations to package.json.
    vscode.commands.registerCommand('kube-scaling-doctor.openFixManifest', async (arg?: unknown): Promise<FixManifestOutcome | undefined> => {
      const finding = findingOf(arg);
      if (!finding) return undefined;
      const namespace = last?.info.namespace ?? cluster.current()?.info.namespace ?? 'default';
      return openFixManifest(finding, namespace, locateManifests, (message) => void ui.tell('warning', message, []));
    }),
    vscode.commands.registerCommand('kube-scaling-doctor.openDoctorDocs', (arg?: unknown) => {
      const finding = findingOf(arg);
      return finding ? openDocs(context, finding) : undefined;
    }),
  );

  return {
    lastRun: () => last,
    setUi: (next) => (ui = next ?? realUi),
    undoEntries: () => undo.list(),
    clusterDiagnostics: () => diagnostics.entries(),
    pendingConfirmation: () => diffs.current(),
    waitingFor: () => waiting,
    waitedFor: () => [...waited],
  };
}

/** The explorer passes a diagnosis id, or an object with `doctorId` (a ClusterProblem). */
function focusArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const id = (arg as { doctorId?: unknown } | undefined)?.doctorId;
  return typeof id === 'string' ? id : undefined;
}

function findingOf(arg: unknown): DoctorFinding | undefined {
  const node = arg as Partial<DoctorNode> & { finding?: DoctorFinding; parent?: { finding: DoctorFinding } };
  if (!node || typeof node !== 'object') return undefined;
  if (node.type === 'finding') return node.finding;
  if (node.parent?.finding) return node.parent.finding;
  const f = arg as DoctorFinding;
  return typeof f.id === 'string' && Array.isArray(f.repairs) ? f : undefined;
}

/**
 * The repair command's arguments: a repair row of the view (its button or a click), or a finding (or a
 * diagnosis id / finding key of the last run) and a repair id.
 */
function resolveRepairTarget(target: unknown, repairId: unknown, last: DoctorRun | undefined): { finding: DoctorFinding; repairId: string } | string {
  const node = target as Partial<DoctorNode> | undefined;
  if (node && typeof node === 'object' && node.type === 'repair') return { finding: node.parent!.finding, repairId: node.offer!.id };
  let finding = findingOf(target);
  if (!finding && typeof target === 'string') finding = last?.findings.find((f) => f.id === target);
  if (!finding) return last ? vscode.l10n.t('Choose a repair in the Doctor view.') : vscode.l10n.t('Run the doctor first (Scaling Doctor: Run Doctor), then choose a repair in its view.');
  const id = typeof repairId === 'string' ? (clusterCode().canonicalRepairId(repairId) ?? repairId) : finding.repairs[0]?.id;
  if (!id) return vscode.l10n.t('The finding {id} has no repair.', { id: finding.id });
  return { finding, repairId: id };
}

/** A docs page shipped with the extension, in the Markdown preview; false when it is not there (an old .vsix). */
async function openExtensionDoc(context: vscode.ExtensionContext, page: string): Promise<boolean> {
  const file = vscode.Uri.joinPath(context.extensionUri, page);
  if (!fs.existsSync(file.fsPath)) return false;
  await vscode.commands.executeCommand('markdown.showPreview', file);
  return true;
}

async function openDocs(context: vscode.ExtensionContext, finding: DoctorFinding): Promise<void> {
  if (/^https?:\/\//.test(finding.docs)) {
    await vscode.env.openExternal(vscode.Uri.parse(finding.docs));
    return;
  }
  if (await openExtensionDoc(context, finding.docs)) return;
  // Not shipped (an old .vsix): the explanation itself.
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: `# ${localizedFinding(finding).message}\n\n\`${finding.id}\`\n\n${localizedFinding(finding).explanation}\n` });
  await vscode.window.showTextDocument(doc, { preview: true });
}

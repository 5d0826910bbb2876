// A repair, step by step: plan → diff preview → server-side dry run → confirmation from the diff's title bar
// (non-modal: the diff stays visible) → apply with the planned resourceVersion → diff closed → the rollout
// awaited → verification with progress → doctor re-run → Undo offered. Helm-managed objects get the values
// change instead of a patch. Undo goes the same way (diff, dry run, confirmation, rollout, re-run).
// Every failure ends in a message, never a rejection.
import type { KubeConfig } from '@kubernetes/client-node';
import * as vscode from 'vscode';
import { ConcurrentChangeError, type DoctorFinding, type PlannedChange, type RepairOffer, type RepairPlan } from '../../core/doctor/types';
import { errorText, textOf, type Message } from '../../core/l10n';
import { localTime, timeAgo } from '../../core/text/timeText';
import { clusterCode } from '../loadClusterCode';
import type { ClusterAccess, DoctorEngine } from './engine';
import type { DoctorUi } from './prompts';
import { objectLabel, type PreviewDocuments } from './preview';
import { deploymentRollout, rolloutTargets } from './rollout';
import { shownProblem } from '../explorer/children';
import type { UndoEntry, UndoStore } from './undoStore';
import { DOCTOR_VIEW } from './tree';
import { localizedPlan, localizedRepair } from '../../core/doctor/findingText';
import { localizedProblem } from '../../core/cluster/problemText';
import type { ClusterProblem } from '../../core/cluster/types';

export interface FlowContext {
  engine: DoctorEngine;
  cluster: ClusterAccess;
  ui: () => DoctorUi;
  previews: PreviewDocuments;
  undo: UndoStore;
  /** Runs the doctor again (after a repair or an undo). */
  rerun: () => Promise<unknown>;
  /** Shows what the doctor waits for (a rollout) in its view instead of findings; undefined: done. */
  setWaiting: (what: string | undefined) => void;
  /** Opens a page of the docs (a path in the extension, e.g. docs/repairs/<id>.md). */
  openDocs: (page: string) => Promise<void>;
  log: (msg: string) => void;
  /** How long a re-diagnosis waits for a rollout before it runs anyway. */
  rolloutTimeoutMs?: number;
}

export type RepairOutcome =
  | { status: 'applied'; undoId: string; verified: boolean; detail: string }
  | { status: 'cancelled'; step: string }
  | { status: 'helm'; release: string; valuesChange: string }
  | { status: 'nothing-to-do' }
  | { status: 'failed'; step: string; message: string };

export type UndoOutcome = { status: 'undone'; id: string } | { status: 'cancelled' } | { status: 'failed'; message: string };

export async function runRepair(ctx: FlowContext, finding: DoctorFinding, repairId: string): Promise<RepairOutcome> {
  const ui = ctx.ui();
  const conn = ctx.cluster.current();
  if (!conn) return fail(ctx, 'connect', noClusterMessage(ctx));
  let offer = finding.repairs.find((r) => r.id === repairId);
  if (!offer) {
    const offered = finding.repairs.map((r) => r.id).join(', ');
    return fail(
      ctx,
      'plan',
      offered
        ? vscode.l10n.t('The finding {finding} has no repair "{repair}" (offered: {offered}).', { finding: finding.id, repair: repairId, offered })
        : vscode.l10n.t('The finding {finding} has no repair "{repair}" (offered: none).', { finding: finding.id, repair: repairId }),
    );
  }

  if (offer.insecure) {
    const chosen = await chooseInsecure(ctx, ui, finding, offer);
    if (!chosen) return cancelled(ctx, 'insecure-warning');
    offer = chosen;
  }

  const { kc, info } = conn;
  for (;;) {
    let plan: RepairPlan;
    const offerTitle = localizedRepair(offer).title;
    try {
      plan = await progress(vscode.l10n.t('Scaling Doctor: planning "{title}"…', { title: offerTitle }), () => ctx.engine.planRepair(kc, finding, offer.id));
    } catch (err) {
      return fail(ctx, 'plan', vscode.l10n.t('Could not plan "{title}": {error}', { title: offerTitle, error: describeError(err) }));
    }
    const title = textOf(plan.title);

    if (plan.helm) return helmValues(ctx, ui, plan);
    if (plan.changes.length === 0) {
      void ui.tell('info', vscode.l10n.t('"{title}": nothing to change, the cluster already has it.', { title }));
      return { status: 'nothing-to-do' };
    }

    await ctx.previews.show(title, plan.changes);

    try {
      await progress(vscode.l10n.t('Scaling Doctor: dry run of "{title}" on the API server…', { title }), () => ctx.engine.dryRun(kc, plan));
    } catch (err) {
      return fail(ctx, 'dry-run', vscode.l10n.t('The API server rejected "{title}" in a dry run; nothing was written. {error}', { title, error: describeError(err) }));
    }

    const objects = plan.changes.map((c) =>
      c.action === 'create' ? vscode.l10n.t('create {object}', { object: objectLabel(c.object) }) : vscode.l10n.t('change {object}', { object: objectLabel(c.object) }),
    );
    const apply = vscode.l10n.t('Apply');
    const answer = await ui.ask({
      kind: 'confirm-apply',
      message: vscode.l10n.t('Apply "{title}" to {context}? ({objects})', { title, context: info.context, objects: objects.join(', ') }),
      detail: [
        ...localizedPlan(plan).warnings.map((w) => `⚠ ${w}`),
        vscode.l10n.t('The diff editor shows the change. The API server accepted it in a dry run; nothing is written yet.'),
        vscode.l10n.t('It is written only if the objects are unchanged since the preview, and can be undone afterwards.'),
        vscode.l10n.t('Then the doctor waits for: {what}.', { what: localizedPlan(plan).verifies }),
      ].join('\n\n'),
      choices: [apply],
      aboutDiff: true,
    });
    // Answered: the diff has done its job (a re-preview opens a new one).
    await ctx.previews.closeDiffs();
    if (answer !== apply) return cancelled(ctx, 'confirm-apply');

    let undo: UndoEntry;
    try {
      const record = await progress(vscode.l10n.t('Scaling Doctor: applying "{title}"…', { title }), () => ctx.engine.applyPlan(kc, plan));
      // Kept as shown: an undo entry says what was applied in the language it was applied in.
      undo = await ctx.undo.add({ title, context: info.context, server: info.server, record });
    } catch (err) {
      if (isConcurrentChange(err)) {
        ctx.log(`repair ${plan.repairId}: ${err.message}`);
        const rePreview = vscode.l10n.t('Re-preview');
        const again = await ui.ask({
          kind: 'concurrent-change',
          message: vscode.l10n.t('{object} changed since the preview; nothing was written.', { object: objectLabel(err.object) }),
          detail: vscode.l10n.t('Someone or something (a controller, kubectl, a deploy) changed it after the diff was made. Re-preview reads it again and shows the new diff.'),
          choices: [rePreview],
        });
        if (again === rePreview) continue;
        return cancelled(ctx, 'concurrent-change');
      }
      return fail(ctx, 'apply', vscode.l10n.t('"{title}" was not applied: {error}', { title, error: describeError(err) }));
    }
    ctx.log(`repair ${plan.repairId} applied to ${info.context}; undo id ${undo.id}`);
    return verifyAndReport(ctx, ui, plan, undo);
  }
}

async function verifyAndReport(ctx: FlowContext, ui: DoctorUi, plan: RepairPlan, undo: UndoEntry): Promise<RepairOutcome> {
  const conn = ctx.cluster.current();
  if (conn) await waitForRollouts(ctx, conn.kc, plan.changes);
  const title = textOf(plan.title);
  const verifies = localizedPlan(plan).verifies;
  ctx.setWaiting(vscode.l10n.t('verifying "{title}": {what}', { title, what: verifies }));
  // `detail` in English for the log, `localized` for the reader.
  let result: { ok: boolean; detail: string; localized: string | Message; remaining?: string[] };
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Scaling Doctor: verifying "{title}" ({what})', { title, what: verifies }), cancellable: true },
      async (p, token) => {
        if (!conn) return { ok: false, detail: 'no cluster connection to verify with', localized: vscode.l10n.t('no cluster connection to verify with') };
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        try {
          return await ctx.engine.verifyRepair(conn.kc, plan, { onProgress: (_english, seen) => p.report({ message: textOf(seen) }), signal: abort.signal });
        } finally {
          sub.dispose();
        }
      },
    );
  } catch (err) {
    result = { ok: false, detail: err instanceof Error ? err.message : String(err), localized: describeError(err) };
  }
  ctx.log(`verify ${plan.repairId}: ${result.ok ? 'ok' : 'not cleared'}: ${result.detail}`);
  await ctx.rerun();
  // Other HPAs' problems (External metrics without an adapter…) are remaining findings, not a failed repair.
  if (result.remaining?.length) ctx.log(`verify ${plan.repairId}: remaining, not changed by this repair: ${result.remaining.join(' | ')}`);
  const others = result.remaining?.length ?? 0;
  const detail = textOf(result.localized);
  const message = !result.ok
    ? vscode.l10n.t('"{title}" was applied, but the symptom has not cleared yet: {detail}', { title, detail })
    : others === 0
      ? vscode.l10n.t('Repaired: "{title}". {detail}', { title, detail })
      : others === 1
        ? vscode.l10n.t('Repaired: "{title}". {detail} Remaining, not changed by this repair: 1 other HPA not scaling (see the Doctor view).', { title, detail })
        : vscode.l10n.t('Repaired: "{title}". {detail} Remaining, not changed by this repair: {count} other HPAs not scaling (see the Doctor view).', { title, detail, count: others });
  const undoChoice = vscode.l10n.t('Undo');
  void ui.tell(result.ok ? 'info' : 'warning', message, [undoChoice]).then((a) => {
    if (a === undoChoice) void vscode.commands.executeCommand('kube-scaling-doctor.undoRepair', undo.id);
  });
  return { status: 'applied', undoId: undo.id, verified: result.ok, detail: result.detail };
}

/** The page that explains the secure alternative to an insecure repair (kubelet serving certificates). */
export const SECURE_ALTERNATIVE_DOCS = 'docs/repairs/metrics-server-skip-kubelet-tls-verify.md';
/** The button that opens that page, in the display language. */
export const secureAlternativeChoice = (): string => vscode.l10n.t('Set up kubelet serving certificates (secure)');

/**
 * The insecure repair's warning comes first and needs an explicit choice: the secure one first (the secure repair
 * when the finding offers one, else how to set up serving certificates), Cancel, and the insecure flag last.
 */
async function chooseInsecure(ctx: FlowContext, ui: DoctorUi, finding: DoctorFinding, offer: RepairOffer): Promise<RepairOffer | undefined> {
  const secure = finding.repairs.find((r) => !r.insecure && r.id !== offer.id);
  const title = localizedRepair(offer).title;
  const useInsecure = vscode.l10n.t('{title} (insecure)', { title });
  const useSecure = secure ? vscode.l10n.t('Use "{title}" instead', { title: localizedRepair(secure).title }) : secureAlternativeChoice();
  const answer = await ui.ask({
    kind: 'insecure-warning',
    message: vscode.l10n.t('"{title}" is insecure.', { title }),
    detail: offer.warning ? localizedRepair(offer).warning : vscode.l10n.t('It turns off a security check.'),
    choices: [useSecure, useInsecure],
    risky: useInsecure,
  });
  if (answer === useInsecure) return offer;
  if (answer === useSecure && secure) return secure;
  if (answer === useSecure) await ctx.openDocs(SECURE_ALTERNATIVE_DOCS);
  return undefined;
}

async function helmValues(ctx: FlowContext, ui: DoctorUi, plan: RepairPlan): Promise<RepairOutcome> {
  const helm = plan.helm!;
  const { shellQuote } = clusterCode();
  await ctx.previews.showText(`helm-values-${helm.release}.yaml`, helm.valuesChange);
  const copy = vscode.l10n.t('Copy the values change');
  const answer = await ui.ask({
    kind: 'helm-values',
    message: vscode.l10n.t('The object is managed by Helm release {release}: nothing is patched.', { release: `${helm.namespace}/${helm.release}` }),
    detail: vscode.l10n.t('A patch would be undone by the next "helm upgrade". Change the release\'s values instead (shown in the editor), then run: {command}', {
      command: `helm upgrade ${shellQuote(helm.release)} -n ${shellQuote(helm.namespace)} --reuse-values -f <that file> <chart>`,
    }),
    choices: [copy],
  });
  if (answer === copy) await vscode.env.clipboard.writeText(helm.valuesChange);
  return { status: 'helm', release: helm.release, valuesChange: helm.valuesChange };
}

export async function runUndo(ctx: FlowContext, id?: string): Promise<UndoOutcome> {
  const ui = ctx.ui();
  const entries = ctx.undo.list();
  let entry = id ? ctx.undo.get(id) : entries.length === 1 ? entries[0] : undefined;
  if (!entry && !id && entries.length > 1) {
    const pick = await vscode.window.showQuickPick(
      entries.map((e) => ({
        label: e.title,
        description: vscode.l10n.t('{context} · applied {ago} ({time})', { context: e.context, ago: timeAgo(e.record.appliedAt), time: localTime(e.record.appliedAt) }),
        entry: e,
      })),
      { placeHolder: vscode.l10n.t('Which repair to undo?') },
    );
    if (!pick) return { status: 'cancelled' };
    entry = pick.entry;
  }
  if (!entry) {
    const message = id ? vscode.l10n.t('No repair "{id}" to undo (it was undone already, or applied in another workspace).', { id }) : vscode.l10n.t('No repair to undo.');
    void ui.tell('info', message);
    return { status: 'failed', message };
  }
  const conn = ctx.cluster.current();
  if (!conn) return failUndo(ctx, noClusterMessage(ctx));
  if (conn.info.context !== entry.context || conn.info.server !== entry.server) {
    return failUndo(
      ctx,
      vscode.l10n.t('"{title}" was applied to context {context} ({server}); switch to it to undo (current: {current}).', {
        title: entry.title,
        context: entry.context,
        server: entry.server,
        current: conn.info.context,
      }),
    );
  }
  // The same path as a repair: read the live objects, show the diff of what is restored, dry-run it, confirm.
  let plan: { changes: PlannedChange[] };
  try {
    plan = await progress(vscode.l10n.t('Scaling Doctor: planning the undo of "{title}"…', { title: entry.title }), () => ctx.engine.planUndo(conn.kc, entry!.record));
  } catch (err) {
    return failUndo(ctx, notUndone(entry, err));
  }
  if (plan.changes.length) {
    await ctx.previews.show(vscode.l10n.t('undo {title}', { title: entry.title }), plan.changes);
    try {
      await progress(vscode.l10n.t('Scaling Doctor: dry run of the undo on the API server…'), () => ctx.engine.dryRun(conn.kc, plan));
    } catch (err) {
      return failUndo(ctx, vscode.l10n.t('The API server rejected the undo of "{title}" in a dry run; nothing was written. {error}', { title: entry.title, error: describeError(err) }));
    }
  }
  const objects = plan.changes
    .map((c) => (c.action === 'delete' ? vscode.l10n.t('delete {object}', { object: objectLabel(c.object) }) : vscode.l10n.t('restore {object}', { object: objectLabel(c.object) })))
    .join(', ');
  const undoChoice = vscode.l10n.t('Undo');
  const answer = await ui.ask({
    kind: 'confirm-undo',
    message: objects
      ? vscode.l10n.t('Undo "{title}" on {context}? ({objects})', { title: entry.title, context: entry.context, objects })
      : vscode.l10n.t('Undo "{title}" on {context}? (nothing left to change)', { title: entry.title, context: entry.context }),
    detail: vscode.l10n.t(
      'The diff editor shows what is restored; the API server accepted it in a dry run. Puts the objects back as they were before {time}. Refused, writing nothing, if they changed after the repair.',
      { time: localTime(entry.record.appliedAt) },
    ),
    choices: [undoChoice],
    aboutDiff: plan.changes.length > 0,
  });
  await ctx.previews.closeDiffs();
  if (answer !== undoChoice) return { status: 'cancelled' };
  try {
    await progress(vscode.l10n.t('Scaling Doctor: undoing "{title}"…', { title: entry.title }), () => ctx.engine.applyUndo(conn.kc, plan));
  } catch (err) {
    return failUndo(ctx, notUndone(entry, err));
  }
  await ctx.undo.remove(entry.id);
  ctx.log(`undo ${entry.id} done`);
  // Diagnosing during the rollout would read the old pod going away and the new one starting.
  await waitForRollouts(ctx, conn.kc, plan.changes);
  await ctx.rerun();
  void ui.tell('info', vscode.l10n.t('Undone: "{title}".', { title: entry.title }));
  return { status: 'undone', id: entry.id };
}

const ROLLOUT_TIMEOUT_MS = 300_000;
const ROLLOUT_POLL_MS = 2_000;
/** Answers in a row an aggregated API gives before the re-diagnosis reads it (4 s at the poll above). */
const API_ANSWERS_IN_A_ROW = 3;

/**
 * Waits until the Deployments `changes` wrote have rolled out (kubectl's rule, rollout.ts), showing what it waits
 * for in the Doctor view and a cancellable notification. Gives up, logging why, when the rollout cannot finish
 * (progress deadline), after `rolloutTimeoutMs`, or when cancelled: the re-diagnosis then says what is wrong.
 */
async function waitForRollouts(ctx: FlowContext, kc: KubeConfig, changes: readonly PlannedChange[]): Promise<void> {
  const targets = rolloutTargets(changes);
  if (targets.length === 0) return;
  const deadline = Date.now() + (ctx.rolloutTimeoutMs ?? ROLLOUT_TIMEOUT_MS);
  const objects = targets.map(objectLabel).join(', ');
  const title = vscode.l10n.t('Scaling Doctor: waiting for the rollout of {objects}', { objects });
  ctx.setWaiting(vscode.l10n.t('{objects}: waiting for the new pod', { objects }));
  // The waiting row stays until the re-diagnosis replaces it (FlowContext.rerun).
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (p, token) => {
    for (const ref of targets) {
      for (;;) {
        let state;
        try {
          const live = await ctx.engine.readObject(kc, ref);
          if (!live) break;
          state = deploymentRollout(live as Parameters<typeof deploymentRollout>[0]);
        } catch (err) {
          state = { done: false, message: vscode.l10n.t('waiting for the new pod (reading {object}: {error})', { object: objectLabel(ref), error: describeError(err) }) };
        }
        if (state.done) break;
        ctx.setWaiting(`${objectLabel(ref)}: ${state.message}`);
        p.report({ message: state.message });
        if (state.failed || token.isCancellationRequested || Date.now() > deadline) {
          ctx.log(`rollout of ${objectLabel(ref)} not finished (${state.message}); diagnosing anyway`);
          return;
        }
        await new Promise((r) => setTimeout(r, ROLLOUT_POLL_MS));
      }
    }
    // A rolled-out metrics-server (or metrics adapter) is reached by the API server's aggregator a moment later:
    // until then its API answers 503, which the re-diagnosis would report as an error of the repair. One answer is
    // not enough: the old pod can still answer while it terminates, then the API answers 503 until the new one is
    // reached; so several in a row, ROLLOUT_POLL_MS apart.
    for (const ref of targets) {
      let apis: string[] = [];
      try {
        apis = await ctx.engine.aggregatedApisServedBy(kc, ref);
      } catch (err) {
        ctx.log(`could not tell which APIs ${objectLabel(ref)} serves (${describeError(err)}); diagnosing without waiting for them`);
      }
      for (const api of apis) {
        for (let inARow = 0; ;) {
          const answer = await ctx.engine.apiAnswers(kc, api);
          inARow = answer.ok ? inARow + 1 : 0;
          if (inARow >= API_ANSWERS_IN_A_ROW) break;
          if (!answer.ok) {
            const message = vscode.l10n.t('waiting for {api} to answer ({why})', { api, why: answer.why });
            ctx.setWaiting(`${objectLabel(ref)}: ${message}`);
            p.report({ message });
            if (token.isCancellationRequested || Date.now() > deadline) {
              ctx.log(`${api} did not answer after the rollout of ${objectLabel(ref)} (${answer.why}); diagnosing anyway`);
              return;
            }
          }
          await new Promise((r) => setTimeout(r, ROLLOUT_POLL_MS));
        }
      }
    }
  });
}

function isConcurrentChange(err: unknown): err is ConcurrentChangeError {
  return err instanceof ConcurrentChangeError || (err instanceof Error && err.name === 'ConcurrentChangeError' && 'object' in err);
}

/** The message of an error, or of the ClusterProblem it carries (never a token: core's messages have none). */
export function describeError(err: unknown): string {
  const problem = (err as { problem?: ClusterProblem } | undefined)?.problem;
  if (problem?.message) return localizedProblem(problem).message;
  return errorText(err);
}

function noClusterMessage(ctx: FlowContext): string {
  const problem = ctx.cluster.problem();
  const p = problem && shownProblem(problem);
  return p
    ? vscode.l10n.t('{title}: {message}', { title: p.title, message: p.message })
    : vscode.l10n.t('No cluster: choose a kubeconfig file (Scaling Doctor: Choose Kubeconfig File) or start the local cluster (Scaling Doctor: Start the Local Cluster).');
}

/** Why an undo wrote nothing: an object changed after the repair (undoing would overwrite that), or the error. */
function notUndone(entry: UndoEntry, err: unknown): string {
  return isConcurrentChange(err)
    ? vscode.l10n.t('"{title}" was not undone: {object} changed after the repair, and undoing would overwrite that change. Nothing was written.', {
        title: entry.title,
        object: objectLabel(err.object),
      })
    : vscode.l10n.t('"{title}" was not undone: {error}', { title: entry.title, error: describeError(err) });
}

/**
 * A short step (a read, a dry run, a write) shows in the status bar and as the Doctor view's progress bar, not as a
 * notification: VS Code shows no toast for the fourth notification added within 800 ms (its spam protection), so a
 * burst of short progress notifications could hide the next question. Notifications are for questions and long waits.
 */
function progress<T>(title: string, fn: () => Promise<T>): Promise<T> {
  return Promise.resolve(vscode.window.withProgress({ location: { viewId: DOCTOR_VIEW } }, () => vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, fn)));
}

function fail(ctx: FlowContext, step: string, message: string): RepairOutcome {
  ctx.log(`repair failed at ${step}: ${message}`);
  void ctx.ui().tell('error', message);
  return { status: 'failed', step, message };
}

function failUndo(ctx: FlowContext, message: string): UndoOutcome {
  ctx.log(`undo failed: ${message}`);
  void ctx.ui().tell('error', message);
  return { status: 'failed', message };
}

function cancelled(ctx: FlowContext, step: string): RepairOutcome {
  ctx.log(`repair cancelled at ${step}`);
  return { status: 'cancelled', step };
}

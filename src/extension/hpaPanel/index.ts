// Registers `kube-scaling-doctor.showHpa` (argument `{namespace, name}` from the live CodeLens, or an HPA row of
// the cluster view from its context menu; from the palette it asks). Returns the panel (tests read its render report).
import * as vscode from 'vscode';
import type { ClusterService } from '../cluster/service';
import { HpaPanel, type HpaRef } from './panel';
import { localizedProblem } from '../../core/cluster/problemText';

export const SHOW_HPA_COMMAND = 'kube-scaling-doctor.showHpa';

export function registerHpaPanel(context: vscode.ExtensionContext, service: ClusterService): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('kube-scaling-doctor.showHpa', async (arg?: unknown) => {
      const ref = toRef(arg) ?? (await askForHpa(service));
      if (!ref) return undefined;
      return HpaPanel.show(context.extensionUri, service, ref);
    }),
    { dispose: () => HpaPanel.disposeAll() },
  );
}

/** `{namespace, name}`, or a cluster-view HPA row (`{key: 'namespace/HorizontalPodAutoscaler/name'}`, its context-menu argument). */
function toRef(arg: unknown): HpaRef | undefined {
  const a = (arg ?? {}) as { namespace?: unknown; name?: unknown; key?: unknown };
  if (typeof a.namespace === 'string' && a.namespace && typeof a.name === 'string' && a.name) return { namespace: a.namespace, name: a.name };
  const m = typeof a.key === 'string' ? /^([^/]+)\/HorizontalPodAutoscaler\/([^/]+)$/.exec(a.key) : null;
  return m ? { namespace: m[1], name: m[2] } : undefined;
}

/** From the palette: a pick of the HPAs the session knows. */
async function askForHpa(service: ClusterService): Promise<HpaRef | undefined> {
  const session = service.session();
  if (!session) {
    const p = service.problem();
    void vscode.window.showErrorMessage(
      p ? vscode.l10n.t('Scaling Doctor: no cluster connection: {problem}.', { problem: localizedProblem(p).title }) : vscode.l10n.t('Scaling Doctor: no cluster connection.'),
    );
    return undefined;
  }
  const hpas = session.snapshot().autoscalers.filter((a) => a.kind === 'HorizontalPodAutoscaler');
  if (hpas.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Scaling Doctor: no HorizontalPodAutoscaler in the watched namespaces (yet).'));
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    hpas.map((a) => ({
      label: `${a.namespace}/${a.name}`,
      description: vscode.l10n.t('{current}/{max} replicas', { current: a.currentReplicas ?? '?', max: a.maxReplicas ?? '?' }),
      detail: a.metrics.map((m) => m.text).join('  '),
      ref: { namespace: a.namespace, name: a.name },
    })),
    { placeHolder: vscode.l10n.t('HPA to chart') },
  );
  return pick?.ref;
}

// Registers `kube-scaling-doctor.showHpa` (arguments: `{namespace, name}`; from the live CodeLens and the
// cluster tree's HPA rows; from the palette it asks). Returns the panel, which tests use to read its render report.
import * as vscode from 'vscode';
import type { ClusterService } from '../cluster/service';
import { HpaPanel, type HpaRef } from './panel';

export const SHOW_HPA_COMMAND = 'kube-scaling-doctor.showHpa';

export function registerHpaPanel(context: vscode.ExtensionContext, service: ClusterService): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('kube-scaling-doctor.showHpa', async (arg?: Partial<HpaRef>) => {
      const ref = isRef(arg) ? arg : await askForHpa(service);
      if (!ref) return undefined;
      return HpaPanel.show(context.extensionUri, service, ref);
    }),
    { dispose: () => HpaPanel.disposeAll() },
  );
}

function isRef(arg: Partial<HpaRef> | undefined): arg is HpaRef {
  return typeof arg?.namespace === 'string' && arg.namespace !== '' && typeof arg.name === 'string' && arg.name !== '';
}

/** From the palette: a pick of the HPAs the session knows. */
async function askForHpa(service: ClusterService): Promise<HpaRef | undefined> {
  const session = service.session();
  if (!session) {
    const p = service.problem();
    void vscode.window.showErrorMessage(`Scaling Doctor: no cluster connection${p ? `: ${p.title}` : ''}.`);
    return undefined;
  }
  const hpas = session.snapshot().autoscalers.filter((a) => a.kind === 'HorizontalPodAutoscaler');
  if (hpas.length === 0) {
    void vscode.window.showInformationMessage('Scaling Doctor: no HorizontalPodAutoscaler in the watched namespaces (yet).');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    hpas.map((a) => ({ label: `${a.namespace}/${a.name}`, description: `${a.currentReplicas ?? '?'}/${a.maxReplicas ?? '?'} replicas`, detail: a.metrics.map((m) => m.text).join('  '), ref: { namespace: a.namespace, name: a.name } })),
    { placeHolder: 'HPA to chart' },
  );
  return pick?.ref;
}

// Wires the cluster features into the extension: the connection service, the status bar, the context,
// namespace and kubeconfig commands, and the cluster explorer view.
import * as vscode from 'vscode';
import type { ClusterProblem } from '../../core/cluster/types';
import { errorText } from '../../core/l10n';
import { registerExplorer } from '../explorer/view';
import { pickContext, pickKubeconfigFile, pickNamespace } from './pickers';
import { ClusterService } from './service';
import { registerStatusBar } from './statusBar';

export { ClusterService } from './service';

/** Runs the doctor for a problem (D's command), or says why it cannot. */
export async function runDoctorFor(problem: ClusterProblem | undefined): Promise<void> {
  try {
    await vscode.commands.executeCommand('kube-scaling-doctor.runDoctor', problem?.doctorId);
  } catch (err) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Scaling Doctor: the doctor could not run: {error}', { error: errorText(err) }));
  }
}

export async function openDocs(problem: ClusterProblem | undefined, extensionUri: vscode.Uri): Promise<void> {
  const target = problem?.docsUrl ? vscode.Uri.parse(problem.docsUrl) : vscode.Uri.joinPath(extensionUri, 'docs', 'vscode.md');
  if (target.scheme === 'file') await vscode.commands.executeCommand('markdown.showPreview', target);
  else await vscode.env.openExternal(target);
}

export function registerClusterFeatures(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): ClusterService {
  const service = new ClusterService(output, context.workspaceState);
  const explorer = registerExplorer(context, service);
  context.subscriptions.push(
    service,
    registerStatusBar(service),
    vscode.commands.registerCommand('kube-scaling-doctor.switchContext', () => pickContext(service)),
    vscode.commands.registerCommand('kube-scaling-doctor.switchNamespace', () => pickNamespace(service)),
    vscode.commands.registerCommand('kube-scaling-doctor.chooseKubeconfig', () => pickKubeconfigFile()),
    vscode.commands.registerCommand('kube-scaling-doctor.refreshCluster', () => service.reload('refresh')),
    vscode.commands.registerCommand('kube-scaling-doctor.diagnoseClusterProblem', (p?: ClusterProblem) => runDoctorFor(p ?? explorer.mainProblem())),
    vscode.commands.registerCommand('kube-scaling-doctor.openClusterProblemDocs', (p?: ClusterProblem) => openDocs(p ?? explorer.mainProblem(), context.extensionUri)),
  );
  return service;
}

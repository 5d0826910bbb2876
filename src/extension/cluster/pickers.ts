// Quick picks for the context, the namespace and the kubeconfig file.
import * as vscode from 'vscode';
import { clusterCode } from '../loadClusterCode';
import { CLUSTER_SECTION, type ClusterService } from './service';
import { localizedProblem } from '../../core/cluster/problemText';

export async function pickContext(service: ClusterService): Promise<void> {
  const t = service.current();
  const contexts = service.contexts();
  if (!t || contexts.length === 0) {
    const p = service.problem();
    const choose = vscode.l10n.t('Choose Kubeconfig File');
    const answer = await vscode.window.showWarningMessage(
      p ? vscode.l10n.t('No Kubernetes contexts: {problem}', { problem: localizedProblem(p).title }) : vscode.l10n.t('No Kubernetes contexts: the kubeconfig has none'),
      choose,
    );
    if (answer === choose) await pickKubeconfigFile();
    return;
  }
  const items = contexts.map((c) => ({
    label: c.name,
    description: c.name === t.info.context ? vscode.l10n.t('{cluster} (current)', { cluster: c.cluster }) : c.cluster,
    detail: c.namespace ? vscode.l10n.t('namespace {namespace}', { namespace: c.namespace }) : undefined,
    picked: c.name === t.info.context,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Kubernetes context'),
    placeHolder: vscode.l10n.t('Current: {context} (from {kubeconfig})', { context: t.info.context, kubeconfig: t.kubeconfig.description }),
  });
  if (picked && picked.label !== t.info.context) await service.useContext(picked.label);
}

export async function pickNamespace(service: ClusterService): Promise<void> {
  const ALL = `$(globe) ${vscode.l10n.t('All namespaces')}`;
  const OTHER = `$(edit) ${vscode.l10n.t('Other namespace…')}`;
  const current = vscode.l10n.t('(current)');
  const t = service.current();
  if (!t) return pickContext(service);
  // When listing is forbidden or fails, typing a name still works.
  const { names, problem } = await clusterCode().listNamespaces(t.kc);
  const why = problem && localizedProblem(problem).title;
  const items: vscode.QuickPickItem[] = [
    { label: ALL, description: t.namespace === undefined ? current : undefined },
    ...names.map((n) => ({ label: n, description: n === t.namespace ? current : undefined })),
    { label: OTHER, detail: why },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Namespace in {context}', { context: t.info.context }),
    placeHolder: why ? vscode.l10n.t('Cannot list namespaces: {problem}', { problem: why }) : vscode.l10n.t('Namespace to show'),
  });
  if (!picked) return;
  if (picked.label === ALL) return service.useNamespace(undefined);
  if (picked.label === OTHER) {
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('Namespace'),
      value: t.namespace ?? t.info.namespace,
      validateInput: (v) => (/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v) && v.length <= 63 ? undefined : vscode.l10n.t('A namespace name: lowercase letters, digits and -')),
    });
    if (typed) await service.useNamespace(typed);
    return;
  }
  await service.useNamespace(picked.label);
}

/** Sets the user setting `kubeScalingDoctor.kubeconfig` from a file dialog. */
export async function pickKubeconfigFile(): Promise<void> {
  const uris = await vscode.window.showOpenDialog({ title: vscode.l10n.t('Kubeconfig file'), canSelectMany: false, openLabel: vscode.l10n.t('Use this kubeconfig') });
  if (!uris?.[0]) return;
  await vscode.workspace.getConfiguration(CLUSTER_SECTION).update('kubeconfig', uris[0].fsPath, vscode.ConfigurationTarget.Global);
}

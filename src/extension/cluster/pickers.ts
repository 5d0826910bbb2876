// Quick picks for the context, the namespace and the kubeconfig file.
import * as vscode from 'vscode';
import { clusterCode } from '../loadClusterCode';
import { CLUSTER_SECTION, type ClusterService } from './service';

export async function pickContext(service: ClusterService): Promise<void> {
  const t = service.current();
  const contexts = service.contexts();
  if (!t || contexts.length === 0) {
    const p = service.problem();
    const choose = 'Choose Kubeconfig File';
    const answer = await vscode.window.showWarningMessage(`No Kubernetes contexts: ${p?.title ?? 'the kubeconfig has none'}`, choose);
    if (answer === choose) await pickKubeconfigFile();
    return;
  }
  const items = contexts.map((c) => ({
    label: c.name,
    description: c.name === t.info.context ? `${c.cluster} (current)` : c.cluster,
    detail: c.namespace ? `namespace ${c.namespace}` : undefined,
    picked: c.name === t.info.context,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Kubernetes context', placeHolder: `Current: ${t.info.context} (from ${t.kubeconfig.description})` });
  if (picked && picked.label !== t.info.context) await service.useContext(picked.label);
}

const ALL = '$(globe) All namespaces';
const OTHER = '$(edit) Other namespace…';

export async function pickNamespace(service: ClusterService): Promise<void> {
  const t = service.current();
  if (!t) return pickContext(service);
  // When listing is forbidden or fails, typing a name still works.
  const { names, problem } = await clusterCode().listNamespaces(t.kc);
  const why = problem?.title;
  const items: vscode.QuickPickItem[] = [
    { label: ALL, description: t.namespace === undefined ? '(current)' : undefined },
    ...names.map((n) => ({ label: n, description: n === t.namespace ? '(current)' : undefined })),
    { label: OTHER, detail: why },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `Namespace in ${t.info.context}`, placeHolder: why ? `Cannot list namespaces: ${why}` : 'Namespace to show' });
  if (!picked) return;
  if (picked.label === ALL) return service.useNamespace(undefined);
  if (picked.label === OTHER) {
    const typed = await vscode.window.showInputBox({
      title: 'Namespace',
      value: t.namespace ?? t.info.namespace,
      validateInput: (v) => (/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v) && v.length <= 63 ? undefined : 'A namespace name: lowercase letters, digits and -'),
    });
    if (typed) await service.useNamespace(typed);
    return;
  }
  await service.useNamespace(picked.label);
}

/** Sets the user setting `kubeScalingDoctor.kubeconfig` from a file dialog. */
export async function pickKubeconfigFile(): Promise<void> {
  const uris = await vscode.window.showOpenDialog({ title: 'Kubeconfig file', canSelectMany: false, openLabel: 'Use this kubeconfig' });
  if (!uris?.[0]) return;
  await vscode.workspace.getConfiguration(CLUSTER_SECTION).update('kubeconfig', uris[0].fsPath, vscode.ConfigurationTarget.Global);
}

// Status bar: the context and the namespace the cluster features use; each opens its picker. While `npm start` builds
// or starts the local cluster, the context item says how far it is instead (and opens the Cluster view).
import * as vscode from 'vscode';
import { markdownText } from '../../core/text/markdown';
import { inProgress, localClusterText } from './localCluster';
import type { ClusterService } from './service';

/** Focuses the Cluster view (the command VS Code makes for every view). */
const SHOW_CLUSTER_VIEW = 'kubeScalingDoctor.cluster.focus';

export function registerStatusBar(service: ClusterService): vscode.Disposable {
  const context = vscode.window.createStatusBarItem('kubeScalingDoctor.context', vscode.StatusBarAlignment.Left, 10);
  context.name = 'Scaling Doctor: Kubernetes context';
  context.command = 'kube-scaling-doctor.switchContext';
  const namespace = vscode.window.createStatusBarItem('kubeScalingDoctor.namespace', vscode.StatusBarAlignment.Left, 9);
  namespace.name = 'Scaling Doctor: namespace';
  namespace.command = 'kube-scaling-doctor.switchNamespace';

  const update = () => {
    const local = service.localCluster();
    if (inProgress(local)) {
      const t = localClusterText(local);
      context.text = `$(sync~spin) ${t.label}`;
      context.tooltip = t.tooltip;
      context.accessibilityInformation = { label: t.label };
      context.command = SHOW_CLUSTER_VIEW;
      context.show();
      namespace.hide();
      return;
    }
    context.command = 'kube-scaling-doctor.switchContext';
    // Quiet until something asked for the cluster: no kubeconfig read at startup.
    if (!service.started) {
      context.hide();
      return;
    }
    const t = service.current();
    if (!t) {
      const p = service.problem();
      context.text = '$(cloud) no kubeconfig';
      context.tooltip = p ? `${p.title}\n${p.message}` : 'No kubeconfig';
      context.accessibilityInformation = { label: `Kubernetes context: none. ${p?.title ?? ''}`.trim() };
      context.show();
      namespace.hide();
      return;
    }
    context.text = `$(cloud) ${t.info.context}`;
    context.tooltip = new vscode.MarkdownString(
      `**Context** ${markdownText(t.info.context)}\n\n**Cluster** ${markdownText(`${t.info.cluster} (${t.info.server})${t.info.version ? ` ${t.info.version}` : ''}`)}\n\n**Kubeconfig** ${markdownText(t.kubeconfig.description)}\n\nClick to switch context.`,
    );
    context.accessibilityInformation = { label: `Kubernetes context ${t.info.context}, cluster ${t.info.cluster}. Click to switch context.` };
    const ns = t.namespace ?? 'all namespaces';
    namespace.text = `$(symbol-namespace) ${ns}`;
    namespace.tooltip = `Namespace shown by Scaling Doctor: ${ns}. Click to switch.`;
    namespace.accessibilityInformation = { label: `Namespace ${ns}. Click to switch namespace.` };
    context.show();
    namespace.show();
  };
  update();
  return vscode.Disposable.from(context, namespace, service.onDidChange(update), service.onDidChangeLocalCluster(update));
}

// Status bar: the context and the namespace the cluster features use; each opens its picker.
import * as vscode from 'vscode';
import { markdownText } from '../../core/text/markdown';
import type { ClusterService } from './service';

export function registerStatusBar(service: ClusterService): vscode.Disposable {
  const context = vscode.window.createStatusBarItem('kubeScalingDoctor.context', vscode.StatusBarAlignment.Left, 10);
  context.name = 'Scaling Doctor: Kubernetes context';
  context.command = 'kube-scaling-doctor.switchContext';
  const namespace = vscode.window.createStatusBarItem('kubeScalingDoctor.namespace', vscode.StatusBarAlignment.Left, 9);
  namespace.name = 'Scaling Doctor: namespace';
  namespace.command = 'kube-scaling-doctor.switchNamespace';

  const update = () => {
    // Quiet until something asked for the cluster: no kubeconfig read at startup.
    if (!service.started) return;
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
  const sub = service.onDidChange(update);
  return vscode.Disposable.from(context, namespace, sub);
}

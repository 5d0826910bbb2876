// Status bar: the context and the namespace the cluster features use; each opens its picker. While `npm start` builds
// or starts the local cluster, the context item says how far it is instead (and opens the Cluster view).
import * as vscode from 'vscode';
import { markdownText } from '../../core/text/markdown';
import { inProgress, localClusterText } from './localCluster';
import type { ClusterService } from './service';
import { shownProblem } from '../explorer/children';

/** Focuses the Cluster view (the command VS Code makes for every view). */
const SHOW_CLUSTER_VIEW = 'kubeScalingDoctor.cluster.focus';

export function registerStatusBar(service: ClusterService): vscode.Disposable {
  const context = vscode.window.createStatusBarItem('kubeScalingDoctor.context', vscode.StatusBarAlignment.Left, 10);
  context.name = vscode.l10n.t('Scaling Doctor: Kubernetes context');
  context.command = 'kube-scaling-doctor.switchContext';
  const namespace = vscode.window.createStatusBarItem('kubeScalingDoctor.namespace', vscode.StatusBarAlignment.Left, 9);
  namespace.name = vscode.l10n.t('Scaling Doctor: namespace');
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
      const problem = service.problem();
      const p = problem && shownProblem(problem);
      context.text = `$(cloud) ${vscode.l10n.t('no kubeconfig')}`;
      context.tooltip = p ? `${p.title}\n${p.message}` : vscode.l10n.t('No kubeconfig');
      context.accessibilityInformation = { label: p ? vscode.l10n.t('Kubernetes context: none. {problem}', { problem: p.title }) : vscode.l10n.t('Kubernetes context: none.') };
      context.show();
      namespace.hide();
      return;
    }
    context.text = `$(cloud) ${t.info.context}`;
    context.tooltip = new vscode.MarkdownString(
      vscode.l10n.t('**Context** {context}\n\n**Cluster** {cluster}\n\n**Kubeconfig** {kubeconfig}\n\nClick to switch context.', {
        context: markdownText(t.info.context),
        cluster: markdownText(`${t.info.cluster} (${t.info.server})${t.info.version ? ` ${t.info.version}` : ''}`),
        kubeconfig: markdownText(t.kubeconfig.description),
      }),
    );
    context.accessibilityInformation = { label: vscode.l10n.t('Kubernetes context {context}, cluster {cluster}. Click to switch context.', { context: t.info.context, cluster: t.info.cluster }) };
    const ns = t.namespace ?? vscode.l10n.t('all namespaces');
    namespace.text = `$(symbol-namespace) ${ns}`;
    namespace.tooltip = vscode.l10n.t('Namespace shown by Scaling Doctor: {namespace}. Click to switch.', { namespace: ns });
    namespace.accessibilityInformation = { label: vscode.l10n.t('Namespace {namespace}. Click to switch namespace.', { namespace: ns }) };
    context.show();
    namespace.show();
  };
  update();
  return vscode.Disposable.from(context, namespace, service.onDidChange(update), service.onDidChangeLocalCluster(update));
}

// While a cluster is connected, lint for the Kubernetes version it runs: the extension sends the server's version to the
// language server (kubeScalingDoctor/clusterVersions) unless the user set kubeScalingDoctor.kubernetesVersion, and a
// status bar item says which version lint uses and where it comes from. The KEDA and Karpenter releases the cluster runs
// (their controllers' images, core/cluster/installedVersions.ts) are sent the same way, unless the user set those
// versions. It only reads the session the cluster features already started: it never connects by itself (so an
// untrusted or cluster-less workspace sees nothing).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { InstalledVersions } from '../../core/cluster/installedVersions';
import type { ClusterSession } from '../../core/cluster/session';
import { clusterCode } from '../loadClusterCode';
import { ClusterVersionsNotification, SETTINGS_SECTION, type ClusterVersions } from '../../core/language/protocol';
import { installedVersionsLines, lintVersionLine } from './lintVersionText';
import type { ClusterService } from './service';

/** The value of a setting the user set (any scope), or undefined when only the default applies. */
function userSetting(key: 'kubernetesVersion' | 'kedaVersion' | 'karpenterVersion'): string | undefined {
  const i = vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect<string>(key);
  return i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
}
const userKubernetesVersion = () => userSetting('kubernetesVersion');

export function registerClusterLintVersions(service: ClusterService, client: () => LanguageClient | undefined, output: vscode.LogOutputChannel): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('kubeScalingDoctor.lintVersion', vscode.StatusBarAlignment.Left, 8);
  item.name = vscode.l10n.t('Scaling Doctor: Kubernetes version lint uses');
  let followed: ClusterSession | undefined;
  let sub: { dispose(): void } | undefined;
  let sent = '{}';
  let shown = '';

  /** The installed KEDA/Karpenter versions of the connected cluster, read once per context and server. */
  let installed: InstalledVersions | undefined;
  let installedFor = '';
  const readInstalled = (key: string) => {
    const conn = service.current();
    if (!conn || key === installedFor) return;
    installedFor = key;
    installed = undefined;
    clusterCode()
      .readInstalledVersions(conn.kc)
      .then((found) => {
        if (installedFor !== key) return;
        installed = found;
        update();
      })
      .catch((err: unknown) => output.warn(`KEDA/Karpenter versions not read: ${String(err)}`));
  };

  const update = () => {
    const info = followed?.snapshot().info;
    if (info?.version) readInstalled(`${info.context}\n${info.server}`);
    const kube = lintVersionLine(info?.version, info?.context ?? '', info?.version ? userKubernetesVersion() : undefined);
    const others = info?.version ? installedVersionsLines(installed, { keda: userSetting('kedaVersion'), karpenter: userSetting('karpenterVersion') }) : { send: {}, lines: [] };
    const target = kube.target;
    const line = kube.line ? [kube.line, ...others.lines].join('; ') : '';
    const versions: ClusterVersions = { ...(target ? { kubernetesVersion: target } : {}), ...others.send };
    const payload = JSON.stringify(versions);
    const c = client();
    if (payload !== sent && c?.isRunning()) {
      sent = payload;
      void c.sendNotification(ClusterVersionsNotification.method, versions);
    }
    if (line !== shown) {
      shown = line;
      if (line) output.info(line);
    }
    if (!line) return item.hide();
    item.text = `$(law) Kubernetes ${target ?? userKubernetesVersion()}`;
    item.tooltip = line;
    item.accessibilityInformation = { label: line };
    item.show();
  };
  const follow = (session: ClusterSession | undefined) => {
    if (session === followed) return update();
    sub?.dispose();
    followed = session;
    sub = session?.onDidChange((change) => change.info && update());
    update();
  };
  // A view may have started the session before the language client was up.
  follow(service.activeSession());
  return vscode.Disposable.from(
    item,
    service.onDidStartSession(follow),
    service.onDidChange(() => follow(service.activeSession())),
    vscode.workspace.onDidChangeConfiguration((e) => ['kubernetesVersion', 'kedaVersion', 'karpenterVersion'].some((k) => e.affectsConfiguration(`${SETTINGS_SECTION}.${k}`)) && update()),
    { dispose: () => sub?.dispose() },
  );
}

// "Start the local cluster", the next step the empty Cluster and Doctor views offer without a kubeconfig: in a
// checkout of this repository (npm start, development mode) it runs `npm run cluster -- up` in a terminal and,
// once the cluster's kubeconfig exists, points kubeScalingDoctor.kubeconfig at it (when that setting is empty);
// an installed .vsix has no local cluster, so it says how to get one and offers to choose a kubeconfig.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

const POLL_MS = 3_000;
/** The first build of the cluster's binaries takes about 22 minutes on 2 cores (docs/cluster.md). */
const GIVE_UP_MS = 45 * 60_000;

/** Where scripts/cluster puts the kubeconfig of the default cluster `ksd` (scripts/cluster/lib/state.mjs). */
export function localClusterKubeconfig(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string {
  const cache = env.KSD_CACHE_DIR || path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'kube-scaling-doctor');
  return path.join(cache, 'clusters', 'ksd', 'kubeconfig.yaml');
}

export async function startLocalCluster(context: vscode.ExtensionContext): Promise<void> {
  if (!fs.existsSync(path.join(context.extensionPath, 'scripts', 'cluster', 'cli.mjs'))) {
    const choose = vscode.l10n.t('Choose Kubeconfig File');
    const answer = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        'The local cluster comes with the Scaling Doctor repository (npm run cluster -- up). With this installed extension, start a cluster with kind or minikube, then choose its kubeconfig file.',
      ),
      choose,
    );
    if (answer === choose) await vscode.commands.executeCommand('kube-scaling-doctor.chooseKubeconfig');
    return;
  }
  const terminal = vscode.window.createTerminal({ name: vscode.l10n.t('Scaling Doctor: local cluster'), cwd: context.extensionPath });
  terminal.show();
  terminal.sendText('npm run cluster -- up');
  const kubeconfig = localClusterKubeconfig();
  const started = Date.now();
  const timer = setInterval(() => {
    if (Date.now() - started > GIVE_UP_MS) return clearInterval(timer);
    if (!fs.existsSync(kubeconfig)) return;
    clearInterval(timer);
    const config = vscode.workspace.getConfiguration('kubeScalingDoctor');
    if (config.get<string>('kubeconfig')) {
      void vscode.window.showInformationMessage(vscode.l10n.t("The local cluster's kubeconfig is {kubeconfig}; kubeScalingDoctor.kubeconfig points elsewhere and is left as it is.", { kubeconfig }));
      return;
    }
    void config.update('kubeconfig', kubeconfig, vscode.ConfigurationTarget.Global);
    void vscode.window.showInformationMessage(vscode.l10n.t('Scaling Doctor now uses the local cluster (kubeScalingDoctor.kubeconfig = {kubeconfig}).', { kubeconfig }));
  }, POLL_MS);
  context.subscriptions.push({ dispose: () => clearInterval(timer) });
}

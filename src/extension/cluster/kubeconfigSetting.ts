// Which kubeconfig the cluster features use, from the settings and the environment. No `vscode` import:
// the caller passes what `WorkspaceConfiguration.inspect()` returned, so this is unit-tested directly.
import * as os from 'node:os';
import * as path from 'node:path';
import { t } from '../../core/l10n';

/** The parts of `inspect()` this reads. */
export interface Inspected<T> {
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

export interface KubeconfigInputs {
  trusted: boolean;
  /** `inspect('kubeScalingDoctor.kubeconfig')`. */
  ours?: Inspected<string>;
  /** `inspect('vs-kubernetes')`: the Kubernetes extension keeps `vs-kubernetes.kubeconfig` inside that object. */
  vsKubernetes?: Inspected<Record<string, unknown>>;
  env?: NodeJS.ProcessEnv;
  home?: string;
  workspaceFolder?: string;
}

export type KubeconfigSource = 'kubeScalingDoctor.kubeconfig' | 'vs-kubernetes.kubeconfig' | 'KUBECONFIG' | 'default';

export interface ResolvedKubeconfig {
  /** One file; undefined means `$KUBECONFIG` (its files merged) or `~/.kube/config`, as core's loadKubeConfig reads them. */
  path?: string;
  source: KubeconfigSource;
  /** What the status bar tooltip and the log say about it. */
  description: string;
}

export const VS_KUBERNETES_SECTION = 'vs-kubernetes';
export const VS_KUBERNETES_KUBECONFIG = 'vs-kubernetes.kubeconfig';

/**
 * The most specific value that counts: workspace folder, workspace, then user. In an untrusted workspace only
 * the user value counts, so a cloned repository cannot point the extension at a kubeconfig (and its credentials).
 */
function effective<T>(i: Inspected<T> | undefined, trusted: boolean): T | undefined {
  if (!i) return undefined;
  return trusted ? (i.workspaceFolderValue ?? i.workspaceValue ?? i.globalValue) : i.globalValue;
}

/** `~`, `${userHome}` and (trusted only) `${workspaceFolder}` expanded; other text kept as is. */
export function expandPath(p: string, home: string, workspaceFolder?: string): string {
  let out = p.trim().replace(/\$\{userHome\}/g, home);
  if (workspaceFolder) out = out.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
  if (out === '~') return home;
  if (out.startsWith('~/') || out.startsWith('~\\')) out = path.join(home, out.slice(2));
  return out;
}

/** `kubeScalingDoctor.kubeconfig` → `vs-kubernetes.kubeconfig` → `$KUBECONFIG` → `~/.kube/config`. */
export function resolveKubeconfig(inp: KubeconfigInputs): ResolvedKubeconfig {
  const home = inp.home ?? os.homedir();
  const env = inp.env ?? process.env;
  const folder = inp.trusted ? inp.workspaceFolder : undefined;
  const ours = effective(inp.ours, inp.trusted);
  if (typeof ours === 'string' && ours.trim()) {
    const p = expandPath(ours, home, folder);
    return { path: p, source: 'kubeScalingDoctor.kubeconfig', description: t('{path} (setting kubeScalingDoctor.kubeconfig)', { path: p }) };
  }
  const vsk = effective(inp.vsKubernetes, inp.trusted)?.[VS_KUBERNETES_KUBECONFIG];
  if (typeof vsk === 'string' && vsk.trim()) {
    const p = expandPath(vsk, home, folder);
    return { path: p, source: 'vs-kubernetes.kubeconfig', description: t("{path} (the Kubernetes extension's setting vs-kubernetes.kubeconfig)", { path: p }) };
  }
  if (env.KUBECONFIG?.trim()) return { source: 'KUBECONFIG', description: `$KUBECONFIG (${env.KUBECONFIG})` };
  return { source: 'default', description: path.join(home, '.kube', 'config') };
}

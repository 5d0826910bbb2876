// The words of the lint-version status bar item (lintVersions.ts), without vscode (unit-tested directly): which
// Kubernetes, KEDA and Karpenter versions lint uses while a cluster is connected, and where each comes from.
import type { InstalledVersions } from '../../core/cluster/installedVersions';
import { SETTINGS_SECTION, type ClusterVersions } from '../../core/language/protocol';
import { parseMinor } from '../../core/k8s/versions';

/** What lint uses, in words: the line of the status bar item's tooltip (and the output channel). */
export function lintVersionLine(serverVersion: string | undefined, context: string, userSetting: string | undefined): { target?: string; line: string } {
  const minor = parseMinor(serverVersion);
  const connected = minor ? `${minor[0]}.${minor[1]}` : undefined;
  if (userSetting !== undefined)
    return { line: `Linting for Kubernetes ${userSetting} (your ${SETTINGS_SECTION}.kubernetesVersion setting${connected ? `; the connected cluster runs ${connected}` : ''})` };
  if (!connected) return { line: '' };
  return { target: connected, line: `Linting for Kubernetes ${connected} (from the connected cluster, context ${context})` };
}

/**
 * The KEDA and Karpenter versions to send (those the user did not set) and the sentences saying where each version
 * lint uses comes from.
 */
export function installedVersionsLines(installed: InstalledVersions | undefined, user: { keda?: string; karpenter?: string }): { send: ClusterVersions; lines: string[] } {
  const send: ClusterVersions = {};
  const lines: string[] = [];
  const one = (name: string, key: 'kedaVersion' | 'karpenterVersion', found: InstalledVersions['keda'], userValue: string | undefined) => {
    if (userValue !== undefined) {
      lines.push(`${name} ${userValue} (your ${SETTINGS_SECTION}.${key} setting${found ? `; the cluster runs ${found.version}` : ''})`);
    } else if (found) {
      send[key] = found.version;
      lines.push(`${name} ${found.version} (from ${found.from})`);
    }
  };
  one('KEDA', 'kedaVersion', installed?.keda, user.keda);
  one('Karpenter', 'karpenterVersion', installed?.karpenter, user.karpenter);
  if (installed?.unread) lines.push(`KEDA and Karpenter versions not read from the cluster (${installed.unread}): the settings' versions apply`);
  return { send, lines };
}

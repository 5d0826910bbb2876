// The words of the lint-version status bar item (lintVersions.ts), without vscode (unit-tested directly): which
// Kubernetes, KEDA and Karpenter versions lint uses while a cluster is connected, and where each comes from.
import type { InstalledVersions } from '../../core/cluster/installedVersions';
import { SETTINGS_SECTION, type ClusterVersions } from '../../core/language/protocol';
import { parseMinor } from '../../core/k8s/versions';
import { t } from '../../core/l10n';

/** What lint uses, in words: the line of the status bar item's tooltip (and the output channel). */
export function lintVersionLine(serverVersion: string | undefined, context: string, userSetting: string | undefined): { target?: string; line: string } {
  const minor = parseMinor(serverVersion);
  const connected = minor ? `${minor[0]}.${minor[1]}` : undefined;
  const setting = `${SETTINGS_SECTION}.kubernetesVersion`;
  if (userSetting !== undefined) {
    return {
      line: connected
        ? t('Linting for Kubernetes {version} (your {setting} setting; the connected cluster runs {connected})', { version: userSetting, setting, connected })
        : t('Linting for Kubernetes {version} (your {setting} setting)', { version: userSetting, setting }),
    };
  }
  if (!connected) return { line: '' };
  return { target: connected, line: t('Linting for Kubernetes {version} (from the connected cluster, context {context})', { version: connected, context }) };
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
      const setting = `${SETTINGS_SECTION}.${key}`;
      lines.push(
        found
          ? t('{name} {version} (your {setting} setting; the cluster runs {installed})', { name, version: userValue, setting, installed: found.version })
          : t('{name} {version} (your {setting} setting)', { name, version: userValue, setting }),
      );
    } else if (found) {
      send[key] = found.version;
      lines.push(t('{name} {version} (from {source})', { name, version: found.version, source: found.from }));
    }
  };
  one('KEDA', 'kedaVersion', installed?.keda, user.keda);
  one('Karpenter', 'karpenterVersion', installed?.karpenter, user.karpenter);
  if (installed?.unread) lines.push(t("KEDA and Karpenter versions not read from the cluster ({why}): the settings' versions apply", { why: installed.unread }));
  return { send, lines };
}

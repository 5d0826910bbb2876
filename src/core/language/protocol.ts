// The contract between the VS Code extension and the language server (like vscode-eslint's $shared/):
// the settings section and its reading, the commands the server executes, the custom request. No vscode import.
import type { ObjectRef } from '../k8s/objectRef';
import { parseQuantity } from '../k8s/quantity';
import type { LiveRequests } from '../k8s/requestSuggestion';
import type { Settings } from '../lint/settings';

/** The settings section of package.json's `contributes.configuration` (`kubeScalingDoctor.*`), read by both sides. */
export const SETTINGS_SECTION = 'kubeScalingDoctor';

/**
 * Commands the server executes (`workspace/executeCommand`); its code lenses carry them. The language
 * client registers them from the server's capabilities, so package.json must not contribute them.
 */
export const COMMANDS = {
  applyFix: 'kube-scaling-doctor.applyFix',
  applyConversion: 'kube-scaling-doctor.applyConversion',
  show: 'kube-scaling-doctor.show',
  fixAll: 'kube-scaling-doctor.fixAll',
} as const;

export interface ManifestLocationsParams {
  objects: ObjectRef[];
  /** The context's namespace: where a manifest without metadata.namespace would be applied. */
  namespace: string;
}

/** One manifest of `objects[object]`, at its metadata.name value; LSP positions (0-based line, UTF-16 character). */
export interface ManifestLocation {
  uri: string;
  object: number;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/**
 * Sent by the extension's Doctor view to the language server: where in the workspace are the manifests
 * of these cluster objects? The server answers from its workspace index (unsaved edits included), so the
 * extension does not index the workspace a second time to put cluster findings on manifests.
 */
export const ManifestLocationsRequest = {
  // Each side makes its RequestType from its own LSP library (the server's and the client's vscode-jsonrpc
  // differ), so no bundle carries a second copy of vscode-jsonrpc for this one request.
  method: 'kubeScalingDoctor/manifestLocations',
} as const;

/**
 * Sent by the extension to the language server: the versions the connected cluster runs, which lint then uses instead
 * of the settings' defaults (only keys the user did not set; `{}` when no cluster is connected). A notification.
 */
export const ClusterVersionsNotification = {
  method: 'kubeScalingDoctor/clusterVersions',
} as const;

export type ClusterVersions = Partial<Pick<Settings, 'kubernetesVersion' | 'kedaVersion' | 'karpenterVersion'>>;

/** The parts of a ClusterVersions payload that are versions (`1.33`, `v1.33.13`); anything else is dropped. */
export function clusterVersionsOf(raw: unknown): ClusterVersions {
  const out: ClusterVersions = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const key of ['kubernetesVersion', 'kedaVersion', 'karpenterVersion'] as const) {
    const v = (raw as Record<string, unknown>)[key];
    if (typeof v === 'string' && /^v?\d+\.\d+(\.\d+)?$/.test(v)) out[key] = v;
  }
  return out;
}

/**
 * Sent by the extension to the language server: request values measured in the connected cluster, by
 * `namespace/Kind/name/container` (a VPA's target, else a high percentile of the usage observed since the Cluster view
 * opened), which the missing-request quick fixes offer before the placeholder defaults. `{}` when none. A notification.
 */
export const LiveRequestsNotification = {
  method: 'kubeScalingDoctor/liveRequests',
} as const;

/** At most this many containers are taken from one payload (a cluster's worth; the rest is dropped). */
const MAX_LIVE_REQUESTS = 20_000;

/** The well-formed entries of a LiveRequests payload: positive quantities with a short printable source; anything else dropped. */
export function liveRequestsOf(raw: unknown): LiveRequests {
  const out: LiveRequests = {};
  if (!raw || typeof raw !== 'object') return out;
  let n = 0;
  for (const [key, entry] of Object.entries(raw as Record<string, unknown>)) {
    if (++n > MAX_LIVE_REQUESTS) break;
    if (key.split('/').length !== 4 || !entry || typeof entry !== 'object') continue;
    for (const r of ['cpu', 'memory'] as const) {
      const v = (entry as Record<string, unknown>)[r] as { value?: unknown; source?: unknown } | undefined;
      if (!v || typeof v.value !== 'string' || typeof v.source !== 'string') continue;
      const q = parseQuantity(v.value);
      if (!q.ok || q.nanos <= 0n || !/^[\x20-\x7e\u00a0-\uffff]{1,200}$/.test(v.source)) continue;
      (out[key] ??= {})[r] = { value: v.value, source: v.source };
    }
  }
  return out;
}

/**
 * The `kubeScalingDoctor` settings in the shape of core's `Settings`, from what either side holds: the
 * section's keys themselves (dotted `defaultRequests.cpu` or nested), or wrapped in `settings` and/or
 * `kubeScalingDoctor` (didChangeConfiguration payloads, initializationOptions of other editors).
 */
export function settingsFromConfiguration(raw: unknown): Partial<Settings> {
  const unwrap = (v: unknown, key: string) =>
    v && typeof v === 'object' && (v as Record<string, unknown>)[key] && typeof (v as Record<string, unknown>)[key] === 'object' ? (v as Record<string, unknown>)[key] : v;
  const nested = unwrap(unwrap(raw, 'settings'), SETTINGS_SECTION) as Record<string, unknown> | undefined;
  if (!nested || typeof nested !== 'object') return {};
  const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
  const requests = (nested.defaultRequests && typeof nested.defaultRequests === 'object' ? nested.defaultRequests : {}) as Record<string, unknown>;
  return {
    kubernetesVersion: str(nested.kubernetesVersion),
    karpenterVersion: str(nested.karpenterVersion),
    kedaVersion: str(nested.kedaVersion),
    defaultRequests: {
      cpu: str(requests.cpu ?? nested['defaultRequests.cpu']) as string,
      memory: str(requests.memory ?? nested['defaultRequests.memory']) as string,
    },
  };
}

// Which KEDA and Karpenter releases a cluster runs, for lint while it is connected: read from the images of their
// controllers' Deployments, found by the `app.kubernetes.io/name` label both projects' charts and release manifests
// set (KEDA: keda-operator; Karpenter: karpenter). KEDA's operator also writes its own release on every HPA it makes
// (label app.kubernetes.io/version, KEDA v2.21.1 controllers/keda/hpa.go newHPAForScaledObject): read when no
// Deployment names it (an operator outside the cluster, an image without a tag). The doctor reads KEDA's release the
// same way (doctor/kedaKit.ts liveKedaVersion). A cluster without them, or one that forbids listing Deployments,
// gives no version: lint then keeps the settings' versions, and says which it uses and why.
import type * as k8s from '@kubernetes/client-node';
import { problemText, toProblem } from './problems';
import { getList } from './request';
import { msg } from '../l10n';

export interface InstalledVersion {
  /** major.minor.patch as the image tag names it (`2.9.0`), without a leading v. */
  version: string;
  /** Where it was read: `Deployment keda/keda-operator (ghcr.io/kedacore/keda:2.9.0)`. */
  from: string;
}

export interface InstalledVersions {
  keda?: InstalledVersion;
  karpenter?: InstalledVersion;
  /** Why the Deployments could not be listed (forbidden, unreachable), in words that name no credential. */
  unread?: string;
}

const SELECTOR = 'app.kubernetes.io/name in (keda-operator,karpenter)';
/** The label KEDA's operator puts on each HPA it makes, with its own release. */
export const KEDA_VERSION_LABEL = 'app.kubernetes.io/version';
/** The HPAs KEDA made: it labels them managed-by keda-operator, with its release. */
const KEDA_HPA_SELECTOR = `app.kubernetes.io/managed-by=keda-operator,${KEDA_VERSION_LABEL}`;

type LabelledObject = { metadata?: { namespace?: string; name?: string; labels?: Record<string, string> } };

/**
 * The newest KEDA release the `app.kubernetes.io/version` labels of KEDA's HPAs name (the operator rewrites them at every
 * reconcile, updateHPAIfNeeded, so the newest is the running operator's during an upgrade); a label that names no
 * release (a development build's `main`) is skipped.
 */
export function kedaVersionOfHpas<T extends LabelledObject>(hpas: readonly T[]): { version: string; hpa: T } | undefined {
  return hpas
    .map((hpa) => ({ hpa, version: (hpa.metadata?.labels?.[KEDA_VERSION_LABEL] ?? '').replace(/^v/, '') }))
    .filter((x) => /^\d+\.\d+(\.\d+)?([-+].*)?$/.test(x.version))
    .sort((a, b) => b.version.localeCompare(a.version, 'en', { numeric: true }))[0];
}

/** The release an image reference names in its tag: `…/controller:v0.27.0@sha256:…` → 0.27.0; a digest alone or `latest` → undefined. */
export function versionFromImage(image: string): string | undefined {
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  if (colon < 0) return undefined;
  const m = /^v?(\d+\.\d+(?:\.\d+)?)(?:[-+].*)?$/.exec(withoutDigest.slice(colon + 1));
  return m?.[1];
}

/** What the listed Deployments say (the first controller of each project that names a version). */
export function installedVersionsOf(deployments: readonly k8s.V1Deployment[]): InstalledVersions {
  const out: InstalledVersions = {};
  for (const d of deployments) {
    const name = d.metadata?.labels?.['app.kubernetes.io/name'];
    const key = name === 'keda-operator' ? 'keda' : name === 'karpenter' ? 'karpenter' : undefined;
    if (!key || out[key]) continue;
    for (const c of d.spec?.template?.spec?.containers ?? []) {
      const version = c.image ? versionFromImage(c.image) : undefined;
      if (!version) continue;
      out[key] = { version, from: `Deployment ${d.metadata?.namespace}/${d.metadata?.name} (${c.image})` };
      break;
    }
  }
  return out;
}

/** Lists the two projects' controller Deployments in every namespace; a refusal or an error is said in `unread`. */
export async function readInstalledVersions(kc: k8s.KubeConfig): Promise<InstalledVersions> {
  try {
    const list = await getList<k8s.V1DeploymentList>(kc, '/apis/apps/v1/deployments', { labelSelector: SELECTOR });
    const found = installedVersionsOf(list.items ?? []);
    if (!found.keda) {
      const hpas = await getList<k8s.V2HorizontalPodAutoscalerList>(kc, '/apis/autoscaling/v2/horizontalpodautoscalers', { labelSelector: KEDA_HPA_SELECTOR }).catch(() => undefined);
      const labelled = kedaVersionOfHpas(hpas?.items ?? []);
      if (labelled) found.keda = { version: labelled.version, from: `HPA ${labelled.hpa.metadata?.namespace}/${labelled.hpa.metadata?.name} label ${KEDA_VERSION_LABEL}` };
    }
    return found;
  } catch (err) {
    return { unread: problemText(toProblem(err, msg('listing the KEDA and Karpenter controller Deployments'))) };
  }
}

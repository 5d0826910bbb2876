// Which Kubernetes minors each KEDA minor is tested with (keda.sh "Kubernetes Compatibility"), and the KEDA release a
// controller image names: what lint checks `kedaVersion` against, and what the doctor says of the KEDA a cluster runs
// (keda-kubernetes-compatibility, both): the same sentence for both.
import { isTemplatedValue } from '../manifest/templates';
import { compareMinor, parseMinor } from './versions';
import { msg, type Message } from '../l10n';

/**
 * keda.sh/docs/2.22/operate/cluster/ "Kubernetes Compatibility" (the newest page; each release's page lists the same
 * rows for older releases): "the Kubernetes versions tested for each KEDA version", N-2 at least. KEDA before 2.7 has
 * no row: nothing is said of it.
 */
export const KEDA_KUBERNETES_TESTED: ReadonlyArray<{ keda: string; from: string; to: string }> = [
  { keda: '2.21', from: '1.34', to: '1.36' },
  { keda: '2.20', from: '1.33', to: '1.35' },
  { keda: '2.19', from: '1.32', to: '1.34' },
  { keda: '2.18', from: '1.31', to: '1.33' },
  { keda: '2.17', from: '1.30', to: '1.32' },
  { keda: '2.16', from: '1.29', to: '1.31' },
  { keda: '2.15', from: '1.28', to: '1.30' },
  { keda: '2.14', from: '1.27', to: '1.29' },
  { keda: '2.13', from: '1.27', to: '1.29' },
  { keda: '2.12', from: '1.26', to: '1.28' },
  { keda: '2.11', from: '1.25', to: '1.27' },
  { keda: '2.10', from: '1.24', to: '1.26' },
  { keda: '2.9', from: '1.23', to: '1.25' },
  { keda: '2.8', from: '1.17', to: '1.25' },
  { keda: '2.7', from: '1.17', to: '1.25' },
];

export const KEDA_COMPATIBILITY_SOURCE = 'keda.sh/docs/2.22/operate/cluster/ "Kubernetes Compatibility"';

export type KedaKubernetesFit =
  | { fit: 'tested'; from: string; to: string }
  /** The Kubernetes minor is older than the oldest this KEDA is tested with. */
  | { fit: 'older'; from: string; to: string }
  /** The Kubernetes minor is newer than the newest this KEDA is tested with. */
  | { fit: 'newer'; from: string; to: string }
  /** The table has no row for this KEDA release (before 2.7, newer than the table, or unparsable). */
  | { fit: 'unknown' };

/** Where `kubernetes` stands in the tested window of `keda` (both `major.minor`, a `v` and a patch allowed). */
export function kedaKubernetesFit(keda: string, kubernetes: string): KedaKubernetesFit {
  const k = parseMinor(keda);
  if (!k || !parseMinor(kubernetes)) return { fit: 'unknown' };
  const row = KEDA_KUBERNETES_TESTED.find((r) => compareMinor(r.keda, `${k[0]}.${k[1]}`) === 0);
  if (!row) return { fit: 'unknown' };
  const { from, to } = row;
  if (compareMinor(kubernetes, from) < 0) return { fit: 'older', from, to };
  if (compareMinor(kubernetes, to) > 0) return { fit: 'newer', from, to };
  return { fit: 'tested', from, to };
}

/** The KEDA minors tested with a Kubernetes minor, newest first (`['2.20', '2.19', '2.18']` for 1.33). */
export function kedaReleasesTestedWith(kubernetes: string): string[] {
  return KEDA_KUBERNETES_TESTED.filter((r) => compareMinor(kubernetes, r.from) >= 0 && compareMinor(kubernetes, r.to) <= 0).map((r) => r.keda);
}

/** KEDA's three images (operator, metrics API server, admission webhooks), on ghcr.io or Docker Hub, with a version tag. */
const KEDA_IMAGE = /^(?:[^/\s]+\/)?kedacore\/(keda|keda-metrics-apiserver|keda-admission-webhooks):v?(\d+\.\d+(?:\.\d+)?)(?:[-+][\w.-]*)?$/;

/** The KEDA component and release a container image names (`ghcr.io/kedacore/keda:2.9.0` → keda 2.9.0); a digest-only or templated image → undefined. */
export function kedaImageVersion(image: string): { component: string; version: string } | undefined {
  if (isTemplatedValue(image)) return undefined;
  const m = KEDA_IMAGE.exec(image.trim().split('@')[0]);
  return m ? { component: m[1], version: m[2] } : undefined;
}

/** KEDA 2.9 moved its HPAs to autoscaling/v2 and dropped Kubernetes 1.22 and older (kedacore/keda CHANGELOG v2.9.0, #2462). */
const AUTOSCALING_V2_FROM = { keda: '2.9', kubernetes: '1.23' };

const minorOf = (v: string) => {
  const m = parseMinor(v);
  return m ? `${m[0]}.${m[1]}` : v;
};

export interface KedaKubernetesMismatch {
  /** The window KEDA tests this release with, and where Kubernetes stands: older or newer. */
  fit: Extract<KedaKubernetesFit, { fit: 'older' | 'newer' }>;
  /** What it means, with the KEDA releases tested with this Kubernetes. */
  text: Message;
  /** error: KEDA needs an API this Kubernetes lacks (autoscaling/v2); warning: untested. */
  severity: 'error' | 'warning';
}

/**
 * A KEDA release outside the Kubernetes minors it is tested with, in words (lint's keda-kubernetes-compatibility and
 * the doctor's, for the versions a cluster runs); undefined when it is tested or the table does not know it.
 */
export function kedaKubernetesMismatch(keda: string, kubernetes: string): KedaKubernetesMismatch | undefined {
  const fit = kedaKubernetesFit(keda, kubernetes);
  if (fit.fit === 'tested' || fit.fit === 'unknown') return undefined;
  const tested = kedaReleasesTestedWith(kubernetes);
  // The sentences after the first are whole sentences, appended in order (each its own template).
  const instead = tested.length ? msg(' KEDA releases tested with Kubernetes {kubernetes}: {releases}.', { kubernetes: minorOf(kubernetes), releases: tested.join(', ') }) : '';
  const args = { keda: minorOf(keda), from: fit.from, to: fit.to, kubernetes: minorOf(kubernetes), instead };
  if (fit.fit === 'newer')
    return { fit, text: msg('KEDA {keda} is tested with Kubernetes {from}–{to}, not {kubernetes} (newer): untested, upgrade KEDA with the cluster.{instead}', args), severity: 'warning' };
  const noV2 =
    compareMinor(keda, AUTOSCALING_V2_FROM.keda) >= 0 && compareMinor(kubernetes, AUTOSCALING_V2_FROM.kubernetes) < 0
      ? msg(' From {v2From} KEDA creates autoscaling/v2 HPAs, which Kubernetes {kubernetes} does not serve: no ScaledObject scales.', {
          v2From: AUTOSCALING_V2_FROM.keda,
          kubernetes: minorOf(kubernetes),
        })
      : '';
  return { fit, text: msg('KEDA {keda} is tested with Kubernetes {from}–{to}, not {kubernetes} (older).{noV2}{instead}', { ...args, noV2 }), severity: noV2 ? 'error' : 'warning' };
}

// keda-kubernetes-compatibility: the KEDA release the cluster runs (its operator's image, else the version label its
// operator writes on every HPA it makes) against the API server's Kubernetes minor, by KEDA's support matrix
// (k8s/kedaVersions.ts). The manifest-side rule of the same id checks the `kedaVersion` setting and KEDA images in the
// workspace; this is the live one, and needs no setting.
import type { Check, Draft } from '../checkKit';
import { kedaKubernetesMismatch, KEDA_COMPATIBILITY_SOURCE } from '../../k8s/kedaVersions';
import { liveKedaVersion } from '../kedaKit';
import { msg } from '../../l10n';
import { sentences } from '../../l10n/lists';

export const check: Check = {
  id: 'keda-kubernetes-compatibility',
  title: msg('The KEDA release the cluster runs is not tested with its Kubernetes version'),
  run(state): Draft[] {
    const server = state.keda?.serverVersion?.gitVersion;
    const keda = liveKedaVersion(state);
    if (!server || !keda) return [];
    const found = kedaKubernetesMismatch(keda.version, server);
    if (!found) return [];
    const args = { keda: keda.version, kubernetes: server, from: found.fit.from, to: found.fit.to };
    return [
      {
        id: 'keda-kubernetes-compatibility',
        severity: found.severity,
        message:
          found.fit.fit === 'older'
            ? msg('KEDA version layer: the cluster runs KEDA {keda} on Kubernetes {kubernetes}, older than the {from}–{to} KEDA tests this release with', args)
            : msg('KEDA version layer: the cluster runs KEDA {keda} on Kubernetes {kubernetes}, newer than the {from}–{to} KEDA tests this release with', args),
        object: keda.object,
        evidence: [keda.from, msg('API server: {version}', { version: server })],
        explanation: sentences(
          found.text,
          msg(
            "Each KEDA release is tested with about three Kubernetes minors ({source}); its HPAs, webhooks and scalers are built against those APIs, and its operator logs `WARNING: KEDA <version> hasn't been tested on Kubernetes <version>` at start when the cluster is outside the window it was built with.",
            { source: KEDA_COMPATIBILITY_SOURCE },
          ),
          msg("Upgrade KEDA and Kubernetes together: pick the KEDA release whose window holds the cluster's minor, and upgrade KEDA before the control plane moves past its window."),
        ),
        repairs: [],
      },
    ];
  },
};

// The local kubectl predates 1.19 and still falls back to Heapster for `kubectl top` when
// metrics.k8s.io is not discoverable, so it prints the misleading
// `the server could not find the requested resource (get services http:heapster:)`.
// Verified: kubernetes CHANGELOG-1.19 (v1.19.0-alpha.2) "Drop support of heapster in kubectl top (#87498)";
// kubectl 1.8–1.18 try metrics.k8s.io first and fall back to Heapster; older ones know only Heapster.
import type { Check } from '../checkKit';
import { msg } from '../../l10n';
import { sentences } from '../../l10n/lists';

export const HEAPSTER_DROPPED_MINOR = 19;

export const check: Check = {
  id: 'kubectl-too-old',
  title: msg('The local kubectl falls back to Heapster for kubectl top'),
  run(state) {
    const k = state.kubectl;
    if (!k || k.major !== 1 || k.minor === undefined || k.minor >= HEAPSTER_DROPPED_MINOR) return [];
    const onlyHeapster = k.minor < 8;
    const args = { version: k.gitVersion ?? `1.${k.minor}`, path: k.path, minor: HEAPSTER_DROPPED_MINOR };
    return [
      {
        id: 'kubectl-too-old',
        severity: 'warning',
        message: onlyHeapster
          ? msg('kubectl {version} ({path}) only knows Heapster for `kubectl top`: upgrade it to 1.{minor} or newer', args)
          : msg('kubectl {version} ({path}) falls back to Heapster for `kubectl top`: upgrade it to 1.{minor} or newer', args),
        evidence: [k.raw],
        explanation: sentences(
          onlyHeapster
            ? msg('kubectl before 1.8 reads usage only from Heapster, which was retired in Kubernetes 1.13; `kubectl top` cannot work against metrics-server.')
            : msg(
                'kubectl 1.8 to 1.18 read metrics.k8s.io, but when that API is not discoverable they fall back to Heapster and print `the server could not find the requested resource (get services http:heapster:)`, which hides the real problem (the metrics API).',
              ),
          msg('Heapster support was dropped in kubectl 1.19 (kubernetes#87498). Use a kubectl within one minor version of the cluster.'),
        ),
        repairs: [],
      },
    ];
  },
};

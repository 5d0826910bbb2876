// cluster-autoscaler-version-skew: the Cluster Autoscaler image's minor is not the API server's (CA X.Y is built and
// tested for Kubernetes X.Y: cluster-autoscaler/README.md "Releases"); the manifest-side rule is lint's
// cluster-autoscaler-version-skew, this is the live one.
import { kubernetesMinorOf, parseClusterAutoscalerImage } from '../../k8s/clusterAutoscaler';
import type { Check, Draft } from '../checkKit';
import { caContainerOf, caRef } from '../clusterAutoscalerKit';
import { msg } from '../../l10n';

export const check: Check = {
  id: 'cluster-autoscaler-version-skew',
  title: msg("Cluster Autoscaler's version does not match the cluster's"),
  run(state): Draft[] {
    const image = caContainerOf(state)?.image;
    const parsed = image ? parseClusterAutoscalerImage(image) : undefined;
    const server = state.clusterAutoscaler?.serverVersion;
    const m = /^v?(\d+)\.(\d+)/.exec(server?.gitVersion ?? '');
    if (!parsed || !m) return [];
    const built = kubernetesMinorOf(parsed.major, parsed.minor);
    const [major, minor] = [Number(m[1]), Number(m[2])];
    if (!built || (built[0] === major && built[1] === minor)) return [];
    const older = built[0] < major || (built[0] === major && built[1] < minor);
    return [
      {
        id: 'cluster-autoscaler-version-skew',
        severity: 'warning',
        message: `Cluster Autoscaler ${parsed.tag} is built for Kubernetes ${built.join('.')}, the cluster runs ${server!.gitVersion}`,
        object: caRef(state),
        evidence: [`image: ${image}`, `API server: ${server!.gitVersion}`],
        explanation:
          'Each Cluster Autoscaler minor vendors the scheduler code of the same Kubernetes minor and simulates scheduling with it; ' +
          (older
            ? 'an older CA does not know newer scheduling features and API fields, so it may add nodes that do not help or leave pods it misjudges pending. '
            : 'a newer CA may use APIs this cluster does not serve. ') +
          `Run the latest ${major}.${minor}.x release (registry.k8s.io/autoscaling/cluster-autoscaler:v${major}.${minor}.x), and upgrade it with the control plane.`,
        repairs: [],
      },
    ];
  },
};

// cluster-autoscaler-version-skew: the Cluster Autoscaler image's minor is not the API server's (CA X.Y is built and
// tested for Kubernetes X.Y: cluster-autoscaler/README.md "Releases"); the manifest-side rule is lint's
// cluster-autoscaler-version-skew, this is the live one.
import { kubernetesMinorOf, parseClusterAutoscalerImage } from '../../k8s/clusterAutoscaler';
import type { Check, Draft } from '../checkKit';
import { caContainerOf, caRef } from '../clusterAutoscalerKit';
import { msg } from '../../l10n';
import { sentences } from '../../l10n/lists';

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
        message: msg('Cluster Autoscaler {tag} is built for Kubernetes {built}, the cluster runs {server}', { tag: parsed.tag, built: built.join('.'), server: server!.gitVersion ?? '' }),
        object: caRef(state),
        evidence: [`image: ${image}`, msg('API server: {version}', { version: server!.gitVersion ?? '' })],
        explanation: sentences(
          older
            ? msg(
                'Each Cluster Autoscaler minor vendors the scheduler code of the same Kubernetes minor and simulates scheduling with it; an older CA does not know newer scheduling features and API fields, so it may add nodes that do not help or leave pods it misjudges pending.',
              )
            : msg('Each Cluster Autoscaler minor vendors the scheduler code of the same Kubernetes minor and simulates scheduling with it; a newer CA may use APIs this cluster does not serve.'),
          msg('Run the latest {release} release (registry.k8s.io/autoscaling/cluster-autoscaler:v{release}), and upgrade it with the control plane.', { release: `${major}.${minor}.x` }),
        ),
        repairs: [],
      },
    ];
  },
};

// The kube-system/coredns ConfigMap without a `Corefile` key: CoreDNS pods cannot mount their configuration.
import { isMap, isScalar } from 'yaml';
import { keyRange, mapAt, pairOf, type ManifestDoc } from '../../manifest/model';
import type { Rule } from '../rule';
import type { Problem } from '../types';
import { msg } from '../../l10n';
import { sentences } from '../../l10n/lists';

/** Keys of the kube-dns ConfigMap (GKE and pre-CoreDNS clusters), which CoreDNS never reads. */
const KUBE_DNS_KEYS = ['upstreamNameservers', 'stubDomains', 'federations'];

const isCorednsConfigMap = (doc: ManifestDoc) => doc.kind === 'ConfigMap' && doc.apiVersion === 'v1' && doc.name === 'coredns' && (!doc.namespaceExplicit || doc.namespace === 'kube-system');

export const corednsCorefileMissing: Rule = {
  id: 'coredns-corefile-missing',
  category: 'infra',
  severity: 'error',
  title: 'CoreDNS ConfigMap without a Corefile key',
  docs: [
    "The CoreDNS Deployment mounts only the `Corefile` key of the `kube-system/coredns` ConfigMap (kubeadm's manifest: `items: [{key: Corefile, path: Corefile}]`).",
    'Applied as the whole object (kubectl replace, Helm, a GitOps sync, or kubectl apply after an earlier apply of a Corefile), a ConfigMap without that key leaves CoreDNS without configuration:',
    'the kubelet refuses the volume (`configmap references non-existent config key: Corefile`), so every CoreDNS pod that starts afterwards stays in ContainerCreating and cluster DNS goes down as pods restart.',
    '',
    'kube-dns keys (`upstreamNameservers`, `stubDomains`) mean nothing to CoreDNS: write them as `forward` lines and extra server blocks in the Corefile.',
  ].join('\n'),
  applies: isCorednsConfigMap,
  check(doc) {
    const dataNode = doc.root?.get('data', true);
    const data = isMap(dataNode) ? dataNode : undefined;
    if (dataNode != null && !data && !(isScalar(dataNode) && dataNode.value == null)) return [];
    if (pairOf(data, 'Corefile') || pairOf(mapAt(doc.root, ['binaryData']), 'Corefile')) return [];
    if (templatedData(doc)) return [];
    const kubeDns = KUBE_DNS_KEYS.filter((k) => pairOf(data, k));
    const missing = msg(
      'The coredns ConfigMap has no Corefile key: CoreDNS pods mount only that key, so pods started after this is applied cannot mount their configuration (configmap references non-existent config key: Corefile).',
    );
    const keys = kubeDns.join(' and ');
    const range = kubeDns.length ? keyRange(data, kubeDns[0]) : doc.root?.has('data') ? keyRange(doc.root, 'data') : keyRange(mapAt(doc.root, ['metadata']), 'name', doc.range);
    const problem: Problem = {
      message:
        kubeDns.length === 0
          ? missing
          : sentences(
              missing,
              kubeDns.length > 1
                ? msg('{keys} are kube-dns keys: CoreDNS does not read them; write upstreams as forward lines (and stub domains as server blocks) in the Corefile.', { keys })
                : msg('{keys} is a kube-dns key: CoreDNS does not read it; write upstreams as forward lines (and stub domains as server blocks) in the Corefile.', { keys }),
            ),
      range,
    };
    return [problem];
  },
};

/** Whether a Helm template may write the data keys (`data:` followed by `{{ toYaml … }}` or `{{ if }}` lines): then nothing is known. */
function templatedData(doc: ManifestDoc): boolean {
  if (!doc.file.templated) return false;
  const next = doc.file.docs[doc.index + 1];
  const end = next ? next.range.start : doc.file.text.length;
  return doc.file.text.slice(keyRange(doc.root, 'data', doc.range).start, end).includes('{{');
}

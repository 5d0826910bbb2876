// metadata.namespace on a cluster-scoped kind the product owns (Karpenter NodePool/EC2NodeClass…, KEDA ClusterTriggerAuthentication).
import { removeEntry } from '../../manifest/edit';
import { group } from '../../manifest/kinds';
import { keyRange, mapAt, writtenText, nodeAt } from '../../manifest/model';
import type { Rule } from '../rule';
import { msg } from '../../l10n';

/** Cluster-scoped kinds by API group (their CRDs say `scope: Cluster`). */
const CLUSTER_SCOPED: Record<string, string[]> = {
  'karpenter.sh': ['NodePool', 'NodeClaim', 'NodeOverlay', 'Provisioner', 'Machine'],
  'karpenter.k8s.aws': ['EC2NodeClass', 'AWSNodeTemplate'],
  'keda.sh': ['ClusterTriggerAuthentication'],
};

export const clusterScopedNamespace: Rule = {
  id: 'cluster-scoped-namespace',
  category: 'infra',
  severity: 'warning',
  title: 'metadata.namespace on a cluster-scoped object',
  docs: [
    'NodePool, NodeClaim, NodeOverlay, EC2NodeClass, Provisioner, Machine, AWSNodeTemplate and ClusterTriggerAuthentication are cluster-scoped.',
    'kubectl sends them to the cluster-wide path and the API server clears `metadata.namespace` without a word, so the line does nothing — and it misleads:',
    'two objects with the same name in "different namespaces" are one object, and the one applied last replaces the other. Remove the line (the quick fix does; nothing changes on the server).',
  ].join('\n'),
  applies: (doc) => !!doc.kind && (CLUSTER_SCOPED[group(doc.apiVersion)] ?? []).includes(doc.kind) && doc.namespaceExplicit,
  check(doc) {
    const metadata = mapAt(doc.root, ['metadata']);
    const value = nodeAt(metadata, ['namespace']);
    if (!metadata || !value) return [];
    const namespace = writtenText(doc.file, value);
    return [
      {
        message: doc.name
          ? msg(
              '{kind} is cluster-scoped: the API server drops metadata.namespace ({namespace}), so this line has no effect, and every {kind} named {name}, whatever "namespace" it is written with, is this same object. Remove it.',
              { kind: doc.kind ?? '', namespace, name: doc.name },
            )
          : msg('{kind} is cluster-scoped: the API server drops metadata.namespace ({namespace}), so this line has no effect, and the name alone identifies the object. Remove it.', {
              kind: doc.kind ?? '',
              namespace,
            }),
        range: keyRange(metadata, 'namespace'),
        fixes: () => {
          const edit = removeEntry(doc.file, metadata, 'namespace');
          return edit ? [{ title: msg('Remove metadata.namespace'), edits: [edit], preferred: true, safety: 'safe' }] : [];
        },
      },
    ];
  },
};

// manifest-missing-api-version: a Kubernetes object with `kind` but no `apiVersion` (often a typo such as `piVersion:`).
// kubectl refuses it ("apiVersion not set"), and every rule that reads the kind by its API group skips it, so
// without this finding the file passes as "No problems found".
import { isScalar, type Scalar } from 'yaml';
import { replaceScalar } from '../../manifest/edit';
import { WORKLOAD_KINDS } from '../../manifest/kinds';
import { keyRange, rangeOf, type ManifestDoc } from '../../manifest/model';
import { schemaKinds } from '../../schema/load';
import { closestName, editDistance } from '../../text/similar';
import type { Rule } from '../rule';
import type { Problem } from '../types';
import { msg } from '../../l10n';

/** Kinds that are certainly Kubernetes objects; other files with a `kind` (kustomization.yaml) may lack apiVersion. */
const KUBERNETES_KINDS = new Set([
  ...WORKLOAD_KINDS,
  ...schemaKinds().map((k) => k.kind),
  ...['Service', 'ConfigMap', 'Secret', 'Namespace', 'Ingress', 'PodDisruptionBudget', 'LimitRange', 'ResourceQuota', 'ServiceAccount'],
  ...['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'Provisioner', 'AWSNodeTemplate'],
]);

function check(doc: ManifestDoc): Problem[] {
  const root = doc.root!;
  const kind = doc.kind!;
  if (root.has('apiVersion')) {
    // Written but empty or not a string: the same refusal. The example is the kind's preferred version (first in the schema index).
    const known = schemaKinds().find((k) => k.kind === kind)?.apiVersion;
    const message = known
      ? msg('{kind} has an empty apiVersion: kubectl refuses it ("apiVersion not set"); write the group/version, e.g. {example}', { kind, example: known })
      : msg('{kind} has an empty apiVersion: kubectl refuses it ("apiVersion not set"); write the group/version', { kind });
    return [{ message, range: keyRange(root, 'apiVersion', doc.range) }];
  }
  const typo = root.items.map((p) => p.key).find((k): k is Scalar => isScalar(k) && typeof k.value === 'string' && closestName(k.value, ['apiVersion']) === 'apiVersion');
  if (typo) {
    const written = String(typo.value);
    return [
      {
        message: msg('{kind} has no apiVersion: "{written}" is not apiVersion, so kubectl refuses the object ("apiVersion not set") and no rule checks it; did you mean "apiVersion"?', {
          kind,
          written,
        }),
        range: rangeOf(typo),
        fixes: () => {
          const edit = replaceScalar(doc.file, typo, 'apiVersion');
          if (!edit) return [];
          const near = editDistance(written.toLowerCase(), 'apiversion') <= 1;
          return [
            near
              ? { title: msg('Rename to {name}', { name: 'apiVersion' }), edits: [edit], preferred: true, safety: 'safe' as const }
              : {
                  title: msg('Rename to {name} (a guess: the nearest key)', { name: 'apiVersion' }),
                  edits: [edit],
                  safety: 'guess' as const,
                  why: msg('{written} is only near {name}', { written, name: 'apiVersion' }),
                },
          ];
        },
      },
    ];
  }
  if (!KUBERNETES_KINDS.has(kind)) return [];
  return [
    { message: msg('{kind} has no apiVersion: kubectl refuses the object ("apiVersion not set") and no rule checks it; add its group/version', { kind }), range: keyRange(root, 'kind', doc.range) },
  ];
}

export const manifestMissingApiVersion: Rule = {
  id: 'manifest-missing-api-version',
  category: 'workload',
  severity: 'error',
  title: 'Object with a kind but no apiVersion',
  docs: [
    'A document with `kind` but no `apiVersion` is refused by kubectl ("apiVersion not set") and by the API server, and',
    'no check that reads the kind by its API group looks at it. The usual cause is a typo (`piVersion:`, `apiversion:`):',
    'the quick fix renames the key. Files whose kind is not a Kubernetes object (such as a `Kustomization` without',
    'apiVersion) are left alone unless a key is a near miss of `apiVersion`.',
  ].join('\n'),
  applies: (doc) => !!doc.root && !!doc.kind && !doc.apiVersion,
  check,
};

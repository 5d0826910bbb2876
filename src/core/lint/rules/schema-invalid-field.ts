// schema-invalid-field: what `kubectl apply --validate=strict` and the API server reject in a kind the product owns,
// checked against the schemas generated from the upstream OpenAPI and CRDs (src/core/schema): unknown fields (with
// "did you mean"), missing required fields, wrong types, values outside an enum, and what a CRD's patterns, bounds and
// CEL rules refuse (src/core/schema/constraints.ts).
import { isScalar } from 'yaml';
import { removeEntry, replaceScalar } from '../../manifest/edit';
import { isKustomizePatch } from '../../manifest/kustomize';
import type { ManifestDoc } from '../../manifest/model';
import { isOwnedDoc, ownedSchema } from '../../schema/owned';
import { validateDoc, type SchemaIssue } from '../../schema/validate';
import type { Fix } from '../../text/edits';
import { closestName, editDistance } from '../../text/similar';
import type { Rule, RuleContext } from '../rule';
import type { Problem } from '../types';
import { msg } from '../../l10n';

function fixesFor(doc: ManifestDoc, issue: SchemaIssue): Fix[] {
  const { file } = doc;
  if (issue.class === 'unknown-field' && issue.key && issue.map) {
    const fixes: Fix[] = [];
    if (issue.suggestion) {
      const edit = replaceScalar(file, issue.key, issue.suggestion);
      // A different case or one letter off is the field meant; a farther guess is a person's choice.
      const safe = editDistance(String(issue.key.value).toLowerCase(), issue.suggestion.toLowerCase()) <= 1;
      if (edit)
        fixes.push(
          safe
            ? { title: msg('Rename to {name}', { name: issue.suggestion }), edits: [edit], preferred: true, safety: 'safe' }
            : {
                title: msg('Rename to {name} (a guess: the nearest field name)', { name: issue.suggestion }),
                edits: [edit],
                safety: 'guess',
                why: msg('{name} is the nearest field name, not certainly the one meant', { name: issue.suggestion }),
              },
        );
    }
    const remove = removeEntry(file, issue.map, String(issue.key.value));
    if (remove)
      fixes.push({
        title: msg('Remove {field}', { field: issue.path }),
        edits: [remove],
        safety: 'review',
        why: msg('the field may be meant as another one: removing it drops what it says'),
      });
    return fixes;
  }
  if (issue.class === 'wrong-type' && issue.scalar?.range) {
    // A number or boolean where a string is expected: quoting keeps the value the author wrote.
    const [start, end] = issue.scalar.range;
    const text = file.text.slice(start, end);
    return [{ title: msg('Quote {value}', { value: text }), edits: [{ uri: file.uri, range: { start, end }, newText: JSON.stringify(text) }], preferred: true, safety: 'safe' }];
  }
  return [];
}

/** An enum value in another case ("whenEmpty") is fixed to the value it spells; nothing else is guessed. */
function enumFix(doc: ManifestDoc, issue: SchemaIssue, node: unknown, allowed: string[]): Fix[] {
  if (!isScalar(node) || typeof node.value !== 'string') return [];
  const meant = closestName(node.value, allowed);
  if (!meant) return [];
  const edit = replaceScalar(doc.file, node, meant);
  if (!edit) return [];
  if (meant.toLowerCase() === node.value.toLowerCase()) return [{ title: msg('Change to {value}', { value: meant }), edits: [edit], preferred: true, safety: 'safe' }];
  return [
    {
      title: msg('Change to {value} (a guess: the nearest allowed value)', { value: meant }),
      edits: [edit],
      safety: 'guess',
      why: msg('{value} is the nearest allowed value, not certainly the one meant', { value: meant }),
    },
  ];
}

function check(doc: ManifestDoc, ctx: RuleContext): Problem[] {
  const schema = ownedSchema(doc);
  if (!schema) return [];
  return validateDoc(doc, schema, isKustomizePatch(ctx.workspace, doc.file.uri)).map((issue) => ({
    message: issue.message,
    range: issue.range,
    fixes: () => (issue.class === 'unsupported-value' ? enumFix(doc, issue, issue.node, issue.allowed ?? []) : fixesFor(doc, issue)),
  }));
}

export const schemaInvalidField: Rule = {
  id: 'schema-invalid-field',
  category: 'workload',
  severity: 'error',
  title: 'Field the API server rejects: unknown, missing, of the wrong type, outside its enum or refused by a CRD rule',
  docs: [
    'Checks the kinds Scaling Doctor owns (HorizontalPodAutoscaler in every version, KEDA ScaledObject, ScaledJob and',
    '(Cluster)TriggerAuthentication, Karpenter NodePool, NodeClaim and EC2NodeClass, VPA, the metrics-server and',
    'Cluster Autoscaler Deployments, the CoreDNS ConfigMap) against schemas generated from the upstream Kubernetes',
    'OpenAPI and CRDs, as `kubectl apply --validate=strict` and the API server do: an unknown field (a typo such as',
    '`scalTargetRef`, with "did you mean"), a missing required field, a value of the wrong type, or a value outside',
    "the enum, or a value a CRD's pattern, bounds or CEL rules refuse (with the server's message, e.g. Karpenter",
    '`expireAfter: 30d`). The API server refuses the whole object, and without strict validation a misspelt optional field is',
    'silently dropped. Helm `{{ }}` values are not judged, and nothing is missing in a patch a kustomization names.',
  ].join('\n'),
  applies: isOwnedDoc,
  check,
};

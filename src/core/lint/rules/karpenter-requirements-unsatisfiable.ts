// karpenter-requirements-unsatisfiable: NodePool requirements (and template labels) on one key that leave no value once
// Karpenter intersects them (`In [a]` with `In [b]`, `In` and `NotIn` of the same values, `Gt 8` with `Lt 4`).
import { intersect, isEmptySet, isInstanceLabel, isNodePool, normalizedKey, readRequirements, requirementsSeq, templateLabels, valueSetOf, type ValueSet } from '../../k8s/karpenter';
import { isTemplatedValue, keyRange, rangeOf, seqAt } from '../../manifest/model';
import type { Rule } from '../rule';
import type { Problem } from '../types';
import { andJoin } from '../../l10n/lists';
import { msg, type Message } from '../../l10n';

interface Term {
  /** As written: `In [spot]`, `label karpenter.sh/capacity-type: spot`. */
  text: string | Message;
  set: ValueSet;
  /** The entry to underline: the requirement's `values` (or `operator`), or the label's key. */
  range: { start: number; end: number };
  doesNotExist: boolean;
}

const shown = (values: string[]) => `[${values.join(', ')}]`;

export const karpenterRequirementsUnsatisfiable: Rule = {
  id: 'karpenter-requirements-unsatisfiable',
  category: 'infra',
  severity: 'error',
  title: 'Karpenter NodePool requirements on one key that leave no value',
  docs: [
    'Karpenter intersects every requirement on the same key, and the template labels as `In [value]`. When nothing is left',
    '(`In [spot]` with `In [on-demand]`, `In` and `NotIn` of the same values, `Gt 8` with `Lt 4`), the key becomes `DoesNotExist`.',
    '',
    '- **error** on a label every node carries (`kubernetes.io/arch`, `karpenter.sh/capacity-type`, `node.kubernetes.io/instance-type`, zones, `karpenter.k8s.aws/…`): no instance type qualifies, so the NodePool never launches a node and its pods stay Pending.',
    '- **warning** on your own labels: the nodes never carry the label, so pods that select it never get a node from this pool.',
    '',
    'Keep one requirement per key with the values you mean.',
  ].join('\n'),
  applies: (doc) => isNodePool(doc),
  check(doc) {
    const byKey = new Map<string, Term[]>();
    const add = (key: string, term: Term) => byKey.set(normalizedKey(key), [...(byKey.get(normalizedKey(key)) ?? []), term]);
    for (const r of readRequirements(requirementsSeq(doc))) {
      // Values that are not plain scalars (an alias, a nested list) are not judged: the set would look smaller than it is.
      if ([r.key, ...r.values].some(isTemplatedValue) || (seqAt(r.node, ['values'])?.items.length ?? 0) !== r.values.length) continue;
      const set = valueSetOf(r.operator, r.values);
      if (!set) continue;
      const written = r.operator === 'Exists' || r.operator === 'DoesNotExist' ? r.operator : `${r.operator} ${shown(r.values)}`;
      const range = r.node.has('values') ? keyRange(r.node, 'values', rangeOf(r.node)) : keyRange(r.node, 'operator', rangeOf(r.node));
      add(r.key, { text: written, set, range, doesNotExist: r.operator === 'DoesNotExist' });
    }
    for (const [key, label] of templateLabels(doc)) {
      if (isTemplatedValue(label.value) || isTemplatedValue(key)) continue;
      add(key, { text: msg('label {key}: {value}', { key, value: label.value }), set: valueSetOf('In', [label.value])!, range: keyRange(label.node, key), doesNotExist: false });
    }
    const problems: Problem[] = [];
    for (const [key, terms] of byKey) {
      if (terms.length < 2 || terms.every((t) => t.doesNotExist)) continue;
      let left = terms[0].set;
      let last = terms[0];
      for (const t of terms.slice(1)) {
        left = intersect(left, t.set);
        last = t;
        if (isEmptySet(left)) break;
      }
      if (!isEmptySet(left)) continue;
      const written = andJoin(terms.map((t) => t.text));
      const instance = isInstanceLabel(key);
      problems.push({
        severity: instance ? 'error' : 'warning',
        message: instance
          ? msg('{key}: {written} leave no value, so no instance type qualifies: Karpenter never launches a node from this NodePool. Keep one requirement on {key} with the values you mean.', {
              key,
              written,
            })
          : msg(
              '{key}: {written} leave no value, so Karpenter reads {key} DoesNotExist: nodes of this NodePool never carry {key}, and pods that select it never get a node from it. Keep one requirement on {key} with the values you mean.',
              { key, written },
            ),
        range: last.range,
      });
    }
    return problems;
  },
};

// karpenter-budget-expiry: a v1 NodePool disruption budget of `nodes: "0"` meant to freeze nodes, while expireAfter (720h by
// default) still replaces them: v1 expiration is forceful and no budget applies to it.
import { isMap, isScalar, isSeq } from 'yaml';
import { isNodePoolV1 } from '../../k8s/karpenter';
import { insertEntries, replaceScalar } from '../../manifest/edit';
import { isTemplatedValue, keyRange, mapAt, nodeAt, stringAt } from '../../manifest/model';
import type { Fix } from '../../text/edits';
import type { Rule } from '../rule';
import type { Problem } from '../types';
import { msg } from '../../l10n';

/** `nodes: "0"` or `"0%"`: no node of the pool may be disrupted while the budget is active. */
const ZERO = /^0+%?$/;

export const karpenterBudgetExpiry: Rule = {
  id: 'karpenter-budget-expiry',
  category: 'infra',
  severity: 'warning',
  title: 'A Karpenter disruption budget of 0 nodes does not stop expiration',
  docs: [
    'A v1 NodePool budget `nodes: "0"` without `reasons` blocks consolidation, drift and repair while it is active, but not expiration:',
    'since Karpenter v1.0 expiration is forceful. Once a node is older than `spec.template.spec.expireAfter` (720h when not written) Karpenter',
    'deletes its NodeClaim and drains it, whatever the budgets say (budget `reasons` are only `Underutilized`, `Empty`, `Drifted`, `Unhealthy`).',
    'A "no disruption during business hours" budget therefore still loses nodes every 30 days, at any hour.',
    '',
    'To keep nodes, set `expireAfter: Never` (the quick fix, to review: nodes then run until drift or consolidation replaces them); to bound how long',
    'an expiring node may drain, set `terminationGracePeriod`.',
  ].join('\n'),
  applies: (doc) => isNodePoolV1(doc),
  check(doc) {
    const budgets = nodeAt(doc.root, ['spec', 'disruption', 'budgets']);
    if (!isSeq(budgets)) return [];
    const templateSpec = mapAt(doc.root, ['spec', 'template', 'spec']);
    const expireNode = templateSpec?.get('expireAfter', true);
    const expireAfter = isScalar(expireNode) ? String(expireNode.value) : undefined;
    if (expireAfter === 'Never' || isTemplatedValue(expireAfter)) return [];
    const problems: Problem[] = [];
    for (const budget of budgets.items) {
      if (!isMap(budget) || budget.has('reasons')) continue;
      const nodes = stringAt(budget, ['nodes']);
      if (nodes === undefined || !ZERO.test(nodes)) continue;
      const scheduled = budget.has('schedule');
      const args = { nodes, expireAfter: expireAfter ?? '' };
      let message;
      if (expireAfter === undefined && scheduled)
        message = msg(
          'nodes: "{nodes}" does not stop expiration: Karpenter v1 replaces every node of this NodePool after 720h (the default expireAfter), while this budget is active, whatever the budgets say. Set spec.template.spec.expireAfter: Never to keep nodes, or accept the replacement and bound its drain with terminationGracePeriod.',
          args,
        );
      else if (expireAfter === undefined)
        message = msg(
          'nodes: "{nodes}" does not stop expiration: Karpenter v1 replaces every node of this NodePool after 720h (the default expireAfter), at any time, whatever the budgets say. Set spec.template.spec.expireAfter: Never to keep nodes, or accept the replacement and bound its drain with terminationGracePeriod.',
          args,
        );
      else if (scheduled)
        message = msg(
          'nodes: "{nodes}" does not stop expiration: Karpenter v1 replaces every node of this NodePool after expireAfter {expireAfter}, while this budget is active, whatever the budgets say. Set spec.template.spec.expireAfter: Never to keep nodes, or accept the replacement and bound its drain with terminationGracePeriod.',
          args,
        );
      else
        message = msg(
          'nodes: "{nodes}" does not stop expiration: Karpenter v1 replaces every node of this NodePool after expireAfter {expireAfter}, at any time, whatever the budgets say. Set spec.template.spec.expireAfter: Never to keep nodes, or accept the replacement and bound its drain with terminationGracePeriod.',
          args,
        );
      problems.push({
        message,
        range: keyRange(budget, 'nodes'),
        fixes: () => {
          const replaced = isScalar(expireNode) ? replaceScalar(doc.file, expireNode, 'Never') : undefined;
          const edits = replaced ? [replaced] : templateSpec && !expireNode ? insertEntries(doc.file, templateSpec, { expireAfter: 'Never' }) : undefined;
          const fix: Fix | undefined = edits && {
            title: msg('Set expireAfter: Never (nodes are no longer replaced for age)'),
            edits,
            safety: 'review',
            why: msg('nodes then run until drift or consolidation replaces them: check that no policy requires a maximum node age'),
          };
          return fix ? [fix] : [];
        },
      });
    }
    return problems;
  },
};

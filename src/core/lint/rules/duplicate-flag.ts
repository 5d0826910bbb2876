// duplicate-flag: a metrics-server or Cluster Autoscaler flag given twice; the later value silently wins (or, for list flags, is appended).
import type { YAMLMap, YAMLSeq } from 'yaml';
import { CA_BOOLEAN_FLAGS, CA_LIST_FLAGS, CA_REPEATABLE_FLAGS, containersOf, isClusterAutoscalerContainer } from '../../k8s/clusterAutoscaler';
import { isMetricsServerContainer, METRICS_SERVER_LIST_FLAGS, METRICS_SERVER_REPEATABLE_FLAGS, readFlags, type FlagUse } from '../../k8s/metricsServer';
import { removeItemEdit } from '../../manifest/edit';
import { isWorkload } from '../../manifest/kinds';
import { lineCol, type ManifestDoc } from '../../manifest/model';
import type { Fix, TextEdit } from '../../text/edits';
import type { Rule } from '../rule';
import type { Problem } from '../types';
import { msg, type Message } from '../../l10n';

interface Component {
  name: string;
  booleanFlags?: ReadonlySet<string>;
  /** Flags each occurrence of which adds an entry: never duplicates. */
  repeatable: ReadonlySet<string>;
  /** pflag StringSlice flags: later occurrences append to the first. */
  lists: ReadonlySet<string>;
}

const METRICS_SERVER: Component = { name: 'metrics-server', repeatable: METRICS_SERVER_REPEATABLE_FLAGS, lists: METRICS_SERVER_LIST_FLAGS };
const CLUSTER_AUTOSCALER: Component = { name: 'Cluster Autoscaler', booleanFlags: CA_BOOLEAN_FLAGS, repeatable: CA_REPEATABLE_FLAGS, lists: CA_LIST_FLAGS };

function componentOf(container: YAMLMap): Component | undefined {
  if (isClusterAutoscalerContainer(container)) return CLUSTER_AUTOSCALER;
  return isMetricsServerContainer(container) ? METRICS_SERVER : undefined;
}

const written = (use: FlagUse) => (use.value === undefined ? use.flag : `${use.flag}=${use.value}`);

/** Edits removing one flag use (and its separate value item). */
function removal(doc: ManifestDoc, container: YAMLMap, use: FlagUse): TextEdit[] | undefined {
  const seq = container.get(use.field, true) as unknown as YAMLSeq;
  const edits: TextEdit[] = [];
  for (const index of use.valueNode ? [use.index, use.index + 1] : [use.index]) {
    const edit = removeItemEdit(doc.file, seq, index);
    if (!edit) return undefined;
    edits.push(edit);
  }
  return edits;
}

function removeAllBut(doc: ManifestDoc, container: YAMLMap, uses: FlagUse[], keep: FlagUse, title: Message): Fix[] {
  const edits: TextEdit[] = [];
  for (const use of uses) {
    if (use === keep) continue;
    const e = removal(doc, container, use);
    if (!e) return [];
    edits.push(...e);
  }
  return [{ title, edits, safety: 'review', why: msg('which of the differing values is meant is for a person to decide') }];
}

/** A flag given again (the same value, or overridden by the last), with the field of the last one when it is another. */
function repeatedMessage(same: boolean, sameField: boolean, args: { flag: string; line: number; field: string; given: string; winner: string; component: string }): Message {
  if (same) {
    return sameField
      ? msg('{flag} is given again on line {line} with the same value: remove this one.', args)
      : msg('{flag} is given again on line {line} in {field} with the same value: remove this one.', args);
  }
  return sameField
    ? msg('{given} is overridden by {winner} on line {line}: pflag keeps the last value of a flag given twice, so {component} runs with {winner} and this one has no effect.', args)
    : msg('{given} is overridden by {winner} on line {line} in {field}: pflag keeps the last value of a flag given twice, so {component} runs with {winner} and this one has no effect.', args);
}

function problemsOf(doc: ManifestDoc, container: YAMLMap, component: Component): Problem[] {
  const byFlag = new Map<string, FlagUse[]>();
  for (const use of readFlags(container, component.booleanFlags)) {
    if (component.repeatable.has(use.flag)) continue;
    byFlag.set(use.flag, [...(byFlag.get(use.flag) ?? []), use]);
  }
  const problems: Problem[] = [];
  for (const [flag, uses] of byFlag) {
    if (uses.length < 2) continue;
    const last = uses[uses.length - 1];
    const lastLine = lineCol(doc.file, last.range.start).line;
    const sameField = last.field === uses[0].field;
    const allSame = uses.every((u) => u.value === last.value);
    if (component.lists.has(flag)) {
      const joined = uses.map((u) => u.value ?? '').join(',');
      problems.push({
        message: msg(
          '{flag} is given {count} times: for this list flag pflag appends each occurrence to the first, so {component} uses {flag}={joined}, not only the later list. Give it once, with the list you mean.',
          { flag, count: uses.length, component: component.name, joined },
        ),
        range: uses[0].range,
        severity: allSame ? 'info' : 'warning',
        fixes: () => [
          ...removeAllBut(doc, container, uses, uses[0], msg('Keep only {flag}', { flag: written(uses[0]) })),
          ...removeAllBut(doc, container, uses, last, msg('Keep only {flag} (line {line})', { flag: written(last), line: lastLine })),
        ],
      });
      continue;
    }
    for (const use of uses.slice(0, -1)) {
      const same = use.value === last.value;
      problems.push({
        message: repeatedMessage(same, sameField, { flag, line: lastLine, field: last.field, given: written(use), winner: written(last), component: component.name }),
        range: use.range,
        severity: same ? 'info' : 'warning',
        tags: same ? ['unnecessary'] : undefined,
        fixes: () => {
          const drop = removal(doc, container, use);
          const keepThis = removeAllBut(doc, container, uses, use, msg('Keep {given} (remove the later {flag})', { given: written(use), flag }));
          if (same) return drop ? [{ title: msg('Remove the repeated {flag}', { flag }), edits: drop, safety: 'safe', preferred: true }] : [];
          return [
            ...(drop
              ? [
                  {
                    title: msg('Remove {given} (it has no effect)', { given: written(use) }),
                    edits: drop,
                    safety: 'review' as const,
                    why: msg('the copy that wins stays: check that its value is the one you meant'),
                  },
                ]
              : []),
            ...keepThis,
          ];
        },
      });
    }
  }
  return problems;
}

export const duplicateFlag: Rule = {
  id: 'duplicate-flag',
  category: 'infra',
  severity: 'warning',
  title: 'A metrics-server or Cluster Autoscaler flag is given twice',
  docs: [
    "A flag appears twice in the container's `command` and `args` (read together, in that order). Both programs parse flags with spf13/pflag:",
    'a plain flag keeps the **last** value, so an earlier `--kubelet-preferred-address-types=InternalIP` fix is silently overridden by a later one;',
    'a list flag (pflag `StringSlice`, such as metrics-server `--kubelet-preferred-address-types` or `--tls-cipher-suites`) **appends** each occurrence to the first.',
    'Flags meant to repeat (Cluster Autoscaler `--nodes`, `--node-group-auto-discovery`, taints and labels; metrics-server `--tls-sni-cert-key`) are not reported.',
    'Keep one occurrence with the value you mean.',
  ].join('\n'),
  applies: (doc) => isWorkload(doc),
  check(doc) {
    const problems: Problem[] = [];
    for (const container of containersOf(doc)) {
      const component = componentOf(container);
      if (component) problems.push(...problemsOf(doc, container, component));
    }
    return problems;
  },
};

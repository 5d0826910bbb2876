// keda-trigger-auth-not-found: a trigger's authenticationRef names a TriggerAuthentication or ClusterTriggerAuthentication that
// no document of the workspace defines. It may exist only in the cluster, so this is a warning only where the workspace keeps
// such objects (a typo is likely), and information otherwise.
import { isMap, isScalar, type YAMLMap } from 'yaml';
import { replaceScalar } from '../../manifest/edit';
import { group, isScaledJob, isScaledObject } from '../../manifest/kinds';
import { isTemplatedValue, nodeAt, rangeOf, seqAt, stringAt, type ManifestDoc } from '../../manifest/model';
import type { Workspace } from '../../manifest/workspace';
import { closestName } from '../../text/similar';
import type { Rule, RuleContext } from '../rule';
import type { Problem, Severity } from '../types';
import type { Fix } from '../../text/edits';
import { msg } from '../../l10n';

const KINDS = ['TriggerAuthentication', 'ClusterTriggerAuthentication'] as const;
type AuthKind = (typeof KINDS)[number];

/** The (Cluster)TriggerAuthentications of the workspace, by kind and name; built once per workspace state. */
function authObjects(ws: Workspace): Map<AuthKind, Map<string, ManifestDoc[]>> {
  return ws.memo('keda.triggerAuthentications', () => {
    const byKind = new Map<AuthKind, Map<string, ManifestDoc[]>>(KINDS.map((k) => [k, new Map()]));
    for (const d of ws.allDocs()) {
      if (group(d.apiVersion) !== 'keda.sh' || !(KINDS as readonly string[]).includes(d.kind ?? '') || !d.name) continue;
      const byName = byKind.get(d.kind as AuthKind)!;
      byName.set(d.name, [...(byName.get(d.name) ?? []), d]);
    }
    return byKind;
  });
}

/** Whether an object of `kind` from `from`'s point of view: cluster-scoped ones always; namespaced ones in its namespace (or applied with -n on one side). */
const reachable = (kind: AuthKind, from: ManifestDoc) => (d: ManifestDoc) =>
  kind === 'ClusterTriggerAuthentication' || d.namespace === from.namespace || !d.namespaceExplicit || !from.namespaceExplicit;

/** The objects of `kind` named `name` that a ref from `from` can mean. */
function named(ws: Workspace, kind: AuthKind, name: string, from: ManifestDoc): ManifestDoc[] {
  return (authObjects(ws).get(kind)?.get(name) ?? []).filter(reachable(kind, from));
}

/** Every object of `kind` a ref from `from` can mean (only read once a reference is missing). */
function allReachable(ws: Workspace, kind: AuthKind, from: ManifestDoc): ManifestDoc[] {
  return [...(authObjects(ws).get(kind)?.values() ?? [])].flat().filter(reachable(kind, from));
}

function checkRef(doc: ManifestDoc, ref: YAMLMap, ctx: RuleContext): Problem | undefined {
  const nameNode = ref.get('name', true);
  if (!isScalar(nameNode) || typeof nameNode.value !== 'string' || !nameNode.value || isTemplatedValue(nameNode.value)) return undefined;
  const name = nameNode.value;
  const writtenKind = stringAt(ref, ['kind']);
  if (writtenKind !== undefined && (isTemplatedValue(writtenKind) || !(KINDS as readonly string[]).includes(writtenKind))) return undefined;
  const kind = (writtenKind ?? 'TriggerAuthentication') as AuthKind;
  if (named(ctx.workspace, kind, name, doc).length > 0) return undefined;
  const here = allReachable(ctx.workspace, kind, doc);
  const other = KINDS.find((k) => k !== kind)!;
  const otherKind = named(ctx.workspace, other, name, doc)[0];
  const elsewhere = kind === 'TriggerAuthentication' ? authObjects(ctx.workspace).get(kind)?.get(name)?.[0] : undefined;
  const near = closestName(
    name,
    here.map((d) => d.name!),
  );
  const shown = kind === 'TriggerAuthentication' ? `${kind} ${doc.namespace}/${name}` : `${kind} ${name}`;
  // Each hint is a clause of its own after a semicolon, so they are appended in order.
  const hint = otherKind ? msg('; a {other} {name} exists: set kind: {other}', { other, name }) : near ? msg('; did you mean {near}?', { near }) : '';
  const namespaceHint = elsewhere
    ? msg("; a TriggerAuthentication {name} exists in namespace {namespace}, but KEDA reads it from the {kind}'s namespace only (a ClusterTriggerAuthentication serves every namespace)", {
        name,
        namespace: elsewhere.namespace,
        kind: doc.kind ?? '',
      })
    : '';
  // Where the workspace keeps objects of this kind, a missing one is likely a typo; elsewhere it may live in the cluster only.
  const severity: Severity = here.length > 0 || otherKind || elsewhere ? 'warning' : 'info';
  return {
    message: msg("{object} not found in the workspace: if the cluster has none either, KEDA cannot build this trigger's scaler and the {kind} is not Ready{hint}{namespaceHint}.", {
      object: shown,
      kind: doc.kind ?? '',
      hint,
      namespaceHint,
    }),
    range: rangeOf(nameNode),
    severity,
    fixes: () => {
      const fixes: Fix[] = [];
      if (otherKind) {
        const kindNode = nodeAt(ref, ['kind']);
        const edit = isScalar(kindNode) ? replaceScalar(doc.file, kindNode, other) : undefined;
        if (edit)
          fixes.push({
            title: msg('Set kind: {kind}', { kind: other }),
            edits: [edit],
            safety: 'review',
            why: msg('the {kind} found in the workspace may not be the one meant', { kind: other }),
            preferred: true,
          });
      } else if (near) {
        const edit = replaceScalar(doc.file, nameNode, near);
        if (edit)
          fixes.push({
            title: msg('Change to {value}', { value: near }),
            edits: [edit],
            safety: 'review',
            why: msg('{name} may exist in the cluster only', { name }),
            preferred: true,
          });
      }
      return fixes;
    },
  };
}

export const kedaTriggerAuthNotFound: Rule = {
  id: 'keda-trigger-auth-not-found',
  category: 'workload',
  severity: 'warning',
  title: 'KEDA authenticationRef names nothing in the workspace',
  docs: [
    "A trigger's `authenticationRef` names a `TriggerAuthentication` (the default kind, in the ScaledObject's namespace) or a",
    '`ClusterTriggerAuthentication` that no document of the workspace defines. If the cluster has none either, KEDA cannot build',
    'the scaler: the ScaledObject or ScaledJob is not Ready and nothing scales.',
    '',
    'The object may be created outside these manifests (another repository, a Helm chart, by hand), so the finding is only',
    'information unless the workspace keeps objects of that kind, where a missing one is likely a typo: then it is a warning,',
    'with the nearest name, or the other kind when an object of that name is a `ClusterTriggerAuthentication` (or the reverse).',
  ].join('\n'),
  applies: (doc) => isScaledObject(doc) || isScaledJob(doc),
  check(doc, ctx) {
    const problems: Problem[] = [];
    for (const trigger of seqAt(doc.root, ['spec', 'triggers'])?.items ?? []) {
      if (!isMap(trigger)) continue;
      const ref = trigger.get('authenticationRef', true);
      if (!isMap(ref)) continue;
      const problem = checkRef(doc, ref, ctx);
      if (problem) problems.push(problem);
    }
    return problems;
  },
};

// hpa-target-not-found: an HPA or ScaledObject whose scaleTargetRef names no workload in the workspace.
import { resolveTarget } from '../../k8s/autoscaling';
import { isHpa, isScaledObject, isWorkload, WORKLOAD_KINDS } from '../../manifest/kinds';
import { keyRange, nodeAt, rangeOf, type ManifestDoc } from '../../manifest/model';
import type { Rule, RuleContext } from '../rule';
import type { Problem } from '../types';
import { msg, type Message } from '../../l10n';

const dirOf = (uri: string) => uri.slice(0, uri.lastIndexOf('/') + 1);

/** Where the workspace has workloads, and its workloads by name: an index, so a rule's reads name what they depend on. */
function workloadIndex(ctx: RuleContext) {
  return ctx.workspace.memo('hpa-target-not-found.workloads', () => {
    const folders = new Map<string, true>();
    const explicitNamespaces = new Map<string, true>();
    const byName = new Map<string, ManifestDoc[]>();
    for (const d of ctx.workspace.allDocs()) {
      if (!isWorkload(d)) continue;
      folders.set(dirOf(d.file.uri), true);
      if (d.namespaceExplicit) explicitNamespaces.set(d.namespace, true);
      if (d.name === undefined) continue;
      const named = byName.get(d.name);
      if (named) named.push(d);
      else byName.set(d.name, [d]);
    }
    return { folders, explicitNamespaces, byName };
  });
}

/**
 * Only when the workspace seems to hold the app: a workload in the same folder, or in the same
 * explicitly written namespace. Otherwise the target is probably deployed from elsewhere.
 */
function workspaceHoldsApp(doc: ManifestDoc, ctx: RuleContext): boolean {
  const index = workloadIndex(ctx);
  return !!index.folders.get(dirOf(doc.file.uri)) || (doc.namespaceExplicit && !!index.explicitNamespaces.get(doc.namespace));
}

function check(doc: ManifestDoc, ctx: RuleContext): Problem[] {
  const resolved = resolveTarget(ctx.workspace, doc);
  if (!resolved || resolved.workloads.length > 0) return [];
  const { kind, name } = resolved.target;
  if (!WORKLOAD_KINDS.includes(kind) || !workspaceHoldsApp(doc, ctx)) return [];
  const others = workloadIndex(ctx).byName.get(name) ?? [];
  const sameNs = others.find((d) => d.namespace === resolved.namespace);
  const elsewhere = others.find((d) => d.kind === kind && d.namespace !== resolved.namespace);
  const nameNode = nodeAt(doc.root, ['spec', 'scaleTargetRef', 'name']);
  return [
    {
      message: notFoundMessage({ kind, name, namespace: resolved.namespace, autoscaler: doc.kind ?? '' }, sameNs?.kind, elsewhere?.namespace),
      range: rangeOf(nameNode, keyRange(doc.root, 'spec', doc.range)),
    },
  ];
}

/** One template per set of hints: a workload of that name but another kind here, one of that kind in another namespace. */
function notFoundMessage(args: { kind: string; name: string; namespace: string; autoscaler: string }, otherKind: string | undefined, otherNamespace: string | undefined): Message {
  if (otherKind !== undefined && otherNamespace !== undefined) {
    return msg(
      '{kind} "{name}" not found in the workspace (namespace {namespace}); a {otherKind} named "{name}" exists: check scaleTargetRef.kind; found in namespace "{otherNamespace}", but {autoscaler} only scales workloads in its own namespace',
      { ...args, otherKind, otherNamespace },
    );
  }
  if (otherKind !== undefined) {
    return msg('{kind} "{name}" not found in the workspace (namespace {namespace}); a {otherKind} named "{name}" exists: check scaleTargetRef.kind', { ...args, otherKind });
  }
  if (otherNamespace !== undefined) {
    return msg('{kind} "{name}" not found in the workspace (namespace {namespace}); found in namespace "{otherNamespace}", but {autoscaler} only scales workloads in its own namespace', {
      ...args,
      otherNamespace,
    });
  }
  return msg('{kind} "{name}" not found in the workspace (namespace {namespace})', args);
}

export const hpaTargetNotFound: Rule = {
  id: 'hpa-target-not-found',
  category: 'workload',
  severity: 'info',
  title: 'Autoscaler target not found in the workspace',
  docs: [
    'The `scaleTargetRef` of this HPA or ScaledObject names a workload that is not in the workspace, although other',
    'workloads of the app are. A wrong `kind`, a typo in `name` or a different namespace makes the autoscaler fail with',
    '`FailedGetScale` in the cluster. Ignore this if the workload is deployed from elsewhere.',
  ].join('\n'),
  applies: (doc) => isHpa(doc) || isScaledObject(doc),
  check,
};

// vpa-hpa-conflict: a VerticalPodAutoscaler that changes running pods' cpu or memory requests, and an HPA or ScaledObject
// scaling the same workload on that resource (the VPA's known-limitations.md: not on the same resource metric).
import { competingAutoscalers, describeDoc, hpaResourceMetrics, kedaResourceTriggers, type ResourceMetric } from '../../k8s/autoscaling';
import { hpaCountedContainers } from '../../k8s/requests';
import { ACTING_UPDATE_MODES, isVpa, vpaControls, vpaTargetOf, vpaUpdateMode } from '../../k8s/vpa';
import { insertEntries } from '../../manifest/edit';
import { isHpa, isScaledObject, podSpecOf, workloadKey } from '../../manifest/kinds';
import { keyRange, mapAt, nodeAt, qualifiedName, rangeOf, type ManifestDoc } from '../../manifest/model';
import { scaleTargetOf } from '../../manifest/workspace';
import type { Rule, RuleContext } from '../rule';
import type { Problem } from '../types';
import type { Fix } from '../../text/edits';
import { andJoin, listJoin } from '../../l10n/lists';
import { msg, type Message } from '../../l10n';

interface Clash {
  autoscaler: ManifestDoc;
  metric: ResourceMetric;
}

/** The autoscalers of the VPA's target: competingAutoscalers when the workload is in the workspace (one per object, KEDA's own HPA folded), else by target name. */
function autoscalersOf(vpa: ManifestDoc, ctx: RuleContext, kind: string, name: string): { autoscalers: ManifestDoc[]; workloads: ManifestDoc[] } {
  const workloads = ctx.workspace.findWorkloads(vpa.namespace, kind, name);
  if (workloads.length > 0) return { workloads, autoscalers: [...new Set(workloads.flatMap((w) => competingAutoscalers(ctx.workspace, w)))] };
  return { workloads, autoscalers: ctx.workspace.autoscalersOf(vpa.namespace, kind, name) };
}

/** The names of the containers a metric counts in the workload (undefined without the workload). */
function countedNames(workloads: ManifestDoc[], metric: ResourceMetric): string[] | undefined {
  if (metric.container) return [metric.container];
  if (workloads.length === 0) return undefined;
  return [...new Set(workloads.flatMap((w) => hpaCountedContainers(podSpecOf(w), undefined).map((c) => c.name)))];
}

function resourceMetricsOf(autoscaler: ManifestDoc): ResourceMetric[] {
  return isHpa(autoscaler) ? hpaResourceMetrics(autoscaler) : isScaledObject(autoscaler) ? kedaResourceTriggers(autoscaler) : [];
}

function why(metric: ResourceMetric): Message {
  return metric.target === 'Utilization'
    ? msg(
        'utilization is usage divided by the request: when the VPA raises the {resource} request, utilization falls and the autoscaler removes pods, the others get busier and the VPA raises the request again',
        { resource: metric.resource },
      )
    : msg('both act on the same {resource} usage: the autoscaler adds pods while the VPA resizes them, and each undoes what the other measured', { resource: metric.resource });
}

/** With one resource in conflict and no resourcePolicy yet: the VPA keeps the other resource only (VPA on memory, HPA on cpu). */
function keepOtherResource(vpa: ManifestDoc, resources: string[]): Fix[] {
  const spec = mapAt(vpa.root, ['spec']);
  if (resources.length !== 1 || !spec || spec.has('resourcePolicy')) return [];
  const other = resources[0] === 'cpu' ? 'memory' : 'cpu';
  const edits = insertEntries(vpa.file, spec, { resourcePolicy: { containerPolicies: `[{containerName: '*', controlledResources: [${other}]}]` } });
  return edits
    ? [
        {
          title: msg('Let the VPA control {resource} only (controlledResources: [{resource}])', { resource: other }),
          edits,
          safety: 'review',
          why: msg('the VPA stops setting {resource} requests: size them yourself', { resource: resources[0] }),
        },
      ]
    : [];
}

/** What `vpa` and the autoscalers of its target fight over; memoized per VPA, since each of those autoscalers asks too. */
function clashesOf(vpa: ManifestDoc, ctx: RuleContext): Clash[] {
  const memo = ctx.workspace.memo('vpa.clashes', () => new Map<ManifestDoc, Clash[]>());
  let clashes = memo.get(vpa);
  if (clashes) return clashes;
  clashes = [];
  const target = vpaTargetOf(vpa);
  const mode = vpaUpdateMode(vpa);
  if (target && mode && ACTING_UPDATE_MODES.includes(mode)) {
    const { autoscalers, workloads } = autoscalersOf(vpa, ctx, target.kind, target.name);
    for (const autoscaler of autoscalers) {
      for (const metric of resourceMetricsOf(autoscaler)) {
        if ((metric.resource === 'cpu' || metric.resource === 'memory') && vpaControls(vpa, metric.resource, countedNames(workloads, metric)) === true) clashes.push({ autoscaler, metric });
      }
    }
  }
  memo.set(vpa, clashes);
  return clashes;
}

/** VPAs by the namespace, kind and name of their target; built once per workspace state. */
function vpasByTarget(ws: RuleContext['workspace']): Map<string, ManifestDoc[]> {
  return ws.memo('vpa.byTarget', () => {
    const out = new Map<string, ManifestDoc[]>();
    for (const d of ws.allDocs()) {
      const t = isVpa(d) ? vpaTargetOf(d) : undefined;
      if (!t) continue;
      const key = workloadKey(d.namespace, t.kind, t.name);
      out.set(key, [...(out.get(key) ?? []), d]);
    }
    return out;
  });
}

function checkVpa(vpa: ManifestDoc, ctx: RuleContext): Problem[] {
  const clashes = clashesOf(vpa, ctx);
  const target = vpaTargetOf(vpa);
  const mode = vpaUpdateMode(vpa);
  if (clashes.length === 0 || !target || !mode) return [];
  const resources = [...new Set(clashes.map((c) => c.metric.resource))];
  const written = mapAt(vpa.root, ['spec', 'updatePolicy'])?.has('updateMode') ? msg('updateMode {mode}', { mode }) : msg('updateMode {mode} by default', { mode });
  // One entry per autoscaler, resource, target and default: an HPA may list the same metric twice.
  const by = new Map<string, Message>();
  for (const c of clashes) {
    const args = { autoscaler: describeDoc(c.autoscaler), resource: c.metric.resource, target: c.metric.target };
    const m = c.metric.defaulted ? msg('{autoscaler} on {resource} {target} (its default metric)', args) : msg('{autoscaler} on {resource} {target}', args);
    by.set(JSON.stringify([args.autoscaler, args.resource, args.target, !!c.metric.defaulted]), m);
  }
  return [
    {
      message: msg(
        'VerticalPodAutoscaler {vpa} ({updateMode}) sets the {resources} requests of {kind} {workload}, which {autoscalers} scales: {why}. Keep the VPA to the other resource (controlledResources), set updateMode: Off for recommendations only, or scale horizontally on another metric.',
        {
          vpa: vpa.name ?? '',
          updateMode: written,
          resources: andJoin(resources),
          kind: target.kind,
          workload: `${vpa.namespace}/${target.name}`,
          autoscalers: listJoin([...by.values()]),
          why: why(clashes[0].metric),
        },
      ),
      range: rangeOf(nodeAt(vpa.root, ['spec', 'targetRef', 'name']), keyRange(vpa.root, 'spec', vpa.range)),
      fixes: () => keepOtherResource(vpa, resources),
    },
  ];
}

/** On the HPA or ScaledObject: each of its cpu/memory metrics a VPA of the same workload also acts on. */
function checkAutoscaler(autoscaler: ManifestDoc, ctx: RuleContext): Problem[] {
  const target = scaleTargetOf(autoscaler);
  if (!target) return [];
  const problems: Problem[] = [];
  for (const vpa of vpasByTarget(ctx.workspace).get(workloadKey(autoscaler.namespace, target.kind, target.name)) ?? []) {
    for (const clash of clashesOf(vpa, ctx).filter((c) => c.autoscaler === autoscaler)) {
      problems.push({
        message: msg('VerticalPodAutoscaler {vpa} also sets the {resource} requests of {kind} {name} (updateMode {mode}): {why}.', {
          vpa: qualifiedName(vpa),
          resource: clash.metric.resource,
          kind: target.kind,
          name: target.name,
          mode: vpaUpdateMode(vpa) ?? '',
          why: why(clash.metric),
        }),
        range: clash.metric.range,
      });
    }
  }
  return problems;
}

export const vpaHpaConflict: Rule = {
  id: 'vpa-hpa-conflict',
  category: 'workload',
  severity: 'warning',
  title: 'VPA and HPA both act on the cpu or memory of one workload',
  docs: [
    'A VerticalPodAutoscaler in `Auto`, `Recreate` (the default), `InPlaceOrRecreate` or `InPlace` mode changes the requests of',
    'running pods; an HPA (or a KEDA ScaledObject with a cpu/memory trigger) scales the same workload on that resource. The VPA',
    'project says not to combine them on the same resource metric: a Utilization target is usage divided by the request, so each',
    "autoscaler moves the other's input and the replica count and requests drift or oscillate.",
    '',
    'Reported on the VPA, and on each cpu/memory metric of the HPA or trigger of the ScaledObject it clashes with.',
    'Only the resources the VPA controls count: `resourcePolicy.containerPolicies` with `mode: Off` or a `controlledResources`',
    'list without that resource (for the containers the metric counts) leaves it alone. `Off` and `Initial` modes are not reported.',
    'VPA on memory with HPA on cpu, or an HPA on custom or external metrics, is fine.',
  ].join('\n'),
  applies: (doc) => isVpa(doc) || isHpa(doc) || isScaledObject(doc),
  check: (doc, ctx) => (isVpa(doc) ? checkVpa(doc, ctx) : checkAutoscaler(doc, ctx)),
};

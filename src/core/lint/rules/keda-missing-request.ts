// keda-missing-request: a ScaledObject cpu/memory trigger on a workload whose containers lack that request.
import { autoscalersTargeting, describeDoc, kedaResourceTriggers, resolveTarget, type KedaResourceTrigger } from '../../k8s/autoscaling';
import { group, isScaledObject, isWorkload } from '../../manifest/kinds';
import { keyRange, rangeOf, type ManifestDoc } from '../../manifest/model';
import { containersOf, describeContainers, hpaCountedContainers, requestGaps, autoscalerGaps, type AutoscalerGaps, type RequestGap } from '../../k8s/requests';
import { requestsFixes } from '../requestFixes';
import type { Rule, RuleContext } from '../rule';
import type { Problem } from '../types';
import { msg, type Message } from '../../l10n';

const ID = 'keda-missing-request';

/** Kinds whose pod template KEDA's admission webhook inspects (scaledobject_webhook.go). */
const WEBHOOK_CHECKED_KINDS = ['Deployment', 'StatefulSet'];

/**
 * Utilization triggers become HPA Resource (or, with containerName, ContainerResource) metrics: the HPA
 * needs requests on every counted container. AverageValue triggers need none at run time, but KEDA's
 * webhook rejects them on a Deployment/StatefulSet whose containers lack the request.
 */
function gapsOf(so: ManifestDoc, ctx: RuleContext): RequestGap[] {
  // Once per ScaledObject, though each of its workloads asks.
  return gapsKnown(so, ctx).all;
}

/** The gaps of `so` in one of its workloads. */
function gapsIn(so: ManifestDoc, workload: ManifestDoc, ctx: RuleContext): RequestGap[] {
  return gapsKnown(so, ctx).byWorkload.get(workload) ?? [];
}

function gapsKnown(so: ManifestDoc, ctx: RuleContext): AutoscalerGaps {
  return autoscalerGaps(ctx.workspace, `${ID}.gaps`, so, () => findGaps(so, ctx));
}

function findGaps(so: ManifestDoc, ctx: RuleContext): RequestGap[] {
  const resolved = resolveTarget(ctx.workspace, so);
  if (!resolved || resolved.workloads.length === 0) return [];
  const triggers = kedaResourceTriggers(so);
  if (triggers.length === 0) return [];
  const limitRanges = ctx.workspace.limitRangesIn(resolved.namespace);
  const webhookChecked = resolved.workloads.filter((w) => WEBHOOK_CHECKED_KINDS.includes(w.kind ?? '') && group(w.apiVersion) === 'apps');
  return [
    ...requestGaps(
      resolved.workloads,
      limitRanges,
      triggers.filter((t) => t.target === 'Utilization'),
      (podSpec, t) => hpaCountedContainers(podSpec, t.container),
    ),
    ...requestGaps(
      webhookChecked,
      limitRanges,
      triggers.filter((t) => t.target === 'AverageValue'),
      (podSpec, t) => containersOf(podSpec).filter((c) => c.role === 'container' && (t.container === undefined || c.name === t.container)),
    ),
  ];
}

function reason(gap: RequestGap): Message {
  return gap.metric.target === 'Utilization'
    ? msg('the HPA KEDA creates cannot compute {resource} utilization', { resource: gap.metric.resource })
    : msg("KEDA's admission webhook rejects {resource} triggers on workloads without {resource} requests", { resource: gap.metric.resource });
}

const severityOf = (gap: RequestGap) => (gap.metric.target === 'Utilization' ? undefined : ('warning' as const));

function checkScaledObject(so: ManifestDoc, ctx: RuleContext): Problem[] {
  const gaps = gapsOf(so, ctx);
  const namespace = resolveTarget(ctx.workspace, so)?.namespace;
  return gaps.map((gap) => {
    const where = describeDoc(gap.workload, namespace);
    const legacy = (gap.metric as KedaResourceTrigger).legacyType;
    if (gap.containerNotFound) {
      return {
        message: msg('container {container} (metadata.containerName) not found in {where}', { container: JSON.stringify(gap.containerNotFound), where }),
        range: gap.metric.range,
        severity: severityOf(gap),
      };
    }
    const args = { resource: gap.metric.resource, containers: describeContainers(gap.missing), where, reason: reason(gap) };
    return {
      message: legacy
        ? msg('missing request for {resource} in {containers} ({where}): {reason} (metricType read from the deprecated metadata.type)', args)
        : msg('missing request for {resource} in {containers} ({where}): {reason}', args),
      range: gap.metric.range,
      severity: severityOf(gap),
      fixes: () => requestsFixes(gapsIn(so, gap.workload, ctx), ctx.settings),
    };
  });
}

function checkWorkload(workload: ManifestDoc, ctx: RuleContext): Problem[] {
  const problems: Problem[] = [];
  for (const so of autoscalersTargeting(ctx.workspace, workload).filter(isScaledObject)) {
    const gaps = gapsIn(so, workload, ctx).filter((g) => !g.containerNotFound);
    for (const c of [...new Set(gaps.flatMap((g) => g.missing))]) {
      const own = gaps.filter((g) => g.missing.includes(c));
      const resources = [...new Set(own.map((g) => g.metric.resource))];
      problems.push({
        message: msg('missing request for {resources} in container {container}: ScaledObject {scaledObject} has {triggers} triggers ({reason})', {
          resources: resources.join(', '),
          container: JSON.stringify(c.name),
          scaledObject: `${so.namespace}/${so.name}`,
          triggers: resources.join('/'),
          reason: reason(own[0]),
        }),
        range: c.nameNode ? rangeOf(c.nameNode) : keyRange(c.map, 'name', rangeOf(c.map)),
        severity: own.every((g) => g.metric.target === 'AverageValue') ? 'warning' : undefined,
        fixes: () => requestsFixes(gaps, ctx.settings, c),
      });
    }
  }
  return problems;
}

export const kedaMissingRequest: Rule = {
  id: ID,
  category: 'workload',
  severity: 'error',
  title: 'KEDA cpu/memory trigger on containers without requests',
  docs: [
    "A ScaledObject `cpu` or `memory` trigger needs requests on the target's containers.",
    '',
    '- `metricType: Utilization`: KEDA creates an HPA Resource metric (ContainerResource with `metadata.containerName`);',
    '  every container and restartable init container (or just the named one) needs the request, or the HPA cannot scale.',
    "- `metricType: AverageValue` (the default): KEDA's admission webhook rejects the ScaledObject when a container of",
    '  the Deployment/StatefulSet (or the named one) has no request (warning: only where the webhook is installed).',
    '',
    'A limit alone or a `LimitRange` default in the namespace also gives the pods a request.',
  ].join('\n'),
  applies: (doc) => isScaledObject(doc) || (isWorkload(doc) && !!doc.name),
  check: (doc, ctx) => (isScaledObject(doc) ? checkScaledObject(doc, ctx) : checkWorkload(doc, ctx)),
};

// hpa-missing-request: an HPA scales on cpu/memory utilization of a workload whose counted containers lack that request.
import { autoscalersTargeting, describeDoc, hpaResourceMetrics, resolveTarget } from '../../k8s/autoscaling';
import { isHpa, isWorkload } from '../../manifest/kinds';
import { keyRange, qualifiedName, rangeOf, type ManifestDoc } from '../../manifest/model';
import { describeContainers, hpaCountedContainers, missingRequestsByContainer, requestGaps, autoscalerGaps, type AutoscalerGaps, type RequestGap } from '../../k8s/requests';
import { requestsFixes } from '../requestFixes';
import type { Rule, RuleContext } from '../rule';
import type { Problem } from '../types';
import { msg } from '../../l10n';

const ID = 'hpa-missing-request';

/** The gaps of one HPA against the workloads its target resolves to; once per HPA, though each of its workloads asks. */
function gapsOf(hpa: ManifestDoc, ctx: RuleContext): RequestGap[] {
  return gapsKnown(hpa, ctx).all;
}

/** The gaps of `hpa` in one of its workloads. */
function gapsIn(hpa: ManifestDoc, workload: ManifestDoc, ctx: RuleContext): RequestGap[] {
  return gapsKnown(hpa, ctx).byWorkload.get(workload) ?? [];
}

function gapsKnown(hpa: ManifestDoc, ctx: RuleContext): AutoscalerGaps {
  return autoscalerGaps(ctx.workspace, `${ID}.gaps`, hpa, () => findGaps(hpa, ctx));
}

function findGaps(hpa: ManifestDoc, ctx: RuleContext): RequestGap[] {
  const resolved = resolveTarget(ctx.workspace, hpa);
  if (!resolved || resolved.workloads.length === 0) return [];
  const metrics = hpaResourceMetrics(hpa).filter((m) => m.target === 'Utilization');
  if (metrics.length === 0) return [];
  const limitRanges = ctx.workspace.limitRangesIn(resolved.namespace);
  return requestGaps(resolved.workloads, limitRanges, metrics, (podSpec, m) => hpaCountedContainers(podSpec, m.container));
}

function checkHpa(hpa: ManifestDoc, ctx: RuleContext): Problem[] {
  const gaps = gapsOf(hpa, ctx);
  const namespace = resolveTarget(ctx.workspace, hpa)?.namespace;
  return gaps.map((gap) => {
    const where = describeDoc(gap.workload, namespace);
    const defaulted = gap.metric.defaulted;
    if (gap.containerNotFound) {
      const container = JSON.stringify(gap.containerNotFound);
      return {
        message: defaulted
          ? msg('no metrics, so the HPA defaults to 80% cpu utilization: container {container} not found in {where}', { container, where })
          : msg('container {container} not found in {where}', { container, where }),
        range: gap.metric.range,
      };
    }
    const args = { resource: gap.metric.resource, containers: describeContainers(gap.missing), where };
    return {
      message: defaulted
        ? msg('no metrics, so the HPA defaults to 80% cpu utilization: missing request for {resource} in {containers} ({where}): utilization is usage divided by requests', args)
        : msg('missing request for {resource} in {containers} ({where}): utilization is usage divided by requests', args),
      range: gap.metric.range,
      fixes: () => requestsFixes(gapsIn(hpa, gap.workload, ctx), ctx.settings),
    };
  });
}

function checkWorkload(workload: ManifestDoc, ctx: RuleContext): Problem[] {
  const problems: Problem[] = [];
  for (const hpa of autoscalersTargeting(ctx.workspace, workload).filter(isHpa)) {
    const gaps = gapsIn(hpa, workload, ctx).filter((g) => !g.containerNotFound);
    // One finding (and so one quick fix) per container, however many of its requests are missing: each gap holds
    // its own ContainerRef objects, so containers are matched by their YAML node.
    for (const { container: c, resources } of missingRequestsByContainer(gaps)) {
      problems.push({
        message:
          hpa.file === workload.file
            ? msg('missing request for {resources} in container {container}: HorizontalPodAutoscaler {hpa} scales on its utilization (this file)', {
                resources: resources.join(', '),
                container: JSON.stringify(c.name),
                hpa: qualifiedName(hpa),
              })
            : msg('missing request for {resources} in container {container}: HorizontalPodAutoscaler {hpa} scales on its utilization ({file})', {
                resources: resources.join(', '),
                container: JSON.stringify(c.name),
                hpa: qualifiedName(hpa),
                file: hpa.file.uri.split('/').pop() ?? '',
              }),
        range: c.nameNode ? rangeOf(c.nameNode) : keyRange(c.map, 'name', rangeOf(c.map)),
        fixes: () => requestsFixes(gaps, ctx.settings, c),
      });
    }
  }
  return problems;
}

export const hpaMissingRequest: Rule = {
  id: ID,
  category: 'workload',
  severity: 'error',
  title: 'HPA utilization target on containers without requests',
  docs: [
    "An HPA with a cpu or memory **Utilization** target divides usage by the pods' **requests**. If any counted",
    'container has no request for that resource, the HPA reports `missing request for <resource>` and does not scale.',
    '',
    'Counted: every container and every restartable init container (`restartPolicy: Always`); for `ContainerResource`,',
    'only the named one. Plain init containers are not counted. A limit alone counts (the request defaults to it), and',
    'so does a `LimitRange` default in the namespace. `AverageValue` targets need no requests.',
    '',
    'Fix: add `resources.requests` to each listed container, or use an `AverageValue` target. The quick fix inserts the',
    '`defaultRequests` setting: a guess, never applied by `lint --fix`; set the values from measured usage.',
  ].join('\n'),
  applies: (doc) => isHpa(doc) || (isWorkload(doc) && !!doc.name),
  check: (doc, ctx) => (isHpa(doc) ? checkHpa(doc, ctx) : checkWorkload(doc, ctx)),
};

// The HPAs and ScaledObjects of a Helm chart that scale one of its workload templates. Names in templates are template
// expressions, so a target matches a workload written with the same expression, or the chart's only workload of that kind.
import { isHpa, isScaledObject, SCALABLE_KINDS } from '../manifest/kinds';
import { chartRootOf, normalizeTemplate, openBlocks } from '../manifest/helmChart';
import { isTemplatedValue, nodeAt, rangeOf, stringAt, type ManifestDoc } from '../manifest/model';
import type { Workspace } from '../manifest/workspace';

export interface ChartAutoscaler {
  doc: ManifestDoc;
  /** The condition of the innermost `{{ if }}` around the autoscaler (`.Values.autoscaling.enabled`); undefined when it always renders. */
  guard?: string;
}

interface ChartIndex {
  workloads: ManifestDoc[];
  autoscalers: { doc: ManifestDoc; kind?: string; name?: string; guard?: string }[];
}

/** An HPA whose apiVersion is a template expression (`{{ include "x.hpa.apiVersion" . }}`) is still an HPA. */
const isChartAutoscaler = (d: ManifestDoc) => isHpa(d) || isScaledObject(d) || (d.kind === 'HorizontalPodAutoscaler' && isTemplatedValue(d.apiVersion));

/** The text of a value as written in the template (the model masks directives), normalized for comparison. */
function writtenAt(doc: ManifestDoc, path: (string | number)[]): string | undefined {
  const node = nodeAt(doc.root, path);
  if (!node?.range) return undefined;
  const { start, end } = rangeOf(node);
  return normalizeTemplate(doc.file.text.slice(start, end));
}

function chartIndex(ws: Workspace): Map<string, ChartIndex> {
  return ws.memo('helm.charts', () => {
    const charts = new Map<string, ChartIndex>();
    for (const file of ws.allFiles()) {
      const root = file.templated ? chartRootOf(file.uri) : undefined;
      if (!root) continue;
      const chart = charts.get(root) ?? { workloads: [], autoscalers: [] };
      charts.set(root, chart);
      for (const d of file.docs) {
        if (SCALABLE_KINDS.includes(d.kind ?? '')) chart.workloads.push(d);
        else if (isChartAutoscaler(d)) {
          const kind = stringAt(d.root, ['spec', 'scaleTargetRef', 'kind']) ?? (isScaledObject(d) ? 'Deployment' : undefined);
          const ifs = openBlocks(file.text, 0, d.range.start).filter((b) => b.keyword === 'if');
          chart.autoscalers.push({ doc: d, kind: isTemplatedValue(kind) ? undefined : kind, name: writtenAt(d, ['spec', 'scaleTargetRef', 'name']), guard: ifs[ifs.length - 1]?.condition });
        }
      }
    }
    return charts;
  });
}

/** The autoscalers in the same chart as `workload` (a template in its `templates/` directory) that scale it. */
export function chartAutoscalersOf(ws: Workspace, workload: ManifestDoc): ChartAutoscaler[] {
  const root = chartRootOf(workload.file.uri);
  const chart = root ? chartIndex(ws).get(root) : undefined;
  if (!chart) return [];
  const name = writtenAt(workload, ['metadata', 'name']);
  const out: ChartAutoscaler[] = [];
  for (const a of chart.autoscalers) {
    if (a.kind && a.kind !== workload.kind) continue;
    const sameKind = chart.workloads.filter((w) => !a.kind || w.kind === a.kind);
    if ((name !== undefined && a.name === name) || (sameKind.length === 1 && sameKind[0] === workload)) out.push({ doc: a.doc, guard: a.guard });
  }
  return out;
}

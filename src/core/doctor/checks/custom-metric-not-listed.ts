// The adapter serving the HPA's metric API lists its metrics in discovery, and the HPA's metric is not among them:
// a misspelt name or a rule that names the metric differently (prometheus-adapter's name.as). The nearest served
// names are shown.
import { capEvidence, hpaRef, type Check } from '../checkKit';
import { hpasFailingAt, listedNames, scalingActiveLine, suggestions } from '../customMetrics';
import { GROUP_NAMES } from '../customMetricsReads';
import { msg } from '../../l10n';

const MAX_LISTED = 10;

export const check: Check = {
  id: 'custom-metric-not-listed',
  title: msg("An HPA asks for a metric its adapter's discovery does not list"),
  run(state) {
    return hpasFailingAt(state, 'custom-metric-not-listed').flatMap(({ hpa, found }) => {
      const read = found.read!;
      const api = GROUP_NAMES[read.group];
      const served = listedNames(state, read.group, read.resource) ?? [];
      const near = suggestions(read.metric, served);
      const what = read.resource ? `${read.resource}/${read.metric}` : read.metric;
      const discoveryPath = state.customMetrics?.discovery[read.group]?.path ?? `/apis/${api}/v1beta1`;
      return [
        {
          id: 'custom-metric-not-listed' as const,
          severity: 'error' as const,
          message: `Metric layer: HPA ${read.hpa} asks ${api} for ${what}, which the adapter does not list${near.length ? ` (nearest: ${near.join(', ')})` : ''}`,
          object: hpaRef(hpa),
          evidence: capEvidence([
            `spec.metrics[${read.index}]: type ${read.type}, metric.name ${read.metric}`,
            `GET ${discoveryPath} lists ${served.length} metric(s)${read.resource ? ` for ${read.resource}` : ''}: ${served.slice(0, MAX_LISTED).join(', ')}${served.length > MAX_LISTED ? ', …' : ''}`,
            ...(near.length ? [`nearest served names: ${near.join(', ')}`] : []),
            ...scalingActiveLine(hpa),
          ]),
          explanation:
            `The adapter behind ${api} lists the metrics it serves in its discovery document (${discoveryPath}), and ${what} is not one of them, so the HPA controller gets no value and the HPA does not scale. ` +
            (near.length
              ? `The name is close to ${near.map((n) => `\`${n}\``).join(', ')}: fix spec.metrics[${read.index}] of the HPA, or the adapter rule that names the metric (prometheus-adapter: \`name.as\`; rates get a \`_per_second\` suffix from \`name.as\` or the default rule).`
              : 'No served name is close: the adapter has no rule for this metric, or its series do not exist yet (prometheus-adapter lists only metrics whose series its seriesQuery finds).'),
          repairs: [],
        },
      ];
    });
  },
};

// The adapter serving the HPA's metric API lists its metrics in discovery, and the HPA's metric is not among them:
// a misspelt name or a rule that names the metric differently (prometheus-adapter's name.as). The nearest served
// names are shown.
import { capEvidence, hpaRef, type Check } from '../checkKit';
import { hpasFailingAt, listedNames, scalingActiveLine, suggestions } from '../customMetrics';
import { GROUP_NAMES } from '../customMetricsReads';
import { msg } from '../../l10n';
import { sentences } from '../../l10n/lists';

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
      const servedNames = `${served.slice(0, MAX_LISTED).join(', ')}${served.length > MAX_LISTED ? ', …' : ''}`;
      return [
        {
          id: 'custom-metric-not-listed' as const,
          severity: 'error' as const,
          message: near.length
            ? msg('Metric layer: HPA {hpa} asks {api} for {metric}, which the adapter does not list (nearest: {nearest})', { hpa: read.hpa, api, metric: what, nearest: near.join(', ') })
            : msg('Metric layer: HPA {hpa} asks {api} for {metric}, which the adapter does not list', { hpa: read.hpa, api, metric: what }),
          object: hpaRef(hpa),
          evidence: capEvidence([
            `spec.metrics[${read.index}]: type ${read.type}, metric.name ${read.metric}`,
            read.resource
              ? msg('GET {path} lists {count} metric(s) for {resource}: {names}', { path: discoveryPath, count: served.length, resource: read.resource, names: servedNames })
              : msg('GET {path} lists {count} metric(s): {names}', { path: discoveryPath, count: served.length, names: servedNames }),
            ...(near.length ? [msg('nearest served names: {names}', { names: near.join(', ') })] : []),
            ...scalingActiveLine(hpa),
          ]),
          explanation: sentences(
            msg(
              'The adapter behind {api} lists the metrics it serves in its discovery document ({path}), and {metric} is not one of them, so the HPA controller gets no value and the HPA does not scale.',
              { api, path: discoveryPath, metric: what },
            ),
            near.length
              ? msg(
                  'The name is close to {nearest}: fix spec.metrics[{index}] of the HPA, or the adapter rule that names the metric (prometheus-adapter: `name.as`; rates get a `_per_second` suffix from `name.as` or the default rule).',
                  { nearest: near.map((n) => `\`${n}\``).join(', '), index: read.index },
                )
              : msg('No served name is close: the adapter has no rule for this metric, or its series do not exist yet (prometheus-adapter lists only metrics whose series its seriesQuery finds).'),
          ),
          repairs: [],
        },
      ];
    });
  },
};

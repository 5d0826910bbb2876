// The HPA's metric API is Available (and lists the metric, or lists no names at all) but returns no value for the
// HPA's selector, or an error: the series exists for other objects or labels only, the adapter's query finds nothing,
// or the adapter fails. The request made and the answer are the evidence.
import { capEvidence, hpaRef, type Check } from '../checkKit';
import { adapterOwner, apiServicesOf, hpasFailingAt, listedNames, scalingActiveLine } from '../customMetrics';
import { GROUP_NAMES } from '../customMetricsReads';
import { msg } from '../../l10n';
import { sentences } from '../../l10n/lists';

export const check: Check = {
  id: 'custom-metric-no-value',
  title: msg('The custom or external metrics API returns no value for an HPA metric'),
  run(state) {
    return hpasFailingAt(state, 'custom-metric-no-value').flatMap(({ hpa, found }) => {
      const read = found.read!;
      const api = GROUP_NAMES[read.group];
      const served = apiServicesOf(state, read.group).find((a) => a.apiService);
      const owner = served ? adapterOwner(served) : msg('its adapter');
      const unlisted = listedNames(state, read.group, read.resource) === undefined;
      const answer = read.error
        ? read.error.status !== undefined
          ? msg('{request} answered {status}: {message}', { request: read.request, status: read.error.status, message: read.error.message })
          : msg('{request} failed: {message}', { request: read.request, message: read.error.message })
        : msg('{request} answered 0 items', { request: read.request });
      const selector = read.type === 'Pods' ? msg("the HPA target's pods (its /scale selector)") : read.type === 'External' ? msg("the metric's selector") : msg('the described object');
      const args = { api, metric: read.metric, hpa: read.hpa, owner };
      return [
        {
          id: 'custom-metric-no-value' as const,
          severity: 'error' as const,
          message: !read.error
            ? msg('Value layer: {api} returns no value of {metric} for HPA {hpa} (no items); served by {owner}', args)
            : read.error.status !== undefined
              ? msg('Value layer: {api} returns no value of {metric} for HPA {hpa} (error {status}); served by {owner}', { ...args, status: read.error.status })
              : msg('Value layer: {api} returns no value of {metric} for HPA {hpa} (error); served by {owner}', args),
          object: hpaRef(hpa),
          evidence: capEvidence([answer, `spec.metrics[${read.index}]: type ${read.type}, metric.name ${read.metric}`, ...scalingActiveLine(hpa)]),
          explanation: sentences(
            read.error
              ? msg('The doctor asked {api} for {metric} with {selector}, as the HPA controller does, and got an error.', { api, metric: read.metric, selector })
              : msg('The doctor asked {api} for {metric} with {selector}, as the HPA controller does, and got an empty list.', { api, metric: read.metric, selector }),
            read.error
              ? msg('The adapter fails for this metric: its logs say why (a query error, a backend it cannot reach, a permission it lacks).')
              : msg(
                  'The adapter knows no value for these objects: the series exists for other pods, namespaces or labels only, the adapter rule maps its labels to the wrong resource (prometheus-adapter: `resources.overrides`), or nothing has reported it yet.',
                ),
            unlisted && msg("This adapter lists no metric names in its discovery (custom-metrics-apiserver's placeholder), so a misspelt name also ends here: check the name first."),
          ),
          repairs: [],
        },
      ];
    });
  },
};

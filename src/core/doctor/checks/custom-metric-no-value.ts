// The HPA's metric API is Available (and lists the metric, or lists no names at all) but returns no value for the
// HPA's selector, or an error: the series exists for other objects or labels only, the adapter's query finds nothing,
// or the adapter fails. The request made and the answer are the evidence.
import { capEvidence, hpaRef, type Check } from '../checkKit';
import { adapterOwner, apiServicesOf, hpasFailingAt, listedNames, scalingActiveLine } from '../customMetrics';
import { GROUP_NAMES } from '../customMetricsReads';
import { msg } from '../../l10n';

export const check: Check = {
  id: 'custom-metric-no-value',
  title: msg('The custom or external metrics API returns no value for an HPA metric'),
  run(state) {
    return hpasFailingAt(state, 'custom-metric-no-value').flatMap(({ hpa, found }) => {
      const read = found.read!;
      const api = GROUP_NAMES[read.group];
      const served = apiServicesOf(state, read.group).find((a) => a.apiService);
      const owner = served ? adapterOwner(served) : 'its adapter';
      const unlisted = listedNames(state, read.group, read.resource) === undefined;
      const answer = read.error ? `answered ${read.error.status ?? 'error'}: ${read.error.message}` : 'answered 0 items';
      const selector = read.type === 'Pods' ? "the HPA target's pods (its /scale selector)" : read.type === 'External' ? "the metric's selector" : 'the described object';
      return [
        {
          id: 'custom-metric-no-value' as const,
          severity: 'error' as const,
          message: `Value layer: ${api} returns no value of ${read.metric} for HPA ${read.hpa} (${read.error ? `error ${read.error.status ?? ''}`.trim() : 'no items'}); served by ${owner}`,
          object: hpaRef(hpa),
          evidence: capEvidence([`${read.request} ${answer}`, `spec.metrics[${read.index}]: type ${read.type}, metric.name ${read.metric}`, ...scalingActiveLine(hpa)]),
          explanation:
            `The doctor asked ${api} for ${read.metric} with ${selector}, as the HPA controller does, and got ${read.error ? 'an error' : 'an empty list'}. ` +
            (read.error
              ? 'The adapter fails for this metric: its logs say why (a query error, a backend it cannot reach, a permission it lacks). '
              : 'The adapter knows no value for these objects: the series exists for other pods, namespaces or labels only, the adapter rule maps its labels to the wrong resource (prometheus-adapter: `resources.overrides`), or nothing has reported it yet. ') +
            (unlisted ? `This adapter lists no metric names in its discovery (custom-metrics-apiserver's placeholder), so a misspelt name also ends here: check the name first.` : ''),
          repairs: [],
        },
      ];
    });
  },
};

// An HPA that cannot read a metric for any reason other than a missing request or an ambiguous
// selector (those have their own diagnoses): ScalingActive=False, reason and message explained.
import type { RepairId } from '../repairs';
import { condition, conditionLine, hpaRef, metricsServerAge, type Check, type Draft } from '../checkKit';
import { failingLayer } from '../customMetrics';
import { msg, type Message } from '../../l10n';
import { sentences } from '../../l10n/lists';

/** metrics-server needs one or two scrapes (15 s each by default) after a start before it has pod metrics. */
export const WARMUP_SECONDS = 120;

interface Cause {
  test: RegExp;
  why: Message;
  repairs?: RepairId[];
  severity?: 'error' | 'warning' | 'info';
  /** Expected for a while after metrics-server (re)started. */
  warmup?: boolean;
}

/** Matched against `<reason>: <message>`, first hit wins. */
const CAUSES: Cause[] = [
  {
    test: /could not find the requested resource \(get pods\.metrics\.k8s\.io\)/,
    why: msg('The resource metrics API is not registered: metrics-server is not installed (see metrics-api-missing).'),
    repairs: ['install-metrics-server'],
  },
  {
    test: /currently unable to handle the request \(get pods\.metrics\.k8s\.io\)/,
    why: msg('The resource metrics API is registered but its server does not answer (see metrics-api-unavailable): metrics-server is down, unready or unreachable from the API server.'),
  },
  {
    test: /no metrics returned from resource metrics API/,
    warmup: true,
    why: msg(
      'metrics-server answers but has no metrics for these pods: its scrapes of the kubelets fail (see the metrics-server findings and its logs), or the pods are new and not scraped yet (one --metric-resolution, 15 s by default).',
    ),
  },
  {
    test: /did not receive metrics for (targeted pods|any ready pods)/,
    warmup: true,
    why: msg('No metrics for the selected pods: they are not Ready yet, just started, or metrics-server does not scrape their node.'),
  },
  {
    test: /^FailedGet(Pods|Object|External)Metric/,
    why: msg(
      "The custom or external metrics API failed for this metric. The doctor walks that pipeline layer by layer (custom-metrics-api-missing, custom-metrics-api-unavailable, custom-metric-not-listed, custom-metric-no-value) and found no layer failing now, or could not read them (the problems below say so). With every layer passing (APIService Available, a value for the HPA's selector) the condition is from an earlier sync (the HPA controller re-reads every 15 s by default): run the doctor again.",
    ),
  },
  { test: /^InvalidSelector/, why: msg("The target's /scale subresource reports no usable label selector (common for custom resources): the HPA cannot find the pods.") },
  { test: /^InvalidMetricSourceType/, why: msg('A metric of an unknown type: fix spec.metrics[].type.') },
  { test: /^ScalingDisabled/, why: msg('The target is scaled to zero replicas, so the HPA is idle by design; scale the target up to re-enable autoscaling.'), severity: 'info' },
];

export const check: Check = {
  id: 'hpa-unknown-metric',
  title: msg('An HPA cannot read its metrics'),
  run(state) {
    const out: Draft[] = [];
    for (const hpa of state.hpas) {
      const active = condition(hpa, 'ScalingActive');
      if (active?.status !== 'False') continue;
      if (active.reason === 'AmbiguousSelector' || /missing request for/.test(active.message ?? '')) continue;
      // A failing layer of the custom/external pipeline has its own finding, which quotes this condition.
      if (/^FailedGet(Pods|Object|External)Metric$/.test(active.reason ?? '') && failingLayer(state, hpa)) continue;
      const text = `${active.reason ?? ''}: ${active.message ?? ''}`;
      const cause = CAUSES.find((c) => c.test.test(text));
      const age = cause?.warmup ? metricsServerAge(state) : undefined;
      const warming = age !== undefined && age < WARMUP_SECONDS;
      const args = { hpa: `${hpa.metadata?.namespace}/${hpa.metadata?.name}`, reason: String(active.reason) };
      out.push({
        id: 'hpa-unknown-metric',
        severity: warming ? 'warning' : (cause?.severity ?? 'error'),
        message:
          cause?.severity === 'info'
            ? msg('HPA {hpa} cannot compute its replica count ({reason})', args)
            : msg('HPA {hpa} cannot compute its replica count ({reason}): its targets show <unknown>', args),
        object: hpaRef(hpa),
        evidence: [conditionLine(active)],
        explanation: sentences(
          warming && msg('metrics-server started {age} s ago and has not scraped everything yet: this usually clears within a minute (run the doctor again).', { age: age! }),
          msg('ScalingActive=False means the HPA controller skipped this HPA on its last sync and will not scale it.'),
          cause?.why ?? msg('The condition message names the failing metric and the error from its metrics API.'),
        ),
        repairs: cause?.repairs ?? [],
      });
    }
    return out;
  },
};

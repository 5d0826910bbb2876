// A ScaledObject's trigger fails (KEDAScalerFailed / KEDAMetricSourceFailed events), or KEDA has switched it to its
// fallback (Fallback=True: a trigger failed fallback.failureThreshold times in a row, and KEDA reports
// fallback.replicas instead of the metric). The workload scales on a fixed number, or not at all.
import { capEvidence, conditionLine, type Check, type Draft } from '../checkKit';
import { soCondition, soEventLines, soKey, soRef } from '../kedaKit';
import { msg } from '../../l10n';
import { sentences } from '../findingText';

/** KEDA v2.21.1 pkg/eventreason: a scaler failed, or a scaler failed as a metric source of a scaling formula. */
const TRIGGER_REASONS = ['KEDAScalerFailed', 'KEDAMetricSourceFailed', 'ScaledObjectFallbackActivated'] as const;

export const check: Check = {
  id: 'keda-trigger-failing',
  title: msg('A KEDA trigger fails, or its ScaledObject runs on fallback replicas'),
  run(state) {
    const out: Draft[] = [];
    for (const so of state.scaledObjects ?? []) {
      // Not Ready is keda-scaledobject-not-ready's finding, with the same events.
      if (soCondition(so, 'Ready')?.status === 'False') continue;
      const fallback = soCondition(so, 'Fallback');
      const inFallback = fallback?.status === 'True';
      const events = soEventLines(state, so, TRIGGER_REASONS).filter((l) => l.startsWith('Warning') || inFallback);
      if (!inFallback && !events.length) continue;
      const failures = Object.entries(so.status?.health ?? {})
        .filter(([, h]) => (h.numberOfFailures ?? 0) > 0)
        .map(([metric, h]) => msg('status.health {metric}: {status}, {count} failure(s) in a row', { metric, status: h.status ?? '?', count: h.numberOfFailures ?? 0 }));
      const replicas = so.spec.fallback?.replicas;
      out.push({
        id: 'keda-trigger-failing',
        severity: inFallback ? 'error' : 'warning',
        message: inFallback
          ? replicas !== undefined
            ? msg('ScaledObject layer: ScaledObject {scaledObject} runs on fallback: a trigger keeps failing, so KEDA reports {replicas} replicas instead of its metric', {
                scaledObject: soKey(so),
                replicas,
              })
            : msg('ScaledObject layer: ScaledObject {scaledObject} runs on fallback: a trigger keeps failing, so KEDA reports fallback.replicas replicas instead of its metric', {
                scaledObject: soKey(so),
              })
          : msg('ScaledObject layer: a trigger of ScaledObject {scaledObject} fails: {error}', { scaledObject: soKey(so), error: events[0].replace(/^Warning \w+: /, '') }),
        object: soRef(so),
        evidence: capEvidence([...(fallback && inFallback ? [`ScaledObject ${soKey(so)} ${conditionLine(fallback)}`] : []), ...failures, ...events]),
        explanation: sentences(
          msg(
            "Each trigger's scaler asks its source (a queue, a database, Prometheus…) for a value at every polling interval and when the HPA reads the metric. A failing scaler is logged as a KEDAScalerFailed event.",
          ),
          msg(
            'Without `spec.fallback` a failing trigger gives the HPA no value, and the HPA holds its replica count (FailedGetExternalMetric); with it, after `fallback.failureThreshold` failures in a row KEDA sets Fallback=True and reports `fallback.replicas` as if the metric asked for it, until the trigger answers again.',
          ),
          msg('The event message says why the scaler fails: unreachable address, refused credentials (its TriggerAuthentication), a query that returns nothing.'),
        ),
        repairs: [],
      });
    }
    return out;
  },
};

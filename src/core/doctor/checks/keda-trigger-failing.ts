// A ScaledObject's trigger fails (KEDAScalerFailed / KEDAMetricSourceFailed events), or KEDA has switched it to its
// fallback (Fallback=True: a trigger failed fallback.failureThreshold times in a row, and KEDA reports
// fallback.replicas instead of the metric). The workload scales on a fixed number, or not at all. The operator's log
// lines that name the ScaledObject (its scaler's error, with the trigger) are evidence too, and tell alone when no event does.
import { capEvidence, conditionLine, type Check, type Draft } from '../checkKit';
import { operatorLogLines, soCondition, soEventLines, soKey, soRef } from '../kedaKit';
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
      // The operator's log names the scaler's error too: with no event in scope (events expire after an hour), it alone tells.
      const logged = operatorLogLines(state, so);
      if (!inFallback && !events.length && !logged.length) continue;
      const error = events.length ? events[0].replace(/^Warning \w+: /, '').replace(/ \(×\d+\)$/, '') : (logged[0]?.error ?? logged[0]?.line ?? '');
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
          : msg('ScaledObject layer: a trigger of ScaledObject {scaledObject} fails: {error}', { scaledObject: soKey(so), error }),
        object: soRef(so),
        evidence: capEvidence([...(fallback && inFallback ? [`ScaledObject ${soKey(so)} ${conditionLine(fallback)}`] : []), ...failures, ...events, ...logged.map((l) => l.line)]),
        explanation: sentences(
          msg(
            "Each trigger's scaler asks its source (a queue, a database, Prometheus…) for a value at every polling interval and when the HPA reads the metric. A failing scaler is logged as a KEDAScalerFailed event.",
          ),
          msg(
            'Without `spec.fallback` a failing trigger gives the HPA no value, and the HPA holds its replica count (FailedGetExternalMetric); with it, after `fallback.failureThreshold` failures in a row KEDA sets Fallback=True and reports `fallback.replicas` as if the metric asked for it, until the trigger answers again.',
          ),
          msg('The event message says why the scaler fails: unreachable address, refused credentials (its TriggerAuthentication), a query that returns nothing.'),
          logged.length > 0 && msg("KEDA's operator logs the same error with the ScaledObject's namespace and name, and the trigger it came from: its lines are quoted as evidence."),
        ),
        repairs: [],
      });
    }
    return out;
  },
};

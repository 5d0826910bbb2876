// A ScaledObject's trigger fails (KEDAScalerFailed / KEDAMetricSourceFailed events), or KEDA has switched it to its
// fallback (Fallback=True: a trigger failed fallback.failureThreshold times in a row, and KEDA reports
// fallback.replicas instead of the metric). The workload scales on a fixed number, or not at all. The operator's log
// lines that name the ScaledObject (its scaler's error, with the trigger) are evidence too, and tell alone when no event does.
// A ScaledJob's failing trigger (the same events and log lines; a ScaledJob has no fallback) is this finding too.
import { capEvidence, conditionLine, type Check, type Draft } from '../checkKit';
import { operatorLogLines, soCondition, soEventLines, soKey, soRef, TRIGGER_ERROR, type OperatorLogLine } from '../kedaKit';
import { msg } from '../../l10n';
import { sentences } from '../../l10n/lists';

/** KEDA v2.21.1 pkg/eventreason: a scaler failed, or a scaler failed as a metric source of a scaling formula. */
const TRIGGER_REASONS = ['KEDAScalerFailed', 'KEDAMetricSourceFailed', 'ScaledObjectFallbackActivated'] as const;

/** The scaler's error as the newest event says it (without its count), else as the operator logged it. */
const firstError = (events: string[], logged: OperatorLogLine[]) => (events.length ? events[0].replace(/^Warning \w+: /, '').replace(/ \(×\d+\)$/, '') : (logged[0]?.error ?? logged[0]?.line ?? ''));

export const check: Check = {
  id: 'keda-trigger-failing',
  title: msg('A KEDA trigger fails (of a ScaledObject or a ScaledJob), or its ScaledObject runs on fallback replicas'),
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
      const error = firstError(events, logged);
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
    for (const job of state.scaledJobs ?? []) {
      // Not Ready is keda-scaledobject-not-ready's finding, but for TriggerError (KEDA's executor: its triggers fail when
      // asked, pkg/scaling/executor/scale_jobs.go); paused, its scale loop asks no scaler.
      const ready = soCondition(job, 'Ready');
      if ((ready?.status === 'False' && ready.reason !== TRIGGER_ERROR) || soCondition(job, 'Paused')?.status === 'True') continue;
      const events = soEventLines(state, job, TRIGGER_REASONS).filter((l) => l.startsWith('Warning'));
      const logged = operatorLogLines(state, job);
      if (!events.length && !logged.length) continue;
      out.push({
        id: 'keda-trigger-failing',
        severity: 'warning',
        message: msg('ScaledJob layer: a trigger of ScaledJob {scaledJob} fails: {error}', { scaledJob: soKey(job), error: firstError(events, logged) }),
        object: soRef(job),
        evidence: capEvidence([...(ready?.reason === TRIGGER_ERROR ? [`ScaledJob ${soKey(job)} ${conditionLine(ready)}`] : []), ...events, ...logged.map((l) => l.line)]),
        explanation: sentences(
          msg(
            "At every polling interval KEDA asks each trigger's scaler of a ScaledJob how many events wait, and creates Jobs for them. A failing scaler is logged as a KEDAScalerFailed event, and KEDA goes on without it: its trigger creates no Job until it answers again.",
          ),
          msg('The event message says why the scaler fails: unreachable address, refused credentials (its TriggerAuthentication), a query that returns nothing.'),
          logged.length > 0 &&
            msg(
              "KEDA's operator logs the same error with the ScaledJob's name (and the scaler's type): its lines are quoted as evidence; a ScaledJob of the same name in another namespace logs the same way.",
            ),
        ),
        repairs: [],
      });
    }
    return out;
  },
};

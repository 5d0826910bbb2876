// A ScaledObject KEDA marked Ready=False (its check failed: scale target missing or without /scale, a trigger whose
// metadata its scaler refuses…) or whose scale target does not exist: KEDA makes or updates no HPA for it, so the
// workload is not autoscaled. The reason and message are KEDA's; its ScaledObjectCheckFailed and KEDAScalerFailed
// events and the doctor's own read of the target are the evidence. A ScaledJob KEDA marked Ready=False
// (ScaledJobCheckFailed: invalid triggers, a scaler it cannot build, metricType on a trigger) is this finding too.
import { capEvidence, conditionLine, type Check, type Draft } from '../checkKit';
import { soCondition, soEventLines, soKey, soRef, targetName, TRIGGER_ERROR } from '../kedaKit';
import { msg } from '../../l10n';
import { sentences } from '../../l10n/lists';

/** KEDA v2.21.1 pkg/eventreason: the events that say why a ScaledObject or a ScaledJob is not Ready. */
const FAILURE_REASONS = ['ScaledObjectCheckFailed', 'KEDAScalerFailed', 'ScaledObjectUpdateFailed', 'ScaledJobCheckFailed', 'ScaledJobUpdateFailed'] as const;

export const check: Check = {
  id: 'keda-scaledobject-not-ready',
  title: msg('A KEDA ScaledObject or ScaledJob is not Ready (its check failed, or the scale target is missing)'),
  run(state) {
    const out: Draft[] = [];
    for (const so of state.scaledObjects ?? []) {
      const ready = soCondition(so, 'Ready');
      const exists = state.keda?.targetExists[soKey(so)];
      if (ready?.status !== 'False' && exists !== false) continue;
      const missing = exists === false;
      const names = { scaledObject: soKey(so), target: targetName(so) };
      out.push({
        id: 'keda-scaledobject-not-ready',
        severity: 'error',
        message: missing
          ? ready?.status === 'False'
            ? msg('ScaledObject layer: ScaledObject {scaledObject} scales {target}, which does not exist (Ready=False {reason})', { ...names, reason: ready.reason ?? '' })
            : msg('ScaledObject layer: ScaledObject {scaledObject} scales {target}, which does not exist', names)
          : msg('ScaledObject layer: ScaledObject {scaledObject} is not Ready ({reason}): {message}', {
              scaledObject: soKey(so),
              reason: ready?.reason ?? msg('no reason'),
              message: ready?.message ?? '',
            }),
        object: soRef(so),
        evidence: capEvidence([
          ...(ready ? [`ScaledObject ${soKey(so)} ${conditionLine(ready)}`] : []),
          ...(missing ? [msg('{target} not found in namespace {namespace}', { target: targetName(so), namespace: so.metadata.namespace })] : []),
          ...soEventLines(state, so, FAILURE_REASONS),
        ]),
        explanation: sentences(
          msg('KEDA checks a ScaledObject before it makes its HPA: the scale target must exist and expose /scale, and every trigger must build a scaler from its metadata and authentication.'),
          msg(
            'When a check fails KEDA sets Ready=False, emits a ScaledObjectCheckFailed (or KEDAScalerFailed) event, and makes or updates no HPA, so the workload keeps whatever replica count it has.',
          ),
          missing
            ? msg('Here the target {target} does not exist: fix spec.scaleTargetRef (name, kind, apiVersion) or create the workload; KEDA retries on its own.', { target: targetName(so) })
            : msg('Fix what the condition message names (the trigger metadata, its TriggerAuthentication, the target); KEDA retries on its own.'),
        ),
        repairs: [],
      });
    }
    for (const job of state.scaledJobs ?? []) {
      const ready = soCondition(job, 'Ready');
      // TriggerError: its triggers fail at run time (pkg/scaling/executor/scale_jobs.go), keda-trigger-failing's finding.
      if (ready?.status !== 'False' || ready.reason === TRIGGER_ERROR) continue;
      out.push({
        id: 'keda-scaledobject-not-ready',
        severity: 'error',
        message: msg('ScaledJob layer: ScaledJob {scaledJob} is not Ready ({reason}): {message}', {
          scaledJob: soKey(job),
          reason: ready.reason ?? msg('no reason'),
          message: ready.message ?? '',
        }),
        object: soRef(job),
        evidence: capEvidence([`ScaledJob ${soKey(job)} ${conditionLine(ready)}`, ...soEventLines(state, job, FAILURE_REASONS)]),
        explanation: sentences(
          msg(
            'KEDA checks a ScaledJob before it starts its scale loop: its triggers must be valid (no `metricType`: a ScaledJob counts Jobs, it feeds no HPA) and every trigger must build a scaler from its metadata and authentication.',
          ),
          msg('When a check fails KEDA sets Ready=False, emits a ScaledJobCheckFailed event, and creates no Job for its triggers until the ScaledJob is fixed.'),
          msg('Fix what the condition message names (the trigger metadata, its TriggerAuthentication); KEDA retries on its own.'),
        ),
        repairs: [],
      });
    }
    return out;
  },
};

// A ScaledObject paused by annotation (autoscaling.keda.sh/paused: "true", or autoscaling.keda.sh/paused-replicas):
// KEDA stops its scale loop and deletes its HPA, so nothing scales the workload until the annotation goes. Meant for
// maintenance; forgotten, it looks like an autoscaler that ignores load. A ScaledJob paused by annotation
// (autoscaling.keda.sh/paused only) is this finding too: KEDA stops its scale loop and creates no Job.
import { capEvidence, conditionLine, type Check, type Draft } from '../checkKit';
import { pauseAnnotation, soCondition, soKey, soRef, targetName } from '../kedaKit';
import { msg } from '../../l10n';
import { sentences } from '../../l10n/lists';

export const check: Check = {
  id: 'keda-scaledobject-paused',
  title: msg('A KEDA ScaledObject or ScaledJob is paused, so nothing scales its workload'),
  run(state) {
    const out: Draft[] = [];
    for (const so of state.scaledObjects ?? []) {
      const annotation = pauseAnnotation(so);
      const paused = soCondition(so, 'Paused');
      // Paused=True without the annotations: paused-scale-in/-out, which pause one direction only and keep the HPA.
      if (!annotation) continue;
      const count = so.status?.pausedReplicaCount;
      const names = { scaledObject: soKey(so), annotation, target: targetName(so) };
      out.push({
        id: 'keda-scaledobject-paused',
        severity: 'warning',
        message:
          count !== undefined
            ? msg('ScaledObject layer: ScaledObject {scaledObject} is paused ({annotation}): nothing scales {target}, held at {count} replicas', { ...names, count })
            : msg('ScaledObject layer: ScaledObject {scaledObject} is paused ({annotation}): nothing scales {target}', names),
        object: soRef(so),
        // The annotation as it is set, and KEDA's Paused condition: the cluster's words.
        evidence: capEvidence([`metadata.annotations ${annotation}`, ...(paused ? [`ScaledObject ${soKey(so)} ${conditionLine(paused)}`] : [])]),
        explanation: sentences(
          msg(
            'With `autoscaling.keda.sh/paused-replicas: "N"` KEDA scales the workload to N and stops; with `autoscaling.keda.sh/paused: "true"` it stops at the current count. Either way it deletes the ScaledObject\'s HPA and runs no scaler, so load changes nothing.',
          ),
          msg(
            'Remove the annotation to resume (`kubectl annotate scaledobject <name> autoscaling.keda.sh/paused- autoscaling.keda.sh/paused-replicas-`): KEDA makes the HPA again at its next reconcile.',
          ),
        ),
        repairs: [],
      });
    }
    for (const job of state.scaledJobs ?? []) {
      const annotation = pauseAnnotation(job);
      if (!annotation) continue;
      const paused = soCondition(job, 'Paused');
      out.push({
        id: 'keda-scaledobject-paused',
        severity: 'warning',
        message: msg('ScaledJob layer: ScaledJob {scaledJob} is paused ({annotation}): KEDA creates no Job for its triggers', { scaledJob: soKey(job), annotation }),
        object: soRef(job),
        evidence: capEvidence([`metadata.annotations ${annotation}`, ...(paused ? [`ScaledJob ${soKey(job)} ${conditionLine(paused)}`] : [])]),
        explanation: sentences(
          msg('With `autoscaling.keda.sh/paused: "true"` KEDA stops the ScaledJob\'s scale loop: whatever its triggers report, it creates no Job (the Jobs already running go on).'),
          msg('Remove the annotation to resume (`kubectl annotate scaledjob <name> autoscaling.keda.sh/paused-`): KEDA starts the scale loop again at its next reconcile.'),
        ),
        repairs: [],
      });
    }
    return out;
  },
};

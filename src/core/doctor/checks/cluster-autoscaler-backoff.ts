// cluster-autoscaler-backoff: node groups whose scale-up failed and which Cluster Autoscaler now backs off from: the
// status ConfigMap's ScaleUp Backoff (with backoffInfo from 1.30), ScaleUpFailed events and the pods it left pending.
import { capEvidence, klogMessage, type Check, type Draft } from '../checkKit';
import { caLogLines, caRef, caStatus, eventLine, notTriggeredEvents, notTriggeredReasons, podsOf, statusRef } from '../clusterAutoscalerKit';
import { msg } from '../../l10n';
import { sentences } from '../../l10n/lists';

const FAILED_LOG = /Failed adding \d+ nodes|cannot provision any more nodes|scaling failed with/;

export const check: Check = {
  id: 'cluster-autoscaler-backoff',
  title: msg('Cluster Autoscaler backs off from node groups whose scale-up failed'),
  run(state): Draft[] {
    const groups = (caStatus(state)?.nodeGroups ?? []).filter((g) => g.scaleUp?.status === 'Backoff');
    const pods = notTriggeredEvents(state).filter((e) => notTriggeredReasons(e.message ?? '').some((r) => r.reason.startsWith('in backoff after failed scale-up')));
    const failed = (state.clusterAutoscaler?.events ?? []).filter((e) => e.reason === 'ScaleUpFailed' || e.reason === 'FailedToScaleUpGroup' || e.reason === 'ScaleUpTimedOut');
    if (!groups.length && !pods.length) return [];
    const logs = caLogLines(state).filter((l) => FAILED_LOG.test(l));
    const errors = groups.map((g) => g.backoff?.errorMessage).filter((m): m is string => !!m);
    const sourceErrors = failed.map((e) => /source errors: (.*)$/.exec(e.message ?? '')?.[1]).filter((m): m is string => !!m);
    const why = errors[0] ?? sourceErrors[0] ?? (logs[0] ? klogMessage(logs[0]) : undefined);
    const target = groups.length ? msg('node group {names}', { names: groups.map((g) => g.name).join(', ') }) : msg('a node group');
    const backoff = pods.length ? msg('Cluster Autoscaler is in backoff for {target}; {pods} wait', { target, pods: podsOf(pods) }) : msg('Cluster Autoscaler is in backoff for {target}', { target });
    return [
      {
        id: 'cluster-autoscaler-backoff',
        severity: pods.length ? 'error' : 'warning',
        message: why ? msg('{finding}: {error}', { finding: backoff, error: why }) : backoff,
        object: groups.length ? statusRef : (caRef(state) ?? statusRef),
        evidence: capEvidence([...groups.map((g) => `cluster-autoscaler-status: ${g.scaleUp!.line}`), ...failed.map(eventLine), ...pods.map(eventLine), ...logs]),
        explanation: sentences(
          msg(
            'A scale-up of the group failed — the cloud could not start the instances (capacity or quota, a launch template or AMI that no longer works, subnets out of addresses) or they never registered as nodes.',
          ),
          msg(
            'Cluster Autoscaler then skips the group for a backoff that starts at 5 minutes and doubles up to 30 (--initial-node-group-backoff-duration, --max-node-group-backoff-duration), and pods that only this group can serve stay pending.',
          ),
          msg('Fix the cause the error names in the cloud (the ASG activity history shows the same message); the backoff ends by itself.'),
        ),
        repairs: [],
      },
    ];
  },
};

// cluster-autoscaler-no-node-groups: Cluster Autoscaler runs but manages no node group — its auto-discovery tag still
// holds the example's `<YOUR CLUSTER NAME>`, or its status lists no node groups — so pending pods never get a node.
import { findPlaceholders } from '../../text/placeholders';
import { capEvidence, flagValue, type Check, type Draft } from '../checkKit';
import { caContainerOf, caRef, caStatus, eventLine, notTriggeredEvents, notTriggeredReasons, podsOf, statusRef } from '../clusterAutoscalerKit';
import { msg } from '../../l10n';
import { sentences } from '../../l10n/lists';

/** The docs' stand-ins for the cluster name that are no `<…>`/`${…}` placeholder (`…/cluster-autoscaler/CLUSTER_NAME`). */
const NAME_WORD = /(?<=[/=])(?:(?:your|my)[-_]?)?cluster[-_]?name(?=$|,)/gi;

/** Every `--node-group-auto-discovery` value of the container (the flag may be repeated). */
function discoveryValues(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--node-group-auto-discovery' && args[i + 1] !== undefined) out.push(args[i + 1]);
    else if (args[i].startsWith('--node-group-auto-discovery=')) out.push(args[i].slice('--node-group-auto-discovery='.length));
  }
  return out;
}

export const check: Check = {
  id: 'cluster-autoscaler-no-node-groups',
  title: msg('Cluster Autoscaler discovers no node groups'),
  run(state): Draft[] {
    const container = caContainerOf(state);
    const args = [...(container?.command ?? []), ...(container?.args ?? [])];
    const discovery = discoveryValues(args);
    const placeholders = discovery.flatMap((v) => [...findPlaceholders(v).map((p) => p.text), ...[...v.matchAll(NAME_WORD)].map((m) => m[0])]);
    const status = caStatus(state);
    const noGroups = status !== undefined && status.autoscalerStatus !== 'Initializing' && status.nodeGroups.length === 0 && !flagValue(container, '--nodes');
    const empty = notTriggeredEvents(state).filter((e) => notTriggeredReasons(e.message ?? '').length === 0);
    if (!placeholders.length && !(noGroups && (empty.length || discovery.length))) return [];
    const cause = placeholders.length
      ? msg('--node-group-auto-discovery still names the placeholder {placeholders}', { placeholders: placeholders.map((p) => `"${p}"`).join(', ') })
      : msg('its status lists no node groups');
    return [
      {
        id: 'cluster-autoscaler-no-node-groups',
        severity: 'error',
        message: empty.length
          ? msg('Cluster Autoscaler manages no node group: {cause}; {pods} get no node', { cause, pods: podsOf(empty) })
          : msg('Cluster Autoscaler manages no node group: {cause}', { cause }),
        object: caRef(state) ?? statusRef,
        evidence: capEvidence([
          ...discovery.map((v) => `--node-group-auto-discovery=${v}`),
          ...(noGroups
            ? [
                status!.form === 'yaml'
                  ? msg('cluster-autoscaler-status: no nodeGroups (autoscalerStatus {status})', { status: status!.autoscalerStatus ?? '?' })
                  : msg('cluster-autoscaler-status: no NodeGroups section (autoscalerStatus {status})', { status: status!.autoscalerStatus ?? '?' }),
              ]
            : []),
          ...empty.map(eventLine),
        ]),
        explanation: sentences(
          placeholders.length
            ? msg(
                "The flag was copied from the example manifest (cloudprovider/aws/examples/cluster-autoscaler-autodiscover.yaml) without writing the cluster's name: CA looks for Auto Scaling groups tagged with the placeholder, finds none, and logs no error.",
              )
            : msg('With no node group to scale, CA runs and reports nothing wrong.'),
          msg('Its NotTriggerScaleUp events then name no reason ("pod didn\'t trigger scale-up: " and nothing after it).'),
          msg(
            "Write the cluster name that the groups' tags carry (k8s.io/cluster-autoscaler/<name>), or check the tags on the groups and that CA's IAM role may call autoscaling:DescribeAutoScalingGroups.",
          ),
        ),
        repairs: [],
      },
    ];
  },
};

// An HPA whose scaleTargetRef names an API group the server no longer serves for that kind (article 002:
// `extensions/v1beta1` Deployments): the controller resolves the target's /scale by group and kind, so it
// reports `FailedGetScale … no matches for kind "Deployment" in group "extensions"` and never scales.
import { eventRows } from '../../cluster/events';
import { condition, conditionLine, hpaKey, hpaRef, type Check, type Draft } from '../checkKit';
import { msg } from '../../l10n';
import { sentences } from '../../l10n/lists';

const NO_MATCH = /no matches for kind "([^"]+)" in group "([^"]*)"/;
/** Where each workload kind is served today. */
const CURRENT: Record<string, string> = { Deployment: 'apps/v1', ReplicaSet: 'apps/v1', StatefulSet: 'apps/v1', DaemonSet: 'apps/v1' };

export const check: Check = {
  id: 'hpa-target-removed-api',
  title: msg("An HPA's scaleTargetRef names an API group the server no longer serves (FailedGetScale)"),
  run(state) {
    const out: Draft[] = [];
    const events = state.hpaEvents ?? [];
    for (const hpa of state.hpas) {
      const able = condition(hpa, 'AbleToScale');
      const fromCondition = able?.status === 'False' && NO_MATCH.test(able.message ?? '') ? conditionLine(able) : undefined;
      const mine = eventRows(events.filter((e) => `${e.involvedObject?.namespace}/${e.involvedObject?.name}` === hpaKey(hpa) && e.reason === 'FailedGetScale' && NO_MATCH.test(e.message ?? '')));
      if (!fromCondition && !mine.length) continue;
      const m = NO_MATCH.exec(fromCondition ?? mine[0].message)!;
      const [kind, group] = [m[1], m[2]];
      const ref = hpa.spec?.scaleTargetRef;
      const to = CURRENT[kind] ?? msg('the group/version that serves {kind} today (kubectl api-resources | grep {kind})', { kind });
      const key = hpaKey(hpa);
      out.push({
        id: 'hpa-target-removed-api',
        severity: 'error',
        message: msg('HPA {hpa} cannot scale: its scaleTargetRef apiVersion {apiVersion} is a group this server no longer serves {kind} in', {
          hpa: key,
          apiVersion: ref?.apiVersion ?? `${group}/…`,
          kind,
        }),
        object: hpaRef(hpa),
        evidence: [
          ...(fromCondition ? [fromCondition] : []),
          ...mine.slice(0, 3).map((e) => `${e.type} ${e.reason} (x${e.count}): ${e.message}`),
          `spec.scaleTargetRef: ${ref?.apiVersion ?? '?'} ${ref?.kind ?? '?'} ${ref?.name ?? '?'}`,
        ],
        explanation: sentences(
          msg(
            'The HPA controller finds the target\'s /scale subresource by API group and kind; the server no longer serves {kind} in group "{group}" (Kubernetes 1.16 stopped serving Deployments, ReplicaSets and DaemonSets in extensions/v1beta1; the version in apiVersion hardly matters, the group does), so every sync fails with FailedGetScale and the HPA never scales.',
            { kind, group },
          ),
          msg('Set `spec.scaleTargetRef.apiVersion: {to}` (`{command}`) and fix the manifest it came from; the workload itself must be applied as {to} too (the linter flags both).', {
            to,
            command: `kubectl -n ${hpa.metadata?.namespace} patch hpa ${hpa.metadata?.name} --type merge -p '{"spec":{"scaleTargetRef":{"apiVersion":"${CURRENT[kind] ?? 'apps/v1'}"}}}'`,
          }),
        ),
        repairs: [],
      });
    }
    return out;
  },
};

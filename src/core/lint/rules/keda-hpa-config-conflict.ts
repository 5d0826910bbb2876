// keda-hpa-config-conflict: what a ScaledObject's `advanced.horizontalPodAutoscalerConfig` does to a user's HPA: a name (or the
// default keda-hpa-<name>) that is an HPA of another workload, and an HPA taken over (transfer-hpa-ownership) whose behavior
// KEDA replaces with the ScaledObject's (kedacore/keda v2.21.1 controllers/keda/hpa.go, newHPAForScaledObject).
import { isMap } from 'yaml';
import { describeDoc, isKedaOwnHpa, kedaHpaName, TRANSFER_OWNERSHIP_ANNOTATION } from '../../k8s/autoscaling';
import { insertEntries } from '../../manifest/edit';
import { isHpa, isScaledObject } from '../../manifest/kinds';
import { isTemplatedValue, keyRange, mapAt, nodeAt, rangeOf, stringAt, type ManifestDoc } from '../../manifest/model';
import { scaleTargetOf, type Workspace } from '../../manifest/workspace';
import type { Rule, RuleContext } from '../rule';
import type { Problem } from '../types';
import type { Fix } from '../../text/edits';
import { msg } from '../../l10n';

const HPA_CONFIG = ['spec', 'advanced', 'horizontalPodAutoscalerConfig'];

/** HPAs by namespace and name; built once per workspace state. */
function hpasByName(ws: Workspace): Map<string, ManifestDoc[]> {
  return ws.memo('keda.hpasByName', () => {
    const out = new Map<string, ManifestDoc[]>();
    for (const d of ws.allDocs()) {
      if (!isHpa(d) || !d.name) continue;
      const key = `${d.namespace}/${d.name}`;
      out.set(key, [...(out.get(key) ?? []), d]);
    }
    return out;
  });
}

const sameTarget = (a: ManifestDoc, b: ManifestDoc) => {
  const x = scaleTargetOf(a);
  const y = scaleTargetOf(b);
  return !!x && !!y && x.kind === y.kind && x.name === y.name;
};

/** Copies the HPA's behavior into the ScaledObject (as JSON, which is YAML): what it had is kept after the takeover. */
function copyBehavior(so: ManifestDoc, hpa: ManifestDoc): Fix[] {
  const behavior = nodeAt(hpa.root, ['spec', 'behavior']);
  const spec = mapAt(so.root, ['spec']);
  if (!isMap(behavior) || !spec || hpa.file.templated) return [];
  const edits = insertEntries(so.file, spec, { advanced: { horizontalPodAutoscalerConfig: { behavior: JSON.stringify(behavior.toJSON()) } } });
  return edits ? [{ title: msg('Copy the behavior of HPA {hpa} into the ScaledObject', { hpa: hpa.name ?? '' }), edits, safety: 'safe', preferred: true }] : [];
}

function check(so: ManifestDoc, ctx: RuleContext): Problem[] {
  const hpaName = kedaHpaName(so);
  if (!so.name || isTemplatedValue(hpaName) || isTemplatedValue(so.name)) return [];
  const written = stringAt(so.root, [...HPA_CONFIG, 'name']) !== undefined;
  const range = written ? rangeOf(nodeAt(so.root, [...HPA_CONFIG, 'name'])) : keyRange(mapAt(so.root, ['metadata']), 'name', so.range);
  const problems: Problem[] = [];
  for (const hpa of hpasByName(ctx.workspace).get(`${so.namespace}/${hpaName}`) ?? []) {
    if (!sameTarget(so, hpa)) {
      if (isKedaOwnHpa(hpa, so) || !scaleTargetOf(hpa)) continue;
      const target = scaleTargetOf(hpa)!;
      const args = { hpa: describeDoc(hpa), kind: target.kind, name: target.name, hpaName, derived: `keda-hpa-${so.name}` };
      problems.push({
        message: written
          ? msg(
              "advanced.horizontalPodAutoscalerConfig.name is {hpa}, which scales {kind} {name}: KEDA 2.11 to 2.21.0 take that HPA over and point it at this ScaledObject's target (kedacore/keda #4457), so {kind} {name} loses its autoscaler; from 2.21.1 the admission webhook rejects the ScaledObject (\"the hpa '{hpaName}' already exists and is not managed by the ScaledObject\"). Name KEDA's HPA differently.",
              args,
            )
          : msg(
              "the HPA name KEDA derives ({derived}) is {hpa}, which scales {kind} {name}: KEDA 2.11 to 2.21.0 take that HPA over and point it at this ScaledObject's target (kedacore/keda #4457), so {kind} {name} loses its autoscaler; from 2.21.1 the admission webhook rejects the ScaledObject (\"the hpa '{hpaName}' already exists and is not managed by the ScaledObject\"). Name KEDA's HPA differently.",
              args,
            ),
        range,
        severity: 'error',
      });
      continue;
    }
    const transfer = stringAt(so.root, ['metadata', 'annotations', TRANSFER_OWNERSHIP_ANNOTATION]) === 'true';
    if (!transfer || !written) continue; // Without a takeover, two autoscalers on one workload: autoscaler-conflict.
    const hpaBehavior = nodeAt(hpa.root, ['spec', 'behavior']);
    const behaviorDropped = isMap(hpaBehavior) && !mapAt(so.root, HPA_CONFIG)?.has('behavior');
    const maxReplicas = stringAt(hpa.root, ['spec', 'maxReplicas']);
    const maxDropped = maxReplicas !== undefined && !mapAt(so.root, ['spec'])?.has('maxReplicaCount') && maxReplicas !== '100';
    if (!behaviorDropped && !maxDropped) continue;
    const args = { hpa: describeDoc(hpa), annotation: TRANSFER_OWNERSHIP_ANNOTATION, maxReplicas: maxReplicas ?? '' };
    let message;
    if (behaviorDropped && maxDropped)
      message = msg(
        "this ScaledObject takes over {hpa} ({annotation}) and KEDA rewrites it from the ScaledObject: its behavior (scale-up/scale-down rules) is removed: KEDA writes the ScaledObject's horizontalPodAutoscalerConfig.behavior, which is not set; maxReplicas {maxReplicas} becomes 100 (the ScaledObject has no maxReplicaCount).",
        args,
      );
    else if (behaviorDropped)
      message = msg(
        "this ScaledObject takes over {hpa} ({annotation}) and KEDA rewrites it from the ScaledObject: its behavior (scale-up/scale-down rules) is removed: KEDA writes the ScaledObject's horizontalPodAutoscalerConfig.behavior, which is not set.",
        args,
      );
    else
      message = msg(
        'this ScaledObject takes over {hpa} ({annotation}) and KEDA rewrites it from the ScaledObject: maxReplicas {maxReplicas} becomes 100 (the ScaledObject has no maxReplicaCount).',
        args,
      );
    problems.push({
      message,
      range,
      severity: 'warning',
      fixes: () => (isMap(hpaBehavior) ? copyBehavior(so, hpa) : []),
    });
  }
  return problems;
}

export const kedaHpaConfigConflict: Rule = {
  id: 'keda-hpa-config-conflict',
  category: 'workload',
  severity: 'error',
  title: "ScaledObject's horizontalPodAutoscalerConfig collides with a user's HPA",
  docs: [
    'KEDA creates one HPA per ScaledObject, named `advanced.horizontalPodAutoscalerConfig.name` or `keda-hpa-<name>`, and writes all of it from the ScaledObject.',
    '',
    "- **error**: that name is an HPA of the workspace scaling another workload. KEDA 2.11 to 2.21.0 adopt the HPA of that name and point it at the ScaledObject's",
    '  target, so the other workload loses its autoscaler; KEDA 2.21.1 rejects the ScaledObject.',
    `- **warning**: the ScaledObject takes over an HPA of the same workload (\`${TRANSFER_OWNERSHIP_ANNOTATION}: "true"\`) and that HPA has a \`behavior\``,
    "  the ScaledObject does not repeat, or a `maxReplicas` other than KEDA's default 100 without `maxReplicaCount`: after the takeover they are gone. The quick",
    "  fix copies the HPA's behavior into `advanced.horizontalPodAutoscalerConfig.behavior`.",
    '',
    'Two autoscalers on one workload without a takeover are `autoscaler-conflict`.',
  ].join('\n'),
  applies: isScaledObject,
  check,
};

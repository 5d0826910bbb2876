// keda-fallback-unusable: a ScaledObject `fallback` that KEDA refuses or never applies: only cpu/memory triggers (their
// metrics come from metrics-server, not KEDA), or, before KEDA 2.18, no trigger whose metric fallback can stand in for.
import { isMap, type YAMLMap } from 'yaml';
import { insertEntries, removeEntry } from '../../manifest/edit';
import { isScaledObject } from '../../manifest/kinds';
import { isTemplatedValue, keyRange, mapAt, seqAt, stringAt, type ManifestDoc } from '../../manifest/model';
import { compareMinor } from '../../k8s/versions';
import type { Rule, RuleContext } from '../rule';
import type { Problem } from '../types';
import type { Fix } from '../../text/edits';
import { msg } from '../../l10n';

/** The admission webhook validates fallback from KEDA 2.14 (CHANGELOG v2.14.0, #5515: CheckFallbackValid in scaledobject_types.go). */
const WEBHOOK_CHECKS_FROM = '2.14';
/** Fallback for `Value` triggers from KEDA 2.18 (CHANGELOG v2.18.0, #6655); before, only AverageValue metrics fall back (pkg/fallback). */
const VALUE_FALLBACK_FROM = '2.18';

const isResource = (type: string | undefined) => type === 'cpu' || type === 'memory';

function removeFallback(doc: ManifestDoc, spec: YAMLMap): Fix[] {
  const edit = removeEntry(doc.file, spec, 'fallback');
  return edit ? [{ title: msg('Remove fallback (it never applies)'), edits: [edit], safety: 'review', why: msg('decide what should happen when the scaler fails instead') }] : [];
}

function check(doc: ManifestDoc, ctx: RuleContext): Problem[] {
  const spec = mapAt(doc.root, ['spec']);
  if (!spec?.has('fallback') || mapAt(doc.root, ['spec', 'advanced', 'scalingModifiers'])?.has('formula')) return [];
  const triggers = (seqAt(spec, ['triggers'])?.items ?? []).filter(isMap);
  const types = triggers.map((t) => stringAt(t, ['type']));
  if (triggers.length === 0 || types.some((t) => t === undefined || isTemplatedValue(t))) return [];
  const keda = ctx.settings.kedaVersion;
  const webhook = compareMinor(keda, WEBHOOK_CHECKS_FROM) >= 0;
  const range = keyRange(spec, 'fallback');
  const external = triggers.filter((t) => !isResource(stringAt(t, ['type'])));
  if (external.length === 0) {
    return [
      {
        message: webhook
          ? msg(
              'fallback with only {types} triggers: KEDA\'s admission webhook rejects the ScaledObject ("at least one trigger (that is not cpu or memory) has to have the `AverageValue` type for the fallback to be enabled", KEDA {webhookFrom}+, target {keda}).',
              { types: [...new Set(types)].join('/'), webhookFrom: WEBHOOK_CHECKS_FROM, keda },
            )
          : msg('fallback with only {types} triggers never applies: the HPA reads cpu and memory from metrics-server, not through KEDA (KEDA {keda} accepts it; {webhookFrom}+ rejects it).', {
              types: [...new Set(types)].join('/'),
              webhookFrom: WEBHOOK_CHECKS_FROM,
              keda,
            }),
        range,
        severity: webhook ? 'error' : 'warning',
        fixes: () => removeFallback(doc, spec),
      },
    ];
  }
  if (compareMinor(keda, VALUE_FALLBACK_FROM) >= 0) return [];
  const metricTypes = external.map((t) => stringAt(t, ['metricType']));
  if (metricTypes.includes('AverageValue') || metricTypes.some((m) => m !== undefined && isTemplatedValue(m))) return [];
  if (metricTypes.every((m) => m === 'Value')) {
    return [
      {
        message: webhook
          ? msg(
              "fallback where every trigger that is not cpu or memory has metricType Value: KEDA {keda}'s admission webhook rejects the ScaledObject (fallback for Value metrics came in {valueFrom}).",
              { keda, valueFrom: VALUE_FALLBACK_FROM },
            )
          : msg('fallback never applies: every trigger that is not cpu or memory has metricType Value, and KEDA {keda} falls back only for AverageValue metrics (Value from {valueFrom}).', {
              keda,
              valueFrom: VALUE_FALLBACK_FROM,
            }),
        range,
        severity: webhook ? 'error' : 'warning',
      },
    ];
  }
  if (!webhook) return [];
  // metricType left out means AverageValue, but KEDA 2.14–2.17.0 compared the written value (fixed in 2.17.1, #6696).
  const first = external.find((t) => stringAt(t, ['metricType']) === undefined);
  return [
    {
      message: msg(
        'fallback without a trigger that writes metricType: AverageValue: the admission webhook of KEDA {webhookFrom} to 2.17.0 rejects the ScaledObject though AverageValue is the default (fixed in 2.17.1, kedacore/keda #6696). Write the metricType.',
        { webhookFrom: WEBHOOK_CHECKS_FROM },
      ),
      range,
      severity: 'warning',
      fixes: () => {
        const edits = first ? insertEntries(doc.file, first, { metricType: 'AverageValue' }) : undefined;
        return edits ? [{ title: msg('Set metricType: AverageValue (the default, written out)'), edits, safety: 'safe', preferred: true }] : [];
      },
    },
  ];
}

export const kedaFallbackUnusable: Rule = {
  id: 'keda-fallback-unusable',
  category: 'workload',
  severity: 'error',
  title: 'KEDA fallback that is refused or never applies',
  docs: [
    "A ScaledObject's `fallback` replaces a failing scaler's metric with a fixed replica count. It only works for metrics KEDA serves:",
    '',
    "- only `cpu`/`memory` triggers: their HPA metrics come from metrics-server, so there is nothing to fall back for. KEDA 2.14+'s",
    '  admission webhook rejects the ScaledObject; older releases accept it and never use it.',
    '- before KEDA 2.18, fallback covers `AverageValue` metrics only: with only `Value` triggers 2.14–2.17 reject it and older',
    '  releases ignore it. KEDA 2.14 to 2.17.0 also wanted `metricType: AverageValue` written out (the fix writes it).',
    '',
    'A ScaledObject with `advanced.scalingModifiers.formula` is checked on its formula by KEDA instead, and not here.',
  ].join('\n'),
  applies: isScaledObject,
  check,
};

// A VerticalPodAutoscaler's recommendation for one container, as the amounts rows compare with requests: cpu in
// millicores and memory in bytes, rounded up as kubectl reads quantities (MilliValue, Value).
import { milliValue, wholeValue } from '../../k8s/quantity';
import { liveVpaUpdateMode, type VerticalPodAutoscaler, type VpaAmounts } from '../objects';
import type { Amounts, ContainerRecommendation } from '../types';
import { nanos } from './amounts';

function amountsOf(a: VpaAmounts | undefined): Partial<Amounts> {
  const out: Partial<Amounts> = {};
  const cpu = nanos(a?.cpu);
  const memory = nanos(a?.memory);
  if (cpu !== undefined) out.cpuMilli = Number(milliValue({ nanos: cpu }));
  if (memory !== undefined) out.memoryBytes = Number(wholeValue({ nanos: memory }));
  return out;
}

/** The recommendation `vpa` holds for `container` (by name), or undefined when it has none for it. */
export function containerRecommendation(vpa: VerticalPodAutoscaler, container: string): ContainerRecommendation | undefined {
  const rec = vpa.status?.recommendation?.containerRecommendations?.find((r) => r.containerName === container);
  if (!rec) return undefined;
  return {
    vpa: vpa.metadata?.name ?? '',
    updateMode: liveVpaUpdateMode(vpa),
    target: amountsOf(rec.target),
    lowerBound: amountsOf(rec.lowerBound),
    upperBound: amountsOf(rec.upperBound),
  };
}

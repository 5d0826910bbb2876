// The session's HPAs and KEDA ScaledObjects and their rows. A ScaledObject's row shows the HPA KEDA
// made for it, so a change of either updates it; rows that did not change are not reported.
import type * as k8s from '@kubernetes/client-node';
import { kedaHpaName, objectKey, type ScaledObject } from './objects';
import { hpaRow, scaledObjectRow } from './rows';
import type { AutoscalerRow } from './types';

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const rowKey = (kind: AutoscalerRow['kind'], k: string) => `${kind}\0${k}`;
const soKeyFor = (hpa: k8s.V2HorizontalPodAutoscaler) => `${hpa.metadata?.namespace}/${hpa.metadata?.labels?.['scaledobject.keda.sh/name'] ?? ''}`;

export class AutoscalerRows {
  private readonly hpas = new Map<string, k8s.V2HorizontalPodAutoscaler>();
  private readonly scaledObjects = new Map<string, ScaledObject>();
  /** HPA key → ScaledObject key, for KEDA-made HPAs. */
  private readonly soByHpa = new Map<string, string>();
  private readonly rows = new Map<string, AutoscalerRow>();
  private sorted?: AutoscalerRow[];

  /** `touched` hears the `namespace/name` of every row that changed, appeared or went. */
  constructor(private readonly touched: (key: string) => void) {}

  get(kind: AutoscalerRow['kind'], namespacedName: string): AutoscalerRow | undefined {
    return this.rows.get(rowKey(kind, namespacedName));
  }

  /** Rows by namespace, name, kind. */
  list(): AutoscalerRow[] {
    this.sorted ??= [...this.rows.values()].sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name) || cmp(a.kind, b.kind));
    return this.sorted;
  }

  setHpa(hpa: k8s.V2HorizontalPodAutoscaler): void {
    const k = objectKey(hpa);
    this.hpas.set(k, hpa);
    this.setRow('HorizontalPodAutoscaler', k, hpaRow(hpa));
    const so = this.soByHpa.get(k) ?? (this.scaledObjects.has(soKeyFor(hpa)) ? soKeyFor(hpa) : undefined);
    if (so) this.updateScaledObjectRow(so);
  }

  deleteHpa(hpa: k8s.V2HorizontalPodAutoscaler): void {
    const k = objectKey(hpa);
    this.hpas.delete(k);
    this.deleteRow('HorizontalPodAutoscaler', k);
    const so = this.soByHpa.get(k);
    if (so) this.updateScaledObjectRow(so);
  }

  setScaledObject(so: ScaledObject): void {
    const k = objectKey(so);
    for (const [h, s] of this.soByHpa) if (s === k) this.soByHpa.delete(h);
    this.scaledObjects.set(k, so);
    this.soByHpa.set(`${so.metadata?.namespace}/${kedaHpaName(so)}`, k);
    this.updateScaledObjectRow(k);
  }

  deleteScaledObject(so: ScaledObject): void {
    const k = objectKey(so);
    this.scaledObjects.delete(k);
    for (const [h, s] of this.soByHpa) if (s === k) this.soByHpa.delete(h);
    this.deleteRow('ScaledObject', k);
  }

  private updateScaledObjectRow(k: string): void {
    const so = this.scaledObjects.get(k);
    if (!so) return;
    const hpa = this.hpas.get(`${so.metadata?.namespace}/${kedaHpaName(so)}`);
    this.setRow('ScaledObject', k, scaledObjectRow(so, hpa));
  }

  private setRow(kind: AutoscalerRow['kind'], k: string, row: AutoscalerRow): void {
    const rk = rowKey(kind, k);
    const old = this.rows.get(rk);
    if (old && JSON.stringify(old) === JSON.stringify(row)) return;
    this.rows.set(rk, row);
    this.sorted = undefined;
    this.touched(k);
  }

  private deleteRow(kind: AutoscalerRow['kind'], k: string): void {
    if (this.rows.delete(rowKey(kind, k))) {
      this.sorted = undefined;
      this.touched(k);
    }
  }
}

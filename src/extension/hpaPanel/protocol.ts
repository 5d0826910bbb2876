// Messages between the HPA panel (extension host) and its webview script (media/hpa-panel.ts). Types only.
import type { EventRow } from '../../core/cluster/events';
import type { AutoscalerCondition, AutoscalerMetric } from '../../core/cluster/types';
import type { ChartData } from './series';
import type { RescaleRow, WhyView } from './why';

export interface PanelState {
  type: 'update';
  namespace: string;
  name: string;
  /** Absent while the HPA is not in the cluster snapshot (not synced yet, deleted, another namespace watched). */
  hpa?: {
    target: string;
    minReplicas?: number;
    maxReplicas?: number;
    currentReplicas?: number;
    desiredReplicas?: number;
    atMax: boolean;
    metrics: AutoscalerMetric[];
    conditions: AutoscalerCondition[];
  };
  chart: ChartData;
  /** Undefined until the first read finished. */
  events?: EventRow[];
  /** The replayed controller decision; undefined until the first read finished. */
  why?: WhyView;
  /** SuccessfulRescale events, newest first; undefined until the events were read. */
  rescales?: RescaleRow[];
  /** Why something is missing (the HPA, the events), in one sentence. */
  notices: string[];
  /** Seconds between updates. */
  intervalSeconds: number;
}

export type FromWebview =
  | { type: 'ready' }
  /** Sent after each render: how many samples the charts hold, how many charts and canvases are on the page. */
  | { type: 'rendered'; points: number; charts: number; canvases: number; tableRows: number };

// What the HPA panel shows of the replayed controller decision (core/cluster/hpaReplay.ts, read through
// clusterCode's readLiveHpaReplay): the summary, the chain (each metric's proposal, the highest, each limit that
// changed it) and notes on how much of it was known; and the rescale history from the SuccessfulRescale events.
// Pure, no vscode: unit tests run it. The webview writes every string as text, never as HTML.
import type { LiveHpaReplay, Rescale } from '../../core/doctor/hpaReplayInputs';
import { t, textOf } from '../../core/l10n';

export interface WhyView {
  /** `desired 5 · held at 6 by scale-down window until 14:32:05`; undefined when nothing could be replayed. */
  summary?: string;
  /** One step a line, in the controller's order. */
  chain: string[];
  /** How much the replay knew, or why there is none. */
  notes: string[];
}

export function whyView(live: LiveHpaReplay): WhyView {
  if (!live.replay) return { chain: [], notes: [live.notice ? textOf(live.notice) : t('The decision could not be replayed.')] };
  const { replay, untilIsLatest, sampledPods } = live.replay;
  const notes: string[] = [];
  if (untilIsLatest && replay.limits.some((l) => 'until' in l && l.until !== undefined)) {
    notes.push(t("The window's end is the latest it can be: the controller keeps its earlier recommendations in memory, which the API does not show."));
  }
  const fromStatus = replay.metrics.filter((m) => m.source === 'status');
  if (fromStatus.length) {
    notes.push(t("Some metrics come from the HPA status (the controller's last reading), not from the pods' own samples."));
    for (const m of fromStatus) if (m.readError) notes.push(t('{metric}: its metrics API could not be read ({error}).', { metric: m.name, error: m.readError }));
  } else if (sampledPods !== undefined) {
    notes.push(
      sampledPods === 1 ? t('Replayed from the metrics.k8s.io samples of {count} pod.', { count: 1 }) : t('Replayed from the metrics.k8s.io samples of {count} pods.', { count: sampledPods }),
    );
  }
  if (live.replay.fromMetricApis) notes.push(t('Custom and external metrics are replayed from the values their metrics API returns now, with the selectors the controller uses.'));
  return { summary: textOf(replay.summary), chain: replay.chain.map((step) => textOf(step)), notes };
}

/** The chain as one line, as the issue writes it: `cpu 92 % / 60 % × 3 pods → 5; memory → 2; max → 5`. */
export const chainLine = (why: WhyView) => why.chain.join('; ');

export interface RescaleRow {
  /** ISO time of the last occurrence. */
  at?: string;
  /** `3 → 5` when the size before is known (the next older rescale), else `→ 5`. */
  change: string;
  reason: string;
  count: number;
}

/** Rescales newest first (as the events are), each with the size it came from when an older rescale tells it. */
export function rescaleRows(rescales: readonly Rescale[]): RescaleRow[] {
  return rescales.map((r, i) => {
    const before = rescales[i + 1]?.newSize;
    return { at: r.at, change: `${before !== undefined ? `${before} ` : ''}→ ${r.newSize}`, reason: r.reason, count: r.count };
  });
}

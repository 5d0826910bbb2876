// metrics-server has no metrics yet (`Scraping metrics from 0 sources`, `no metrics known for pod`, and what
// `kubectl top` then prints: `Metrics not available for pod …, age: 4m51s`). Whether to wait is decided by
// metrics-server's own start (its container's startedAt), never by the pod's age that kubectl quotes: it keeps
// metrics only from its own scrapes, one every --metric-resolution, and a pod's CPU needs two of them.
import { capEvidence, conditionLine, flagValue, klogMessage, metricsServerAge, metricsServerContainer, metricsServerLines, metricsServerRef, type Check } from '../checkKit';
import { currentScrapeErrors } from '../scrapeErrors';
import { isAvailable, type DoctorState } from '../state';
import { availableCondition } from './metrics-api-unavailable';
import { msg, type Message } from '../../l10n';
import { sentences } from '../../l10n/lists';
import type { DoctorText } from '../types';

const SIGNS = [/no metrics known for pod/, /Scraping metrics from 0 sources/, /ScrapeMetrics: time: [^,]+, nodes: 0, pods: 0/, /Metrics not available for pod/];
/** metrics-server's --metric-resolution default (cmd/metrics-server/app/options/options.go); the release manifest passes 15s. */
const DEFAULT_RESOLUTION_S = 60;

/** --metric-resolution in seconds (`15s`, `1m`, `1m30s`). */
export function resolutionSeconds(state: DoctorState): number {
  const v = flagValue(metricsServerContainer(state), '--metric-resolution');
  const m = /^(?:(\d+)m)?(?:(\d+)s)?$/.exec(v ?? '');
  return m && (m[1] || m[2]) ? Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0) : DEFAULT_RESOLUTION_S;
}

function startedAt(state: DoctorState): string | undefined {
  const starts = (state.metricsServer?.pods ?? [])
    .flatMap((p) => p.status?.containerStatuses ?? [])
    .map((c) => c.state?.running?.startedAt)
    .filter((t): t is Date => !!t)
    .map((t) => new Date(t).toISOString())
    .sort();
  return starts.at(-1);
}

const duration = (s: number): Message => (s < 120 ? msg('{seconds} s', { seconds: s }) : msg('{minutes} min {seconds} s', { minutes: Math.floor(s / 60), seconds: s % 60 }));

export const check: Check = {
  id: 'metrics-server-warming-up',
  title: msg('metrics-server has no metrics yet: wait for its first scrapes, or why it still has none'),
  run(state) {
    // Scrapes that fail (DNS, TLS, unreachable kubelets) are no warm-up: their own findings say why, and "wait" would mislead.
    if (currentScrapeErrors(state).length) return [];
    const all = metricsServerLines(state);
    // Lines before a scrape that found nodes (v0.3 logs `Scraping metrics from 2 sources`) are from the warm-up that ended.
    let lastGood = -1;
    all.forEach((l, i) => {
      if (/Scraping metrics from [1-9]\d* sources|ScrapeMetrics: time: [^,]+, nodes: [1-9]/.test(l)) lastGood = i;
    });
    const lines = all.slice(lastGood + 1).filter((l) => SIGNS.some((re) => re.test(l)));
    const age = metricsServerAge(state);
    const resolution = resolutionSeconds(state);
    // Two scrapes (a pod's CPU is a rate between two samples) and the kubelet request timeout on top.
    const window = 2 * resolution + 30;
    // Not Available yet (metrics-server reports ready only after its first scrape) or fewer nodes than the cluster has.
    const apiDown = !!state.apiService && !isAvailable(state.apiService) && !!state.metricsServer?.pods.length;
    const missingNodes = state.nodeMetrics !== undefined ? state.nodeMetrics.length < state.nodes.length : apiDown;
    const warming = age !== undefined && age < window;
    if (!lines.length && !(warming && missingNodes)) return [];
    const started = startedAt(state);
    const evidence: DoctorText[] = [
      ...(started && age !== undefined ? [msg('metrics-server container started at {time} ({age} before this check)', { time: started, age: duration(age) })] : []),
      ...(state.nodeMetrics !== undefined ? [msg('metrics.k8s.io has metrics for {count}/{total} nodes', { count: state.nodeMetrics.length, total: state.nodes.length })] : []),
      ...(apiDown && availableCondition(state.apiService) ? [conditionLine(availableCondition(state.apiService)!)] : []),
      ...lines,
    ];
    const zeroSources = lines.some((l) => /0 sources|nodes: 0, pods: 0/.test(l));
    if (warming)
      return [
        {
          id: 'metrics-server-warming-up',
          severity: 'info',
          message: msg('metrics-server started {age} ago: wait for its first scrapes (about {window} after the start), then run the doctor again', {
            age: duration(age),
            window: duration(window),
          }),
          object: metricsServerRef(state),
          evidence: capEvidence(evidence, { key: klogMessage }),
          explanation: sentences(
            msg(
              "metrics-server keeps metrics only from its own scrapes, one every --metric-resolution ({resolution} s here), and a pod's CPU usage is a rate between two samples, so right after it starts it has none: `Scraping metrics from 0 sources`, `no metrics known for pod`, `kubectl top` says `metrics not available yet` and HPAs show <unknown>.",
              { resolution },
            ),
            msg(
              "The age in kubectl's `Metrics not available for pod …, age: 4m51s` is the pod's, which does not matter: what matters is when metrics-server started. Until then the APIService may be unavailable too (metrics-server reports ready only after a scrape). Nothing to change; if this stays after the first scrapes, the doctor's other findings say why.",
            ),
          ),
          repairs: [],
        },
      ];
    return [
      {
        id: 'metrics-server-warming-up',
        severity: 'warning',
        message:
          age !== undefined
            ? zeroSources
              ? msg('metrics-server has run for {age} and still has no metrics (it scrapes 0 nodes): this is not a warm-up', { age: duration(age) })
              : msg('metrics-server has run for {age} and still has no metrics for some pods: this is not a warm-up', { age: duration(age) })
            : zeroSources
              ? msg('metrics-server has run for longer than its warm-up and still has no metrics (it scrapes 0 nodes): this is not a warm-up')
              : msg('metrics-server has run for longer than its warm-up and still has no metrics for some pods: this is not a warm-up'),
        object: metricsServerRef(state),
        evidence: capEvidence(evidence, { key: (l) => klogMessage(l).replace(/\d{2}:\d{2}:\d{2}\.\d+/, '') }),
        explanation: sentences(
          zeroSources
            ? msg('metrics-server found no nodes to scrape: it cannot list nodes (RBAC, see metrics-server-rbac), or its --node-selector matches none.')
            : msg(
                'metrics-server scraped but has nothing for these pods: the scrapes of their nodes fail (see the TLS, DNS and reachability findings), the pods are not running on a node it scrapes, or they restarted within the last two scrapes.',
              ),
          age !== undefined
            ? msg('A metrics-server that started {age} ago has scraped {count} times (--metric-resolution {resolution} s); waiting longer will not help.', {
                age: duration(age),
                count: Math.floor(age / resolution),
                resolution,
              })
            : msg('A metrics-server that started long ago has scraped many times (--metric-resolution {resolution} s); waiting longer will not help.', { resolution }),
        ),
        repairs: [],
      },
    ];
  },
};

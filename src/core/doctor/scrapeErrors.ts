// Reads metrics-server's scrape failures out of its log lines, in the forms v0.3 to v0.8 print them:
//   v0.6+: E1122 00:47:18.454092 1 scraper.go:149] "Failed to scrape node" err="Get \"https://…\": …" node="n1"
//   v0.4–0.5: … "Failed to scrape node" err="…" node="n1"  /  unable to fully scrape metrics from node n1: …
//   v0.3: unable to fully collect metrics: [unable to fully scrape metrics from source kubelet_summary:n1: unable to fetch metrics from Kubelet n1 (10.0.0.1): Get …: …, …]
import type { DoctorState } from './state';
import { metricsServerLines } from './checkKit';

export type ScrapeErrorKind =
  | 'tls-ip-sans' // x509: cannot validate certificate for <IP> because it doesn't contain any IP SANs
  | 'tls-wrong-name' // x509: certificate is valid for A, B, not C
  | 'tls-unknown-authority' // x509: certificate signed by unknown authority
  | 'tls-other' // any other x509 error (expired…)
  | 'dns' // lookup <name> on <resolver>: no such host / server misbehaving / i/o timeout
  | 'unreachable'; // dial tcp <ip>:<port>: i/o timeout / connection refused / no route to host, deadlines

export interface ScrapeError {
  kind: ScrapeErrorKind;
  node?: string;
  /** The address that failed (the IP for IP SANs, the name looked up for DNS, host:port for dials). */
  address?: string;
  /** For tls-wrong-name: the names/IPs the certificate is valid for. */
  validFor?: string[];
  /** For dns: `no such host`, `server misbehaving` or `i/o timeout`. */
  detail?: string;
  /** The verbatim log line. */
  line: string;
}

const SCRAPE_CONTEXT = /Failed to scrape node|unable to fully scrape metrics|unable to fetch metrics from (?:Kubelet|node)|Failed to scrape|scrape_?failed/i;

/** Node name a scrape error is about. */
function nodeOf(segment: string): string | undefined {
  return (
    /\bnode="([^"]+)"/.exec(segment)?.[1] ??
    /unable to fully scrape metrics from node ([^\s:]+)/.exec(segment)?.[1] ??
    /kubelet_summary:([^\s:]+)/.exec(segment)?.[1] ??
    /unable to fetch metrics from (?:Kubelet|node) ([^\s(:]+)/.exec(segment)?.[1]
  );
}

function classify(segment: string): Omit<ScrapeError, 'node' | 'line'> | undefined {
  let m = /x509: cannot validate certificate for (\S+?) because it doesn't contain any IP SANs/.exec(segment);
  if (m) return { kind: 'tls-ip-sans', address: m[1] };
  m = /x509: certificate is valid for (.+?), not ([^\s"\\,]+)/.exec(segment);
  if (m) return { kind: 'tls-wrong-name', address: m[2], validFor: m[1].split(/,\s*/) };
  if (/x509: certificate signed by unknown authority/.test(segment)) return { kind: 'tls-unknown-authority' };
  if (/x509: /.test(segment)) return { kind: 'tls-other' };
  m = /lookup (\S+?)(?: on (\S+?))?: (?:.*?)(no such host|server misbehaving|i\/o timeout)/.exec(segment);
  if (m) return { kind: 'dns', address: m[1], detail: m[3] };
  m = /dial tcp (\S+?): (?:.*?)(i\/o timeout|connection refused|no route to host|network is unreachable)/.exec(segment);
  if (m) return { kind: 'unreachable', address: m[1] };
  if (/context deadline exceeded|Client\.Timeout exceeded|TLS handshake timeout/.test(segment)) return { kind: 'unreachable' };
  return undefined;
}

/** Scrape errors in the given lines; one line of v0.3 can hold several nodes' errors. */
export function parseScrapeErrors(lines: readonly string[]): ScrapeError[] {
  const out: ScrapeError[] = [];
  for (const line of lines) {
    if (!SCRAPE_CONTEXT.test(line)) continue;
    const segments = line.split(/(?=unable to fully scrape metrics from )/).filter((s) => SCRAPE_CONTEXT.test(s));
    for (const segment of segments.length ? segments : [line]) {
      const c = classify(segment);
      if (c) out.push({ ...c, node: nodeOf(segment), line });
    }
  }
  return out;
}

/**
 * Scrape errors of metrics-server's current logs that still matter. Dropped as stale: errors about a node that
 * metrics.k8s.io now has metrics for (the log tail predates a repair), and about a node that no longer exists
 * (Karpenter consolidation, a scaled-in node group: metrics-server stops scraping it). Nodes that could not be
 * listed (an empty list) drop nothing.
 */
export function currentScrapeErrors(state: DoctorState): ScrapeError[] {
  const withMetrics = new Set(state.nodeMetrics ?? []);
  const existing = state.nodes.length ? new Set(state.nodes.map((n) => n.metadata?.name)) : undefined;
  return parseScrapeErrors(metricsServerLines(state)).filter((e) => !e.node || (!withMetrics.has(e.node) && (!existing || existing.has(e.node))));
}

export function failingNodes(errors: readonly ScrapeError[]): string[] {
  return [...new Set(errors.map((e) => e.node).filter((n): n is string => !!n))].sort();
}

// The doctor: reads the live state once, runs every check on it, and returns findings sorted by
// severity, each with its docs page and the repairs that apply (secure ones first).
import type { KubeConfig } from '@kubernetes/client-node';
import { templatedProblem } from '../cluster/problems';
import type { ClusterProblem } from '../cluster/types';
import { msg } from '../l10n';
import { CHECKS } from './checks';
import { englishText, hasTemplate } from './findingText';
import { karpenterSummary, type KarpenterSummary } from './karpenterKit';
import type { Draft } from './checkKit';
import { REPAIR_OFFERS } from './repairs';
import { gatherState, type DoctorState, type GatherOptions } from './state';
import type { DiagnosisId, DoctorFinding, DoctorSeverity } from './types';

export interface DiagnoseOptions extends GatherOptions {
  /** Only these diagnoses (default: all). */
  only?: DiagnosisId[];
}

/** An HPA the doctor read, with the API version it was read as. */
export interface HpaSeen {
  namespace: string;
  name: string;
  version: string;
}

export interface DiagnoseResult {
  /** The HPA API version read (autoscaling/v2, else v2beta2, v2beta1, v1); undefined when HPAs could not be read (problems say why). */
  hpaVersion?: string;
  /** The HPAs read, each with its version; undefined when they could not be read: never an empty list for "unknown". */
  hpas?: HpaSeen[];
  findings: DoctorFinding[];
  /** Parts of the state that could not be read (the findings may be incomplete). */
  problems: ClusterProblem[];
  /** False when the API server could not be reached at all (then there are no findings). */
  reached: boolean;
  /** False when the server answered but refused every read (then the findings mean nothing). */
  readAny: boolean;
  /** Karpenter as read (installed, controller, NodePools, NodeClaims, why no node per pending workload); null: not read. */
  karpenter?: KarpenterSummary | null;
}

export const SEVERITY_ORDER: Record<DoctorSeverity, number> = { error: 0, warning: 1, info: 2 };

export function docsPath(id: DiagnosisId): string {
  return `docs/doctor/${id}.md`;
}

export async function diagnose(kc: KubeConfig, opts: DiagnoseOptions = {}): Promise<DiagnoseResult> {
  const state = await gatherState(kc, opts);
  const hpas = state.hpaVersion ? state.hpas.map((h) => ({ namespace: h.metadata?.namespace ?? '', name: h.metadata?.name ?? '', version: h.apiVersion ?? state.hpaVersion! })) : undefined;
  return {
    findings: state.reached ? findingsOf(state, opts.only) : [],
    problems: state.problems,
    reached: state.reached,
    readAny: state.reached && state.readAny !== false,
    karpenter: state.reached ? karpenterSummary(state) : null,
    ...(state.hpaVersion ? { hpaVersion: state.hpaVersion, hpas } : {}),
  };
}

/** Pure: the findings of a state. A check that throws becomes a problem line, never a crash. */
export function findingsOf(state: DoctorState, only?: DiagnosisId[]): DoctorFinding[] {
  const drafts: Draft[] = [];
  for (const [id, check] of Object.entries(CHECKS) as [DiagnosisId, (typeof CHECKS)[DiagnosisId]][]) {
    if (only && !only.includes(id)) continue;
    try {
      // One by one: a check over 200,000 objects may return more drafts than a spread can pass.
      for (const draft of check.run(state)) drafts.push(draft);
    } catch (err) {
      const error = String((err as Error)?.message ?? err);
      state.problems.push(templatedProblem('error', msg('Check {id} failed', { id }), msg("The {id} check failed on this cluster's data: {error}. Other checks ran.", { id, error })));
    }
  }
  return drafts.map(finish).sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

function finish(d: Draft): DoctorFinding {
  const repairs = [...new Set(d.repairs)].map((id) => REPAIR_OFFERS[id]).filter(Boolean);
  repairs.sort((a, b) => Number(!!a.insecure) - Number(!!b.insecure));
  const { id, severity, message, object, fixIn, evidence, explanation } = d;
  const l10n = hasTemplate([message, explanation, ...evidence]) ? { l10n: { message, evidence, explanation } } : {};
  return {
    id,
    severity,
    message: englishText(message),
    ...(object ? { object } : {}),
    ...(fixIn ? { fixIn } : {}),
    evidence: evidence.map(englishText),
    explanation: englishText(explanation),
    docs: docsPath(id),
    repairs,
    ...l10n,
  };
}

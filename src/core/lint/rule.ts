// The shape of a rule: one small module per rule, with a stable id, docs, a check and fixes.
import type { ManifestDoc } from '../manifest/model';
import type { Settings } from './settings';
import type { FindingTag, Problem, Severity } from './types';
import type { Workspace } from '../manifest/workspace';

export interface RuleContext {
  workspace: Workspace;
  settings: Settings;
}

/** What a rule is about: workloads and their autoscalers, API migrations, or autoscaling infrastructure. */
export type RuleCategory = 'workload' | 'migration' | 'infra';

export interface Rule {
  /** Stable id, used in output, settings and docs/rules/<id>.md. */
  id: string;
  category: RuleCategory;
  /** Severity when the check does not set one. */
  severity: Severity;
  /** One line, shown in lists. */
  title: string;
  /** Markdown: what is wrong, why it matters, how to fix it. Shown on hover and in docs/rules. */
  docs: string;
  tags?: FindingTag[];
  /** Also run on documents without apiVersion and kind (Helm values files); other rules see manifests only. */
  kindless?: boolean;
  /** Cheap test of whether the rule looks at this document at all. */
  applies(doc: ManifestDoc): boolean;
  check(doc: ManifestDoc, ctx: RuleContext): Problem[];
}

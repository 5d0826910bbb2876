// The Doctor view: findings by severity, each expanding to its evidence lines, its docs and its repairs.
import * as vscode from 'vscode';
import type { ClusterInfo, ClusterProblem } from '../../core/cluster/types';
import type { DoctorFinding, DoctorSeverity, RepairOffer } from '../../core/doctor/types';
import { t } from '../../core/l10n';
import { markdownText } from '../../core/text/markdown';
import type { DiagnoseResult } from './engine';
import { localTime } from '../displayLanguage';
import { SHOW_EVIDENCE_COMMAND } from './evidenceDocument';
import { severityWord } from './evidenceText';
import { objectLabel } from './preview';
import { localizedFinding, localizedRepair } from '../../core/doctor/findingText';
import { localizedProblem } from '../../core/cluster/problemText';

export const DOCTOR_VIEW = 'kubeScalingDoctor.doctor';
export const OPEN_FIX_MANIFEST_COMMAND = 'kube-scaling-doctor.openFixManifest';
const MAX_EVIDENCE = 20;

export interface FindingNode {
  type: 'finding';
  key: string;
  finding: DoctorFinding;
}
export interface EvidenceNode {
  type: 'evidence';
  parent: FindingNode;
  index: number;
  text: string;
}
export interface DocsNode {
  type: 'docs';
  parent: FindingNode;
}
/** Opens the workspace manifest that holds the fix (the workload of a missing request) at its quick fix. */
export interface ManifestNode {
  type: 'manifest';
  parent: FindingNode;
}
export interface RepairNode {
  type: 'repair';
  parent: FindingNode;
  offer: RepairOffer;
}
export interface ProblemNode {
  type: 'problem';
  problem: ClusterProblem;
}
export interface SummaryNode {
  type: 'summary';
  text: string;
}
/** A repair or undo waits for a rollout (or its verification) before the doctor runs again. */
export interface WaitingNode {
  type: 'waiting';
  text: string;
}
export type DoctorNode = FindingNode | EvidenceNode | DocsNode | ManifestNode | RepairNode | ProblemNode | SummaryNode | WaitingNode;

/** Stable identity of a finding across runs: diagnosis id and object. */
export function findingKey(f: DoctorFinding): string {
  const o = f.object;
  return o ? `${f.id}:${o.kind}/${o.namespace ?? ''}/${o.name}` : f.id;
}

const SEVERITY_ORDER: Record<DoctorSeverity, number> = { error: 0, warning: 1, info: 2 };

export interface DoctorRun extends DiagnoseResult {
  info: ClusterInfo;
  at: Date;
}

export class DoctorTree implements vscode.TreeDataProvider<DoctorNode> {
  private readonly changed = new vscode.EventEmitter<DoctorNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: DoctorNode[] = [];
  private findings = new Map<string, FindingNode>();

  /** Shows a run's result (undefined: nothing yet, the welcome content shows). */
  setRun(run: DoctorRun | undefined): void {
    this.findings.clear();
    if (!run) {
      this.roots = [];
    } else {
      const findings = [...run.findings]
        .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])
        .map((finding): FindingNode => ({ type: 'finding', key: findingKey(finding), finding }));
      for (const n of findings) this.findings.set(n.key, n);
      const problems = run.problems.map((problem): ProblemNode => ({ type: 'problem', problem }));
      this.roots = [...findings, ...problems];
      if (this.roots.length === 0) {
        this.roots = [{ type: 'summary', text: vscode.l10n.t('No problems found in {context} ({time})', { context: run.info.context, time: localTime(run.at) }) }];
      }
    }
    this.changed.fire(undefined);
  }

  /** Shows only what the doctor waits for: findings read mid-rollout would be wrong. setRun ends the wait. */
  setWaiting(text: string): void {
    this.findings.clear();
    this.roots = [{ type: 'waiting', text }];
    this.changed.fire(undefined);
  }

  /** The finding node for a key or diagnosis id (the first of that id). */
  find(keyOrId: string): FindingNode | undefined {
    return this.findings.get(keyOrId) ?? [...this.findings.values()].find((n) => n.finding.id === keyOrId);
  }

  getChildren(node?: DoctorNode): DoctorNode[] {
    if (!node) return this.roots;
    if (node.type !== 'finding') return [];
    const evidence = localizedFinding(node.finding)
      .evidence.slice(0, MAX_EVIDENCE)
      .map((text, index): EvidenceNode => ({ type: 'evidence', parent: node, index, text }));
    const more = node.finding.evidence.length - evidence.length;
    if (more > 0)
      evidence.push({ type: 'evidence', parent: node, index: MAX_EVIDENCE, text: vscode.l10n.t("… {count} more lines (see the docs or run the CLI's doctor --format json)", { count: more }) });
    const repairs = node.finding.repairs.map((offer): RepairNode => ({ type: 'repair', parent: node, offer }));
    const manifest: ManifestNode[] = node.finding.fixIn ? [{ type: 'manifest', parent: node }] : [];
    return [...evidence, { type: 'docs', parent: node }, ...manifest, ...repairs];
  }

  getParent(node: DoctorNode): DoctorNode | undefined {
    return node.type === 'evidence' || node.type === 'docs' || node.type === 'manifest' || node.type === 'repair' ? node.parent : undefined;
  }

  getTreeItem(node: DoctorNode): vscode.TreeItem {
    switch (node.type) {
      case 'finding':
        return findingItem(node);
      case 'evidence': {
        const item = new vscode.TreeItem(withoutLogHeader(node.text));
        item.id = `${node.parent.key}#evidence${node.index}`;
        item.iconPath = new vscode.ThemeIcon('quote');
        // The row shows one line, cut at the sidebar's edge: the tooltip wraps it, a click opens all lines in full.
        item.tooltip = new vscode.MarkdownString(markdownText(node.text));
        item.command = { command: SHOW_EVIDENCE_COMMAND, title: vscode.l10n.t('Show the quoted lines'), arguments: [node.parent.finding] };
        item.contextValue = 'ksdEvidence';
        item.accessibilityInformation = { label: vscode.l10n.t('Evidence: {line}', { line: node.text }) };
        return item;
      }
      case 'docs': {
        const item = new vscode.TreeItem(vscode.l10n.t('Why, and what the repairs change'));
        item.id = `${node.parent.key}#docs`;
        item.iconPath = new vscode.ThemeIcon('book');
        item.description = node.parent.finding.docs;
        item.tooltip = explanationMarkdown(node.parent.finding);
        item.command = { command: 'kube-scaling-doctor.openDoctorDocs', title: vscode.l10n.t('Open the docs'), arguments: [node.parent.finding] };
        item.contextValue = 'ksdDocs';
        item.accessibilityInformation = { label: vscode.l10n.t('Docs for {id}: {docs}', { id: node.parent.finding.id, docs: node.parent.finding.docs }) };
        return item;
      }
      case 'manifest': {
        const target = node.parent.finding.fixIn!;
        const item = new vscode.TreeItem(vscode.l10n.t('Fix in the manifest of {object}', { object: objectLabel(target) }));
        item.id = `${node.parent.key}#manifest`;
        item.iconPath = new vscode.ThemeIcon('go-to-file');
        item.tooltip = vscode.l10n.t('Opens the workspace file that defines {object} at its quick fix (the change goes into your manifest, not the cluster).', { object: objectLabel(target) });
        item.command = { command: OPEN_FIX_MANIFEST_COMMAND, title: vscode.l10n.t('Open the manifest'), arguments: [node.parent.finding] };
        item.contextValue = 'ksdManifest';
        item.accessibilityInformation = { label: vscode.l10n.t('Fix {id} in the manifest of {object}', { id: node.parent.finding.id, object: objectLabel(target) }), role: 'button' };
        return item;
      }
      case 'repair': {
        const { offer } = node;
        const title = localizedRepair(offer).title;
        const item = new vscode.TreeItem(vscode.l10n.t('Repair: {title}', { title }));
        item.id = `${node.parent.key}#repair:${offer.id}`;
        item.iconPath = new vscode.ThemeIcon(offer.insecure ? 'warning' : 'wrench');
        item.description = offer.insecure ? vscode.l10n.t('insecure') : offer.id;
        item.tooltip = new vscode.MarkdownString(
          vscode.l10n.t('**{title}** (`{id}`)\n\nShows the change as a diff first, checks it with a server-side dry run and asks before writing.', { title, id: offer.id }) +
            (offer.warning ? `\n\n⚠ ${localizedRepair(offer).warning}` : ''),
        );
        // Clicking the row starts the flow too: it only previews until the confirmation.
        item.command = { command: 'kube-scaling-doctor.repair', title: vscode.l10n.t('Repair…'), arguments: [node] };
        item.contextValue = offer.insecure ? 'ksdRepairInsecure' : 'ksdRepair';
        item.accessibilityInformation = {
          label: offer.insecure
            ? vscode.l10n.t('Repair {id}: {title}, insecure, for {finding}', { id: offer.id, title, finding: node.parent.finding.id })
            : vscode.l10n.t('Repair {id}: {title}, for {finding}', { id: offer.id, title, finding: node.parent.finding.id }),
          role: 'button',
        };
        return item;
      }
      case 'problem': {
        const { problem } = node;
        const shown = localizedProblem(problem);
        const item = new vscode.TreeItem(shown.title);
        item.id = `problem:${problem.kind}:${problem.title}`;
        item.iconPath = new vscode.ThemeIcon('debug-disconnect');
        item.description = problem.kind;
        item.tooltip = shown.message;
        item.contextValue = 'ksdProblem';
        item.accessibilityInformation = { label: vscode.l10n.t('The doctor could not check everything: {title}. {message}', { title: shown.title, message: shown.message }) };
        return item;
      }
      case 'waiting': {
        const item = new vscode.TreeItem(node.text);
        item.id = 'waiting';
        item.iconPath = new vscode.ThemeIcon('loading~spin');
        item.tooltip = vscode.l10n.t('The doctor runs again once this is done.');
        item.accessibilityInformation = { label: vscode.l10n.t('Waiting: {what}', { what: node.text }) };
        return item;
      }
      case 'summary': {
        const item = new vscode.TreeItem(node.text);
        item.id = 'summary';
        item.iconPath = new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
        item.accessibilityInformation = { label: node.text };
        return item;
      }
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function findingItem(node: FindingNode): vscode.TreeItem {
  const f = node.finding;
  const item = new vscode.TreeItem(localizedFinding(f).message, vscode.TreeItemCollapsibleState.Expanded);
  item.id = node.key;
  item.iconPath = severityIcon(f.severity);
  item.description = f.object ? `${objectLabel(f.object)} · ${f.id}` : f.id;
  item.tooltip = explanationMarkdown(f);
  item.contextValue = f.repairs.length ? 'ksdFindingRepairable' : 'ksdFinding';
  item.accessibilityInformation = { label: findingSpokenLabel(f) };
  return item;
}

/**
 * What a screen reader says for a finding row: "error: …, diagnosis <id>, 1 evidence line, 2 repairs". Core's t, not
 * vscode.l10n.t: unit tests load this without VS Code (the extension set core's locale to VS Code's at activation).
 */
export function findingSpokenLabel(f: DoctorFinding): string {
  const args = {
    severity: severityWord(f.severity),
    message: localizedFinding(f).message,
    id: f.id,
    evidence: f.evidence.length === 1 ? t('{count} evidence line', { count: 1 }) : t('{count} evidence lines', { count: f.evidence.length }),
    repairs: f.repairs.length === 1 ? t('{count} repair', { count: 1 }) : t('{count} repairs', { count: f.repairs.length }),
  };
  return f.object
    ? t('{severity}: {message} ({object}), diagnosis {id}, {evidence}, {repairs}', { ...args, object: objectLabel(f.object) })
    : t('{severity}: {message}, diagnosis {id}, {evidence}, {repairs}', args);
}

/** A klog line without its `E1122 00:58:41.677140    5273 scraper.go:149] ` header (the tooltip keeps it). */
export function withoutLogHeader(line: string): string {
  return line.replace(/^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ [\w.-]+:\d+\] /, '');
}

function severityIcon(s: DoctorSeverity): vscode.ThemeIcon {
  if (s === 'error') return new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
  if (s === 'warning') return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  return new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground'));
}

/** The finding's tooltip. Message, object, explanation and evidence quote the cluster: escaped, so they render as text. */
export function explanationMarkdown(f: DoctorFinding): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${markdownText(localizedFinding(f).message)}** — \`${f.id}\` (${severityWord(f.severity)})\n\n`);
  if (f.object) md.appendMarkdown(`${vscode.l10n.t('Object: {object}', { object: markdownText(objectLabel(f.object)) })}\n\n`);
  md.appendMarkdown(`${markdownText(localizedFinding(f).explanation)}\n\n`);
  // Quoted lines as escaped text, one paragraph each: a code block would not wrap them.
  if (f.evidence.length)
    md.appendMarkdown(
      f.evidence
        .slice(0, 8)
        .map((l) => `> ${markdownText(l)}\n\n`)
        .join(''),
    );
  md.appendMarkdown(`\n${vscode.l10n.t('Docs: {docs}', { docs: markdownText(f.docs) })}`);
  return md;
}

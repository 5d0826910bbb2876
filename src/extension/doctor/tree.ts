// The Doctor view: findings by severity, each expanding to its evidence lines, its docs and its repairs.
import * as vscode from 'vscode';
import type { ClusterInfo, ClusterProblem } from '../../core/cluster/types';
import type { DoctorFinding, DoctorSeverity, RepairOffer } from '../../core/doctor/types';
import { markdownText } from '../../core/text/markdown';
import { plural } from '../../core/text/plural';
import type { DiagnoseResult } from './engine';
import { SHOW_EVIDENCE_COMMAND } from './evidenceDocument';
import { objectLabel } from './preview';

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
        this.roots = [{ type: 'summary', text: `No problems found in ${run.info.context} (${run.at.toLocaleTimeString()})` }];
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
    const evidence = node.finding.evidence.slice(0, MAX_EVIDENCE).map((text, index): EvidenceNode => ({ type: 'evidence', parent: node, index, text }));
    const more = node.finding.evidence.length - evidence.length;
    if (more > 0) evidence.push({ type: 'evidence', parent: node, index: MAX_EVIDENCE, text: `… ${more} more lines (see the docs or run the CLI's doctor --format json)` });
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
        item.command = { command: SHOW_EVIDENCE_COMMAND, title: 'Show the quoted lines', arguments: [node.parent.finding] };
        item.contextValue = 'ksdEvidence';
        item.accessibilityInformation = { label: `Evidence: ${node.text}` };
        return item;
      }
      case 'docs': {
        const item = new vscode.TreeItem('Why, and what the repairs change');
        item.id = `${node.parent.key}#docs`;
        item.iconPath = new vscode.ThemeIcon('book');
        item.description = node.parent.finding.docs;
        item.tooltip = explanationMarkdown(node.parent.finding);
        item.command = { command: 'kube-scaling-doctor.openDoctorDocs', title: 'Open the docs', arguments: [node.parent.finding] };
        item.contextValue = 'ksdDocs';
        item.accessibilityInformation = { label: `Docs for ${node.parent.finding.id}: ${node.parent.finding.docs}` };
        return item;
      }
      case 'manifest': {
        const target = node.parent.finding.fixIn!;
        const item = new vscode.TreeItem(`Fix in the manifest of ${objectLabel(target)}`);
        item.id = `${node.parent.key}#manifest`;
        item.iconPath = new vscode.ThemeIcon('go-to-file');
        item.tooltip = `Opens the workspace file that defines ${objectLabel(target)} at its quick fix (the change goes into your manifest, not the cluster).`;
        item.command = { command: OPEN_FIX_MANIFEST_COMMAND, title: 'Open the manifest', arguments: [node.parent.finding] };
        item.contextValue = 'ksdManifest';
        item.accessibilityInformation = { label: `Fix ${node.parent.finding.id} in the manifest of ${objectLabel(target)}`, role: 'button' };
        return item;
      }
      case 'repair': {
        const { offer } = node;
        const item = new vscode.TreeItem(`Repair: ${offer.title}`);
        item.id = `${node.parent.key}#repair:${offer.id}`;
        item.iconPath = new vscode.ThemeIcon(offer.insecure ? 'warning' : 'wrench');
        item.description = offer.insecure ? 'insecure' : offer.id;
        item.tooltip = new vscode.MarkdownString(
          `**${offer.title}** (\`${offer.id}\`)\n\nShows the change as a diff first, checks it with a server-side dry run and asks before writing.` + (offer.warning ? `\n\n⚠ ${offer.warning}` : ''),
        );
        // Clicking the row starts the flow too: it only previews until the confirmation.
        item.command = { command: 'kube-scaling-doctor.repair', title: 'Repair…', arguments: [node] };
        item.contextValue = offer.insecure ? 'ksdRepairInsecure' : 'ksdRepair';
        item.accessibilityInformation = {
          label: `Repair ${offer.id}: ${offer.title}${offer.insecure ? ', insecure' : ''}, for ${node.parent.finding.id}`,
          role: 'button',
        };
        return item;
      }
      case 'problem': {
        const { problem } = node;
        const item = new vscode.TreeItem(problem.title);
        item.id = `problem:${problem.kind}:${problem.title}`;
        item.iconPath = new vscode.ThemeIcon('debug-disconnect');
        item.description = problem.kind;
        item.tooltip = problem.message;
        item.contextValue = 'ksdProblem';
        item.accessibilityInformation = { label: `The doctor could not check everything: ${problem.title}. ${problem.message}` };
        return item;
      }
      case 'waiting': {
        const item = new vscode.TreeItem(node.text);
        item.id = 'waiting';
        item.iconPath = new vscode.ThemeIcon('loading~spin');
        item.tooltip = 'The doctor runs again once this is done.';
        item.accessibilityInformation = { label: `Waiting: ${node.text}` };
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
  const item = new vscode.TreeItem(f.message, vscode.TreeItemCollapsibleState.Expanded);
  item.id = node.key;
  item.iconPath = severityIcon(f.severity);
  item.description = f.object ? `${objectLabel(f.object)} · ${f.id}` : f.id;
  item.tooltip = explanationMarkdown(f);
  item.contextValue = f.repairs.length ? 'ksdFindingRepairable' : 'ksdFinding';
  item.accessibilityInformation = { label: findingSpokenLabel(f) };
  return item;
}

/** What a screen reader says for a finding row: "error: …, diagnosis <id>, 1 evidence line, 2 repairs". */
export function findingSpokenLabel(f: DoctorFinding): string {
  return `${f.severity}: ${f.message}${f.object ? ` (${objectLabel(f.object)})` : ''}, diagnosis ${f.id}, ${plural(f.evidence.length, 'evidence line')}, ${plural(f.repairs.length, 'repair')}`;
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
  md.appendMarkdown(`**${markdownText(f.message)}** — \`${f.id}\` (${f.severity})\n\n`);
  if (f.object) md.appendMarkdown(`Object: ${markdownText(objectLabel(f.object))}\n\n`);
  md.appendMarkdown(`${markdownText(f.explanation)}\n\n`);
  // Quoted lines as escaped text, one paragraph each: a code block would not wrap them.
  if (f.evidence.length)
    md.appendMarkdown(
      f.evidence
        .slice(0, 8)
        .map((l) => `> ${markdownText(l)}\n\n`)
        .join(''),
    );
  md.appendMarkdown(`\nDocs: ${markdownText(f.docs)}`);
  return md;
}

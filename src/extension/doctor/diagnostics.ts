// Findings of the last doctor run as diagnostics on the workspace manifests of the objects they are about,
// on `metadata.name`. The language server finds those manifests in its workspace index
// (ManifestLocationsRequest): one index of the workspace, not a second one here.
import * as vscode from 'vscode';
import type { DoctorFinding, DoctorSeverity } from '../../core/doctor/types';
import type { ObjectRef } from '../../core/k8s/objectRef';
import type { ManifestLocation } from '../../core/language/protocol';
import { localizedFinding } from '../../core/doctor/findingText';

export const CLUSTER_DIAGNOSTIC_SOURCE = 'Scaling Doctor (cluster)';
const YAML_GLOB = '**/*.{yaml,yml}';

/** Asks the language server where the workspace manifests of `objects` are (undefined: no server running). */
export type LocateManifests = (objects: ObjectRef[], namespace: string) => Promise<ManifestLocation[] | undefined>;

export interface FindingsContext {
  findings: DoctorFinding[];
  /** The context's namespace: where a manifest without metadata.namespace would be applied. */
  namespace: string;
  /** Cluster context name, quoted in the message. */
  context: string;
}

export class ClusterDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('kube-scaling-doctor-cluster');
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private current?: FindingsContext;
  private timer?: NodeJS.Timeout;
  private generation = 0;

  constructor(
    private readonly locate: LocateManifests,
    private readonly log: (msg: string) => void,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(YAML_GLOB);
    const later = () => this.scheduleRefresh();
    this.disposables.push(
      watcher,
      watcher.onDidChange(later),
      watcher.onDidCreate(later),
      watcher.onDidDelete(later),
      // The server sees unsaved edits too: a renamed manifest loses its diagnostic before it is saved.
      vscode.workspace.onDidChangeTextDocument((e) => e.document.languageId === 'yaml' && e.contentChanges.length && later()),
    );
  }

  /** Replaces every cluster diagnostic with those of `ctx` (undefined: clears them). */
  async update(ctx: FindingsContext | undefined): Promise<void> {
    this.current = ctx;
    const gen = ++this.generation;
    const next = ctx && ctx.findings.some((f) => f.object) ? await this.compute(ctx) : new Map<string, vscode.Diagnostic[]>();
    if (gen !== this.generation) return; // a newer update won
    this.collection.clear();
    for (const [uri, diags] of next) this.collection.set(vscode.Uri.parse(uri), diags);
  }

  /** Every diagnostic currently set, by file (for tests and the output log). */
  entries(): [vscode.Uri, readonly vscode.Diagnostic[]][] {
    const out: [vscode.Uri, readonly vscode.Diagnostic[]][] = [];
    this.collection.forEach((uri, diags) => out.push([uri, diags]));
    return out;
  }

  private scheduleRefresh(): void {
    if (!this.current) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(this.current).catch((err) => this.log(`cluster diagnostics not refreshed: ${String(err)}`)), 500);
  }

  private async compute(ctx: FindingsContext): Promise<Map<string, vscode.Diagnostic[]>> {
    const withObject = ctx.findings.filter((f) => f.object);
    const out = new Map<string, vscode.Diagnostic[]>();
    const locations = await this.locate(
      withObject.map((f) => f.object!),
      ctx.namespace,
    );
    if (!locations) {
      this.log('cluster diagnostics: the language server is not running');
      return out;
    }
    for (const loc of locations) {
      const finding = withObject[loc.object];
      if (!finding) continue;
      const { start, end } = loc.range;
      const d = new vscode.Diagnostic(new vscode.Range(start.line, start.character, end.line, end.character), diagnosticMessage(finding, ctx.context), severityOf(finding.severity));
      d.source = CLUSTER_DIAGNOSTIC_SOURCE;
      d.code = finding.id;
      out.set(loc.uri, [...(out.get(loc.uri) ?? []), d]);
    }
    this.log(`cluster diagnostics: ${[...out.values()].reduce((n, l) => n + l.length, 0)} on ${out.size} files`);
    return out;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

function diagnosticMessage(f: DoctorFinding, context: string): string {
  const evidence = localizedFinding(f)
    .evidence.slice(0, 3)
    .map((l) => `\n  ${l}`)
    .join('');
  return `${vscode.l10n.t('{message} (cluster context {context})', { message: localizedFinding(f).message, context })}${evidence}`;
}

function severityOf(s: DoctorSeverity): vscode.DiagnosticSeverity {
  return s === 'error' ? vscode.DiagnosticSeverity.Error : s === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
}

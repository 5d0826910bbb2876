// Findings of the last doctor run as diagnostics on the workspace manifests of the objects they are about
// (matched by kind, name and namespace through src/core's workspace index), on `metadata.name`.
import * as vscode from 'vscode';
import { LineIndex } from '../../core/positions';
import { Workspace } from '../../core/workspace';
import type { DoctorFinding, DoctorSeverity } from '../../core/doctor/types';
import { findingLocations } from './manifestMatch';

export const CLUSTER_DIAGNOSTIC_SOURCE = 'Scaling Doctor (cluster)';
const YAML_GLOB = '**/*.{yaml,yml}';
const EXCLUDE_GLOB = '**/{node_modules,.git}/**';
const MAX_FILES = 5000;

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

  constructor(private readonly log: (msg: string) => void) {
    const watcher = vscode.workspace.createFileSystemWatcher(YAML_GLOB);
    const later = () => this.scheduleRefresh();
    this.disposables.push(watcher, watcher.onDidChange(later), watcher.onDidCreate(later), watcher.onDidDelete(later), vscode.workspace.onDidSaveTextDocument(later));
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
    const objects = ctx.findings.filter((f) => f.object);
    const names = new Set(objects.map((f) => f.object!.name));
    const ws = new Workspace();
    const texts = new Map<string, string>();
    for (const uri of await vscode.workspace.findFiles(YAML_GLOB, EXCLUDE_GLOB, MAX_FILES)) {
      const text = await readText(uri);
      // Only files that mention one of the names are parsed.
      if (text === undefined || ![...names].some((n) => text.includes(n))) continue;
      ws.set(uri.toString(), text);
      texts.set(uri.toString(), text);
    }
    const out = new Map<string, vscode.Diagnostic[]>();
    for (const loc of findingLocations(ws, objects, ctx.namespace)) {
      const lines = new LineIndex(texts.get(loc.uri)!);
      const start = lines.positionAt(loc.range.start);
      const end = lines.positionAt(loc.range.end);
      const d = new vscode.Diagnostic(new vscode.Range(start.line, start.character, end.line, end.character), diagnosticMessage(loc.finding, ctx.context), severityOf(loc.finding.severity));
      d.source = CLUSTER_DIAGNOSTIC_SOURCE;
      d.code = loc.finding.id;
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
  const evidence = f.evidence.slice(0, 3).map((l) => `\n  ${l}`).join('');
  return `${f.message} (cluster context ${context})${evidence}`;
}

function severityOf(s: DoctorSeverity): vscode.DiagnosticSeverity {
  return s === 'error' ? vscode.DiagnosticSeverity.Error : s === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

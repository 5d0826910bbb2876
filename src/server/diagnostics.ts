// Publishing findings as LSP diagnostics: a debounced re-analysis after edits, and when a manifest
// changes (findings can span files) the other manifests in a backlog drained in small slices.
import { CodeLensRefreshRequest, DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver/node';
import type { Finding, Severity } from '../core/lint/types';
import { holdsAdapterConfig } from '../core/k8s/prometheusAdapter/config';
import type { SourceFile } from '../core/manifest/model';
import { toRange } from './lspConvert';
import { ruleDocsUrl } from './ruleDocs';
import { SOURCE, type ServerState } from './state';
import { currentLocale, textOf } from '../core/l10n';

/** Milliseconds between a change and re-analysis, unless ServerOptions.debounceMs says otherwise. */
export const DEBOUNCE_MS = 150;

function toSeverity(s: Severity): DiagnosticSeverity {
  return s === 'error' ? DiagnosticSeverity.Error : s === 'warning' ? DiagnosticSeverity.Warning : s === 'info' ? DiagnosticSeverity.Information : DiagnosticSeverity.Hint;
}

export function toDiagnostic(state: ServerState, file: SourceFile, f: Finding): Diagnostic {
  const href = ruleDocsUrl(f.rule, state.docsBaseUrl, currentLocale());
  const tags: DiagnosticTag[] = [];
  if (f.tags?.includes('deprecated')) tags.push(DiagnosticTag.Deprecated);
  if (f.tags?.includes('unnecessary')) tags.push(DiagnosticTag.Unnecessary);
  return {
    range: toRange(file, f.range),
    severity: toSeverity(f.severity),
    code: f.rule,
    ...(href ? { codeDescription: { href } } : {}),
    source: SOURCE,
    message: textOf(f.l10n ?? f.message),
    ...(tags.length ? { tags } : {}),
  };
}

export class Diagnostics {
  /** What was last sent per file (JSON), so unchanged diagnostics are not sent again. */
  private readonly published = new Map<string, string>();
  /** Files that were Kubernetes manifests (or prometheus-adapter values, which HPAs are checked against) at their last analysis. */
  private readonly manifests = new Set<string>();
  /** Changed files waiting for the debounce timer. */
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  /** Files to re-analyze a slice at a time, between requests. */
  private readonly backlog = new Set<string>();
  private draining: NodeJS.Immediate | undefined;

  constructor(
    private readonly state: ServerState,
    private readonly debounceMs = DEBOUNCE_MS,
  ) {}

  publish(uri: string): void {
    const { workspace, documents, connection } = this.state;
    const file = workspace.get(uri);
    const diagnostics = file ? this.state.analyze(uri).map((f) => toDiagnostic(this.state, file, f)) : [];
    const key = JSON.stringify(diagnostics);
    if ((this.published.get(uri) ?? '[]') === key) return;
    if (diagnostics.length) this.published.set(uri, key);
    else this.published.delete(uri);
    void connection.sendDiagnostics({ uri, version: documents.get(uri)?.version, diagnostics });
  }

  /** Files whose findings can depend on other files: every Kubernetes manifest. */
  private crossFileUris(): string[] {
    return this.state.workspace
      .allFiles()
      .filter((f) => f.isManifest)
      .map((f) => f.uri);
  }

  private publishSafely(uri: string): void {
    try {
      this.publish(uri);
    } catch (err) {
      this.state.connection.console.error(`[${SOURCE}] analysis of ${uri} failed: ${(err as Error)?.message}`);
    }
  }

  /**
   * Re-analyzes changed files and open documents at once; when a manifest changed, the other manifests
   * follow in slices of ~20 ms so requests (hover, completion) are answered in between.
   */
  analyzeNow(changed: Iterable<string>): void {
    const started = Date.now();
    const now = new Set<string>();
    let crossFile = false;
    for (const uri of changed) {
      now.add(uri);
      const file = this.state.workspace.get(uri);
      const source = !!file && (file.isManifest || holdsAdapterConfig(file.docs));
      if (!file || source || this.manifests.has(uri)) crossFile = true;
      if (source) this.manifests.add(uri);
      else this.manifests.delete(uri);
    }
    if (crossFile) for (const d of this.state.documents.all()) now.add(d.uri);
    for (const uri of now) {
      this.backlog.delete(uri);
      this.publishSafely(uri);
    }
    if (crossFile) {
      for (const uri of this.crossFileUris()) if (!now.has(uri)) this.backlog.add(uri);
      this.drainBacklog(started, now.size);
      this.refreshLenses();
    }
  }

  /** Lenses of other open files may change with this one (what an HPA's target lacks): ask the client to re-request them. */
  private refreshLenses(): void {
    if (this.state.client.refreshLenses) this.state.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }

  /** Everything, e.g. after the workspace scan or a settings change: open documents first. */
  analyzeAll(): void {
    const open = new Set(this.state.documents.all().map((d) => d.uri));
    for (const uri of open) this.publishSafely(uri);
    for (const f of this.state.workspace.allFiles()) {
      if (f.isManifest) this.manifests.add(f.uri);
      if (!open.has(f.uri)) this.backlog.add(f.uri);
    }
    this.drainBacklog();
    this.refreshLenses();
  }

  private drainBacklog(started = Date.now(), done = 0): void {
    if (this.draining) return;
    const step = () => {
      const slice = Date.now() + 20;
      while (this.backlog.size && Date.now() < slice) {
        const uri = this.backlog.values().next().value as string;
        this.backlog.delete(uri);
        this.publishSafely(uri);
        done++;
      }
      if (this.backlog.size) {
        this.draining = setImmediate(step);
      } else {
        this.draining = undefined;
        const ms = Date.now() - started;
        if (ms > 100) this.state.log(`re-analyzed ${done} files in ${ms} ms`);
      }
    };
    this.draining = setImmediate(step);
  }

  /** Re-analysis of `uri` (and what depends on it) once edits pause for debounceMs. */
  schedule(uri: string): void {
    this.pending.add(uri);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const batch = [...this.pending];
      this.pending.clear();
      this.analyzeNow(batch);
    }, this.debounceMs);
  }

  /** On shutdown: no timer or slice runs after it. */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.draining) clearImmediate(this.draining);
    this.timer = undefined;
    this.draining = undefined;
    this.backlog.clear();
  }
}

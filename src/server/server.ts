// The language server: diagnostics for open and workspace YAML files, code actions, code lenses, hover and completion.
import { existsSync, promises as fsp } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeAction,
  CodeActionKind,
  CodeLensRefreshRequest,
  CompletionItemKind,
  DiagnosticSeverity,
  DiagnosticTag,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  MarkupKind,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeLens,
  type CompletionItem,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type Range,
  type WorkspaceEdit,
  type WorkspaceFoldersChangeEvent,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeFile } from '../core/lint/analyzer';
import { findYamlFiles } from '../core/manifest/files';
import { lineDiffEdits } from '../core/text/diff';
import { fixAllSafe, safeFixOf } from '../core/lint/fixAll';
import { lensesFor, type LensAction } from '../core/language/lenses';
import type { SourceFile } from '../core/manifest/model';
import { LineIndex } from '../core/text/positions';
import { defaultSettings, withDefaults, type Settings } from '../core/lint/settings';
import type { Finding, Fix, Severity } from '../core/lint/types';
import type { OffsetRange, TextEdit } from '../core/text/edits';
import { Workspace } from '../core/manifest/workspace';
import { manifestLocations } from '../core/language/manifestLocations';
import { COMMANDS, ManifestLocationsRequest, SETTINGS_SECTION, settingsFromConfiguration, type ManifestLocation, type ManifestLocationsParams } from '../core/language/protocol';
import { completionsAt } from '../core/language/completion';
import { hoverAt } from '../core/language/hover';
import { conversionsFor } from '../core/convert';
import { docAt } from '../core/language/yamlPath';

export const SOURCE = 'kube-scaling-doctor';
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.${SOURCE}`;

/** Bounds of the workspace scan: files beyond them are analyzed only when opened. */
const MAX_WORKSPACE_FILES = 5000;
const MAX_FILE_BYTES = 1024 * 1024;
const DEBOUNCE_MS = 150;

export interface ServerOptions {
  /** Milliseconds between a change and re-analysis. */
  debounceMs?: number;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const workspace = new Workspace();
  const diskFiles = new Set<string>();
  const published = new Map<string, string>();
  const lineIndexes = new WeakMap<SourceFile, LineIndex>();
  const pending = new Set<string>();
  /** Files that were Kubernetes manifests at their last analysis. */
  const manifests = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let settings: Settings = defaultSettings;
  let initSettings: unknown;
  let folders: string[] = [];
  let docsBaseUrl: string | undefined;
  let canPullConfig = false;
  let canWatchDynamically = false;
  let canWatchFolders = false;
  let canShowDocument = false;
  let canResolveEdits = false;
  let canRefreshLenses = false;
  const debounceMs = options.debounceMs ?? DEBOUNCE_MS;

  const log = (msg: string) => connection.console.log(`[${SOURCE}] ${msg}`);

  /** Wraps a handler so a failure is logged and answered with a neutral result instead of breaking the session. */
  function safe<A extends unknown[], R>(name: string, fallback: R, fn: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
    return async (...args: A) => {
      try {
        return await fn(...args);
      } catch (err) {
        connection.console.error(`[${SOURCE}] ${name} failed: ${(err as Error)?.stack ?? err}`);
        return fallback;
      }
    };
  }

  // ---- positions and edits ----

  function indexOf(file: SourceFile): LineIndex {
    let idx = lineIndexes.get(file);
    if (!idx) lineIndexes.set(file, (idx = new LineIndex(file.text)));
    return idx;
  }

  function toRange(file: SourceFile, r: OffsetRange): Range {
    const idx = indexOf(file);
    return { start: idx.positionAt(r.start), end: idx.positionAt(r.end) };
  }

  function toWorkspaceEdit(edits: readonly TextEdit[]): WorkspaceEdit {
    const changes: WorkspaceEdit['changes'] = {};
    for (const e of edits) {
      const file = workspace.get(e.uri);
      if (!file) continue;
      (changes[e.uri] ??= []).push({ range: toRange(file, e.range), newText: e.newText });
    }
    return { changes };
  }

  // ---- rules docs ----

  const docsDir = (() => {
    let dir = __dirname;
    for (let i = 0; i < 4; i++) {
      const candidate = join(dir, 'docs', 'rules');
      if (existsSync(candidate)) return candidate;
      dir = dirname(dir);
    }
    return undefined;
  })();

  function docsUrl(rule: string): string | undefined {
    if (docsBaseUrl) return `${docsBaseUrl.replace(/\/?$/, '/')}${rule}.md`;
    if (!docsDir) return undefined;
    const file = join(docsDir, `${rule}.md`);
    return existsSync(file) ? pathToFileURL(file).href : undefined;
  }

  // ---- diagnostics ----

  function toSeverity(s: Severity): DiagnosticSeverity {
    return s === 'error' ? DiagnosticSeverity.Error : s === 'warning' ? DiagnosticSeverity.Warning : s === 'info' ? DiagnosticSeverity.Information : DiagnosticSeverity.Hint;
  }

  function toDiagnostic(file: SourceFile, f: Finding): Diagnostic {
    const href = docsUrl(f.rule);
    const tags: DiagnosticTag[] = [];
    if (f.tags?.includes('deprecated')) tags.push(DiagnosticTag.Deprecated);
    if (f.tags?.includes('unnecessary')) tags.push(DiagnosticTag.Unnecessary);
    return {
      range: toRange(file, f.range),
      severity: toSeverity(f.severity),
      code: f.rule,
      ...(href ? { codeDescription: { href } } : {}),
      source: SOURCE,
      message: f.message,
      ...(tags.length ? { tags } : {}),
    };
  }

  function analyze(uri: string): Finding[] {
    return analyzeFile(workspace, uri, settings);
  }

  function publish(uri: string): void {
    const file = workspace.get(uri);
    const diagnostics = file ? analyze(uri).map((f) => toDiagnostic(file, f)) : [];
    const key = JSON.stringify(diagnostics);
    if ((published.get(uri) ?? '[]') === key) return;
    if (diagnostics.length) published.set(uri, key);
    else published.delete(uri);
    void connection.sendDiagnostics({ uri, version: documents.get(uri)?.version, diagnostics });
  }

  /** Files whose findings can depend on other files: every Kubernetes manifest. */
  function crossFileUris(): string[] {
    return workspace.allFiles().filter((f) => f.isManifest).map((f) => f.uri);
  }

  function publishSafely(uri: string): void {
    try {
      publish(uri);
    } catch (err) {
      connection.console.error(`[${SOURCE}] analysis of ${uri} failed: ${(err as Error)?.message}`);
    }
  }

  /**
   * Re-analyzes changed files and open documents at once; when a manifest changed, the other manifests
   * follow in slices of ~20 ms so requests (hover, completion) are answered in between.
   */
  function analyzeNow(changed: Iterable<string>): void {
    const started = Date.now();
    const now = new Set<string>();
    let crossFile = false;
    for (const uri of changed) {
      now.add(uri);
      const file = workspace.get(uri);
      if (!file || file.isManifest || manifests.has(uri)) crossFile = true;
      if (file?.isManifest) manifests.add(uri);
      else manifests.delete(uri);
    }
    if (crossFile) for (const d of documents.all()) now.add(d.uri);
    for (const uri of now) {
      backlog.delete(uri);
      publishSafely(uri);
    }
    if (crossFile) {
      for (const uri of crossFileUris()) if (!now.has(uri)) backlog.add(uri);
      drainBacklog(started, now.size);
      refreshLenses();
    }
  }

  /** Lenses of other open files may change with this one (what an HPA's target lacks): ask the client to re-request them. */
  function refreshLenses(): void {
    if (canRefreshLenses) connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }

  const backlog = new Set<string>();
  let draining: NodeJS.Immediate | undefined;

  /** Everything, e.g. after the workspace scan or a settings change: open documents first. */
  function analyzeAll(): void {
    const open = new Set(documents.all().map((d) => d.uri));
    for (const uri of open) publishSafely(uri);
    for (const f of workspace.allFiles()) {
      if (f.isManifest) manifests.add(f.uri);
      if (!open.has(f.uri)) backlog.add(f.uri);
    }
    drainBacklog();
    refreshLenses();
  }

  function drainBacklog(started = Date.now(), done = 0): void {
    if (draining) return;
    const step = () => {
      const slice = Date.now() + 20;
      while (backlog.size && Date.now() < slice) {
        const uri = backlog.values().next().value as string;
        backlog.delete(uri);
        publishSafely(uri);
        done++;
      }
      if (backlog.size) {
        draining = setImmediate(step);
      } else {
        draining = undefined;
        const ms = Date.now() - started;
        if (ms > 100) log(`re-analyzed ${done} files in ${ms} ms`);
      }
    };
    draining = setImmediate(step);
  }

  function schedule(uri: string): void {
    pending.add(uri);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      const batch = [...pending];
      pending.clear();
      analyzeNow(batch);
    }, debounceMs);
  }

  // ---- workspace files ----

  function isInWorkspace(uri: string): boolean {
    if (!uri.startsWith('file:')) return false;
    const path = fileURLToPath(uri);
    return folders.some((f) => path === f || path.startsWith(f.endsWith('/') ? f : f + '/') || path.startsWith(f + '\\'));
  }

  async function loadFromDisk(uri: string): Promise<boolean> {
    try {
      const path = fileURLToPath(uri);
      const st = await fsp.stat(path);
      if (!st.isFile() || st.size > MAX_FILE_BYTES) return false;
      const text = (await fsp.readFile(path, 'utf8')).replace(/^\ufeff/, ''); // editors hide a BOM, so positions match theirs
      if (!documents.get(uri)) workspace.set(uri, text);
      diskFiles.add(uri);
      return true;
    } catch {
      return false;
    }
  }

  async function scanWorkspace(): Promise<void> {
    const started = Date.now();
    let count = 0;
    for (const folder of folders) {
      const paths = await findYamlFiles(folder, { maxFiles: MAX_WORKSPACE_FILES - count });
      for (const p of paths) if (await loadFromDisk(pathToFileURL(p).href)) count++;
    }
    log(`indexed ${count} YAML files from ${folders.length} workspace folder(s) in ${Date.now() - started} ms`);
  }

  // ---- settings ----

  function merge(a: Partial<Settings>, b: Partial<Settings>): Partial<Settings> {
    const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
    return { ...defined(a), ...defined(b), defaultRequests: { ...defined(a.defaultRequests ?? {}), ...defined(b.defaultRequests ?? {}) } as Settings['defaultRequests'] };
  }

  async function refreshSettings(pushed?: unknown): Promise<void> {
    let fromClient: Partial<Settings> = settingsFromConfiguration(pushed);
    if (canPullConfig) {
      try {
        fromClient = merge(fromClient, settingsFromConfiguration(await connection.workspace.getConfiguration(SETTINGS_SECTION)));
      } catch (err) {
        log(`could not read settings: ${(err as Error).message}`);
      }
    }
    settings = withDefaults(merge(settingsFromConfiguration(initSettings), fromClient));
  }

  // ---- lifecycle ----

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    canPullConfig = !!caps.workspace?.configuration;
    canWatchDynamically = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    canWatchFolders = !!caps.workspace?.workspaceFolders;
    canShowDocument = !!caps.window?.showDocument?.support;
    canResolveEdits = !!caps.textDocument?.codeAction?.resolveSupport?.properties?.includes('edit');
    canRefreshLenses = !!caps.workspace?.codeLens?.refreshSupport;
    const init = (params.initializationOptions ?? {}) as Record<string, unknown>;
    initSettings = init;
    if (typeof init.docsBaseUrl === 'string') docsBaseUrl = init.docsBaseUrl;
    settings = withDefaults(settingsFromConfiguration(init));
    folders = (params.workspaceFolders ?? []).map((f) => f.uri).concat(!params.workspaceFolders && params.rootUri ? [params.rootUri] : [])
      .filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u).replace(/[\\/]$/, ''));
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND], resolveProvider: true },
        codeLensProvider: { resolveProvider: false },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [':', ' ', '-'] },
        executeCommandProvider: { commands: Object.values(COMMANDS) },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: SOURCE },
    };
  });

  const onFoldersChanged = safe('workspaceFolders', undefined, async (e: WorkspaceFoldersChangeEvent) => {
    const removed = e.removed.map((f) => fileURLToPath(f.uri).replace(/[\\/]$/, ''));
    folders = folders.filter((f) => !removed.includes(f)).concat(e.added.map((f) => fileURLToPath(f.uri).replace(/[\\/]$/, '')));
    for (const uri of [...diskFiles]) {
      if (!isInWorkspace(uri)) {
        diskFiles.delete(uri);
        if (!documents.get(uri)) {
          workspace.delete(uri);
          publish(uri);
        }
      }
    }
    await scanWorkspace();
    analyzeAll();
  });

  connection.onInitialized(safe('initialized', undefined, async () => {
    if (canWatchFolders) connection.workspace.onDidChangeWorkspaceFolders((e) => void onFoldersChanged(e));
    if (canWatchDynamically) {
      await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{yaml,yml}' }] });
    }
    await refreshSettings();
    await scanWorkspace();
    analyzeAll();
  }));

  connection.onDidChangeConfiguration(safe('configuration', undefined, async (params) => {
    await refreshSettings(params.settings);
    analyzeAll();
  }));

  documents.onDidChangeContent((e) => {
    try {
      workspace.set(e.document.uri, e.document.getText());
      schedule(e.document.uri);
    } catch (err) {
      connection.console.error(`[${SOURCE}] change of ${e.document.uri} failed: ${(err as Error)?.message}`);
    }
  });

  documents.onDidClose(safe('close', undefined, async (e) => {
    const uri = e.document.uri;
    if (diskFiles.has(uri) || isInWorkspace(uri)) {
      if (!(await loadFromDisk(uri))) workspace.delete(uri);
    } else {
      workspace.delete(uri);
    }
    schedule(uri);
  }));

  connection.onDidChangeWatchedFiles(safe('watchedFiles', undefined, async (params) => {
    for (const change of params.changes) {
      const uri = change.uri;
      if (!/\.ya?ml$/i.test(uri) || documents.get(uri)) continue;
      if (change.type === FileChangeType.Deleted) {
        diskFiles.delete(uri);
        workspace.delete(uri);
      } else if (isInWorkspace(uri) && !/[\\/](node_modules|\.git)[\\/]/.test(uri)) {
        await loadFromDisk(uri);
      }
      schedule(uri);
    }
  }));

  // ---- code actions ----

  function overlapping(file: SourceFile, findings: Finding[], range: Range): Finding[] {
    const idx = indexOf(file);
    const start = idx.offsetAt(range.start);
    const end = idx.offsetAt(range.end);
    return findings.filter((f) => f.range.start <= end && start <= f.range.end);
  }

  function fixAllEdit(uri: string): WorkspaceEdit | undefined {
    const copy = new Workspace();
    for (const f of workspace.allFiles()) if (f.isManifest || f.uri === uri) copy.set(f.uri, f.text);
    const result = fixAllSafe(copy, [uri], settings);
    const edits: TextEdit[] = [];
    for (const [u, text] of result.texts) {
      const before = workspace.get(u)?.text;
      if (before !== undefined) for (const edit of lineDiffEdits(before, text)) edits.push({ uri: u, ...edit });
    }
    return edits.length ? toWorkspaceEdit(edits) : undefined;
  }

  connection.onCodeAction(safe('codeAction', [] as CodeAction[], (params) => {
    const uri = params.textDocument.uri;
    const file = workspace.get(uri);
    if (!file) return [];
    const only = params.context.only;
    const wanted = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
    const actions: CodeAction[] = [];
    const findings = analyze(uri);
    if (wanted(CodeActionKind.QuickFix)) {
      for (const f of overlapping(file, findings, params.range)) {
        const diagnostic = toDiagnostic(file, f);
        f.fixes.forEach((fix, i) => {
          actions.push({
            title: fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: fix.preferred ?? (f.fixes.length === 1 && i === 0),
            edit: toWorkspaceEdit(fix.edits),
          });
        });
      }
    }
    if (wanted(CodeActionKind.RefactorRewrite)) {
      const idx = indexOf(file);
      const start = idx.offsetAt(params.range.start);
      const doc = docAt(file.docs, start);
      if (doc) {
        // The deprecated-API rules offer the same conversions as quick fixes: list each once.
        const titles = new Set(actions.map((a) => a.title));
        for (const fix of conversions(doc)) {
          if (!titles.has(fix.title)) actions.push({ title: fix.title, kind: CodeActionKind.RefactorRewrite, edit: toWorkspaceEdit(fix.edits) });
        }
      }
    }
    if (wanted(FIX_ALL_KIND) && findings.some((f) => safeFixOf(f))) {
      const action: CodeAction = { title: 'Fix all safe problems in file', kind: FIX_ALL_KIND, data: { uri } };
      const edit = canResolveEdits ? undefined : fixAllEdit(uri);
      if (canResolveEdits || edit) actions.push(edit ? { ...action, edit } : action);
    }
    return actions;
  }));

  connection.onCodeActionResolve(safe('codeActionResolve', {} as CodeAction, (action) => {
    const uri = (action.data as { uri?: string } | undefined)?.uri;
    if (action.kind === FIX_ALL_KIND && uri) return { ...action, edit: fixAllEdit(uri) ?? { changes: {} } };
    return action;
  }));

  function conversions(doc: Parameters<typeof conversionsFor>[0]): Fix[] {
    try {
      return conversionsFor(doc, { workspace, settings });
    } catch (err) {
      connection.console.error(`[${SOURCE}] conversions failed: ${(err as Error)?.message}`);
      return [];
    }
  }

  // ---- code lenses and commands ----

  connection.onCodeLens(safe('codeLens', [] as CodeLens[], (params) => {
    const uri = params.textDocument.uri;
    const file = workspace.get(uri);
    if (!file) return [];
    const version = documents.get(uri)?.version ?? null;
    return lensesFor({ workspace, uri, settings, findings: analyze(uri), conversions }).map((lens) => ({
      range: toRange(file, lens.range),
      command: lens.action
        ? { title: lens.title, command: commandOf(lens.action), arguments: [{ ...lens.action, version }] }
        : { title: lens.title, command: '' },
    }));
  }));

  function commandOf(action: LensAction): string {
    return action.kind === 'applyFix' ? COMMANDS.applyFix : action.kind === 'applyConversion' ? COMMANDS.applyConversion : COMMANDS.show;
  }

  async function apply(label: string, edit: WorkspaceEdit): Promise<boolean> {
    const res = await connection.workspace.applyEdit({ label, edit });
    if (!res.applied) log(`the editor did not apply "${label}"${res.failureReason ? `: ${res.failureReason}` : ''}`);
    return res.applied;
  }

  connection.onExecuteCommand(safe('executeCommand', undefined as unknown, async (params) => {
    const arg = (params.arguments?.[0] ?? {}) as Record<string, unknown>;
    const uri = typeof arg.uri === 'string' ? arg.uri : '';
    const file = workspace.get(uri);
    if (!file) {
      void connection.window.showWarningMessage(`${SOURCE}: ${uri || 'the file'} is not open or not indexed.`);
      return false;
    }
    switch (params.command) {
      case COMMANDS.applyFix: {
        const finding = analyze(uri).find((f) => f.rule === arg.rule && f.range.start === arg.start);
        const fix = finding?.fixes[typeof arg.fixIndex === 'number' ? arg.fixIndex : 0];
        if (!fix) {
          void connection.window.showWarningMessage(`${SOURCE}: the problem changed since the lens was shown; nothing applied.`);
          return false;
        }
        return apply(fix.title, toWorkspaceEdit(fix.edits));
      }
      case COMMANDS.applyConversion: {
        const doc = file.docs[typeof arg.docIndex === 'number' ? arg.docIndex : -1];
        const fix = doc ? conversions(doc)[typeof arg.conversionIndex === 'number' ? arg.conversionIndex : 0] : undefined;
        if (!fix) {
          void connection.window.showWarningMessage(`${SOURCE}: this document no longer offers that conversion.`);
          return false;
        }
        return apply(fix.title, toWorkspaceEdit(fix.edits));
      }
      case COMMANDS.fixAll: {
        const edit = fixAllEdit(uri);
        return edit ? apply('Fix all safe problems in file', edit) : false;
      }
      case COMMANDS.show: {
        const range = arg.range as OffsetRange | undefined;
        if (!canShowDocument || !range) return false;
        const res = await connection.window.showDocument({ uri, takeFocus: true, selection: toRange(file, range) });
        return res.success;
      }
      default:
        return false;
    }
  }));

  // ---- cluster objects in the workspace (the Doctor view's diagnostics) ----

  connection.onRequest(ManifestLocationsRequest.method, safe('manifestLocations', [] as ManifestLocation[], (params: ManifestLocationsParams) => {
    const objects = Array.isArray(params?.objects) ? params.objects : [];
    return manifestLocations(workspace, objects, typeof params?.namespace === 'string' ? params.namespace : 'default').map((l) => ({
      uri: l.uri,
      object: l.object,
      range: toRange(workspace.get(l.uri)!, l.range),
    }));
  }));

  // ---- hover and completion ----

  connection.onHover(safe('hover', null, (params) => {
    const file = workspace.get(params.textDocument.uri);
    if (!file) return null;
    const offset = indexOf(file).offsetAt(params.position);
    const hover = hoverAt(file, analyze(file.uri), offset, docsUrl);
    if (!hover) return null;
    return { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: hover.range ? toRange(file, hover.range) : undefined };
  }));

  connection.onCompletion(safe('completion', [] as CompletionItem[], (params) => {
    const file = workspace.get(params.textDocument.uri);
    if (!file) return [];
    const idx = indexOf(file);
    const offset = idx.offsetAt(params.position);
    return completionsAt(file.text, offset, docAt(file.docs, offset), settings).map((s, i): CompletionItem => ({
      label: s.label,
      kind: CompletionItemKind.Value,
      detail: s.detail,
      documentation: s.documentation ? { kind: MarkupKind.Markdown, value: s.documentation } : undefined,
      textEdit: { range: toRange(file, s.range), newText: s.insertText },
      filterText: s.insertText,
      sortText: `${s.discouraged ? 'z' : s.preferred ? 'a' : 'm'}${String(i).padStart(3, '0')}`,
      preselect: s.preferred || undefined,
    }));
  }));

  connection.onShutdown(() => {
    if (timer) clearTimeout(timer);
    if (draining) clearImmediate(draining);
    timer = undefined;
    draining = undefined;
    backlog.clear();
  });

  documents.listen(connection);
  connection.listen();
}

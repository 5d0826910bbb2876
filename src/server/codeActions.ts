// Code actions: quick fixes of the findings under the cursor, conversions of the document (refactor),
// and "fix all safe problems" (source.fixAll.kube-scaling-doctor: only fixes whose safety is 'safe', never a guess),
// resolved lazily when the client can.
import { CodeActionKind, CodeActionRequest, CodeActionResolveRequest, type CodeAction, type Range, type WorkspaceEdit } from 'vscode-languageserver/node';
import { conversionsFor } from '../core/convert';
import { COMMANDS } from '../core/language/protocol';
import { docAt } from '../core/language/yamlPath';
import { fixAllSafe, safeFixOf } from '../core/lint/fixAll';
import type { Finding } from '../core/lint/types';
import type { Fix } from '../core/text/edits';
import type { SourceFile } from '../core/manifest/model';
import { Workspace } from '../core/manifest/workspace';
import { lineDiffEdits } from '../core/text/diff';
import type { TextEdit } from '../core/text/edits';
import { toDiagnostic } from './diagnostics';
import { documentUri, invalidParams, paramsObject, rangeParam } from './incoming';
import { indexOf, offsetAt } from './lspConvert';
import { SOURCE, type ServerState } from './state';
import { t, textOf } from '../core/l10n';

/** The fix-all kind editors can run on save (`editor.codeActionsOnSave`). */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.${SOURCE}`;

/** Whether a finding overlaps an LSP range of the file. */
function overlapping(file: SourceFile, range: Range): (f: Finding) => boolean {
  const idx = indexOf(file);
  const start = idx.offsetAt(range.start);
  const end = idx.offsetAt(range.end);
  return (f) => f.range.start <= end && start <= f.range.end;
}

/** Every safe fix of `uri` at once, computed on a copy of the manifests; undefined when nothing changes. */
export function fixAllEdit(state: ServerState, uri: string): WorkspaceEdit | undefined {
  const { workspace } = state;
  const copy = new Workspace();
  for (const f of workspace.allFiles()) if (f.isManifest || f.uri === uri) copy.set(f.uri, f.text);
  const result = fixAllSafe(copy, [uri], state.settings);
  const edits: TextEdit[] = [];
  for (const [u, text] of result.texts) {
    const before = workspace.get(u)?.text;
    if (before !== undefined) for (const edit of lineDiffEdits(before, text)) edits.push({ uri: u, ...edit });
  }
  return edits.length ? state.workspaceEdit(edits) : undefined;
}

/** The conversions a document offers (e.g. HPA → ScaledObject); a failing converter offers none. */
export function conversions(state: ServerState, doc: Parameters<typeof conversionsFor>[0]): Fix[] {
  try {
    return conversionsFor(doc, { workspace: state.workspace, settings: state.settings });
  } catch (err) {
    state.connection.console.error(`[${SOURCE}] conversions failed: ${(err as Error)?.message}`);
    return [];
  }
}

export function registerCodeActions(state: ServerState): void {
  const { connection, workspace } = state;

  // onRequest rather than onCodeAction: the latter reads params before the handler and fails on `params: null`.
  connection.onRequest(
    CodeActionRequest.type,
    state.safe('codeAction', [] as CodeAction[], (raw: unknown) => {
      const method = CodeActionRequest.method;
      const uri = documentUri(method, raw);
      const range = rangeParam(method, raw);
      const context = paramsObject(method, raw).context as { only?: unknown } | undefined;
      const file = workspace.get(uri);
      if (!file) return [];
      const only = Array.isArray(context?.only) ? context.only.filter((o): o is string => typeof o === 'string') : undefined;
      const wanted = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
      const actions: CodeAction[] = [];
      if (wanted(CodeActionKind.QuickFix)) {
        // Findings under the cursor can offer the same fix (one container missing cpu and memory): list it once, for all of them.
        const byFix = new Map<string, CodeAction>();
        for (const f of state.findingsToFix(uri, overlapping(file, range))) {
          const diagnostic = toDiagnostic(state, file, f);
          f.fixes.forEach((fix, i) => {
            const key = JSON.stringify([fix.title, fix.edits]);
            const listed = byFix.get(key);
            if (listed) {
              listed.diagnostics!.push(diagnostic);
              return;
            }
            const action: CodeAction = {
              title: textOf(fix.title),
              kind: CodeActionKind.QuickFix,
              diagnostics: [diagnostic],
              // A guess is never preferred: editors apply preferred fixes with one key (auto fix) without showing the menu.
              isPreferred: fix.safety !== 'guess' && (fix.preferred ?? (f.fixes.length === 1 && i === 0)),
              edit: state.workspaceEdit(fix.edits),
            };
            byFix.set(key, action);
            actions.push(action);
          });
        }
      }
      if (wanted(CodeActionKind.RefactorRewrite)) {
        const start = offsetAt(file, range.start);
        const doc = docAt(file.docs, start);
        if (doc) {
          // The deprecated-API rules offer the same conversions as quick fixes: list each once.
          const titles = new Set(actions.map((a) => a.title));
          for (const fix of conversions(state, doc)) {
            const title = textOf(fix.title);
            if (!titles.has(title)) actions.push({ title, kind: CodeActionKind.RefactorRewrite, edit: state.workspaceEdit(fix.edits) });
          }
        }
      }
      if (wanted(FIX_ALL_KIND) && state.analyze(uri).some((f) => safeFixOf(f))) {
        // Names the text the action was offered for: resolving or running it after an edit (or a reopen) fixes nothing.
        const offeredFor = { uri, version: state.versionOf(uri), textHash: state.textHashOf(uri) };
        const title = t('Fix all safe problems in file');
        // The edit is computed when the action is chosen: by codeAction/resolve, or else by the fixAll command.
        actions.push(
          state.client.resolveEdits ? { title, kind: FIX_ALL_KIND, data: offeredFor } : { title, kind: FIX_ALL_KIND, command: { title, command: COMMANDS.fixAll, arguments: [offeredFor] } },
        );
      }
      return actions;
    }),
  );

  connection.onRequest(
    CodeActionResolveRequest.type,
    state.safe('codeActionResolve', {} as CodeAction, (raw: unknown) => {
      const action = paramsObject(CodeActionResolveRequest.method, raw) as unknown as CodeAction;
      if (typeof action.title !== 'string') throw invalidParams(CodeActionResolveRequest.method, 'params must be a code action with a title');
      const data = (action.data ?? {}) as { uri?: unknown; version?: unknown; textHash?: unknown };
      if (action.kind === FIX_ALL_KIND && typeof data.uri === 'string') {
        const stale = state.staleReason(data.uri, data.version, data.textHash);
        if (stale) {
          state.warn(stale);
          return { ...action, edit: { changes: {} } };
        }
        return { ...action, edit: fixAllEdit(state, data.uri) ?? { changes: {} } };
      }
      return action;
    }),
  );
}

// Code lenses and the commands they carry: apply a finding's fix or a conversion, fix all, show a range.
// A lens names its target by rule and offset in one version of a document: its arguments carry that version and
// a hash of that text (a close and reopen restarts versions), and a command whose document has changed since is
// refused with a message, so a stale lens never applies something other than what the user clicked.
import { CodeLensRequest, ExecuteCommandRequest, type CodeLens, type WorkspaceEdit } from 'vscode-languageserver/node';
import { lensesFor, type LensAction } from '../core/language/lenses';
import { COMMANDS } from '../core/language/protocol';
import type { OffsetRange } from '../core/text/edits';
import { conversions, fixAllEdit } from './codeActions';
import { documentUri, invalidParams, paramsObject } from './incoming';
import { toRange } from './lspConvert';
import { fileName, type ServerState } from './state';
import { t, textOf } from '../core/l10n';

function commandOf(action: LensAction): string {
  return action.kind === 'applyFix' ? COMMANDS.applyFix : action.kind === 'applyConversion' ? COMMANDS.applyConversion : COMMANDS.show;
}

/** The commands whose arguments hold offsets into one version of a document: they must carry that version (and text hash). */
const VERSIONED: readonly string[] = [COMMANDS.applyFix, COMMANDS.applyConversion, COMMANDS.show];

async function apply(state: ServerState, label: string, edit: WorkspaceEdit): Promise<boolean> {
  const res = await state.connection.workspace.applyEdit({ label, edit });
  if (!res.applied) {
    state.log(`the editor did not apply "${label}"${res.failureReason ? `: ${res.failureReason}` : ''}`);
    state.warn(res.failureReason ? t('"{label}" was not applied: {reason}.', { label, reason: res.failureReason }) : t('"{label}" was not applied (the file may have changed meanwhile).', { label }));
  }
  return res.applied;
}

/** Why `arg` no longer fits the document it names (its version or text changed), or undefined when it does. */
export function staleReason(state: ServerState, command: string, arg: Record<string, unknown>, uri: string): string | undefined {
  if (!('version' in arg)) return VERSIONED.includes(command) ? t('this command does not say which version of {file} it was made for; nothing was applied.', { file: fileName(uri) }) : undefined;
  return state.staleReason(uri, arg.version, arg.textHash);
}

export function registerCommands(state: ServerState): void {
  const { connection, workspace } = state;

  // onRequest rather than onCodeLens/onExecuteCommand: those read params before the handler and fail on `params: null`.
  connection.onRequest(
    CodeLensRequest.type,
    state.safe('codeLens', [] as CodeLens[], (raw: unknown) => {
      const uri = documentUri(CodeLensRequest.method, raw);
      const file = workspace.get(uri);
      if (!file) return [];
      return lensesFor({ workspace, uri, settings: state.settings, findings: state.analyze(uri), conversions: (doc) => conversions(state, doc) }).map((lens) => ({
        range: toRange(file, lens.range),
        // The version and text of the document the action's offsets refer to (for `show`, possibly another file).
        command: lens.action
          ? { title: lens.title, command: commandOf(lens.action), arguments: [{ ...lens.action, version: state.versionOf(lens.action.uri), textHash: state.textHashOf(lens.action.uri) }] }
          : { title: lens.title, command: '' },
      }));
    }),
  );

  connection.onRequest(
    ExecuteCommandRequest.type,
    state.safe('executeCommand', undefined as unknown, async (raw: unknown) => {
      const method = ExecuteCommandRequest.method;
      const params = paramsObject(method, raw);
      if (typeof params.command !== 'string') throw invalidParams(method, 'params.command must be a string');
      if (!(Object.values(COMMANDS) as string[]).includes(params.command)) throw invalidParams(method, `unknown command ${JSON.stringify(params.command)}`);
      if (params.arguments !== undefined && !Array.isArray(params.arguments)) throw invalidParams(method, 'params.arguments must be an array');
      const first: unknown = params.arguments?.[0];
      const arg = (first && typeof first === 'object' ? first : {}) as Record<string, unknown>;
      const uri = typeof arg.uri === 'string' ? arg.uri : '';
      const file = workspace.get(uri);
      if (!file) {
        state.warn(uri ? t('{uri} is not open or not indexed.', { uri }) : t('the file is not open or not indexed.'));
        return false;
      }
      const stale = staleReason(state, params.command, arg, uri);
      if (stale) {
        state.warn(stale);
        return false;
      }
      switch (params.command) {
        case COMMANDS.applyFix: {
          const [finding] = state.findingsToFix(uri, (f) => f.rule === arg.rule && f.range.start === arg.start);
          const fix = finding?.fixes[typeof arg.fixIndex === 'number' ? arg.fixIndex : 0];
          if (!fix) {
            state.warn(t('the problem changed since the lens was shown; nothing was applied.'));
            return false;
          }
          return apply(state, textOf(fix.title), state.workspaceEdit(fix.edits));
        }
        case COMMANDS.applyConversion: {
          const doc = file.docs[typeof arg.docIndex === 'number' ? arg.docIndex : -1];
          const fix = doc ? conversions(state, doc)[typeof arg.conversionIndex === 'number' ? arg.conversionIndex : 0] : undefined;
          if (!fix) {
            state.warn(t('this document no longer offers that conversion; nothing was applied.'));
            return false;
          }
          return apply(state, textOf(fix.title), state.workspaceEdit(fix.edits));
        }
        case COMMANDS.fixAll: {
          const edit = fixAllEdit(state, uri);
          return edit ? apply(state, t('Fix all safe problems in file'), edit) : false;
        }
        case COMMANDS.show: {
          const range = arg.range as OffsetRange | undefined;
          if (!state.client.showDocument || !range || typeof range.start !== 'number' || typeof range.end !== 'number') return false;
          const res = await connection.window.showDocument({ uri, takeFocus: true, selection: toRange(file, range) });
          return res.success;
        }
        default:
          return false;
      }
    }),
  );
}

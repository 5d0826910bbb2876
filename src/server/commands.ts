// Code lenses and the commands they carry: apply a finding's fix or a conversion, fix all, show a range.
// A lens names its target by rule and offset, so a stale lens applies nothing rather than the wrong fix.
import type { CodeLens, WorkspaceEdit } from 'vscode-languageserver/node';
import { lensesFor, type LensAction } from '../core/language/lenses';
import { COMMANDS } from '../core/language/protocol';
import type { OffsetRange } from '../core/text/edits';
import { conversions, fixAllEdit } from './codeActions';
import { toRange, toWorkspaceEdit } from './lspConvert';
import { SOURCE, type ServerState } from './state';

function commandOf(action: LensAction): string {
  return action.kind === 'applyFix' ? COMMANDS.applyFix : action.kind === 'applyConversion' ? COMMANDS.applyConversion : COMMANDS.show;
}

async function apply(state: ServerState, label: string, edit: WorkspaceEdit): Promise<boolean> {
  const res = await state.connection.workspace.applyEdit({ label, edit });
  if (!res.applied) state.log(`the editor did not apply "${label}"${res.failureReason ? `: ${res.failureReason}` : ''}`);
  return res.applied;
}

export function registerCommands(state: ServerState): void {
  const { connection, workspace, documents } = state;

  connection.onCodeLens(
    state.safe('codeLens', [] as CodeLens[], (params) => {
      const uri = params.textDocument.uri;
      const file = workspace.get(uri);
      if (!file) return [];
      const version = documents.get(uri)?.version ?? null;
      return lensesFor({ workspace, uri, settings: state.settings, findings: state.analyze(uri), conversions: (doc) => conversions(state, doc) }).map((lens) => ({
        range: toRange(file, lens.range),
        command: lens.action ? { title: lens.title, command: commandOf(lens.action), arguments: [{ ...lens.action, version }] } : { title: lens.title, command: '' },
      }));
    }),
  );

  connection.onExecuteCommand(
    state.safe('executeCommand', undefined as unknown, async (params) => {
      const arg = (params.arguments?.[0] ?? {}) as Record<string, unknown>;
      const uri = typeof arg.uri === 'string' ? arg.uri : '';
      const file = workspace.get(uri);
      if (!file) {
        void connection.window.showWarningMessage(`${SOURCE}: ${uri || 'the file'} is not open or not indexed.`);
        return false;
      }
      switch (params.command) {
        case COMMANDS.applyFix: {
          const finding = state.analyze(uri).find((f) => f.rule === arg.rule && f.range.start === arg.start);
          const fix = finding?.fixes[typeof arg.fixIndex === 'number' ? arg.fixIndex : 0];
          if (!fix) {
            void connection.window.showWarningMessage(`${SOURCE}: the problem changed since the lens was shown; nothing applied.`);
            return false;
          }
          return apply(state, fix.title, toWorkspaceEdit(workspace, fix.edits));
        }
        case COMMANDS.applyConversion: {
          const doc = file.docs[typeof arg.docIndex === 'number' ? arg.docIndex : -1];
          const fix = doc ? conversions(state, doc)[typeof arg.conversionIndex === 'number' ? arg.conversionIndex : 0] : undefined;
          if (!fix) {
            void connection.window.showWarningMessage(`${SOURCE}: this document no longer offers that conversion.`);
            return false;
          }
          return apply(state, fix.title, toWorkspaceEdit(workspace, fix.edits));
        }
        case COMMANDS.fixAll: {
          const edit = fixAllEdit(state, uri);
          return edit ? apply(state, 'Fix all safe problems in file', edit) : false;
        }
        case COMMANDS.show: {
          const range = arg.range as OffsetRange | undefined;
          if (!state.client.showDocument || !range) return false;
          const res = await connection.window.showDocument({ uri, takeFocus: true, selection: toRange(file, range) });
          return res.success;
        }
        default:
          return false;
      }
    }),
  );
}

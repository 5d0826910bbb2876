// The doctor's quoted lines in full: clicking an evidence row of the Doctor view opens a read-only document with
// the finding and every line it quotes, uncut and wrapped (a tree row shows one line, cut at the sidebar's edge).
import * as vscode from 'vscode';
import type { DoctorFinding } from '../../core/doctor/types';
import { evidenceText } from './evidenceText';

const SCHEME = 'ksd-evidence';
/** Internal command of the evidence rows (not in the palette); argument: the finding. */
export const SHOW_EVIDENCE_COMMAND = 'kube-scaling-doctor.showEvidence';

export function registerEvidenceDocument(context: vscode.ExtensionContext): void {
  const texts = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(
    changed,
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, { onDidChange: changed.event, provideTextDocumentContent: (uri) => texts.get(uri.toString()) ?? '' }),
    // SHOW_EVIDENCE_COMMAND, spelled out like the other registrations.
    vscode.commands.registerCommand('kube-scaling-doctor.showEvidence', async (f?: DoctorFinding) => {
      if (!f || !Array.isArray(f.evidence)) return undefined;
      const name = `${f.id}${f.object ? ` ${f.object.namespace ? `${f.object.namespace}-` : ''}${f.object.name}` : ''}`.replace(/[^\w.-]+/g, '-');
      const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${name} evidence.log` });
      texts.set(uri.toString(), evidenceText(f));
      changed.fire(uri);
      const editor = await vscode.window.showTextDocument(uri, { preview: true });
      // Long log lines wrapped, whatever the user's default (the toggle is per editor; only turned on, never off).
      if (vscode.workspace.getConfiguration('editor', editor.document).get<string>('wordWrap') === 'off') await vscode.commands.executeCommand('editor.action.toggleWordWrap');
      return editor;
    }),
  );
}

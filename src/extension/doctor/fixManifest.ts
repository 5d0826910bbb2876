// A cluster finding whose fix belongs in a workspace manifest (a missing request goes into the workload's template):
// open that manifest where the language server located it and, when its own rule of the same id flags the document,
// put the cursor on that diagnostic and open its quick fixes.
import * as vscode from 'vscode';
import type { DoctorFinding } from '../../core/doctor/types';
import { CLUSTER_DIAGNOSTIC_SOURCE, type LocateManifests } from './diagnostics';
import { objectLabel } from './preview';

export type FixManifestOutcome = 'quick-fix' | 'opened' | 'not-in-workspace' | 'no-server';

/** How long to wait for the language server's diagnostics of a document it may not have analysed yet. */
const DIAGNOSTICS_WAIT_MS = 5000;

export async function openFixManifest(finding: DoctorFinding, namespace: string, locate: LocateManifests, tell: (message: string) => void): Promise<FixManifestOutcome> {
  const target = finding.fixIn ?? finding.object;
  if (!target) return 'not-in-workspace';
  const locations = await locate([target], namespace);
  if (!locations) {
    tell(vscode.l10n.t('The Scaling Doctor language server is not running: open a YAML file of this workspace and try again.'));
    return 'no-server';
  }
  const [loc] = locations;
  if (!loc) {
    tell(
      vscode.l10n.t('No manifest of {object} in this workspace. Fix it where that object is defined (a chart, another repository).', {
        object: objectLabel({ ...target, namespace: target.namespace ?? namespace }),
      }),
    );
    return 'not-in-workspace';
  }
  const uri = vscode.Uri.parse(loc.uri);
  // A file the server read from disk gets its diagnostics again once opened; the quick fixes answer to those.
  const wasOpen = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
  const republished = wasOpen ? Promise.resolve() : diagnosticsChange(uri);
  const editor = await vscode.window.showTextDocument(uri, { preview: false });
  await republished;
  const at = new vscode.Range(loc.range.start.line, loc.range.start.character, loc.range.end.line, loc.range.end.character);
  editor.selection = new vscode.Selection(at.start, at.start);
  editor.revealRange(at, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  const diagnostic = await ownDiagnostic(uri, finding.id);
  if (!diagnostic) return 'opened';
  editor.selection = new vscode.Selection(diagnostic.range.start, diagnostic.range.start);
  editor.revealRange(diagnostic.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  await vscode.commands.executeCommand('editor.action.quickFix');
  return 'quick-fix';
}

/** The next change of `uri`'s diagnostics, or DIAGNOSTICS_WAIT_MS. */
function diagnosticsChange(uri: vscode.Uri): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    };
    const timer = setTimeout(done, DIAGNOSTICS_WAIT_MS);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => e.uris.some((u) => u.toString() === uri.toString()) && done());
  });
}

/** The language server's diagnostic with rule id `id` on `uri`, waiting a little for a document just opened. */
async function ownDiagnostic(uri: vscode.Uri, id: string): Promise<vscode.Diagnostic | undefined> {
  // Not the doctor's own diagnostic of the same id on the finding's object (it has no quick fix): the server's.
  const find = () => vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === id && d.source !== CLUSTER_DIAGNOSTIC_SOURCE);
  const now = find();
  if (now) return now;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      sub.dispose();
      resolve(find());
    }, DIAGNOSTICS_WAIT_MS);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      const d = find();
      if (!d) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(d);
    });
  });
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

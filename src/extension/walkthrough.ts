// The guided start (package.json `contributes.walkthroughs`, media/walkthrough/): open an example with a problem,
// apply a quick fix, open the Cluster view, run the doctor. VS Code checks each step off on its completion event;
// the quick fix's is a context key set here, when a quick fix of ours has been applied (its edit is in, its
// command runs). The walkthrough opens once per user when kubeScalingDoctor.walkthrough.openOnStartup is set
// (npm start sets it in code-server's user settings).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';

export const WALKTHROUGH_ID = 'kube-scaling-doctor.kube-scaling-doctor#gettingStarted';
export const FIX_APPLIED_KEY = 'kubeScalingDoctor.walkthrough.fixApplied';
const FIX_APPLIED_COMMAND = 'kube-scaling-doctor.fixApplied';
const OPENED_STATE = 'kubeScalingDoctor.walkthroughOpened';
/** The example the first step opens: an autoscaling/v2beta1 HPA (hpa-deprecated-api) with a quick fix. */
const EXAMPLE = path.join('shop', 'api-hpa.yaml');

export function registerWalkthrough(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('kube-scaling-doctor.openWalkthrough', () => vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false)),
    vscode.commands.registerCommand('kube-scaling-doctor.openExample', () => openExample(context)),
    vscode.commands.registerCommand(FIX_APPLIED_COMMAND, async (original?: vscode.Command) => {
      await vscode.commands.executeCommand('setContext', FIX_APPLIED_KEY, true);
      if (original?.command) await vscode.commands.executeCommand(original.command, ...(original.arguments ?? []));
    }),
  );
  if (vscode.workspace.getConfiguration('kubeScalingDoctor').get<boolean>('walkthrough.openOnStartup') && !context.globalState.get<boolean>(OPENED_STATE)) {
    void context.globalState.update(OPENED_STATE, true);
    void vscode.commands.executeCommand('kube-scaling-doctor.openWalkthrough');
  }
}

/** The workspace's copy of the example (npm start opens examples/), else the one shipped with the extension. */
async function openExample(context: vscode.ExtensionContext): Promise<void> {
  const candidates = [
    ...(vscode.workspace.workspaceFolders ?? []).flatMap((f) => [path.join(f.uri.fsPath, EXAMPLE), path.join(f.uri.fsPath, 'examples', EXAMPLE)]),
    path.join(context.extensionPath, 'examples', EXAMPLE),
  ];
  const file = candidates.find((f) => fs.existsSync(f));
  if (!file) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Scaling Doctor: the example {file} is not in this workspace nor in the extension.', { file: EXAMPLE }));
    return;
  }
  await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
}

/** Quick fixes from the language server report, once applied, that the walkthrough's step is done. */
export const quickFixMiddleware: Middleware = {
  provideCodeActions: async (document, range, ctx, token, next) => (await next(document, range, ctx, token))?.map(noteWhenApplied),
  resolveCodeAction: async (item, token, next) => {
    const resolved = await next(item, token);
    return resolved ? noteWhenApplied(resolved) : resolved;
  },
};

function noteWhenApplied<T extends vscode.Command | vscode.CodeAction>(action: T): T {
  if (!(action instanceof vscode.CodeAction) || !action.kind || !vscode.CodeActionKind.QuickFix.contains(action.kind)) return action;
  if (action.command?.command === FIX_APPLIED_COMMAND) return action;
  // VS Code applies the edit, then runs the command: ours records the fix and runs the server's own, if any.
  action.command = { title: action.title, command: FIX_APPLIED_COMMAND, arguments: action.command ? [action.command] : [] };
  return action;
}

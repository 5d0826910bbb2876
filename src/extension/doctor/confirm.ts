// Confirming the diff on screen without covering it: while a repair or undo waits for an answer, the context
// key below puts Apply (✓) and Cancel (✗) in the preview diff editor's title bar (package.json menus
// `editor/title`), and a notification says so, with its own Cancel. Closing the diff editor is Cancel too.
import * as vscode from 'vscode';
import { noticeText } from './choices';
import { PREVIEW_SCHEME } from './preview';
import type { Question } from './prompts';

/** Context key: a repair or undo waits for the answer to the diff on screen. */
export const CONFIRMING_KEY = 'kubeScalingDoctor.confirmingPreview';

export class DiffConfirmations implements vscode.Disposable {
  private pending: { question: Question; resolve: (answer: string | undefined) => void } | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      vscode.commands.registerCommand('kube-scaling-doctor.confirmPreview', () => this.answer(this.pending?.question.choices[0])),
      vscode.commands.registerCommand('kube-scaling-doctor.cancelPreview', () => this.answer(undefined)),
      vscode.window.tabGroups.onDidChangeTabs(() => {
        if (this.pending && !previewDiffOpen()) this.answer(undefined);
      }),
    ];
  }

  /** The question of the flow now waiting, if any (the tests read it). */
  current(): Question | undefined {
    return this.pending?.question;
  }

  /** Asks `q` about the diff on screen; resolves with its first choice (Apply, Undo) or undefined (Cancel). */
  ask(q: Question): Promise<string | undefined> {
    this.answer(undefined); // a question left from an earlier flow is cancelled
    const answered = new Promise<string | undefined>((resolve) => (this.pending = { question: q, resolve }));
    void vscode.commands.executeCommand('setContext', CONFIRMING_KEY, true);
    const action = q.choices[0] ?? vscode.l10n.t('Apply');
    void vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('{question} Review the diff, then choose {action} (✓) or Cancel (✗) in its title bar.', { question: noticeText(q), action }),
        cancellable: true,
      },
      (_progress, token) => {
        const sub = token.onCancellationRequested(() => this.answer(undefined));
        return answered.finally(() => sub.dispose());
      },
    );
    return answered;
  }

  private answer(value: string | undefined): void {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    void vscode.commands.executeCommand('setContext', CONFIRMING_KEY, false);
    p.resolve(value);
  }

  dispose(): void {
    this.answer(undefined);
    for (const s of this.subscriptions) s.dispose();
  }
}

function previewDiffOpen(): boolean {
  return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === PREVIEW_SCHEME));
}

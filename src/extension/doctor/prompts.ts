// Every question and message of the doctor goes through DoctorUi, so the code-server tests can answer the
// modal dialogs (which a test cannot click) while the flow stays the same code: only the answer differs.
import * as vscode from 'vscode';

export type QuestionKind = 'insecure-warning' | 'confirm-apply' | 'concurrent-change' | 'confirm-undo' | 'helm-values';

export interface Question {
  kind: QuestionKind;
  message: string;
  detail?: string;
  /** Buttons besides the dialog's own Cancel; the answer is one of them, or undefined for Cancel. */
  choices: string[];
}

export type MessageLevel = 'info' | 'warning' | 'error';

export interface DoctorUi {
  /** A modal question; undefined means cancelled. */
  ask(q: Question): Promise<string | undefined>;
  /** A notification; resolves with the action clicked (or undefined when closed). Callers never await it in a flow. */
  tell(level: MessageLevel, message: string, actions?: string[]): Promise<string | undefined>;
}

export const vscodeUi: DoctorUi = {
  async ask(q) {
    return vscode.window.showWarningMessage(q.message, { modal: true, detail: q.detail }, ...q.choices);
  },
  async tell(level, message, actions = []) {
    const show = level === 'error' ? vscode.window.showErrorMessage : level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    return show(message, ...actions);
  },
};

/** A scripted answerer for tests: records every question and message, answers from `answer`. */
export class RecordingUi implements DoctorUi {
  readonly questions: Question[] = [];
  readonly messages: { level: MessageLevel; message: string }[] = [];

  constructor(private readonly answer: (q: Question) => string | undefined | Promise<string | undefined>) {}

  async ask(q: Question): Promise<string | undefined> {
    this.questions.push(q);
    return this.answer(q);
  }

  async tell(level: MessageLevel, message: string): Promise<string | undefined> {
    this.messages.push({ level, message });
    return undefined;
  }
}

// Every question and message of the doctor goes through DoctorUi, so the code-server tests can answer the
// questions in code while the flow stays the same code: only the answer differs. VS Code's DoctorUi asks in
// non-modal notifications (a modal dialog would cover the diff it asks about); a question about the diff on
// screen is answered from the diff editor's title bar (confirm.ts). Ignoring or closing a question is Cancel.
import * as vscode from 'vscode';
import { answerOf, noticeButtons, noticeText } from './choices';
import type { DiffConfirmations } from './confirm';

export type QuestionKind = 'insecure-warning' | 'confirm-apply' | 'concurrent-change' | 'confirm-undo' | 'helm-values';

export interface Question {
  kind: QuestionKind;
  message: string;
  detail?: string;
  /** Buttons besides Cancel, safest first; the answer is one of them, or undefined for Cancel. */
  choices: string[];
  /** The one risky choice among `choices` (the insecure flag): shown last, after Cancel. */
  risky?: string;
  /** The question is about the diff on screen: its first choice and Cancel are in the diff editor's title bar. */
  aboutDiff?: boolean;
}

export type MessageLevel = 'info' | 'warning' | 'error';

export interface DoctorUi {
  /** A question; undefined means cancelled. */
  ask(q: Question): Promise<string | undefined>;
  /** A notification; resolves with the action clicked (or undefined when closed). Callers never await it in a flow. */
  tell(level: MessageLevel, message: string, actions?: string[]): Promise<string | undefined>;
}

function show(level: MessageLevel): (message: string, ...items: string[]) => Thenable<string | undefined> {
  return level === 'error' ? vscode.window.showErrorMessage : level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
}

/** VS Code's notifications; questions about a diff go to `diffs` (the title-bar confirmation). */
export function vscodeUi(diffs: DiffConfirmations): DoctorUi {
  return {
    async ask(q) {
      if (q.aboutDiff) return diffs.ask(q);
      const level = q.kind === 'insecure-warning' || q.kind === 'concurrent-change' ? 'warning' : 'info';
      return answerOf(await show(level)(noticeText(q), ...noticeButtons(q)));
    },
    async tell(level, message, actions = []) {
      return show(level)(message, ...actions);
    },
  };
}

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

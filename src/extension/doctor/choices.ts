// The order of a doctor question's buttons, without `vscode` (unit-tested): the safe choices first, then Cancel,
// the risky choice (the insecure flag) last. Nothing is pre-selected: the questions are non-modal notifications,
// so ignoring or closing one is Cancel, and nothing is written.
import type { Question } from './prompts';

export const CANCEL = 'Cancel';

/** The buttons of `q`'s notification, left to right. */
export function noticeButtons(q: Pick<Question, 'choices' | 'risky'>): string[] {
  const safe = q.choices.filter((c) => c !== q.risky);
  return q.risky && q.choices.includes(q.risky) ? [...safe, CANCEL, q.risky] : [...safe, CANCEL];
}

/** The answer for a clicked button: Cancel (or nothing clicked) is undefined, as for a dismissed notification. */
export function answerOf(clicked: string | undefined): string | undefined {
  return clicked === CANCEL ? undefined : clicked;
}

/** Notifications have no separate detail line: the message, then the detail, in one text. */
export function noticeText(q: Pick<Question, 'message' | 'detail'>): string {
  return q.detail ? `${q.message} ${q.detail.replace(/\s*\n\s*/g, ' ')}` : q.message;
}

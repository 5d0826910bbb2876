// The order of a doctor question's buttons, without `vscode` (unit-tested): the safe choices first, then Cancel,
// the risky choice (the insecure flag) last. Nothing is pre-selected: the questions are non-modal notifications,
// so ignoring or closing one is Cancel, and nothing is written.
import { t } from '../../core/l10n';
import type { Question } from './prompts';

/** The Cancel button, in the display language (core's t: this module is unit-tested without VS Code). */
export const cancelLabel = (): string => t('Cancel');

/** The buttons of `q`'s notification, left to right. */
export function noticeButtons(q: Pick<Question, 'choices' | 'risky'>): string[] {
  const safe = q.choices.filter((c) => c !== q.risky);
  const cancel = cancelLabel();
  return q.risky && q.choices.includes(q.risky) ? [...safe, cancel, q.risky] : [...safe, cancel];
}

/** The answer for a clicked button: Cancel (or nothing clicked) is undefined, as for a dismissed notification. */
export function answerOf(clicked: string | undefined): string | undefined {
  return clicked === cancelLabel() ? undefined : clicked;
}

/** Notifications have no separate detail line: the message, then the detail, in one text. */
export function noticeText(q: Pick<Question, 'message' | 'detail'>): string {
  return q.detail ? `${q.message} ${q.detail.replace(/\s*\n\s*/g, ' ')}` : q.message;
}

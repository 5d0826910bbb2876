// A message is a template with named placeholders, rendered when a reader's language is known: the CLI's JSON keeps the
// English text beside the localized one, so a finding carries its template and arguments, not a finished sentence.
import { bundleOf } from './bundles';
import { intlTag, type Locale } from './locale';

/** A value in a message: text (names, quoted YAML, log lines: never translated), a number, or another message. */
export type MessageArg = string | number | Message | Formatted;

export interface Message {
  /** The English template, also the key of every bundle: `missing request for {resource} in container {container}`. */
  readonly template: string;
  readonly args: Readonly<Record<string, MessageArg>>;
}

/** A number shown the reader's way (a percentage, a count with grouping). */
export interface Formatted {
  readonly format: 'percent' | 'count';
  readonly value: number;
}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

// msg() lives in template.ts, which webview scripts can bundle (no file reads there).
export { msg } from './template';

export function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && typeof (value as Message).template === 'string' && typeof (value as Message).args === 'object';
}

/** `50 %` as the locale writes a percentage (the value is the percentage, 50 for 50 %). */
export function percent(value: number): Formatted {
  return { format: 'percent', value };
}

/** A count with the locale's digit grouping (`20,000`). Plain numbers in a message are printed as they are. */
export function count(value: number): Formatted {
  return { format: 'count', value };
}

/** The message in `locale`: its translation when the bundle has one, else the English template. */
export function render(message: Message, locale: Locale): string {
  const translated = bundleOf(locale)[message.template];
  const template = translated ?? (locale === 'qps-ploc' ? pseudo(message.template) : message.template);
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const arg = message.args[name];
    return arg === undefined ? whole : renderArg(arg, locale);
  });
}

/** The placeholder names of a template, sorted: translations must use the same ones. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]))].sort();
}

function renderArg(arg: MessageArg, locale: Locale): string {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'number') return String(arg);
  if (isMessage(arg)) return render(arg, locale);
  const tag = intlTag(locale);
  if (arg.format === 'percent') return new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 1 }).format(arg.value / 100);
  return new Intl.NumberFormat(tag).format(arg.value);
}

// Pseudo-localization: accented and lengthened, inside ⟦ ⟧, so English that escaped translation stands out in a test.
const ACCENTED: Record<string, string> = { a: 'á', e: 'é', i: 'í', o: 'ö', u: 'ü', c: 'ç', n: 'ñ', y: 'ý', A: 'Å', E: 'É', I: 'Î', O: 'Ø', U: 'Û', C: 'Ç', N: 'Ñ' };

function pseudo(template: string): string {
  let out = '';
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    out += accent(template.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return `⟦${out}${accent(template.slice(last))}⟧`;
}

function accent(text: string): string {
  return text.replace(/[aeiouycnAEIOUCN]/g, (ch) => ACCENTED[ch] + (/[aeiou]/.test(ch) ? ch : ''));
}

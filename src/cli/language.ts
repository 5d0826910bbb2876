// The CLI's language: `--lang en|zh-cn|ja` on any command, else the POSIX variables (LC_ALL, LC_MESSAGES, LANG).
import { LOCALES, localeFromEnv, msg, type Locale } from '../core/l10n';
import { UsageError } from './command';

/** Also accepted, never listed: VS Code's pseudo-language, for tests that look for untranslated English. */
const PSEUDO = 'qps-ploc';

/**
 * The language of this run and the arguments without `--lang` (`--lang ja`, `--lang=ja`, before or after the
 * command). Arguments after `--` are file names, not options. A value we do not ship is a usage error.
 */
export function takeLangOption(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): { args: string[]; locale: Locale } {
  const args: string[] = [];
  let chosen: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      args.push(...argv.slice(i));
      break;
    }
    if (arg === '--lang') {
      chosen = argv[++i];
      if (chosen === undefined || chosen === '') throw new UsageError(msg('--lang needs a value: en, zh-cn or ja'));
    } else if (arg.startsWith('--lang=')) {
      chosen = arg.slice('--lang='.length);
    } else {
      args.push(arg);
    }
  }
  if (chosen === undefined) return { args, locale: localeFromEnv(env) };
  const value = chosen.toLowerCase();
  if (value === PSEUDO || (LOCALES as readonly string[]).includes(value)) return { args, locale: value as Locale };
  throw new UsageError(msg('--lang must be one of {locales}, not {value}', { locales: LOCALES.join(', '), value: JSON.stringify(chosen) }));
}

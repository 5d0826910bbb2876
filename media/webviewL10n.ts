// The words of a webview page. VS Code gives a webview no l10n of its own: webviewPage.ts puts the display language's
// bundle (vscode.l10n.bundle, l10n/bundle.l10n.<language>.json) into the page as JSON, and `l10n.t` renders a template
// as core's render does (src/core/l10n/message.ts): the translation when there is one, each `{name}` replaced by its
// argument. The catalogue test reads `l10n.t('…')` here as in src/.
const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

const bundle: Record<string, string> = (() => {
  try {
    return JSON.parse(document.getElementById('l10n-bundle')?.textContent || '{}') as Record<string, string>;
  } catch {
    return {};
  }
})();

/** A message core built (src/core/l10n/template.ts msg, e.g. src/core/text/time.ts): its template and arguments, nested ones too. */
interface CoreMessage {
  readonly template: string;
  readonly args: Readonly<Record<string, unknown>>;
}

const isCoreMessage = (value: unknown): value is CoreMessage => typeof value === 'object' && value !== null && typeof (value as CoreMessage).template === 'string';

export const l10n = {
  t(template: string, args: Record<string, string | number> = {}): string {
    return (bundle[template] ?? template).replace(PLACEHOLDER, (whole, name: string) => (args[name] === undefined ? whole : String(args[name])));
  },
  /** A message of core's in the page's language; its arguments are text, numbers or messages. */
  message(message: CoreMessage): string {
    return (bundle[message.template] ?? message.template).replace(PLACEHOLDER, (whole, name: string) => {
      const arg = message.args[name];
      return arg === undefined ? whole : isCoreMessage(arg) ? l10n.message(arg) : String(arg);
    });
  },
};

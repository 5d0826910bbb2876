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

export const l10n = {
  t(template: string, args: Record<string, string | number> = {}): string {
    return (bundle[template] ?? template).replace(PLACEHOLDER, (whole, name: string) => (args[name] === undefined ? whole : String(args[name])));
  },
};

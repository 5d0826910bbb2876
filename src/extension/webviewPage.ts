// The one page shell of the extension's webviews (the HPA panel, the Nodes and Pods table): a strict Content Security
// Policy (nothing but our own stylesheet, fonts and the one script with this page's nonce), the bundle's script and
// stylesheet from dist/, and the body the caller gives. Cluster text never goes into `body` unescaped: use escapeHtml.
// The page also carries the display language's bundle (media/webviewL10n.ts reads it): a webview has no vscode.l10n.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `bundle`: dist/<bundle>.js and .css; `title` is escaped here; `images`: also data: images (canvas exports). */
export function webviewPage(opts: { webview: vscode.Webview; extensionUri: vscode.Uri; bundle: string; title: string; body: string; images?: boolean }): string {
  const { webview, extensionUri, bundle } = opts;
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', `${bundle}.js`));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', `${bundle}.css`));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    ...(opts.images ? [`img-src ${webview.cspSource} data:`] : []),
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  // A data block, never run (its type is not a script's); `<` escaped so no text in it can close the element.
  const bundleJson = JSON.stringify(vscode.l10n.bundle ?? {}).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>${escapeHtml(opts.title)}</title>
</head>
<body>
${opts.body}
<script type="application/json" id="l10n-bundle">${bundleJson}</script>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}

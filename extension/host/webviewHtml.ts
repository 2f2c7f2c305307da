// The page every DeepDrill webview loads: its bundled script and style from dist/webview, under
// a Content-Security-Policy that allows nothing else — no remote sources, no inline script, and
// the one script only with a fresh nonce.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { webviewCsp } from '../shared/webviewCsp';

export interface WebviewPage {
  /** The bundle's name in dist/webview: `<name>.js` and `<name>.css`. */
  bundle: string;
  title: string;
  /** Extra CSP directives a page needs, each with the reason beside it at the call. */
  extraCsp?: string[];
}

export function webviewHtml(webview: vscode.Webview, root: vscode.Uri, page: WebviewPage): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(root, `${page.bundle}.js`));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(root, `${page.bundle}.css`));
  const csp = webviewCsp(webview.cspSource, nonce, page.extraCsp);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>${page.title}</title>
</head>
<body>
<main id="app"></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

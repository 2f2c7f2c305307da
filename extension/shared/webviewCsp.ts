// The Content-Security-Policy of every DeepDrill webview (webviewHtml.ts puts it in the page).
// Pure, so that what it allows is pinned by a unit test: nothing by default, the page's own
// bundle only with a fresh nonce, styles, images and fonts only from the extension's webview
// folder, no <base> and no form submissions.

/** `cspSource`: the webview's own origin (vscode.Webview.cspSource). `extra`: directives a page needs, each with its reason at the call. */
export function webviewCsp(cspSource: string, nonce: string, extra: readonly string[] = []): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    ...extra,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    // Not covered by default-src: a <base> could redirect the bundle's relative URLs, a form could post data out.
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

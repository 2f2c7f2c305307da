// Placeholder until the extension host lands.
export function activate(): void {}
export function deactivate(): void {}

// The few DOM helpers every panel builds its page with (no framework: the pages are small and
// the host sends them whole states to draw).

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

/** A labelled figure in a panel's header ("Parameters 34,826"); its value is filled in by id. */
export function fact(label: string, id: string): HTMLElement {
  return el('div', { class: 'fact' }, el('span', { class: 'fact-label' }, label), el('span', { id, class: 'fact-value' }, '–'));
}

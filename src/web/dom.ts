/** A few lines instead of a framework: build elements, replace a box's content. */
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | EventListener | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.replace(/^on/, ''), value);
    else if (key === 'class') el.className = String(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'number' ? String(child) : child);
  }
}

export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

export interface Column<Row> {
  label: string;
  cell: (row: Row) => Child;
  /** Right-aligned numbers. */
  num?: boolean;
}

/**
 * A table that turns into stacked cards on a phone (style.css): every cell
 * carries its column's label for the card layout.
 */
export function table<Row>(rows: Row[], columns: Column<Row>[], empty: string): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  return h(
    'table',
    { class: 'cards' },
    h('thead', null, h('tr', null, ...columns.map((c) => h('th', { class: c.num ? 'num' : undefined }, c.label)))),
    h('tbody', null, ...rows.map((row) => h('tr', null, ...columns.map((c) => h('td', { 'data-label': c.label, class: c.num ? 'num' : undefined }, c.cell(row)))))),
  );
}

export function section(title: string, ...children: Child[]): HTMLElement {
  return h('section', { class: 'panel' }, h('h2', null, title), ...children);
}

import type { Missing } from '../../core/dashboard/types.js';
import { h } from '../dom.js';

/** What a tab's view may ask of the page. */
export interface ViewContext {
  /** Reloads the current tab's data. */
  refresh(): Promise<void>;
  /** One line in the status bar. */
  status(text: string): void;
  error(error: unknown): void;
  /** A dialog with lines; resolves true when the user picks `ok`. */
  dialog(title: string, lines: string[], ok?: string): Promise<boolean>;
}

/** A tab part with no data says which command fills it. */
export function missingList(missing: Missing[]): HTMLElement | null {
  if (missing.length === 0) return null;
  return h(
    'aside',
    { class: 'missing' },
    h('strong', null, 'Not filled yet'),
    h('ul', null, ...missing.map((m) => h('li', null, `${m.what}: run `, h('code', null, m.command)))),
  );
}

/**
 * "Where is my …?" as you type, over the read API's /api/v1/search. Each
 * keystroke aborts the request before it, so only the newest answer renders;
 * the time from the keystroke to its results is left as a performance
 * measure ('search') for the bench.
 */
import { getJson } from './api.js';
import { h, replace } from './dom.js';
import { count } from './format.js';

interface Hit {
  itemId: number;
  name: string | null;
  total: number;
  morePlaces: number;
  places: Array<{ owner: string; place: string; count: number }>;
}

let kept: HTMLElement | undefined;

/** One box for the page's life: a refresh of the tab keeps what was typed and its results. */
export function searchBox(onError: (error: unknown) => void): HTMLElement {
  return (kept ??= makeSearchBox(onError));
}

function makeSearchBox(onError: (error: unknown) => void): HTMLElement {
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  let pending: AbortController | undefined;
  const input = h('input', {
    type: 'search',
    placeholder: 'Where is my …?',
    'aria-label': 'Where is my …?',
    autocomplete: 'off',
    spellcheck: 'false',
  });
  input.addEventListener('input', (event) => {
    pending?.abort();
    const q = input.value.trim();
    if (!q) {
      pending = undefined;
      results.removeAttribute('data-query');
      return replace(results);
    }
    const started = event.timeStamp;
    const controller = (pending = new AbortController());
    getJson<{ items: Hit[] }>(`/api/v1/search?limit=20&q=${encodeURIComponent(q)}`, controller.signal).then(
      ({ items }) => {
        if (controller.signal.aborted) return;
        renderHits(results, items);
        results.dataset.query = q;
        performance.measure('search', { start: started, end: performance.now(), detail: q });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) onError(error);
      },
    );
  });
  return h('div', { class: 'search' }, input, results);
}

function renderHits(box: HTMLElement, items: Hit[]): void {
  if (items.length === 0) return replace(box, h('p', { class: 'empty' }, 'Nothing by that name.'));
  replace(
    box,
    h(
      'ul',
      null,
      ...items.map((item) =>
        h(
          'li',
          null,
          h('div', { class: 'hit' }, h('strong', null, item.name ?? `item ${item.itemId}`), h('span', { class: 'total' }, `${count(item.total)} in all`)),
          h(
            'ul',
            { class: 'places' },
            ...item.places.map((p) => h('li', null, `${p.owner} · ${p.place}`, h('span', { class: 'n' }, `×${count(p.count)}`))),
            item.morePlaces > 0 ? h('li', { class: 'more' }, `and ${item.morePlaces} more places`) : null,
          ),
        ),
      ),
    ),
  );
}

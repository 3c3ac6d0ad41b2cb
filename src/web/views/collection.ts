import type { CollectionTab } from '../../core/dashboard/types.js';
import { h, section, table } from '../dom.js';
import { count, gold } from '../format.js';
import { missingList } from './context.js';

export function collectionView(data: CollectionTab): HTMLElement[] {
  const out = [
    h('p', { class: 'facts' }, `${count(data.speciesOwned)} of ${count(data.speciesKnown)} species owned, ${count(data.petsOwned)} pets`),
    section(
      'Duplicates to sell',
      table(
        data.duplicates,
        [
          { label: 'Pet', cell: (p) => p.name },
          { label: 'Owned', cell: (p) => count(p.owned), num: true },
          { label: 'Sellable', cell: (p) => count(p.sellable), num: true },
          { label: 'Each', cell: (p) => gold(p.unitValue), num: true },
        ],
        'No duplicates to sell.',
      ),
    ),
    section(
      'Wanted pets',
      table(
        data.wanted,
        [
          { label: 'Pet', cell: (p) => p.name },
          { label: 'Why', cell: (p) => p.reason },
          { label: 'Cheapest', cell: (p) => gold(p.unitValue), num: true },
        ],
        'Nothing wanted.',
      ),
    ),
    missingList(data.missing),
  ];
  return out.filter((el): el is HTMLElement => el !== null);
}

import type { CollectionTab } from '../../core/dashboard/types.js';
import { DUPLICATE_COLUMNS, WANTED_COLUMNS, collectionLine, duplicateDetail, wantedDetail } from '../../output/dashboard-format.js';
import { missingHead, section, type TabLayout } from './layout.js';

/** Pets: duplicates worth caging and selling, and the ones still wanted. */
export function collectionLayout(c: CollectionTab): TabLayout {
  return {
    head: [...missingHead(c.missing), { text: collectionLine(c) }],
    sections: [
      section({ title: 'Duplicates to sell', columns: DUPLICATE_COLUMNS, rows: c.duplicates, detail: duplicateDetail, empty: 'no duplicates to sell' }),
      section({ title: 'Wanted pets', columns: WANTED_COLUMNS, rows: c.wanted, detail: wantedDetail, empty: 'nothing wanted' }),
    ],
  };
}

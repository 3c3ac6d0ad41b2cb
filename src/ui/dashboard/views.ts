import type { DashboardTab } from '../../core/dashboard/types.js';
import { collectionLayout } from './CollectionView.js';
import { homeLayout } from './HomeView.js';
import type { TabLayout } from './layout.js';
import { marketLayout } from './MarketView.js';
import { operationsLayout } from './OperationsView.js';
import { rosterLayout } from './RosterView.js';

/** What the body draws for a tab's data. */
export function layoutOf(data: DashboardTab): TabLayout {
  switch (data.tab) {
    case 'home':
      return homeLayout(data);
    case 'market':
      return marketLayout(data);
    case 'operations':
      return operationsLayout(data);
    case 'roster':
      return rosterLayout(data);
    case 'collection':
      return collectionLayout(data);
  }
}

import type { MarketTab } from '../../core/dashboard/types.js';
import { LIQUIDITY_COLUMNS, MOVER_COLUMNS, liquidityDetail, liquidityLine, moverDetail, velocityLines } from '../../output/dashboard-format.js';
import { missingHead, section, type TabLayout } from './layout.js';

/** Gold velocity as sparklines, then the movers (with price history) and what the holdings would fetch. */
export function marketLayout(m: MarketTab): TabLayout {
  return {
    head: [...missingHead(m.missing), ...velocityLines(m).map((text) => ({ text })), { text: liquidityLine(m), tone: 'dim' }],
    sections: [
      section({ title: 'Movers', columns: MOVER_COLUMNS, rows: m.movers, detail: moverDetail, empty: 'no priced holdings' }),
      section({ title: 'Liquidity', columns: LIQUIDITY_COLUMNS, rows: m.liquidity.items, detail: liquidityDetail, empty: 'nothing sellable held' }),
    ],
  };
}

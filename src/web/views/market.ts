import type { MarketTab } from '../../core/dashboard/types.js';
import { sparkline, velocityChart } from '../charts.js';
import { h, section, table } from '../dom.js';
import { count, gold, percent } from '../format.js';
import { missingList } from './context.js';

export function marketView(data: MarketTab): HTMLElement[] {
  const v = data.velocity;
  const out: Array<HTMLElement | null> = [
    section(
      `Gold velocity${data.region ? ` (${data.region.toUpperCase()})` : ''}`,
      h('p', { class: 'facts' }, `7 days: in ${gold(v.inPerDay7d)}/day, out ${gold(v.outPerDay7d)}/day, net ${gold(v.netPerDay7d)}/day · 30 days: net ${gold(v.netPerDay30d)}/day`),
      v.days.length > 1 ? velocityChart(v.days) : h('p', { class: 'empty' }, 'Fewer than two days of ledger rows.'),
    ),
    section(
      'Asset liquidity',
      h('p', { class: 'facts' }, `Held ${gold(data.liquidity.value)}, of which sellable within 7 days ${gold(data.liquidity.liquidValue7d)}`),
      h(
        'div',
        { class: 'scroll' },
        table(
          data.liquidity.items,
          [
            { label: 'Item', cell: (r) => r.name },
            { label: 'Units', cell: (r) => count(r.unitsSellable), num: true },
            { label: 'Value', cell: (r) => gold(r.value), num: true },
            { label: 'Liquid 7 d', cell: (r) => gold(r.liquidValue7d), num: true },
            { label: 'Sold/day', cell: (r) => count(r.soldPerDay, 1), num: true },
            { label: 'Days to sell', cell: (r) => count(r.daysToLiquidate, 1), num: true },
          ],
          'No holdings with a market price.',
        ),
      ),
    ),
    section(
      'Movers',
      table(
        data.movers,
        [
          { label: 'Item', cell: (r) => r.name },
          { label: 'Market value', cell: (r) => gold(r.marketValue), num: true },
          { label: 'Change', cell: (r) => h('span', { class: (r.change ?? 0) >= 0 ? 'up' : 'down' }, percent(r.change)), num: true },
          { label: 'Sold/day', cell: (r) => count(r.dailySold, 1), num: true },
          { label: 'History', cell: (r) => sparkline(r.history) },
        ],
        'No price history for held items.',
      ),
    ),
    missingList(data.missing),
  ];
  return out.filter((el): el is HTMLElement => el !== null);
}

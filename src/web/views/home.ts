import type { HomeTab } from '../../core/dashboard/types.js';
import { TAB_TITLES } from '../../core/dashboard/types.js';
import { h, section, table } from '../dom.js';
import { ago, count, gold } from '../format.js';
import { missingList } from './context.js';

export function homeView(data: HomeTab): HTMLElement[] {
  const t = data.totals;
  const tile = (label: string, value: string) => h('div', { class: 'tile' }, h('span', { class: 'label' }, label), h('span', { class: 'value' }, value));
  return [
    section(
      'Alerts',
      data.alerts.length === 0
        ? h('p', { class: 'empty' }, 'Nothing needs you now.')
        : h('ul', { class: 'alerts' }, ...data.alerts.map((a) => h('li', { class: a.level }, h('a', { href: `#${a.tab}` }, a.amount === undefined ? a.text : `${a.text}: ${gold(a.amount)}`), h('span', { class: 'where' }, TAB_TITLES[a.tab])))),
    ),
    section(
      'Totals',
      h(
        'div',
        { class: 'tiles' },
        tile('Item value', gold(t.itemValue)),
        tile('On the auction house', gold(t.auctionValue)),
        tile('Gold', gold(t.gold)),
        tile('Characters', count(t.characters)),
        tile('Open jobs', count(t.openJobs)),
      ),
    ),
    section(
      'Freshness',
      table(data.freshness, [{ label: 'Source', cell: (f) => f.source }, { label: 'Updated', cell: (f) => h('time', { datetime: f.at ?? '', title: f.at ?? 'never' }, ago(f.at)) }], 'No source has reported yet.'),
    ),
    missingList(data.missing),
  ].filter((el): el is HTMLElement => el !== null);
}

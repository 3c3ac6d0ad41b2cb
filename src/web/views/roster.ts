import type { RosterTab } from '../../core/dashboard/types.js';
import { h, section, table } from '../dom.js';
import { ago, count } from '../format.js';
import { missingList } from './context.js';

export function rosterView(data: RosterTab): HTMLElement[] {
  const out = [
    section(
      'Characters',
      table(
        data.characters,
        [
          { label: 'Character', cell: (c) => h('span', null, h('strong', null, c.character), h('small', null, ` ${[c.level, c.class, c.spec].filter(Boolean).join(' ')}`)) },
          { label: 'Item level', cell: (c) => count(c.itemLevel, 1), num: true },
          { label: 'Vault', cell: (c) => `${c.vault.slots} slots · R${c.vault.raid} D${c.vault.dungeon} W${c.vault.world}` },
          { label: 'Knowledge points', cell: (c) => (c.knowledgeMissing > 0 ? h('span', { class: 'warn' }, `${c.knowledgeMissing} to take`) : 'all taken'), num: true },
          { label: 'Keystone', cell: (c) => (c.keystone ? `+${c.keystone.level}` : '—'), num: true },
          { label: 'Seen', cell: (c) => ago(c.lastSeenAt) },
        ],
        'No characters yet.',
      ),
    ),
    missingList(data.missing),
  ];
  return out.filter((el): el is HTMLElement => el !== null);
}

import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/core/errors.js';
import { readDropItem, readJournalEncounter, readJournalInstance, readMountIndex } from '../../src/core/seed/journal-documents.js';

describe('journal document readers', () => {
  it('reads an instance with plain-string names (locale=en_US) and tolerates missing parts', () => {
    expect(
      readJournalInstance({
        id: 63,
        name: 'Deadmines',
        map: { name: 'Deadmines', id: 36 },
        category: { type: 'DUNGEON' },
        modes: [{ mode: { type: 'NORMAL' } }, { mode: { type: 'NORMAL' } }, { mode: {} }, 'junk'],
        encounters: [{ id: 89, name: 'Glubtok' }, { id: 89, name: 'Glubtok again' }, { name: 'no id' }],
      }),
    ).toEqual({
      journalInstanceId: 63,
      name: 'Deadmines',
      mapId: 36,
      category: 'DUNGEON',
      expansionId: null,
      expansion: null,
      minimumLevel: null,
      modes: ['NORMAL'],
      encounters: [{ id: 89, name: 'Glubtok' }],
    });
  });

  it('takes the item of each loot row, not the loot row’s own id', () => {
    expect(
      readJournalEncounter({ id: 89, items: [{ id: 6545, item: { id: 5195, name: { en_US: 'Gold-flecked Gloves' } } }, { id: 6546 }] }),
    ).toEqual({ journalEncounterId: 89, items: [{ itemId: 5195, itemName: 'Gold-flecked Gloves' }] });
    expect(readJournalEncounter({ id: 90 })).toEqual({ journalEncounterId: 90, items: [] });
  });

  it('reads a drop’s use spells and appearance ids, and none when the document has none', () => {
    const drop = readDropItem({
      id: 50818,
      name: "Invincible's Reins",
      item_class: { id: 15 },
      item_subclass: { id: 5 },
      preview_item: { spells: [{ spell: { id: 72286, name: 'Invincible' } }, { spell: { id: 72286, name: 'Invincible' } }] },
      appearances: [{ id: 7 }, { id: 7 }, { id: 'x' }],
    });
    expect(drop).toMatchObject({ spellNames: ['Invincible'], appearanceIds: [7], item: { itemId: 50818, itemClassId: 15, itemSubclassId: 5 } });
    expect(readDropItem({ id: 1, name: 'Plain' })).toMatchObject({ spellNames: [], appearanceIds: [] });
  });

  it('refuses documents without an id and a mount index without mounts', () => {
    expect(() => readJournalInstance({ name: 'x' })).toThrow(DataError);
    expect(() => readJournalEncounter({})).toThrow(DataError);
    expect(() => readMountIndex({ mounts: [] })).toThrow(DataError);
    expect(readMountIndex({ mounts: [{ id: 6, name: { en_US: 'Brown Horse' } }, { id: 7 }] })).toEqual([{ mountId: 6, name: 'Brown Horse' }]);
  });
});

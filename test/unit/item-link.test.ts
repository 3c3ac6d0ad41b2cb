import { describe, expect, it } from 'vitest';
import { parseItemLink } from '../../src/core/inventory/item-link.js';

describe('parseItemLink', () => {
  it('reads an 11.2 link with a named quality colour, bonus ids, a modifier and atlas markup in the name', () => {
    const link = parseItemLink(
      '|cnIQ4:|Hitem:237610::::::::80:72::33:7:6652:12921:10390:12355:12231:12676:1520:1:28:2462:::::|h[Living Weapon\'s Faceshield]|h|r',
    );
    expect(link).toEqual({
      kind: 'item',
      itemId: 237610,
      name: "Living Weapon's Faceshield",
      quality: 4,
      bonusIds: [6652, 12921, 10390, 12355, 12231, 12676, 1520],
      modifiers: [28, 2462],
    });
    const potion = parseItemLink('|cnIQ1:|Hitem:212265::::::::80:72:::::::::|h[Tempered Potion |A:Professions-ChatIcon-Quality-Tier3:17:18::1|a]|h|r');
    expect(potion).toMatchObject({ itemId: 212265, name: 'Tempered Potion', quality: 1, craftedQuality: 3, bonusIds: [], modifiers: [] });
  });

  it('reads hex colours, several modifiers and links from 3.x clients', () => {
    expect(parseItemLink('|cff0070dd|Hitem:213649::::::::20:257::3:4:10605:10857:10966:1520:2:28:2793:9:20:::::|h[W]|h|r')).toMatchObject({
      quality: 3,
      bonusIds: [10605, 10857, 10966, 1520],
      modifiers: [28, 2793, 9, 20],
    });
    expect(parseItemLink('|cffa335ee|Hitem:51208:3820:3621:3545:0:0:0:0:80|h[Sanctified Dark Coven Hood]|h|r')).toEqual({
      kind: 'item',
      itemId: 51208,
      name: 'Sanctified Dark Coven Hood',
      quality: 4,
      bonusIds: [],
      modifiers: [],
    });
    expect(parseItemLink('|cff1eff00|Hitem:24935:0:0:0:0:0:-36:30:80|h[Darkcrest Sabatons of the Sorcerer]|h|r')?.itemId).toBe(24935);
  });

  it('keeps a link without a name nameless', () => {
    expect(parseItemLink('|cffffffff|Hitem:216653::::::::20:257:::::::::|h[]|h|r')).toMatchObject({ itemId: 216653, quality: 1 });
    expect(parseItemLink('|cffffffff|Hitem:216653::::::::20:257:::::::::|h[]|h|r')?.name).toBeUndefined();
  });

  it('maps a caged battle pet to the Pet Cage item with its species, level, breed quality and stats', () => {
    expect(parseItemLink('|cff0070dd|Hbattlepet:1155:25:3:1546:276:289:BattlePet-0-00000E09B186|h[Anubisath Idol]|h|r')).toEqual({
      kind: 'battlepet',
      itemId: 82800,
      name: 'Anubisath Idol',
      quality: 3,
      bonusIds: [],
      modifiers: [],
      pet: { speciesId: 1155, level: 25, quality: 3, maxHealth: 1546, power: 276, speed: 289, guid: 'BattlePet-0-00000E09B186' },
    });
    expect(parseItemLink('|cff1eff00|Hbattlepet:39:1:2:152:12:12:0000000000000000|h[Mechanical Squirrel]|h|r')?.pet?.guid).toBeUndefined();
  });

  it('reads keystones', () => {
    expect(parseItemLink('|cffa335ee|Hkeystone:180653:375:12:10:0:0:0|h[Keystone: Mists of Tirna Scithe (12)]|h|r')).toMatchObject({
      kind: 'keystone',
      itemId: 180653,
      keystone: { mapId: 375, level: 12 },
    });
  });

  it('accepts bare item strings and rejects text without a link', () => {
    expect(parseItemLink('item:19019')?.itemId).toBe(19019);
    expect(parseItemLink('see item:6948:0:0 here')?.itemId).toBe(6948);
    expect(parseItemLink('Hearthstone')).toBeUndefined();
    expect(parseItemLink('|Hitem:abc|h[x]|h')).toBeUndefined();
    expect(parseItemLink('|Hspell:133|h[Fireball]|h')).toBeUndefined();
  });
});

describe('parseItemLink on malformed links', () => {
  it('stops at the end of the fields when a count is wrong', () => {
    const link = parseItemLink('|Hitem:19019::::::::80:254::13:2:10371:10355:99999:1527:1:28:2462|h[x]|h');
    expect(link).toMatchObject({ itemId: 19019, bonusIds: [10371, 10355] });
    expect(link!.modifiers.length).toBeLessThan(10);
    expect(parseItemLink('|Hitem:19019::::::::80:254::13:999999999|h[x]|h')).toMatchObject({ bonusIds: [], modifiers: [] });
  });

  it('is no link when its id is beyond what PostgreSQL (and the game) can hold', () => {
    expect(parseItemLink('item:2147483647')?.itemId).toBe(2147483647);
    for (const text of ['item:2147483648', '|Hitem:99999999999|h[x]|h', 'battlepet:99999999999:25', 'keystone:99999999999:375:12', 'item:0']) {
      expect(parseItemLink(text), text).toBeUndefined();
    }
  });
});

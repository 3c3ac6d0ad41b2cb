import { describe, expect, it } from 'vitest';
import { LuaTable } from '../../src/core/lua/lua-table.js';
import { readSavedVariables } from '../../src/core/lua/saved-variables.js';
import { auctionStacks, unpackSlot } from '../../src/core/inventory/formats/datastore-common.js';
import { extract, readersFor, sniffGlobals } from '../../src/core/inventory/formats/index.js';
import { NeedsDataStoreIds, type ReaderContext } from '../../src/core/inventory/formats/reader.js';
import type { Extract, Location, Observation } from '../../src/core/inventory/model.js';
import { itemLink, luaFile, packed, type LuaFixture } from '../helpers/lua-writer.js';

const NOW = 1_763_700_000;
const ctx: ReaderContext = { account: 'Main', fileTime: NOW };

function read(globals: Record<string, LuaFixture | null>, context: ReaderContext = ctx): Extract {
  return extract(readSavedVariables(luaFile(globals), 'fixture.lua'), context);
}

function observation(found: Extract, owner: string, location: Location, section = ''): Observation {
  const match = found.observations.find(
    (o) => o.location === location && o.section === section && (o.owner.kind === 'warband' ? 'Warband' : o.owner.name) === owner,
  );
  if (!match) throw new Error(`no ${location}/${section} observation for ${owner}`);
  return match;
}

const items = (o: Observation) => o.stacks.map((s) => [s.itemId, s.count]);

describe('DataStore slot packing', () => {
  it('reads the 16-bit layout and the older 10-bit one by bits 13–15, as DataStore does', () => {
    expect(unpackSlot(455344129)).toEqual({ itemId: 6948, count: 1 }); // a Hearthstone in a real file
    expect(unpackSlot(packed(220367, 7))).toEqual({ itemId: 220367, count: 7 });
    expect(unpackSlot(2 ** 45 + 999)).toEqual({ itemId: 2 ** 29, count: 999 }); // beyond 32-bit operators
    expect(unpackSlot(6949 * 1024 + 20)).toEqual({ itemId: 6949, count: 20 }); // 10-bit: bits 3–5 of 6949 are not all clear
    // DataStore's heuristic misreads a 10-bit slot whose item id has bits 3–5 clear; we see what Altoholic sees.
    expect(unpackSlot(6912 * 1024 + 5)).toEqual({ itemId: Math.floor((6912 * 1024 + 5) / 65536), count: (6912 * 1024 + 5) % 65536 });
  });

  it('parses auction records with seconds left and with the old duration class', () => {
    const list = new LuaTable();
    list.push('0|24892|1||0|30200|172678|1956849426');
    list.push('1|112287|20||6878000|7240000|4');
    list.push('garbage');
    expect(auctionStacks(list, 1_000_000)).toEqual([
      { container: 0, slot: 1, itemId: 24892, count: 1, buyout: 30200, expiresAt: 1_000_000 + 172678, auctionId: 1956849426 },
      { container: 0, slot: 2, itemId: 112287, count: 20, bid: 6878000, buyout: 7240000, expiresAt: 1_000_000 + 48 * 3600 },
    ]);
  });
});

describe('format detection', () => {
  it('recognises files by the globals they assign, not by name', () => {
    expect(readersFor(sniffGlobals(Buffer.from('\nSYNDICATOR_CONFIG = {\n}\nSYNDICATOR_DATA = {\n}\n')))).toEqual(['syndicator']);
    expect(readersFor(sniffGlobals(Buffer.from('\uFEFFRematch5SavedTeams = {}\nRematch4Saved = nil\n')))).toEqual(['rematch']);
    expect(readersFor(sniffGlobals(Buffer.from('\nTradeSkillMasterDB = {\n["x"] = 1,\n}\n')))).toEqual([]);
    expect(readersFor(sniffGlobals(Buffer.from('\nDataStore_CharacterIDs = {}\nDataStore_ContainersDB = {}\n')))).toEqual(['datastore-ids', 'datastore-legacy']);
  });
});

const ids = {
  DataStore_CharacterIDs: {
    List: ['Default.Area 52.Alpha', 'Default.Area 52.Gamma', 'Default.Emerald Dream.Beta'],
    Count: 3,
    // After deleting a character DataStore shifts List but keeps Set: ids 1, 3 and a clash on 2.
    Set: { 'Default.Area 52.Alpha': 1, 'Default.Emerald Dream.Beta': 3, 'Default.Area 52.Gamma': 2, 'Default.Area 52.Ghost': 2, LastID: 3 },
  },
  DataStore_CharacterGUIDs: ['Player-3676-0000000A', 'Player-3676-0000000C', 'Player-162-0000000B'],
  DataStore_GuildIDs: { List: ['Default.Area 52.Goblin Bank'], Set: { 'Default.Area 52.Goblin Bank': 1 }, Count: 1 },
  DataStore_GuildFactions: ['Horde'],
  DataStore_CharacterGuilds: new Map([[1, 1]]),
};

describe('DataStore (current layout)', () => {
  it('takes ids from Set, settles a clash with List and skips LastID', () => {
    const found = read(ids);
    const chars = found.dataStoreIds!.characters;
    expect([...chars.entries()].map(([id, ref]) => [id, ref.name, ref.realm, ref.guid])).toEqual([
      [1, 'Alpha', 'Area 52', 'Player-3676-0000000A'],
      [3, 'Beta', 'Emerald Dream', 'Player-162-0000000B'],
      [2, 'Gamma', 'Area 52', 'Player-3676-0000000C'],
    ]);
    expect(found.notes.join('\n')).toMatch(/id 2 is claimed by .*Gamma.*Ghost/);
    expect(found.characters.find((c) => c.ref.name === 'Alpha')?.guild).toEqual({ realm: 'Area 52', name: 'Goblin Bank' });
    expect(found.guilds).toEqual([{ ref: { kind: 'guild', realm: 'Area 52', name: 'Goblin Bank' }, faction: 'Horde' }]);
  });

  it('waits for DataStore.lua when a module file names characters by id only', () => {
    const modules = { DataStore_Containers_Characters: [{ lastUpdate: NOW, Containers: new Map() }] };
    expect(() => read(modules)).toThrow(NeedsDataStoreIds);
  });

  it('reads bags, bank, reagent bank, warband and guild tabs, character info, mail, auctions and equipment', () => {
    const dataStoreIds = read(ids).dataStoreIds!;
    const found = read(
      {
        DataStore_Containers_Characters: [
          {
            lastUpdate: NOW - 100,
            Containers: new Map<number, LuaFixture>([
              [0, { items: [packed(6948, 1), undefined, packed(210796, 200)], links: [itemLink(6948, 'Hearthstone')] }],
              [1, { items: new Map([[4, packed(210930, 37)]]), link: itemLink(194019, 'Some Bag', 2) }],
              // A caged pet: DataStore stores the icon file id as item id; the link says what it is.
              [2, { items: [packed(1234567, 1)], links: ['|cff0070dd|Hbattlepet:1155:25:3:1546:276:289:BattlePet-0-00000E09B186|h[Anubisath Idol]|h|r'] }],
              [6, { items: [packed(224828, 50)] }],
            ]),
          },
          { lastUpdate: undefined, Containers: new Map([[0, { items: [packed(6948, 1)] }]]) },
        ],
        DataStore_Containers_Banks: [{ items: [packed(19019, 1)], links: [] }],
        DataStore_Containers_Reagents: [{ items: [packed(210796, 1000)] }],
        DataStore_Containers_Warbank: new Map([[13, { items: [packed(212664, 20)], name: 'Potions' }]]),
        DataStore_Containers_Guilds: [{ money: 5000, Tabs: [{ items: [packed(17182, 1)], name: 'Loot', ClientTime: NOW - 5000 }, undefined, { items: [], ClientTime: NOW - 10 }] }],
        DataStore_Characters_Info: [{ name: 'Alpha', money: 123456, lastUpdate: NOW - 50, BaseInfo: 20 + 5 * 128 + 27 * 2048 }],
        DataStore_Mails_Characters: [
          {
            lastUpdate: NOW - 90,
            Mails: [
              { itemID: 210796, count: 20, link: itemLink(210796, 'Mycobloom'), lastCheck: NOW - 86400, daysLeft: 29.5 },
              { money: 7000, subject: 'Auction successful', lastCheck: NOW - 86400, daysLeft: 30 },
            ],
            MailCache: [],
          },
        ],
        DataStore_Auctions_Characters: [{ lastUpdate: NOW - 80, lastAuctionsScan: NOW - 70 }],
        DataStore_Auctions_AuctionsList: [['0|210930|200||0|1000000|3600|42']],
        DataStore_Inventory_Characters: [{ lastUpdate: NOW - 60, Inventory: new Map<number, LuaFixture>([[1, 19019], [16, itemLink(17182, 'Sulfuras, Hand of Ragnaros', 5)]]) }],
        DataStore_Pets_GUIDs: { 'BattlePet-0-00000E09B186': 15381 },
      },
      { ...ctx, dataStoreIds },
    );
    expect(items(observation(found, 'Alpha', 'bags'))).toEqual([[6948, 1], [210796, 200], [210930, 37], [82800, 1]]);
    expect(observation(found, 'Alpha', 'bags').observedAt).toBe(NOW - 100);
    expect(items(observation(found, 'Alpha', 'bank'))).toEqual([[19019, 1], [224828, 50]]);
    expect(items(observation(found, 'Alpha', 'reagent_bank'))).toEqual([[210796, 1000]]);
    expect(items(observation(found, 'Alpha', 'equipped', 'bags'))).toEqual([[194019, 1]]);
    expect(items(observation(found, 'Alpha', 'equipped'))).toEqual([[19019, 1], [17182, 1]]);
    // The character without lastUpdate was never scanned: nothing about it is claimed.
    expect(found.observations.filter((o) => o.owner.kind === 'character' && o.owner.name === 'Gamma')).toEqual([]);

    const warband = observation(found, 'Warband', 'warband_bank');
    expect(items(warband)).toEqual([[212664, 20]]);
    expect(warband.containers).toEqual({ 13: { name: 'Potions' } });
    expect(warband.observedAt).toBe(NOW - 100); // the newest character scan in the file

    const tabs = found.observations.filter((o) => o.location === 'guild_bank');
    expect(tabs.map((t) => [t.section, t.observedAt, items(t)])).toEqual([
      ['1', NOW - 5000, [[17182, 1]]],
      ['3', NOW - 10, []],
    ]);
    expect(found.guilds.find((g) => g.money !== undefined)).toMatchObject({ money: 5000, observedAt: NOW - 10 });

    const info = found.characters.find((c) => c.ref.name === 'Alpha')!;
    expect(info).toMatchObject({ money: 123456, level: 20, className: 'PRIEST', race: 'Nightborne', faction: 'Horde', observedAt: NOW - 50 });

    const mail = observation(found, 'Alpha', 'mail');
    expect(items(mail)).toEqual([[210796, 20]]);
    expect(mail.stacks[0]!.expiresAt).toBe(NOW - 86400 + 29.5 * 86400);
    expect(mail.money).toBe(7000);

    const auction = observation(found, 'Alpha', 'auction');
    expect(auction.observedAt).toBe(NOW - 70);
    expect(auction.stacks).toEqual([{ container: 0, slot: 1, itemId: 210930, count: 200, buyout: 1000000, expiresAt: NOW - 70 + 3600, auctionId: 42 }]);
    expect(found.ownedPets).toEqual([{ account: 'Main', guid: 'BattlePet-0-00000E09B186', creatureId: 15381 }]);
  });

  it('stores warband tabs of 11.2+ clients (bag ids 12–16) under the numbers older files use (13–17)', () => {
    const dataStoreIds = read(ids).dataStoreIds!;
    const warbank = (tabs: number[]) => new Map(tabs.map((tab) => [tab, { items: [packed(212664, tab)], name: `Tab ${tab}` }]));
    const stored = (tabs: number[]) => {
      const found = read({ DataStore_Containers_Characters: [{ lastUpdate: NOW, Containers: new Map() }], DataStore_Containers_Warbank: warbank(tabs) }, { ...ctx, dataStoreIds });
      const warband = observation(found, 'Warband', 'warband_bank');
      return [warband.stacks.map((s) => s.container), Object.keys(warband.containers ?? {}).map(Number)];
    };
    expect(stored([12, 13, 14])).toEqual([[13, 14, 15], [13, 14, 15]]);
    expect(stored([13, 14, 15, 16, 17])).toEqual([[13, 14, 15, 16, 17], [13, 14, 15, 16, 17]]);
  });

  it('skips module entries whose id DataStore.lua does not know, with a note', () => {
    const dataStoreIds = read(ids).dataStoreIds!;
    const found = read({ DataStore_Containers_Characters: new Map([[7, { lastUpdate: NOW, Containers: new Map() }]]) }, { ...ctx, dataStoreIds });
    expect(found.observations).toEqual([]);
    expect(found.notes).toEqual(['DataStore_Containers_Characters: ids 7 are not in DataStore.lua (deleted characters?); skipped']);
  });
});

describe('DataStore (legacy AceDB layout)', () => {
  const bag = (ids: LuaFixture[], counts?: Map<number, number>, extra: Record<string, LuaFixture> = {}) => ({ ids, ...(counts && { counts }), ...extra });

  it('reads Bag0…, Bag100, Bag-3, void tabs and guild tabs; a missing count means 1', () => {
    const found = read(
      {
        DataStore_ContainersDB: {
          global: {
            Characters: {
              'Default.WoWArg.Deadly': {
                lastUpdate: NOW - 10,
                Containers: {
                  Bag0: bag([6948, 2589, undefined, 2589], new Map([[2, 20], [4, 7]])),
                  Bag1: bag([], undefined, { link: itemLink(4500, 'Traveler\'s Backpack') }),
                  Bag5: bag([1000]), // before Dragonflight: a bank bag
                  Bag100: bag([19019]),
                  'Bag-3': bag([210796], new Map([[1, 500]])),
                  'VoidStorage.Tab1': bag([17182]),
                },
              },
              'julianchin.WoWArg.Microwave': { lastUpdate: NOW - 20, Containers: { Bag0: bag([6948]) } },
            },
            Guilds: {
              'Default.WoWArg.Die Verbannten': { money: 651, faction: 'Alliance', Tabs: [bag([2589, 2589], new Map([[1, 20]]), { ClientTime: NOW - 30, name: 'Telas 1' })] },
            },
          },
        },
      },
      { ...ctx, account: 'SDK' },
    );
    expect(items(observation(found, 'Deadly', 'bags'))).toEqual([[6948, 1], [2589, 20], [2589, 7]]);
    expect(items(observation(found, 'Deadly', 'bank'))).toEqual([[19019, 1], [1000, 1]]);
    expect(items(observation(found, 'Deadly', 'reagent_bank'))).toEqual([[210796, 500]]);
    expect(items(observation(found, 'Deadly', 'void'))).toEqual([[17182, 1]]);
    expect(items(observation(found, 'Deadly', 'equipped', 'bags'))).toEqual([[4500, 1]]);
    // An account Altoholic imported keeps its own name; "Default" is the folder's account.
    expect(found.observations.map((o) => (o.owner.kind === 'character' ? o.owner.account : '')).filter(Boolean)).toContain('julianchin');
    expect(observation(found, 'Deadly', 'bags').owner).toMatchObject({ account: 'SDK', realm: 'WoWArg' });
    const tab = found.observations.find((o) => o.location === 'guild_bank')!;
    expect([tab.section, tab.observedAt, items(tab), tab.containers]).toEqual(['1', NOW - 30, [[2589, 20], [2589, 1]], { 1: { name: 'Telas 1' } }]);
    expect(found.guilds).toEqual([{ ref: { kind: 'guild', realm: 'WoWArg', name: 'Die Verbannten' }, observedAt: NOW - 30, money: 651, faction: 'Alliance' }]);
  });

  it('tells the Dragonflight bag layout (reagent bag 5, bank bags 6–12) by Bag12', () => {
    const found = read({
      DataStore_ContainersDB: { global: { Characters: { 'Default.Realm.Name': { lastUpdate: NOW, Containers: { Bag5: bag([1000]), Bag12: bag([2000]), Bag100: bag([]) } } } } },
    });
    expect(items(observation(found, 'Name', 'bags'))).toEqual([[1000, 1]]);
    expect(items(observation(found, 'Name', 'bank'))).toEqual([[2000, 1]]);
  });

  it('reads characters, mail (links without item ids, MailCache of an alt never logged in) and auctions', () => {
    const found = read({
      DataStore_CharactersDB: {
        global: { Characters: { 'Default.WoWArg.Deadly': { lastUpdate: NOW - 5, money: 59869134, level: 80, class: 'Brujo', englishClass: 'WARLOCK', race: 'Humano', englishRace: 'Human', faction: 'Alliance', guildName: 'Die Verbannten' } } },
      },
      DataStore_MailsDB: {
        global: {
          Characters: {
            'Default.WoWArg.Deadly': { lastUpdate: NOW - 6, Mails: [{ sender: 'Rivo', count: 1, link: itemLink(1607, 'Soulkeeper', 3), lastCheck: NOW - 6, daysLeft: 30 }] },
            'Default.WoWArg.Mejoral': { MailCache: [{ itemID: 2589, count: 20, lastCheck: NOW - 1000, daysLeft: 30 }] },
          },
        },
      },
      DataStore_AuctionsDB: { global: { Characters: { 'Default.WoWArg.Deadly': { lastUpdate: NOW - 7, Auctions: ['1|112287|1||0|7240000|4'] } } } },
    });
    expect(found.characters[0]).toMatchObject({ money: 59869134, level: 80, className: 'WARLOCK', race: 'Human', faction: 'Alliance', guild: { realm: 'WoWArg', name: 'Die Verbannten' } });
    expect(items(observation(found, 'Deadly', 'mail'))).toEqual([[1607, 1]]);
    expect(observation(found, 'Mejoral', 'mail')).toMatchObject({ observedAt: NOW - 1000, stacks: [{ container: 1, itemId: 2589, count: 20 }] });
    expect(observation(found, 'Deadly', 'auction').stacks[0]).toMatchObject({ itemId: 112287, buyout: 7240000, expiresAt: NOW - 7 + 48 * 3600 });
  });
});

describe('Syndicator', () => {
  const slot = (itemID: number, itemCount: number, name: string, extra: Record<string, LuaFixture> = {}) => ({ itemID, itemCount, itemLink: itemLink(itemID, name), quality: 1, isBound: false, ...extra });

  it('reads every location, the warband and guild tabs, with the file time', () => {
    const found = read({
      SYNDICATOR_DATA: {
        Version: 2,
        Characters: {
          'Mbuzi-TwistingNether': {
            details: { character: 'Mbuzi', realm: 'Twisting Nether', realmNormalized: 'TwistingNether', className: 'WARRIOR', race: 'Human', faction: 'Alliance', guild: 'Internet Friends-TwistingNether' },
            money: 80344666,
            bags: [[slot(6948, 1, 'Hearthstone', { isBound: true }), {}, slot(210796, 40, 'Mycobloom')], [], [], [], [], [slot(210930, 12, 'Bismuth')]],
            bankTabs: [{ slots: [slot(19019, 1, 'Thunderfury'), {}], name: 'Gear' }, { slots: [{}], name: 'Empty' }],
            bank: [],
            equipped: [{}, slot(17182, 1, 'Sulfuras')],
            containerInfo: { bags: [slot(194019, 1, 'Some Bag')] },
            mail: [slot(224828, 5, 'Weavercloth', { expirationTime: NOW + 86400 })],
            auctions: [slot(212664, 20, 'Algari Healing Potion', { expirationTime: NOW + 3600, auctionID: 99 })],
            void: [],
            currencies: new Map([[3008, 1430], [2032, 7000]]),
          },
          'Oldie-Aggramar': {
            details: { character: 'Oldie', realm: 'Aggramar' },
            bags: [[]],
            // Before 11.2: bank[] in AllBankIndexes order, the reagent bank last.
            bank: [[slot(2589, 20, 'Linen Cloth')], [], [], [], [], [], [], [slot(3000, 1, 'Bank Bag Item')], [slot(210796, 100, 'Mycobloom')]],
          },
        },
        Guilds: {
          'Internet Friends-TwistingNether': {
            money: 1234,
            details: { guild: 'Internet Friends', realm: 'TwistingNether', faction: 'Alliance' },
            bank: [{ slots: [slot(2589, 20, 'Linen Cloth')], name: 'Tab One', isViewable: true }, { slots: [], isViewable: false }],
          },
        },
        Warband: [{ money: 1000000, bank: [{ slots: [slot(248764, 3, 'Artisanal Blink Trap')], name: 'Warband Tab' }] }],
      },
    });
    const bags = observation(found, 'Mbuzi', 'bags');
    expect(bags.observedAt).toBe(NOW);
    expect(bags.stacks.map((s) => [s.container, s.slot, s.itemId, s.count, s.bound])).toEqual([
      [0, 1, 6948, 1, true],
      [0, 3, 210796, 40, false],
      [5, 1, 210930, 12, false],
    ]);
    expect(observation(found, 'Mbuzi', 'bank').containers).toEqual({ 6: { name: 'Gear', size: 2 }, 7: { name: 'Empty', size: 1 } });
    expect(observation(found, 'Mbuzi', 'bank').stacks[0]!.container).toBe(6);
    expect(items(observation(found, 'Mbuzi', 'bank'))).toEqual([[19019, 1]]);
    expect(observation(found, 'Mbuzi', 'equipped').stacks.map((s) => [s.slot, s.itemId])).toEqual([[1, 17182]]); // inventory slot 1 = equipped[2]
    expect(items(observation(found, 'Mbuzi', 'equipped', 'bags'))).toEqual([[194019, 1]]);
    expect(observation(found, 'Mbuzi', 'mail').stacks[0]).toMatchObject({ itemId: 224828, count: 5, expiresAt: NOW + 86400 });
    expect(observation(found, 'Mbuzi', 'auction').stacks[0]).toMatchObject({ itemId: 212664, count: 20, auctionId: 99 });
    expect(found.observations.some((o) => o.location === 'void')).toBe(false); // never opened: no claim
    const mbuzi = found.characters.find((c) => c.ref.name === 'Mbuzi')!;
    expect(mbuzi).toMatchObject({ money: 80344666, className: 'WARRIOR', race: 'Human', faction: 'Alliance', guild: { name: 'Internet Friends', realm: 'TwistingNether' } });
    expect([...mbuzi.currencies!]).toEqual([[2032, 7000], [3008, 1430]]);

    expect(items(observation(found, 'Oldie', 'bank'))).toEqual([[2589, 20], [3000, 1]]);
    expect(observation(found, 'Oldie', 'bank').stacks[1]!.container).toBe(12);
    expect(items(observation(found, 'Oldie', 'reagent_bank'))).toEqual([[210796, 100]]);

    const tabs = found.observations.filter((o) => o.location === 'guild_bank');
    expect(tabs.map((t) => [t.owner, t.section, items(t)])).toEqual([[{ kind: 'guild', realm: 'TwistingNether', name: 'Internet Friends' }, '1', [[2589, 20]]]]);
    expect(items(observation(found, 'Warband', 'warband_bank'))).toEqual([[248764, 3]]);
    expect(observation(found, 'Warband', 'warband_bank').stacks[0]!.container).toBe(13);
    expect(found.warbands).toEqual([{ ref: { kind: 'warband', account: 'Main' }, observedAt: NOW, money: 1000000 }]);
  });
});

describe('Rematch', () => {
  it('reads Rematch 5 teams with groups, targets, tags and leveling slots', () => {
    const found = read({
      Rematch5SavedTeams: {
        'team:1': { teamID: 'team:1', name: 'Squirt', pets: ['BattlePet-0-00000A', 0, 1155], tags: ['AbC', 'ZL', 'XyZ'], targets: [66741, 85519], groupID: 'group:favorites', notes: 'easy' },
        'team:2': { teamID: 'team:2', name: 'Bucky', pets: ['BattlePet-0-00000B', 'ZL', 'random:10'], groupID: 'group:none' },
      },
      Rematch5SavedGroups: { 'group:favorites': { groupID: 'group:favorites', name: 'Favorites' } },
      Rematch4Saved: null,
    });
    expect(found.formats).toEqual(['rematch5']);
    const [squirt, bucky] = found.teamSets[0]!.teams;
    expect(squirt).toEqual({
      key: 'team:1',
      name: 'Squirt',
      group: 'Favorites',
      notes: 'easy',
      targetNpcIds: [66741, 85519],
      pets: [
        { slot: 1, guid: 'BattlePet-0-00000A', abilityIds: [], tag: 'AbC' },
        { slot: 2, placeholder: 'leveling', abilityIds: [], tag: 'ZL' },
        { slot: 3, speciesId: 1155, abilityIds: [], tag: 'XyZ' },
      ],
    });
    expect(bucky!.pets.map((p) => p.placeholder ?? p.guid)).toEqual(['BattlePet-0-00000B', 'leveling', 'random:10']);
    expect(bucky!.group).toBe('group:none');
  });

  it('reads Rematch 4 teams keyed by NPC id or name, with species and abilities, and the Sanctuary', () => {
    const found = read({
      RematchSaved: new Map<number | string, LuaFixture>([
        [66741, { 1: undefined, teamName: 'Aki the Chosen', tab: 4, notes: 'n' } as never],
        ['Amalia w/level', [['BattlePet-0-00000E09AEF0', 116, 279, 387, 256], ['random:9'], [0]]],
      ]),
      RematchSettings: { Sanctuary: { 'BattlePet-0-00000E09AEF0': [2, true, 256, 25, 1546, 260, 289, 4] } },
    });
    const [aki, amalia] = found.teamSets[0]!.teams;
    expect(aki).toMatchObject({ key: '66741', name: 'Aki the Chosen', targetNpcIds: [66741], group: 'tab 4', pets: [] });
    expect(amalia).toMatchObject({
      key: 'Amalia w/level',
      name: 'Amalia w/level',
      targetNpcIds: [],
      pets: [
        { slot: 1, guid: 'BattlePet-0-00000E09AEF0', speciesId: 256, abilityIds: [116, 279, 387] },
        { slot: 2, placeholder: 'random:9', abilityIds: [] },
        { slot: 3, placeholder: 'leveling', abilityIds: [] },
      ],
    });
    expect(found.ownedPets).toEqual([{ account: 'Main', guid: 'BattlePet-0-00000E09AEF0', speciesId: 256, level: 25, maxHealth: 1546, power: 260, speed: 289, quality: 3 }]);
  });
});

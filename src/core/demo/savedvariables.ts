import fs from 'node:fs';
import path from 'node:path';
import { itemLink, luaFile, type LuaFixture } from './lua-writer.js';
import { HEARTHSTONE, VENDOR_TRASH, priceAt, unit, type DemoWorld } from './world.js';

/**
 * The demo account's SavedVariables, written by us in the formats the real
 * addons use (docs/collector-format.md for HolocronDB; TSM's accounting CSV
 * strings), so ingest reads them through its ordinary readers. Five characters
 * on two realms: a raider who unlocked the Great Vault, a warrior with gear to
 * sell, a bank alt that posts auctions, a herbalist scribe and an alt across
 * the ocean; a warband bank, a pet journal with duplicates and poor pets, a
 * Rematch team, and 30 days of TSM accounting.
 */
export const DEMO_ACCOUNT = 'DEMO';
export const AUCTION_ALT = 'Coinpurse-Stormrage';
export const RAIDER = 'Aelindra-Stormrage';
export const FLASK = 212283;

type Item = [bag: number, slot: number, itemId: number, count: number, link: string, level: number | false, bound: boolean];

interface CharacterSpec {
  n: number;
  name: string;
  realm: string;
  realmId: number;
  class: string;
  level: number;
  specId: number;
  itemLevel: number;
  bags: Array<[itemId: number, count: number]>;
  bank?: Array<[itemId: number, count: number]>;
  /** [raid, dungeon, world] progress against this season's thresholds. */
  vault: [number, number, number];
  hasRewards: boolean;
  quests: number[];
  keystone?: [mapId: number, challengeMapId: number, level: number];
  mail?: Array<[itemId: number, count: number]>;
  /** Listed at the auction house now (Syndicator saves them). */
  auctions?: Array<[itemId: number, count: number]>;
}

/** Alchemy's weekly quest (93690) and treasure, Inscription's (93693, 93536): they make the professions known. */
const CHARACTERS: CharacterSpec[] = [
  {
    n: 1, name: 'Aelindra', realm: 'Stormrage', realmId: 60, class: 'MAGE', level: 80, specId: 63, itemLevel: 642.5,
    bags: [[HEARTHSTONE.id, 1], [FLASK, 5], [212664, 40], [212265, 6], [210796, 80]],
    vault: [4, 8, 3], hasRewards: true, quests: [93690, 93528], keystone: [2660, 503, 12],
  },
  {
    n: 2, name: 'Brumgar', realm: 'Stormrage', realmId: 60, class: 'WARRIOR', level: 80, specId: 71, itemLevel: 628.75,
    bags: [[HEARTHSTONE.id, 1], [219331, 1], [222832, 1], [210930, 160], [210936, 240], [VENDOR_TRASH.id, 14]],
    vault: [2, 3, 5], hasRewards: false, quests: [], keystone: [2652, 501, 9], mail: [[224828, 200], [212241, 20]],
  },
  {
    n: 3, name: 'Coinpurse', realm: 'Stormrage', realmId: 60, class: 'PRIEST', level: 80, specId: 256, itemLevel: 590,
    bags: [[FLASK, 60], [212265, 20], [224828, 400], [219946, 600], [219949, 40], [222546, 2]],
    bank: [[210799, 200], [210802, 120], [210805, 60], [224829, 12], [212667, 300], [219334, 1], [215136, 1]],
    vault: [0, 0, 1], hasRewards: false, quests: [], auctions: [[FLASK, 10], [224829, 5], [219952, 2], [219334, 1]],
  },
  {
    n: 4, name: 'Thistlewood', realm: 'Stormrage', realmId: 60, class: 'DRUID', level: 80, specId: 105, itemLevel: 611.25,
    bags: [[210796, 600], [210799, 140], [210808, 90], [222611, 24], [213610, 300]],
    vault: [0, 4, 8], hasRewards: false, quests: [93693, 93536],
  },
  {
    n: 5, name: 'Vexa', realm: 'Area 52', realmId: 3676, class: 'HUNTER', level: 80, specId: 254, itemLevel: 633,
    bags: [[HEARTHSTONE.id, 1], [222817, 1], [212000, 1], [210930, 80], [219952, 3]],
    vault: [6, 1, 0], hasRewards: false, quests: [],
  },
];

const WARBAND_BANK: Array<[number, number]> = [[210796, 400], [210930, 300], [210933, 150], [224828, 800], [212241, 60], [222720, 8], [224072, 10]];

/** Pets: [species, level, breed quality 0–5]; duplicates of common species and poor ones, as a real journal has. */
const PETS: Array<[number, number, number]> = [
  [39, 25, 3], [39, 12, 1], [39, 1, 0], [40, 25, 3], [40, 25, 2], [41, 18, 1], [43, 25, 3], [43, 25, 3], [43, 5, 1],
  [55, 1, 0], [55, 3, 1], [68, 25, 2], [72, 10, 1], [84, 25, 3], [132, 25, 3], [162, 25, 3], [162, 7, 2], [4512, 25, 3], [4518, 14, 2],
];

export interface WrittenAccount {
  /** WTF/Account/DEMO/SavedVariables */
  folder: string;
  files: string[];
}

/** Writes the account under `root` as of `now` (ms); returns what it wrote. */
export function writeDemoAccount(world: DemoWorld, root: string, now: number): WrittenAccount {
  const folder = path.join(root, 'WTF', 'Account', DEMO_ACCOUNT, 'SavedVariables');
  fs.mkdirSync(folder, { recursive: true });
  const at = Math.floor(now / 1000) - 600;
  const files: Array<[string, Buffer]> = [
    ['Holocron.lua', luaFile({ HolocronDB: holocronDb(world, at) })],
    ['Rematch.lua', luaFile({ Rematch5SavedTeams: rematchTeams() })],
    ['Syndicator.lua', luaFile({ SYNDICATOR_DATA: syndicatorData(world, at) })],
    ['TradeSkillMaster.lua', Buffer.from(tsmFile(world, at))],
  ];
  for (const [name, bytes] of files) {
    const file = path.join(folder, name);
    fs.writeFileSync(file, bytes);
    fs.utimesSync(file, at, at);
  }
  return { folder, files: files.map(([name]) => path.join(folder, name)) };
}

function link(world: DemoWorld, id: number): string {
  const item = world.items.find((i) => i.id === id);
  return itemLink(id, item?.name ?? `Item ${id}`, item?.quality ?? 1);
}

function items(world: DemoWorld, firstBag: number, list: Array<[number, number]>): Item[] {
  return list.map(([id, count], i) => {
    const item = world.items.find((x) => x.id === id);
    const gear = item?.market === 'realm';
    const bag = firstBag + Math.floor(i / 20);
    return [bag, (i % 20) + 1, id, count, link(world, id), gear ? item!.level : false, id === HEARTHSTONE.id];
  });
}

function vault([raid, dungeon, world]: [number, number, number]): LuaFixture[] {
  const rows: Array<[string, number[], number]> = [['Raid', [2, 4, 6], raid], ['Activities', [1, 4, 8], dungeon], ['World', [2, 4, 8], world]];
  return rows.flatMap(([type, thresholds, progress], t) => thresholds.map((threshold, i) => [type, i + 1, threshold, progress, type === 'Raid' ? 16 : 10, 1000 + t * 10 + i]));
}

function holocronDb(world: DemoWorld, at: number): LuaFixture {
  const characters = new Map<string, LuaFixture>();
  for (const c of CHARACTERS) {
    const gear = world.items.filter((i) => i.market === 'realm').slice(0, 3);
    characters.set(`Player-${c.realmId}-0DE40${c.n}`, {
      name: c.name,
      realm: c.realm,
      realmId: c.realmId,
      region: 1,
      class: c.class,
      level: c.level,
      specId: c.specId,
      savedAt: at,
      weeklyResetAt: nextUsReset(at),
      gear: {
        at,
        average: c.itemLevel + 1.25,
        equipped: c.itemLevel,
        slots: new Map<number, LuaFixture>(gear.map((g, i) => [i + 1, [itemLink(g.id, g.name, 4), Math.round(c.itemLevel)]])),
      },
      bags: { at, items: items(world, 0, c.bags) },
      ...(c.bank && { bank: { at: at - 3_600, items: items(world, 6, c.bank), tabs: new Map<number, LuaFixture>([[6, 'Trade Goods']]) } }),
      vault: { at, hasRewards: c.hasRewards, activities: vault(c.vault) },
      lockouts: { at, list: c.vault[0] > 0 ? [['Nerub-ar Palace', 700_000 + c.n, nextUsReset(at), 16, true, false, true, 20, 8, Math.min(8, c.vault[0]), 2657]] : [] },
      keystone: c.keystone ? { at, mapId: c.keystone[0], challengeMapId: c.keystone[1], level: c.keystone[2] } : { at },
      quests: { at, done: c.quests },
    });
  }
  const pets = PETS.map(([species, level, quality], i) => [petGuid(i), species, level, quality, 1000 + level * 60, 100 + level * 12, 100 + level * 11] as LuaFixture);
  return {
    version: 1,
    addonVersion: '0.2.0',
    characters,
    warband: {
      bank: { at: at - 3_600, items: items(world, 12, WARBAND_BANK), tabs: new Map<number, LuaFixture>([[12, 'Materials']]) },
      mounts: { at, ids: [6, 7, 41, 68, 363, 2487] },
      toys: { at, ids: [1973, 54452, 69775] },
      pets: { at, list: pets },
    },
  };
}

/** The next US weekly reset (Tuesday 15:00 UTC) after `at`, Unix seconds. */
export function nextUsReset(at: number): number {
  const d = new Date(at * 1000);
  const tuesday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + ((2 - d.getUTCDay() + 7) % 7), 15) / 1000;
  return tuesday > at ? tuesday : tuesday + 7 * 86_400;
}

function petGuid(i: number): string {
  return `BattlePet-0-${(0xde40000 + i).toString(16).toUpperCase().padStart(12, '0')}`;
}

/**
 * What only Syndicator saves: gold on characters, the warband and the guild,
 * the mailbox and the guild bank. Sections it leaves out stay HolocronDB's.
 */
function syndicatorData(world: DemoWorld, at: number): LuaFixture {
  const slot = ([id, count]: [number, number]) => {
    const item = world.items.find((i) => i.id === id);
    return { itemID: id, itemCount: count, itemLink: link(world, id), quality: item?.quality ?? 1, isBound: false };
  };
  const characters: Record<string, LuaFixture> = {};
  for (const c of CHARACTERS) {
    characters[`${c.name}-${c.realm.replace(/ /g, '')}`] = {
      details: {
        character: c.name, realm: c.realm, className: c.class, race: c.realm === 'Stormrage' ? 'Human' : 'Orc',
        faction: c.realm === 'Stormrage' ? 'Alliance' : 'Horde', ...(c.realm === 'Stormrage' && { guild: 'Gilded Ledger-Stormrage' }),
      },
      money: GOLD[c.n - 1]!,
      mail: (c.mail ?? []).map((m) => ({ ...slot(m), expirationTime: at + 20 * 86_400 })),
      auctions: (c.auctions ?? []).map((m, i) => ({ ...slot(m), expirationTime: at + (12 + 6 * i) * 3_600, auctionID: 1_400_000_000 + c.n * 100 + i })),
    };
  }
  return {
    Characters: characters,
    Guilds: {
      'Gilded Ledger-Stormrage': {
        money: 250_000_000,
        details: { guild: 'Gilded Ledger', realm: 'Stormrage', faction: 'Alliance', visited: true },
        bank: [{ slots: GUILD_BANK.map(slot), name: 'Materials', isViewable: true }],
      },
    },
    Warband: [{ money: 180_000_000 }],
    Version: 2,
  };
}

/** Copper per character, in CHARACTERS' order. */
const GOLD = [84_250_000, 12_900_000, 1_563_000_000, 41_300_000, 27_750_000];
const GUILD_BANK: Array<[number, number]> = [[210933, 200], [212667, 120], [219952, 4], [224829, 20]];

/** A team that uses two of the journal's pets: they are never offered for sale. */
function rematchTeams(): LuaFixture {
  return { 'team:1': { teamID: 'team:1', name: 'Squirrel Squad', pets: [petGuid(0), petGuid(3), petGuid(14)], targets: [] } };
}

/** TradeSkillMaster.lua with 30 days of accounting for the Stormrage characters. */
function tsmFile(world: DemoWorld, at: number): string {
  const headers = {
    csvSales: 'itemString,stackSize,quantity,price,otherPlayer,player,time,source',
    csvBuys: 'itemString,stackSize,quantity,price,otherPlayer,player,time,source',
    csvIncome: 'type,amount,otherPlayer,player,time',
    csvExpense: 'type,amount,otherPlayer,player,time',
  };
  const rows: Record<keyof typeof headers, string[]> = { csvSales: [], csvBuys: [], csvIncome: [], csvExpense: [] };
  const traded = world.items.filter((i) => i.depth > 0);
  const materials = traded.filter((i) => i.market === 'commodity' && i.basePrice < 300_000);
  const buyers = ['Grimtusk', 'Lunaria', 'Quillfeather', 'Stonebrew', 'Zephyra'];
  // Rows hang on UTC days, not on `at`: a file rewritten later repeats the rows
  // of the days it shares with the old one, which the ledger's natural key merges.
  const today = Math.floor(at / 86_400);
  const push = (list: string[], time: number, line: (time: number) => string) => {
    if (time <= at) list.push(line(time));
  };
  for (let day = today - 29; day <= today; day++) {
    const dayStart = day * 86_400;
    const sales = 4 + Math.floor(unit(world.seed, day, 41) * 8);
    for (let k = 0; k < sales; k++) {
      const item = traded[Math.floor(unit(world.seed, day, k, 42) * traded.length)]!;
      const time = dayStart + Math.floor(unit(world.seed, day, k, 43) * 86_000);
      const price = priceAt(world, item.basePrice, item.trend, item.id, Math.floor(time / 3600));
      const stack = item.market === 'realm' || item.basePrice >= 2_000_000 ? 1 : item.basePrice >= 300_000 ? [1, 2, 5][k % 3]! : [10, 20, 50, 100][k % 4]!;
      push(rows.csvSales, time, (t) => `i:${item.id},${stack},${stack},${price},${buyers[k % buyers.length]},${k % 3 === 0 ? 'Aelindra' : 'Coinpurse'},${t},Auction`);
    }
    if (day % 3 === 0) {
      const item = materials[Math.floor(unit(world.seed, day, 44) * materials.length)]!;
      push(rows.csvBuys, dayStart + 40_000, (t) => `i:${item.id},20,40,${Math.round(item.basePrice * 0.85)},${buyers[day % buyers.length]},Thistlewood,${t},Auction`);
    }
    if (day % 7 === 2) push(rows.csvExpense, dayStart + 20_000, (t) => `Repair Bill,${350_000 + (day % 30) * 1000},Merchant,Brumgar,${t}`);
    if (day % 5 === 1) push(rows.csvIncome, dayStart + 30_000, (t) => `Money Transfer,${2_000_000 + (day % 30) * 10_000},Brumgar,Coinpurse,${t}`);
  }
  const entries = ['\t["_version"] = 119,', '\t["_hash"] = 20261202,'];
  for (const [key, lines] of Object.entries(rows)) {
    const text = [headers[key as keyof typeof headers], ...lines].join('\\n');
    entries.push(`\t["r@Stormrage@internalData@${key}"] = "${text}",`);
  }
  return ['', 'TradeSkillMasterDB = {', ...entries, '}', ''].join('\r\n');
}

/** The consumables the raider must carry: `restock` turns the shortfall into a mail from the bank alt. */
export const REQUIREMENTS: Array<{ character: string; item: string; count: number }> = [
  { character: RAIDER, item: String(FLASK), count: 20 },
  { character: RAIDER, item: '212265', count: 10 },
];

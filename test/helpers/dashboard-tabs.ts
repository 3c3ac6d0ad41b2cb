import type { CollectionTab, HomeTab, MarketTab, OperationsTab, RosterTab, TabName, TabOf } from '../../src/core/dashboard/types.js';
import type { ItemHit, SearchResult } from '../../src/core/inventory/search.js';

/** The dashboard's tab objects as the core hands them out, with enough rows to scroll. */
const AT = '2026-11-22T09:00:00.000Z';
const days = (n: number, value: (i: number) => number) =>
  Array.from({ length: n }, (_, i) => ({ day: `2026-11-${String(i + 1).padStart(2, '0')}`, value: value(i) }));

export const HOME: HomeTab = {
  tab: 'home',
  generatedAt: AT,
  alerts: [
    { level: 'info', text: '3 mail jobs pending', tab: 'operations' },
    { level: 'info', text: 'Vault unlocked on Main-Stormrage (3 of 9 slots)', tab: 'roster' },
    { level: 'info', text: 'Auction value', amount: 500_000 * 10_000, tab: 'market' },
    { level: 'warn', text: 'scrape commodities is 5 hours old', tab: 'market' },
  ],
  totals: { itemValue: 1_234_567 * 10_000, auctionValue: 500_000 * 10_000, gold: 98_765 * 10_000, characters: 12, openJobs: 3 },
  freshness: [
    { source: 'scrape commodities', at: '2026-11-22T04:00:00.000Z' },
    { source: 'ingest Main', at: '2026-11-21T22:10:00.000Z' },
  ],
  missing: [],
};

export const MARKET: MarketTab = {
  tab: 'market',
  generatedAt: AT,
  region: 'eu',
  velocity: {
    days: Array.from({ length: 30 }, (_, i) => ({ day: `2026-10-${String(i + 1).padStart(2, '0')}`, goldIn: (i % 7) * 1e7, goldOut: 3e7, net: (i % 7) * 1e7 - 3e7 })),
    inPerDay7d: 3e7,
    outPerDay7d: 3e7,
    netPerDay7d: 0,
    netPerDay30d: -1e6,
  },
  liquidity: {
    value: 9e9,
    liquidValue7d: 4e9,
    items: Array.from({ length: 12 }, (_, i) => ({
      itemId: 200_000 + i,
      petSpeciesId: 0,
      name: `Liquid Thing ${i + 1}`,
      unitsSellable: 100 * (i + 1),
      value: 1e8 * (12 - i),
      liquidValue7d: 5e7 * (12 - i),
      soldPerDay: 12.5,
      daysToLiquidate: i === 3 ? null : 4 + i,
    })),
  },
  movers: Array.from({ length: 25 }, (_, i) => ({
    itemId: 100_000 + i,
    name: i === 0 ? 'Sulfuron Hammer' : `Mover ${i + 1}`,
    marketValue: 1e6 * (i + 1),
    historicalValue: 9e5 * (i + 1),
    change: 0.111,
    dailySold: i === 2 ? null : 42,
    history: days(30, (d) => 1e6 + ((d * 37 + i) % 11) * 1e5),
  })),
  missing: [],
};

export const OPERATIONS: OperationsTab = {
  tab: 'operations',
  generatedAt: AT,
  jobs: Array.from({ length: 30 }, (_, i) => ({
    id: 101 + i,
    kind: i % 2 ? 'mail' : 'auction',
    status: 'open' as const,
    from: 'Banker-Stormrage',
    to: i % 2 ? 'Seller-Stormrage' : null,
    itemId: 300_000 + i,
    itemName: `Crate of Stuff ${i + 1}`,
    count: 20 + i,
    reason: 'liquidate',
    createdAt: '2026-11-21T20:00:00.000Z',
  })),
  queued: { liquidation: 20, restock: 8, other: 2 },
  auctionAlt: 'Seller-Stormrage',
  missing: [],
};

export const ROSTER: RosterTab = {
  tab: 'roster',
  generatedAt: AT,
  characters: Array.from({ length: 40 }, (_, i) => ({
    character: `Alt${i + 1}-Stormrage`,
    account: 'Main',
    class: 'MAGE',
    level: 80,
    spec: 'Frost',
    itemLevel: 600 + i / 2,
    vault: { raid: i % 3, dungeon: 2, world: 0, slots: (i % 3) + 2 },
    knowledgeMissing: i % 4 === 0 ? 0 : 15,
    keystone: i === 0 ? { level: 12, mapId: 501 } : null,
    lastSeenAt: '2026-11-21T22:10:00.000Z',
  })),
  missing: [],
};

export const COLLECTION: CollectionTab = {
  tab: 'collection',
  generatedAt: AT,
  speciesOwned: 900,
  petsOwned: 1400,
  speciesKnown: 1800,
  duplicates: [
    { speciesId: 39, name: 'Mechanical Squirrel', owned: 3, sellable: 2, unitValue: 250_000 },
    { speciesId: 1155, name: 'Ghostly Skull', owned: 2, sellable: 1, unitValue: null },
  ],
  wanted: [{ speciesId: 2000, name: 'Rare Wanted Drake', reason: 'not owned', unitValue: 5_000_000_000 }],
  missing: [],
};

/** Tabs with nothing in them: each names the command that fills it. */
export const EMPTY_ROSTER: RosterTab = {
  tab: 'roster',
  generatedAt: AT,
  characters: [],
  missing: [{ what: 'characters, items and gold', command: 'holocron ingest <WoW folder>' }],
};

export const TABS: { [T in TabName]: TabOf<T> } = { home: HOME, market: MARKET, operations: OPERATIONS, roster: ROSTER, collection: COLLECTION };

export function searchResult(query: string, names: string[]): SearchResult {
  const hits: ItemHit[] = names.map((name, i) => ({
    itemId: 17_182 + i,
    petSpeciesId: null,
    name,
    total: 1 + i,
    placeCount: 2,
    morePlaces: 0,
    match: 'name',
    places: [
      { account: 'Main', owner: 'Banker-Stormrage', ownerKind: 'character', location: 'bank', place: 'bank tab 2', count: 1, observedAt: AT, expiresAt: null },
      { account: 'Main', owner: 'Warband', ownerKind: 'warband', location: 'warband_bank', place: 'warband tab 1', count: i, observedAt: AT, expiresAt: null },
    ],
  }));
  return { query, hits, dbMs: 1 };
}

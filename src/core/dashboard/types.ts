/**
 * The Command Center's data: one plain object per tab, built by
 * src/core/dashboard/tabs.ts for both faces (Ink in `holocron dashboard`, the
 * web page of `holocron serve`) and for the read API (/api/v1/dashboard/<tab>).
 * Amounts are copper (integers); times are ISO strings; nothing here is
 * formatted for one face.
 */

export const TAB_NAMES = ['home', 'market', 'operations', 'roster', 'collection'] as const;
export type TabName = (typeof TAB_NAMES)[number];

export const TAB_TITLES: Record<TabName, string> = {
  home: 'Home',
  market: 'Market',
  operations: 'Operations',
  roster: 'Roster',
  collection: 'Collection',
};

/** What a part of a tab lacks, and the one command that fills it (bare: faces print "run `…`"). */
export interface Missing {
  what: string;
  command: string;
}

export interface Alert {
  level: 'info' | 'warn';
  text: string;
  /** Copper the alert is about; faces print it after the text ("Auction value: 500,000g"). */
  amount?: number;
  /** The tab that shows the detail. */
  tab: TabName;
}

export interface Freshness {
  /** 'scrape commodities', 'ingest Main', 'courier'… */
  source: string;
  at: string | null;
}

export interface HomeTab {
  tab: 'home';
  generatedAt: string;
  alerts: Alert[];
  totals: {
    /** Market value of the account's items (valuation of `holocron value`), copper. */
    itemValue: number;
    /** Of which on the auction house now. */
    auctionValue: number;
    /** Gold on characters, warband and guild banks, mail. */
    gold: number;
    characters: number;
    openJobs: number;
  };
  freshness: Freshness[];
  missing: Missing[];
}

export interface VelocityDay {
  day: string;
  goldIn: number;
  goldOut: number;
  net: number;
}

export interface LiquidityRow {
  itemId: number;
  petSpeciesId: number;
  name: string;
  unitsSellable: number;
  value: number;
  liquidValue7d: number;
  soldPerDay: number | null;
  daysToLiquidate: number | null;
}

export interface MoverRow {
  itemId: number;
  name: string;
  /** Copper: DBMarket-like 15-day value. */
  marketValue: number;
  historicalValue: number | null;
  /** marketValue / historicalValue − 1. */
  change: number | null;
  dailySold: number | null;
  /** Daily market values, oldest first (for a sparkline). */
  history: Array<{ day: string; value: number }>;
}

export interface MarketTab {
  tab: 'market';
  generatedAt: string;
  region: string | null;
  velocity: {
    /** Account-wide, oldest first, the last 30 days that have ledger rows. */
    days: VelocityDay[];
    inPerDay7d: number;
    outPerDay7d: number;
    netPerDay7d: number;
    netPerDay30d: number;
  };
  liquidity: {
    value: number;
    liquidValue7d: number;
    /** Biggest holdings first. */
    items: LiquidityRow[];
  };
  /** The account's most valuable held items and how their price moves. */
  movers: MoverRow[];
  missing: Missing[];
}

export interface JobView {
  id: number;
  kind: string;
  status: 'open' | 'done' | 'cancelled';
  from: string;
  to: string | null;
  itemId: number;
  itemName: string | null;
  count: number;
  reason: string | null;
  createdAt: string;
}

export interface OperationsTab {
  tab: 'operations';
  generatedAt: string;
  jobs: JobView[];
  /**
   * The queue's open work by planner. A fresh liquidation plan takes most of a
   * second on a big account, so it is an action (liquidate-plan), not part of
   * loading the tab.
   */
  queued: { liquidation: number; restock: number; other: number };
  auctionAlt: string | null;
  missing: Missing[];
}

export interface RosterEntry {
  character: string;
  account: string;
  class: string | null;
  level: number | null;
  spec: string | null;
  itemLevel: number | null;
  vault: { raid: number; dungeon: number; world: number; slots: number };
  /** Weekly profession knowledge not yet taken this week (quests, treatises). */
  knowledgeMissing: number;
  keystone: { level: number; mapId: number | null } | null;
  lastSeenAt: string | null;
}

export interface RosterTab {
  tab: 'roster';
  generatedAt: string;
  characters: RosterEntry[];
  missing: Missing[];
}

export interface PetSaleRow {
  speciesId: number;
  name: string;
  owned: number;
  /** Copies beyond the best one that no team uses and that can be caged. */
  sellable: number;
  unitValue: number | null;
}

export interface PetWantRow {
  speciesId: number;
  name: string;
  /** Why it is listed: 'not owned' or 'only poor/common/uncommon'. */
  reason: string;
  /** Cheapest way in: the market value of a caged one, when listed. */
  unitValue: number | null;
}

export interface CollectionTab {
  tab: 'collection';
  generatedAt: string;
  speciesOwned: number;
  petsOwned: number;
  speciesKnown: number;
  duplicates: PetSaleRow[];
  wanted: PetWantRow[];
  missing: Missing[];
}

export type DashboardTab = HomeTab | MarketTab | OperationsTab | RosterTab | CollectionTab;
export type TabOf<T extends TabName> = Extract<DashboardTab, { tab: T }>;

/** Actions both faces offer, carried out by the same core functions as the CLI. */
export type DashboardAction =
  | { action: 'liquidate-plan' }
  | { action: 'liquidate-apply' }
  | { action: 'restock-manifest'; apply: boolean }
  | { action: 'job-done'; ids: number[] }
  | { action: 'job-cancel'; ids: number[] };

export interface ActionResult {
  action: DashboardAction['action'];
  /** One line for a status bar. */
  summary: string;
  /** Lines of detail (the manifest, the plan's lines). */
  lines: string[];
}

/** The channel ingest, scrape, liquidate and the queue notify on (migration 0029); payload: what changed. */
export const DATA_CHANNEL = 'holocron_data';

/**
 * The Command Center's one set of queries: each tab's data as a plain
 * object, for `holocron dashboard`, the page of `holocron serve` and
 * /api/v1/dashboard/<tab> alike.
 */
import type { Database } from '../db/pool.js';
import { UsageError } from '../errors.js';
import { loadCollection } from './collection.js';
import { loadHome } from './home.js';
import { loadMarket } from './market.js';
import { loadOperations } from './operations.js';
import { loadRosterTab } from './roster.js';
import { TAB_NAMES, type DashboardTab, type TabName, type TabOf } from './types.js';

const LOADERS: { [T in TabName]: (db: Database, now: Date) => Promise<TabOf<T>> } = {
  home: loadHome,
  market: loadMarket,
  operations: loadOperations,
  roster: loadRosterTab,
  collection: loadCollection,
};

export async function loadTab<T extends TabName>(db: Database, tab: T, options: { now?: Date } = {}): Promise<TabOf<T>> {
  const load = LOADERS[tab] as (db: Database, now: Date) => Promise<TabOf<T>>;
  return load(db, options.now ?? new Date());
}

export function isTabName(text: string): text is TabName {
  return (TAB_NAMES as readonly string[]).includes(text);
}

export function tabName(text: string): TabName {
  const name = text.toLowerCase();
  if (!isTabName(name)) throw new UsageError(`no tab '${text}': one of ${TAB_NAMES.join(', ')}`);
  return name;
}

export type { DashboardTab };

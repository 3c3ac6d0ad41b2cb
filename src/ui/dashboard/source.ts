import type { ActionResult, DashboardAction, TabName, TabOf } from '../../core/dashboard/types.js';
import type { SearchResult } from '../../core/inventory/search.js';

/**
 * Everything the app asks of the outside world. The command binds it to the
 * core functions over a database; tests hand in plain objects.
 */
export interface DashboardSource {
  load<T extends TabName>(tab: T): Promise<TabOf<T>>;
  run(action: DashboardAction): Promise<ActionResult>;
  search(text: string): Promise<SearchResult>;
  /** Calls back when data changed (ingest, scrape, liquidate, the queue); no polling. */
  listen?(onChange: (what: string[]) => void): Promise<{ close(): Promise<void> }>;
}

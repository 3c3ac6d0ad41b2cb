/**
 * What the dashboard showed last, kept in $HOLOCRON_HOME so the next start
 * paints it at once (the tab bar says "as of" when) while the fresh read runs:
 * on a 60,000-stack account Home takes 130–300 ms to read and Node, pg and
 * the schema check 220 ms before that (BENCHMARKS.md, bench:dashboard).
 * Keyed by database: a file from another database is ignored. Mode 600: it
 * holds the account's characters and gold.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { TAB_NAMES, type DashboardTab, type TabName } from './types.js';

const FILE = 'dashboard-last.json';

interface Stored {
  database: string;
  tabs: Partial<Record<TabName, DashboardTab>>;
}

export class LastSeen {
  private readonly file: string;
  private readonly database: string;
  private tabs: Partial<Record<TabName, DashboardTab>> | undefined;

  /** `databaseUrl` undefined: the embedded server of this home. */
  constructor(home: string, databaseUrl: string | undefined) {
    this.file = path.join(home, FILE);
    this.database = createHash('sha256').update(databaseUrl ?? 'embedded').digest('hex').slice(0, 16);
  }

  /** The tabs seen last on this database; nothing when there is no file, or it is another's or unreadable. */
  read(): Partial<Record<TabName, DashboardTab>> {
    this.tabs = {};
    try {
      const stored = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Stored;
      if (stored.database !== this.database || typeof stored.tabs !== 'object' || stored.tabs === null) return {};
      this.tabs = Object.fromEntries(Object.entries(stored.tabs).filter(([name, tab]) => (TAB_NAMES as readonly string[]).includes(name) && tab?.tab === name));
      return { ...this.tabs };
    } catch {
      return {};
    }
  }

  /** Keeps a freshly read tab; a failed write only costs the next start its head start. */
  save(tab: DashboardTab): void {
    this.tabs ??= this.read();
    this.tabs[tab.tab] = tab;
    const text = JSON.stringify({ database: this.database, tabs: this.tabs } satisfies Stored);
    const temp = `${this.file}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(temp, text, { mode: 0o600 });
      fs.renameSync(temp, this.file);
    } catch {
      fs.rmSync(temp, { force: true });
    }
  }
}

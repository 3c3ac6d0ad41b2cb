/** A new user's dashboard before any data: every tab says which command fills it, none fails. */
import { describe, expect, it } from 'vitest';
import { loadTab } from '../../src/core/dashboard/tabs.js';
import { TAB_NAMES } from '../../src/core/dashboard/types.js';
import { useTestDatabase } from '../helpers/db.js';

const t = useTestDatabase();

describe('dashboard tabs on an empty database', () => {
  it.each(TAB_NAMES)('%s names the command that fills it', async (name) => {
    const tab = await loadTab(t.db, name);
    expect(tab.tab).toBe(name);
    expect(tab.missing.length).toBeGreaterThan(0);
    for (const m of tab.missing) expect(m.command).toMatch(/^holocron [a-z]+( [a-z-<>. ]+)?$/i);
  });
});

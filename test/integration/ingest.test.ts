import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest, type IngestSummary } from '../../src/core/inventory/ingest.js';
import { silentLogger } from '../../src/core/log.js';
import { useTestDatabase } from '../helpers/db.js';
import { itemLink, luaFile, packed, type LuaFixture } from '../helpers/lua-writer.js';
import { useTempDirs } from '../helpers/tmp.js';

const t = useTestDatabase();
const tempDir = useTempDirs();
const T0 = 1_760_000_000;

/** Writes WTF/Account/<account>/SavedVariables/<name> with the given modification time. */
function writeSaved(root: string, account: string, name: string, globals: Record<string, LuaFixture | null>, mtime = T0): string {
  const dir = path.join(root, 'WTF', 'Account', account, 'SavedVariables');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, luaFile(globals));
  fs.utimesSync(file, mtime, mtime);
  return file;
}

const run = (paths: string[], extra: { account?: string; reprocess?: boolean } = {}): Promise<IngestSummary> =>
  ingest({ paths, ...extra }, { db: t.db, log: silentLogger });

const stacksOf = async (owner: string, location: string) =>
  t.db.query<{ item_id: number; count: number }>(
    'SELECT item_id, count FROM holocron.view_item_locations WHERE owner = $1 AND location = $2 ORDER BY item_id',
    [owner, location],
  );

/** Rows where holocron.current_places (or its totals) and the current stacks disagree; none expected. */
const placesDisagreeing = async () =>
  t.db.query(
    `WITH expected AS (
       SELECT st.item_id, coalesce(st.pet_species_id, 0) AS pet_species_id, st.snapshot_id, st.container, s.owner_id,
              sum(st.count)::int AS count, min(st.expires_at) AS expires_at
       FROM holocron.item_stacks st JOIN holocron.inventory_snapshots s USING (snapshot_id)
       WHERE st.is_current AND s.is_current
       GROUP BY 1, 2, 3, 4, s.snapshot_id
     ), kept AS (
       SELECT item_id, pet_species_id, snapshot_id, container, owner_id, count, expires_at
       FROM holocron.current_places
     )
     (SELECT 'missing' AS problem, * FROM expected EXCEPT ALL SELECT 'missing', * FROM kept)
     UNION ALL
     (SELECT 'extra', * FROM kept EXCEPT ALL SELECT 'extra', * FROM expected)`,
  ).then(async (places) => [
    ...places,
    ...(await t.db.query(
      `WITH expected AS (
         SELECT item_id, pet_species_id, sum(count)::bigint AS total, count(*)::int AS places FROM holocron.current_places GROUP BY 1, 2
       ), kept AS (SELECT item_id, pet_species_id, total, places FROM holocron.current_item_totals)
       (SELECT 'total missing' AS problem, * FROM expected EXCEPT ALL SELECT 'total missing', * FROM kept)
       UNION ALL
       (SELECT 'total extra', * FROM kept EXCEPT ALL SELECT 'total extra', * FROM expected)`,
    )),
  ]);

function legacyContainers(name: string, lastUpdate: number, bag0: number[], counts: Map<number, number> = new Map()): Record<string, LuaFixture> {
  return {
    DataStore_ContainersDB: { global: { Characters: { [`Default.Stormrage.${name}`]: { lastUpdate, Containers: { Bag0: { ids: bag0, counts } } } } } },
  };
}

describe('ingest: which data wins', () => {
  it('replaces a location only with newer data, keeps older data as history, never wipes on an unchanged timestamp', async () => {
    const root = tempDir('holocron-ingest-');
    const first = writeSaved(root, 'Acct', 'DataStore_Containers.lua', legacyContainers('Keeper', T0, [6948, 2589], new Map([[2, 20]])));
    expect((await run([first])).files[0]).toMatchObject({ status: 'ingested', counts: { replaced: 2, stacks: 2 } });
    expect(await stacksOf('Keeper-Stormrage', 'bags')).toEqual([{ item_id: 2589, count: 20 }, { item_id: 6948, count: 1 }]);

    // Same timestamp, containers suddenly empty (a half-loaded UI at logout): not applied.
    const wiped = writeSaved(root, 'Acct', 'DataStore_Containers.lua', legacyContainers('Keeper', T0, []), T0 + 60);
    expect((await run([wiped])).files[0]).toMatchObject({ status: 'ingested', counts: { replaced: 0, unchanged: 2 } });
    expect(await stacksOf('Keeper-Stormrage', 'bags')).toHaveLength(2);

    // Newer: replaces.
    const newer = writeSaved(root, 'Acct', 'DataStore_Containers.lua', legacyContainers('Keeper', T0 + 3600, [6948, 2589, 2589], new Map([[2, 20], [3, 5]])), T0 + 3600);
    expect((await run([newer])).files[0]).toMatchObject({ counts: { replaced: 1, confirmed: 1 } }); // bags changed; equipped bags did not
    expect(await stacksOf('Keeper-Stormrage', 'bags')).toEqual([{ item_id: 2589, count: 25 }, { item_id: 6948, count: 1 }]);
    expect(await placesDisagreeing()).toEqual([]);

    // An old backup: history only, the current view does not move.
    const old = writeSaved(root, 'Acct', 'DataStore_Containers.lua', legacyContainers('Keeper', T0 - 86400, [6948]), T0 - 86400);
    expect((await run([old])).files[0]).toMatchObject({ counts: { replaced: 0, history: 2 } });
    expect(await stacksOf('Keeper-Stormrage', 'bags')).toEqual([{ item_id: 2589, count: 25 }, { item_id: 6948, count: 1 }]);

    // Newer but identical contents: confirmed, no new snapshot.
    const same = writeSaved(root, 'Acct', 'DataStore_Containers.lua', legacyContainers('Keeper', T0 + 7200, [6948, 2589, 2589], new Map([[2, 20], [3, 5]])), T0 + 7200);
    expect((await run([same])).files[0]).toMatchObject({ counts: { replaced: 0, confirmed: 2 } });
    expect(await placesDisagreeing()).toEqual([]);

    const history = await t.db.query<{ observed_at: Date; confirmed_at: Date; is_current: boolean; item_count: number }>(
      `SELECT s.observed_at, s.confirmed_at, s.is_current, s.item_count FROM holocron.inventory_snapshots s
       JOIN holocron.owners o USING (owner_id) WHERE o.label = 'Keeper-Stormrage' AND s.location = 'bags' ORDER BY s.observed_at`,
    );
    expect(history.map((h) => [h.observed_at.getTime() / 1000, h.confirmed_at.getTime() / 1000, h.is_current, h.item_count])).toEqual([
      [T0 - 86400, T0 - 86400, false, 1],
      [T0, T0, false, 21],
      [T0 + 3600, T0 + 7200, true, 26],
    ]);
    // "What did I own then" is a query.
    const then = await t.db.query<{ item_id: number; count: number }>(
      `SELECT item_id, count FROM holocron.item_locations_at($1) WHERE owner = 'Keeper-Stormrage' AND location = 'bags' ORDER BY item_id`,
      [new Date((T0 + 60) * 1000)],
    );
    expect(then).toEqual([{ item_id: 2589, count: 20 }, { item_id: 6948, count: 1 }]);
  });

  it('does nothing for a file it has already ingested', async () => {
    const root = tempDir('holocron-ingest-');
    const file = writeSaved(root, 'Acct', 'DataStore_Containers.lua', legacyContainers('Twice', T0, [6948]));
    await run([file]);
    const before = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM holocron.inventory_snapshots');
    const again = await run([file]);
    expect(again.files[0]).toMatchObject({ status: 'unchanged' });
    expect(await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM holocron.inventory_snapshots')).toEqual(before);
  });

  it('never lets an older file lower the money or the level', async () => {
    const root = tempDir('holocron-ingest-');
    const facts = (money: number, level: number, lastUpdate: number) => ({
      DataStore_CharactersDB: { global: { Characters: { 'Default.Stormrage.Rich': { lastUpdate, money, level, englishClass: 'MAGE' } } } },
    });
    await run([writeSaved(root, 'Acct', 'DataStore_Characters.lua', facts(5000, 70, T0 + 100))]);
    await run([writeSaved(root, 'Acct', 'DataStore_Characters.lua', facts(10, 60, T0), T0)]);
    const [row] = await t.db.query<{ money: number; level: number; class: string }>(
      "SELECT money, level, class FROM holocron.characters WHERE name = 'Rich'",
    );
    expect(row).toEqual({ money: 5000, level: 70, class: 'MAGE' });
  });
});

describe('ingest: currencies', () => {
  const withCurrencies = (currencies: Map<number, number>) => ({
    SYNDICATOR_DATA: { Characters: { 'Coins-Stormrage': { details: { character: 'Coins', realm: 'Stormrage' }, currencies } } },
  });
  const balances = () =>
    t.db.query<{ currency_id: number; quantity: number; observed_at: Date }>(
      `SELECT cc.currency_id, cc.quantity, cc.observed_at FROM holocron.character_currencies cc
       JOIN holocron.characters c USING (owner_id) WHERE c.name = 'Coins' ORDER BY 1`,
    );

  it('keeps each character\'s newest set of balances, readable per currency', async () => {
    const root = tempDir('holocron-currency-');
    await run([writeSaved(root, 'Acct', 'Syndicator.lua', withCurrencies(new Map([[3008, 1430], [2032, 7000]])), T0)]);
    expect((await balances()).map((b) => [b.currency_id, b.quantity])).toEqual([[2032, 7000], [3008, 1430]]);

    // Newer: the whole set is replaced (a spent currency the addon no longer lists is gone).
    await run([writeSaved(root, 'Acct', 'Syndicator.lua', withCurrencies(new Map([[3008, 1500]])), T0 + 600)]);
    expect((await balances()).map((b) => [b.currency_id, b.quantity, b.observed_at.getTime() / 1000])).toEqual([[3008, 1500, T0 + 600]]);

    // Older: ignored.
    await run([writeSaved(root, 'Old', 'Syndicator.lua', withCurrencies(new Map([[3008, 1]])), T0 - 600)]);
    const coins = await t.db.query<{ quantity: number }>(
      `SELECT cc.quantity FROM holocron.character_currencies cc JOIN holocron.characters c USING (owner_id) JOIN holocron.accounts a ON a.account_id = c.account_id
       WHERE c.name = 'Coins' AND a.name = 'Acct'`,
    );
    expect(coins).toEqual([{ quantity: 1500 }]);
  });
});

describe('ingest: bad files and waiting files', () => {
  it('rejects a truncated file with line and column, keeps it, and ingests the others', async () => {
    const root = tempDir('holocron-ingest-');
    const good = writeSaved(root, 'Acct', 'Syndicator.lua', {
      SYNDICATOR_DATA: { Characters: { 'Solo-Stormrage': { details: { character: 'Solo', realm: 'Stormrage' }, bags: [[{ itemID: 6948, itemCount: 1, itemLink: itemLink(6948, 'Hearthstone') }]] } } },
    });
    const whole = luaFile(legacyContainers('Cut', T0, [6948, 2589, 2589, 2589]));
    const truncated = path.join(path.dirname(good), 'DataStore_Containers.lua');
    fs.writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length * 0.7)));
    const summary = await run([path.join(root, 'WTF')]);
    const byName = Object.fromEntries(summary.files.map((f) => [path.basename(f.path), f]));
    expect(byName['Syndicator.lua']).toMatchObject({ status: 'ingested' });
    expect(byName['DataStore_Containers.lua']!.status).toBe('rejected');
    expect(byName['DataStore_Containers.lua']!.error).toMatch(new RegExp(`^${truncated.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `));
    const [kept] = await t.db.query<{ status: string; size_bytes: number; error: string }>(
      "SELECT status, size_bytes, error FROM holocron.source_files WHERE path = $1",
      [truncated],
    );
    expect(kept).toMatchObject({ status: 'rejected', size_bytes: Math.floor(whole.length * 0.7) });
    expect(await stacksOf('Solo-Stormrage', 'bags')).toEqual([{ item_id: 6948, count: 1 }]);
  });

  it('keeps a DataStore module until its DataStore.lua arrives, then reads it', async () => {
    const root = tempDir('holocron-ingest-');
    const containers = writeSaved(root, 'Late', 'DataStore_Containers.lua', {
      DataStore_Containers_Characters: [{ lastUpdate: T0, Containers: new Map([[0, { items: [packed(6948, 1), packed(2589, 20)] }]]) }],
    });
    const waiting = await run([containers]);
    expect(waiting.files[0]).toMatchObject({ status: 'deferred' });
    const core = writeSaved(root, 'Late', 'DataStore.lua', {
      DataStore_CharacterIDs: { List: ['Default.Stormrage.Patient'], Set: { 'Default.Stormrage.Patient': 1 }, Count: 1 },
      DataStore_CharacterGUIDs: ['Player-60-0ABCDEF0'],
    });
    const later = await run([core]);
    expect(later.files.map((f) => [path.basename(f.path), f.status])).toEqual([
      ['DataStore.lua', 'ingested'],
      ['DataStore_Containers.lua', 'ingested'],
    ]);
    expect(await stacksOf('Patient-Stormrage', 'bags')).toEqual([{ item_id: 2589, count: 20 }, { item_id: 6948, count: 1 }]);
  });
});

describe('ingest: identity', () => {
  it('follows a character through a rename by its GUID', async () => {
    const root = tempDir('holocron-ingest-');
    const core = (name: string) => ({
      DataStore_CharacterIDs: { List: [`Default.Stormrage.${name}`], Set: { [`Default.Stormrage.${name}`]: 1 }, Count: 1 },
      DataStore_CharacterGUIDs: ['Player-60-0RENAME01'],
    });
    await run([writeSaved(root, 'Ren', 'DataStore.lua', core('Before'), T0)]);
    const summary = await run([writeSaved(root, 'Ren', 'DataStore.lua', core('After'), T0 + 10)]);
    expect(summary.files[0]!.notes.join('\n')).toContain('Before-Stormrage is now After-Stormrage');
    const rows = await t.db.query<{ name: string }>("SELECT name FROM holocron.characters WHERE guid = 'Player-60-0RENAME01'");
    expect(rows).toEqual([{ name: 'After' }]);
  });

  it('merges several WoW accounts from one WTF folder, each with its own warband', async () => {
    const root = tempDir('holocron-ingest-');
    for (const account of ['111#1', '111#2']) {
      writeSaved(root, account, 'Syndicator.lua', {
        SYNDICATOR_DATA: {
          Characters: { [`Alt${account.at(-1)}-Stormrage`]: { details: { character: `Alt${account.at(-1)}`, realm: 'Stormrage' }, bags: [[{ itemID: 6948, itemCount: 1 }]] } },
          Warband: [{ money: 100, bank: [{ slots: [{ itemID: 210796, itemCount: 10 }] }] }],
        },
      });
    }
    await run([root]);
    const rows = await t.db.query<{ account: string; owner: string; item_id: number }>(
      `SELECT account, owner, item_id FROM holocron.view_item_locations WHERE account LIKE '111#%' ORDER BY account, owner`,
    );
    expect(rows).toEqual([
      { account: '111#1', owner: 'Alt1-Stormrage', item_id: 6948 },
      { account: '111#1', owner: 'Warband', item_id: 210796 },
      { account: '111#2', owner: 'Alt2-Stormrage', item_id: 6948 },
      { account: '111#2', owner: 'Warband', item_id: 210796 },
    ]);
  });
});

describe('ingest: pets and teams', () => {
  it('stores Rematch teams, replaces them with a newer file, ignores an older one, and protects their pets', async () => {
    const root = tempDir('holocron-ingest-');
    const teams = (names: string[]) => ({
      Rematch5SavedTeams: Object.fromEntries(
        names.map((name, i) => [`team:${i + 1}`, { teamID: `team:${i + 1}`, name, pets: [`BattlePet-0-0000000000${i}A`, 0, 1155], targets: [66741] }]),
      ),
    });
    await run([writeSaved(root, 'Pets', 'Rematch.lua', teams(['One', 'Two']), T0)]);
    await run([writeSaved(root, 'Pets', 'Rematch.lua', teams(['Only']), T0 + 100)]);
    await run([writeSaved(root, 'Pets', 'Rematch.lua', teams(['Stale', 'Old', 'Older']), T0 - 100)]);
    const names = await t.db.query<{ name: string }>("SELECT t.name FROM petweaver.teams t JOIN holocron.accounts a USING (account_id) WHERE a.name = 'Pets'");
    expect(names).toEqual([{ name: 'Only' }]);
    const protectedPets = await t.db.query<{ species_id: number | null; pet_guid: string | null; team_name: string }>(
      "SELECT species_id, pet_guid, team_name FROM petweaver.view_protected_pets WHERE account = 'Pets' ORDER BY slot",
    );
    expect(protectedPets).toEqual([
      { species_id: null, pet_guid: 'BattlePet-0-00000000000A', team_name: 'Only' },
      { species_id: 1155, pet_guid: null, team_name: 'Only' },
    ]);
  });
});

describe('ingest --reprocess', () => {
  it('reads every stored file again and ends with the same inventory', async () => {
    const root = tempDir('holocron-ingest-');
    await run([writeSaved(root, 'Again', 'DataStore_Containers.lua', legacyContainers('Redo', T0, [6948, 2589], new Map([[2, 20]])))]);
    const before = await t.db.query('SELECT owner, location, item_id, count FROM holocron.view_item_locations ORDER BY 1, 2, 3');
    const summary = await run([], { reprocess: true });
    expect(summary.files.length).toBeGreaterThan(0);
    expect(summary.files.every((f) => f.status === 'ingested' || f.status === 'rejected')).toBe(true);
    expect(await t.db.query('SELECT owner, location, item_id, count FROM holocron.view_item_locations ORDER BY 1, 2, 3')).toEqual(before);
    const duplicates = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM (SELECT owner_id, location, section FROM holocron.inventory_snapshots WHERE is_current GROUP BY 1, 2, 3 HAVING count(*) > 1) d',
    );
    expect(duplicates).toEqual([{ n: 0 }]);
    expect(await placesDisagreeing()).toEqual([]);
  });
});

describe('ingest: files it does not read', () => {
  it('skips other addons with a note, but rejects a known file cut off before its first assignment', async () => {
    const root = tempDir('holocron-ingest-');
    const other = writeSaved(root, 'Misc', 'WeakAuras.lua', { WeakAurasSaved: { displays: {} } });
    const cut = path.join(path.dirname(other), 'Syndicator.lua');
    fs.writeFileSync(cut, '\nSYNDICATOR_DA');
    const empty = path.join(path.dirname(other), 'Rematch.lua');
    fs.writeFileSync(empty, '');
    const summary = await run([path.dirname(other)]);
    const byName = Object.fromEntries(summary.files.map((f) => [path.basename(f.path), f]));
    expect(byName['WeakAuras.lua']).toMatchObject({ status: 'skipped' });
    expect(byName['WeakAuras.lua']!.notes[0]).toMatch(/WeakAurasSaved/);
    expect(byName['Syndicator.lua']).toMatchObject({ status: 'rejected' });
    expect(byName['Syndicator.lua']!.error).toMatch(/Syndicator\.lua:2:\d+: /);
    expect(byName['Rematch.lua']).toMatchObject({ status: 'rejected' });
    expect(byName['Rematch.lua']!.error).toMatch(/empty/);
  });
});

describe('holocron.current_places (what search reads)', () => {
  it('forgets an item that left every place', async () => {
    const root = tempDir('holocron-ingest-');
    await run([writeSaved(root, 'Acct', 'DataStore_Containers.lua', legacyContainers('Leaver', T0, [12345, 2589]))]);
    const totals = () => t.db.query('SELECT total, places FROM holocron.current_item_totals WHERE item_id = 12345');
    expect(await totals()).toEqual([{ total: 1, places: 1 }]);
    await run([writeSaved(root, 'Acct', 'DataStore_Containers.lua', legacyContainers('Leaver', T0 + 60, [2589]), T0 + 60)]);
    expect(await totals()).toEqual([]);
    expect(await placesDisagreeing()).toEqual([]);
  });


  it('agrees with the current stacks after every ingest above', async () => {
    expect(await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM holocron.current_places')).not.toEqual([{ n: 0 }]);
    expect(await placesDisagreeing()).toEqual([]);
  });
});

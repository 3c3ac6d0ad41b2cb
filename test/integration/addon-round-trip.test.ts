/**
 * The loop both ways, through real files and a real Lua 5.1: the collector
 * plays a session and leaves the SavedVariables file the client would write;
 * `holocron ingest` reads it with the account's Syndicator file; `holocron
 * courier` writes the data files from that database; the addon, loaded as the
 * game loads it, answers /holo and tooltips as `holocron search` does.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeCourier } from '../../src/core/courier/courier.js';
import { ingest } from '../../src/core/inventory/ingest.js';
import { searchItems, type ItemHit } from '../../src/core/inventory/search.js';
import { silentLogger } from '../../src/core/log.js';
import { GUID, HELM, SCENARIO, T0 } from '../helpers/collector-scenario.js';
import { useTestDatabase } from '../helpers/db.js';
import { HAS_LUA, luaTitle, runLuaJson, runLuaLines, runOps, writeLuaValue, type LuaLiteral } from '../helpers/lua-harness.js';
import { insertSnapshot } from '../helpers/market-fixture.js';
import { generateSyndicatorFile } from '../helpers/syndicator-generator.js';
import { useTempDirs } from '../helpers/tmp.js';

const t = useTestDatabase();
const tempDir = useTempDirs();
const NOW = new Date((T0 + 3600) * 1000);
const MYCOBLOOM = 210796;
const LINEN = 2589;
const RUNECLOTH = 14047;

let dataDir: string;
let bankAlt: string;
let jobId: number;

/** What both faces show of a hit: the Lua one carries extra fields (quality, score, container). */
function shown(hit: Pick<ItemHit, 'itemId' | 'petSpeciesId' | 'name' | 'total' | 'placeCount' | 'morePlaces' | 'match'> & { places: Array<{ owner: string; place: string; count: number }> }) {
  return {
    itemId: hit.itemId,
    petSpeciesId: hit.petSpeciesId || null,
    name: hit.name,
    total: hit.total,
    placeCount: hit.placeCount,
    morePlaces: hit.morePlaces,
    match: hit.match,
    places: hit.places.map((p) => `${p.owner}: ${p.count} ${p.place}`),
  };
}

function addonSearch(text: string) {
  return runLuaLines('test/lua/search.lua', [dataDir, text, '--player', 'Thrall-Stormrage', '--realm-id', '60', '--time', String(T0 + 7200)])
    .map((line) => shown(JSON.parse(line)));
}

function addonTooltip(item: string): string[] {
  return runLuaLines('test/lua/tooltip.lua', [dataDir, item, '--player', 'Thrall-Stormrage', '--realm-id', '60', '--time', String(T0 + 7200)]);
}

beforeAll(async () => {
  if (!HAS_LUA) return;
  const sv = path.join(tempDir('holocron-round-trip-'), 'WTF', 'Account', 'MAIN', 'SavedVariables');
  fs.mkdirSync(sv, { recursive: true });
  const collectorRun = runLuaJson<{ db: unknown }>('test/lua/cases/collector.lua', [writeLuaValue(path.join(sv, '..', 'scenario.lua'), SCENARIO), path.join(sv, 'Holocron.lua')]);
  expect(collectorRun.db).toBeTruthy();
  fs.writeFileSync(path.join(sv, 'Syndicator.lua'), generateSyndicatorFile({ characters: 12, guilds: 1, bankTabs: 2, mail: 2, fill: 0.6, seed: 5, now: T0 }));
  // Syndicator keeps no times: the file's is used. An hour older than the collector's session, so its warband bank yields.
  fs.utimesSync(path.join(sv, 'Syndicator.lua'), T0 - 3600, T0 - 3600);

  const summary = await ingest({ paths: [sv] }, { db: t.db, log: silentLogger });
  expect(summary.files.map((f) => [path.basename(f.path), f.status, f.error])).toEqual([
    ['Holocron.lua', 'ingested', undefined],
    ['Syndicator.lua', 'ingested', undefined],
  ]);
  await insertSnapshot(t.db, { region: 'us', connectedRealmId: null, at: new Date(NOW.getTime() - 3600_000), stats: [{ itemId: MYCOBLOOM, market: 9500, min: 9100, sold: 60 }, { itemId: RUNECLOTH, market: 1200, min: 1100, sold: 800 }] });
  const [from] = await t.db.query<{ owner_id: number }>("SELECT owner_id FROM holocron.owners WHERE label = 'Thrall-Stormrage'");
  const [to] = await t.db.query<{ owner_id: number; label: string }>("SELECT owner_id, label FROM holocron.owners WHERE kind = 'character' AND label <> 'Thrall-Stormrage' ORDER BY label LIMIT 1");
  bankAlt = to!.label;
  const [job] = await t.db.query<{ job_id: number }>(
    `INSERT INTO holocron.logistics_queue (job_key, kind, from_owner_id, to_owner_id, item_id, count, reason) VALUES ('round-trip', 'mail', $1, $2, $3, 300, 'test') RETURNING job_id`,
    [from!.owner_id, to!.owner_id, MYCOBLOOM],
  );
  jobId = job!.job_id;
  dataDir = tempDir('holocron-round-trip-data-');
  await writeCourier({ outDir: dataDir, version: '9.9.9', region: 'us' }, { db: t.db, log: silentLogger });
});

describe.skipIf(!HAS_LUA)(luaTitle('collector → ingest → courier → addon'), () => {
  it("stores the collector's session where the server's views read it", async () => {
    const [thrall] = await t.db.query<{ guid: string; spec_id: number; average_item_level: number }>(
      "SELECT guid, spec_id, average_item_level FROM holocron.characters WHERE name = 'Thrall'",
    );
    expect(thrall).toEqual({ guid: GUID, spec_id: 71, average_item_level: 641.25 });
    expect(await t.db.query('SELECT slot, item_id, item_level FROM skillweaver.equipped_items ORDER BY slot')).toEqual([
      { slot: 1, item_id: 212000, item_level: 645 },
      { slot: 13, item_id: 212002, item_level: 626 },
      { slot: 15, item_id: 212001, item_level: 639 },
    ]);
    const warband = await searchItems(t.db, { text: String(RUNECLOTH) });
    // Bag 12 is the first warband tab on 11.2+ clients; the player named it.
    expect(warband.hits[0]!.places.find((p) => p.ownerKind === 'warband')).toMatchObject({ location: 'warband_bank', count: 400, place: 'warband tab 1 (Warband Gear)' });
    const linen = await searchItems(t.db, { text: String(LINEN) });
    expect(linen.hits[0]!.places.map((p) => p.place)).toEqual(['bank tab 1 (Mats)']);
    const helm = await t.db.query<{ item_level: number; appearance_collected: boolean; is_bound: boolean }>(
      'SELECT item_level, appearance_collected, is_bound FROM holocron.item_stacks WHERE item_id = 212000 AND is_current',
    );
    expect(helm).toEqual([{ item_level: 645, appearance_collected: true, is_bound: true }]);
  });

  it.each([
    ['a name part', 'cloth'],
    ['a whole name', 'Linen Cloth'],
    ['an item id', String(MYCOBLOOM)],
    ['a pasted link', HELM],
    ['a typo', 'Mycoblom'],
    ['a battle pet', 'Mechanical Squirrel'],
  ])('/holo lists the same items, totals and places as holocron search for %s', async (_what, text) => {
    const server = (await searchItems(t.db, { text })).hits.map(shown);
    expect(server.length).toBeGreaterThan(0);
    expect(addonSearch(text)).toEqual(server);
  });

  it('shows in tooltips the account total the server counts, and the market value', async () => {
    const [linen] = (await searchItems(t.db, { text: String(LINEN) })).hits;
    const lines = addonTooltip(String(LINEN));
    expect(lines.join('\n')).toContain(`Holocron: ${linen!.total.toLocaleString('en-US')}`);
    expect(addonTooltip(String(MYCOBLOOM)).join('\n')).toMatch(/95s/);
  });

  it("fills the mail of the server's logistics job from the bags the collector read", () => {
    const scenario = { ...(SCENARIO as Record<string, LuaLiteral>), inCombat: false };
    const run = runOps(dataDir, scenario, [{ op: 'mailShow' }, { op: 'sendTab' }, { op: 'mailClick' }]);
    const filled = run.results[2]!.result as { to: string; subject: string; attachments: Array<{ id: number; count: number; split: boolean }> };
    expect(filled.to).toBe(bankAlt);
    expect(filled.subject).toBe(`Holocron job ${jobId}`);
    // Bag 1 holds Mycobloom stacks of 200 … 229: the biggest whole, the rest split off the next.
    expect(filled.attachments.map((a) => [a.id, a.count, a.split])).toEqual([[MYCOBLOOM, 229, false], [MYCOBLOOM, 71, true]]);
  });
});

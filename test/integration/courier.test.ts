import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeCourier, type CourierReport } from '../../src/core/courier/courier.js';
import { KeyKind, PRIMARY_WIDTH, REALM_WIDTH, decodeAgeHours, decodeMoney, decodeRate, get7, pricingKey } from '../../src/core/courier/pricing-encoding.js';
import { ingest } from '../../src/core/inventory/ingest.js';
import { searchItems } from '../../src/core/inventory/search.js';
import { silentLogger } from '../../src/core/log.js';
import { useTestDatabase } from '../helpers/db.js';
import { HAS_LUA, LOAD_DATA_FILE, runLuaChunk } from '../helpers/lua-harness.js';
import { insertRealms, insertSnapshot } from '../helpers/market-fixture.js';
import { generateSyndicatorFile } from '../helpers/syndicator-generator.js';
import { luaFile } from '../helpers/lua-writer.js';
import { useTempDirs } from '../helpers/tmp.js';

/**
 * holocron courier on an ingested account with market data: what each file
 * holds, that Lua 5.1 loads it, that it is written atomically and byte for
 * byte the same from the same database.
 */
const t = useTestDatabase();
const tempDir = useTempDirs();
const NOW = new Date('2026-12-01T20:00:00Z');
const HOUR = 3600_000;
const MYCOBLOOM = 210796;
const HEARTHSTONE = 6948;
const THUNDERFURY = 19019;

let out: string;
let report: CourierReport;

/** The `data = [=[…]=]` bytes of a pricing table (the first is the primary set's). */
function dataStrings(text: Buffer): Buffer[] {
  const found: Buffer[] = [];
  for (let at = text.indexOf('[=['); at >= 0; at = text.indexOf('[=[', at + 3)) found.push(text.subarray(at + 3, text.indexOf(']=]', at)));
  return found;
}

/** Money above 2^23 copper is kept to 1 part in 2^22, never above (docs/courier-format.md). */
function expectMoney(field: number, copper: number): void {
  const decoded = decodeMoney(field);
  expect(decoded).toBeLessThanOrEqual(copper);
  expect((copper - decoded) / copper).toBeLessThanOrEqual(2 ** -22);
}

function record(data: Buffer, width: number, key: number): Buffer | undefined {
  for (let at = 0; at < data.length; at += width) if (get7(data, at, 5) === key) return data.subarray(at, at + width);
  return undefined;
}

beforeAll(async () => {
  const dir = path.join(tempDir('holocron-courier-'), 'WTF', 'Account', 'Main', 'SavedVariables');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'Syndicator.lua'), generateSyndicatorFile({ characters: 30, guilds: 2, bankTabs: 2, mail: 3, fill: 0.7, seed: 11, currencies: 2, now: NOW.getTime() / 1000 }));
  fs.utimesSync(path.join(dir, 'Syndicator.lua'), NOW, new Date(NOW.getTime() - HOUR));
  fs.writeFileSync(path.join(dir, 'Rematch.lua'), luaFile({ RematchSaved: { 'Squirt Day': [['BattlePet-0-000000000001', 0, 0, 0, 39], ['BattlePet-0-000000000002', 0, 0, 0, 39]] } }));
  const summary = await ingest({ paths: [path.dirname(dir)] }, { db: t.db, log: silentLogger });
  expect(summary.files.map((f) => f.status)).toEqual(['ingested', 'ingested']);

  await insertRealms(t.db, 'us', 60, [[60, 'Twisting Nether'], [61, 'Ravencrest']]);
  await insertRealms(t.db, 'us', 70, [[70, 'Stormrage']]);
  await insertSnapshot(t.db, { region: 'us', connectedRealmId: null, at: new Date(NOW.getTime() - 2 * HOUR), stats: [{ itemId: MYCOBLOOM, market: 9000, min: 8800, sold: 40 }] });
  await insertSnapshot(t.db, { region: 'us', connectedRealmId: null, at: new Date(NOW.getTime() - HOUR), stats: [{ itemId: MYCOBLOOM, market: 9500, min: 9100, sold: 60 }] });
  await insertSnapshot(t.db, { region: 'us', connectedRealmId: 60, at: new Date(NOW.getTime() - HOUR), stats: [{ itemId: THUNDERFURY, market: 50_000_000_00, min: 45_000_000_00, sold: 1 }, { itemId: 82800, petSpeciesId: 39, market: 12_000, min: 11_000 }] });
  await insertSnapshot(t.db, { region: 'us', connectedRealmId: 70, at: NOW, stats: [{ itemId: THUNDERFURY, market: 70_000_000_00, min: 69_000_000_00 }] });
  await t.db.query(`INSERT INTO petweaver.species (species_id, name, is_battlepet) VALUES (39, 'Mechanical Squirrel', true), (40, 'Bombay Cat', true), (41, 'Cornish Rex Cat', true)`);
  await t.db.query(
    `INSERT INTO petweaver.owned_pets (pet_guid, account_id, species_id, level, quality, source, observed_at)
     SELECT g, (SELECT account_id FROM holocron.accounts WHERE name = 'Main'), s, 25, q, 'holocron', now()
     FROM (VALUES ('BattlePet-0-000000000001', 39, 3), ('BattlePet-0-000000000002', 39, 3), ('BattlePet-0-000000000003', 39, 1), ('BattlePet-0-000000000004', 40, 1)) AS v (g, s, q)`,
  );
  const alt = await t.db.query<{ owner_id: number }>("SELECT owner_id FROM holocron.owners WHERE label = 'Thrall-TwistingNether'");
  const bank = await t.db.query<{ owner_id: number }>("SELECT owner_id FROM holocron.owners WHERE label = 'Jaina-TwistingNether'");
  await t.db.query(
    `INSERT INTO holocron.logistics_queue (job_key, kind, from_owner_id, to_owner_id, item_id, count) VALUES ('m1', 'mail', $1, $2, $3, 200), ('m1', 'mail', $1, $2, $4, 1), ('s1', 'sell', $1, NULL, $3, 20)`,
    [alt[0]!.owner_id, bank[0]!.owner_id, MYCOBLOOM, HEARTHSTONE],
  );
  out = tempDir('holocron-courier-out-');
  report = await writeCourier({ outDir: out, version: '9.9.9', region: 'us' }, { db: t.db, log: silentLogger });
});

describe('holocron courier', () => {
  it('writes the three files, each with what it holds and how old its inputs are', () => {
    expect(report.files.map((f) => [f.name, f.written, f.note])).toEqual([
      ['Holocron_Index.lua', true, null],
      ['Holocron_Pricing.lua', true, null],
      ['Holocron_PetNeeds.lua', true, null],
    ]);
    expect(report.files[1]!.dataAt).toBe(NOW.getTime() / 1000);
    for (const f of report.files) expect(fs.readFileSync(f.path, 'utf8').split('\n')[0]).toBe('-- Generated by holocron courier 9.9.9; do not edit.');
    expect(fs.readdirSync(out).sort()).toEqual(['Holocron_Index.lua', 'Holocron_PetNeeds.lua', 'Holocron_Pricing.lua']);
  });

  it('prices per key: region commodity value, home realm value, cheapest unit, sold per day, age', () => {
    const text = fs.readFileSync(path.join(out, 'Holocron_Pricing.lua'));
    expect(text.toString('latin1')).toMatch(/primary = \{ connectedRealmId = 60, realmIds = \{ 60, 61 \} \}/);
    const [primary, stormrage] = dataStrings(text);
    expect(primary!.every((b) => b >= 0x80)).toBe(true);
    expect(primary!.length).toBe(3 * PRIMARY_WIDTH);
    const myco = record(primary!, PRIMARY_WIDTH, pricingKey(KeyKind.Item, MYCOBLOOM))!;
    expect(decodeMoney(get7(myco, 5, 4))).toBe(9500); // region: the commodity value
    expect(decodeMoney(get7(myco, 9, 4))).toBe(0); // commodities have no realm value
    expect(decodeMoney(get7(myco, 13, 4))).toBe(9100);
    expect(decodeRate(get7(myco, 17, 2))).toBe(100 * (24 / 3)); // 100 sold over 3 hours of snapshots, scaled to a day
    expect(decodeAgeHours(get7(myco, 19, 1))).toBe(1);
    const fury = record(primary!, PRIMARY_WIDTH, pricingKey(KeyKind.Item, THUNDERFURY))!;
    expectMoney(get7(fury, 5, 4), 50_000_000_00); // median of two realms: the lower one (percentile_disc)
    expectMoney(get7(fury, 9, 4), 50_000_000_00); // home realm
    expectMoney(get7(fury, 13, 4), 45_000_000_00);
    const squirrel = record(primary!, PRIMARY_WIDTH, pricingKey(KeyKind.Pet, 39))!;
    expect(decodeMoney(get7(squirrel, 5, 4))).toBe(12_000);
    // Stormrage is not played on: no realm set for it.
    expect(stormrage).toBeUndefined();
    expect(REALM_WIDTH).toBe(14);
  });

  it.skipIf(!HAS_LUA)('gives files Lua 5.1 loads as the game does, with the index answering like holocron search', async () => {
    const dump = runLuaChunk(
      `${LOAD_DATA_FILE}
       local index = load(arg[1]).index
       local pricing = load(arg[2]).pricing
       local pets = load(arg[3]).petNeeds
       print('pricing', pricing.count, pricing.width, #pricing.data)
       print('owners', #index.owners)
       for _, item in ipairs(index.items) do print('item', item[1], item[2], item[5], item[6], item[7]) end
       for owner, jobs in pairs(index.jobs) do for _, job in ipairs(jobs) do print('job', owner, job.kind, job.to or '', #job.items) end end
       print('missing', table.concat(pets.missing, ','))
       for s, q in pairs(pets.lowerQuality) do print('lower', s, q) end
       for s, d in pairs(pets.duplicates) do print('dup', s, d[1], d[2]) end`,
      ['Holocron_Index.lua', 'Holocron_Pricing.lua', 'Holocron_PetNeeds.lua'].map((f) => path.join(out, f)),
    );
    const lines = dump.trim().split('\n');
    expect(lines).toContain(`pricing\t3\t20\t60`);
    const owners = lines.find((l) => l.startsWith('owners\t'))!;
    const items = new Map(lines.filter((l) => l.startsWith('item\t')).map((l) => { const [, id, species, total, places, text] = l.split('\t'); return [`${id}:${species}`, { total: Number(total), places: Number(places), text: text! }]; }));
    const hearth = await searchItems(t.db, { text: String(HEARTHSTONE) });
    expect(items.get(`${HEARTHSTONE}:0`)).toMatchObject({ total: hearth.hits[0]!.total, places: hearth.hits[0]!.placeCount });
    expect(items.get(`${HEARTHSTONE}:0`)!.text.split(';')).toHaveLength(hearth.hits[0]!.places.length);
    expect(Number(owners.split('\t')[1])).toBeGreaterThan(30);
    expect(lines.filter((l) => l.startsWith('job\t')).sort()).toEqual(['job\tThrall-TwistingNether\tmail\tJaina-TwistingNether\t2', 'job\tThrall-TwistingNether\tsell\t\t1']);
    expect(lines).toContain('missing\t41');
    expect(lines).toContain('lower\t40\t1');
    // Three Mechanical Squirrels held; the saved team uses two.
    expect(lines.find((l) => l.startsWith('dup\t39\t'))).toMatch(/^dup\t39\t\d+\t2$/);
  });

  it('writes nothing when the database gives the same bytes again', async () => {
    const before = fs.readdirSync(out).map((f) => fs.readFileSync(path.join(out, f)));
    const again = await writeCourier({ outDir: out, version: '9.9.9', region: 'us' }, { db: t.db, log: silentLogger });
    expect(again.files.map((f) => f.written)).toEqual([false, false, false]);
    expect(fs.readdirSync(out).map((f) => fs.readFileSync(path.join(out, f)))).toEqual(before);
  });

  it('escapes any byte in a name so the loader never breaks', async () => {
    await t.db.query(`UPDATE holocron.item_names SET name = $1 WHERE item_id = $2`, ['Quote " back \\ nl\n tab\t bell\u0007 ]=] [[ ünï', HEARTHSTONE]);
    const dir = tempDir('holocron-courier-odd-');
    await writeCourier({ outDir: dir, version: '9.9.9', region: 'us' }, { db: t.db, log: silentLogger });
    const text = fs.readFileSync(path.join(dir, 'Holocron_Index.lua'), 'latin1');
    expect(text).toContain('"Quote \\" back \\\\ nl\\010 tab\\009 bell\\007 ]=] [[ ');
    if (HAS_LUA) {
      const name = runLuaChunk(`${LOAD_DATA_FILE} for _, item in ipairs(load(arg[1]).index.items) do if item[1] == ${HEARTHSTONE} then io.write(item[3]) end end`, [path.join(dir, 'Holocron_Index.lua')]);
      expect(Buffer.from(name, 'latin1').toString('utf8')).toBe('Quote " back \\ nl\n tab\t bell\u0007 ]=] [[ ünï');
    }
  });
});

describe('holocron courier on an empty database', () => {
  const empty = useTestDatabase();
  it('writes files with empty data and a note saying which command fills them', async () => {
    const dir = tempDir('holocron-courier-empty-');
    const result = await writeCourier({ outDir: dir, version: '9.9.9' }, { db: empty.db, log: silentLogger });
    expect(result.files.map((f) => f.note)).toEqual([
      'no inventory yet: run holocron ingest on your WTF folder',
      'no market data for us yet: run holocron scrape --region us',
      'no battle-pet species known yet: run holocron seed --only pets',
    ]);
    if (HAS_LUA) expect(runLuaChunk(`${LOAD_DATA_FILE} print(#load(arg[1]).index.items, load(arg[2]).pricing.count)`, [path.join(dir, 'Holocron_Index.lua'), path.join(dir, 'Holocron_Pricing.lua')]).trim()).toBe('0\t0');
  });
});

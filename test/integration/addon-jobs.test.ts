/**
 * Every kind of logistics job reaches the game: `liquidate --apply` queues
 * mail, sell, vendor and cage jobs (real PostgreSQL), the courier writes them
 * into Holocron_Index.lua — ids and counts only, a warband source named, long
 * jobs split over functions so Lua 5.1's per-function limits never bind — and
 * real lua5.1 loads the file and the addon lists them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeCourier } from '../../src/core/courier/courier.js';
import { JOB_ITEMS_PER_FUNCTION } from '../../src/core/courier/index-file.js';
import { ingest } from '../../src/core/inventory/ingest.js';
import { silentLogger } from '../../src/core/log.js';
import { applyJobs } from '../../src/core/liquidation/jobs.js';
import { planLiquidation } from '../../src/core/liquidation/plan.js';
import { setAuctionAlt, setMinValue } from '../../src/core/liquidation/settings.js';
import { useTestDatabase } from '../helpers/db.js';
import { HAS_LUA, LOAD_DATA_FILE, luaTitle, runLuaChunk, runOps } from '../helpers/lua-harness.js';
import { SQUIRREL, T0, insertMarket, writeAccount } from '../helpers/liquidation-fixture.js';
import { useTempDirs } from '../helpers/tmp.js';

const t = useTestDatabase();
const tempDir = useTempDirs();
let dataDir: string;

/** A hoarder's vendor job longer than one generated function may hold. */
const LONG_JOB_ITEMS = 2 * JOB_ITEMS_PER_FUNCTION + 500;

beforeAll(async () => {
  if (!HAS_LUA) return;
  await ingest({ paths: [writeAccount(tempDir('holocron-addon-jobs-'))] }, { db: t.db, log: silentLogger });
  await insertMarket(t.db);
  await setMinValue(t.db, 10_000);
  await setAuctionAlt(t.db, 'Bankalt-Stormrage');
  const plan = await planLiquidation(t.db, { now: new Date((T0 + 600) * 1000), region: 'us' });
  await applyJobs(t.db, plan.planned);
  await t.db.query(
    `INSERT INTO holocron.logistics_queue (job_key, kind, from_owner_id, item_id, count, reason)
     SELECT 'test/long-vendor', 'vendor', o.owner_id, 1000000 + i, 1 + i % 7, 'test'
     FROM holocron.owners o, generate_series(1, $1) AS i WHERE o.label = 'Healer-Stormrage'`,
    [LONG_JOB_ITEMS],
  );
  dataDir = tempDir('holocron-addon-jobs-data-');
  await writeCourier({ outDir: dataDir, version: '9.9.9', region: 'us' }, { db: t.db, log: silentLogger });
});

interface FileJob { owner: string; id: number; kind: string; to: string | null; source: string | null; items: number; total: number }

/** The jobs as real Lua 5.1 reads them from the courier's file. */
function jobsInFile(): FileJob[] {
  const out = runLuaChunk(`${LOAD_DATA_FILE}
local ns = load(arg[1])
local owners = {}
for owner in pairs(ns.index.jobs) do owners[#owners + 1] = owner end
table.sort(owners)
for _, owner in ipairs(owners) do
  for _, job in ipairs(ns.index.jobs[owner]) do
    local total = 0
    for _, item in ipairs(job.items) do total = total + item[3] end
    print(table.concat({ owner, job.id, job.kind, job.to or "", job.source or "", #job.items, total }, "\\t"))
  end
end`, [path.join(dataDir, 'Holocron_Index.lua')]);
  return out.trim().split('\n').map((line) => {
    const [owner, id, kind, to, source, items, total] = line.split('\t');
    return { owner: owner!, id: Number(id), kind: kind!, to: to || null, source: source || null, items: Number(items), total: Number(total) };
  });
}

describe.skipIf(!HAS_LUA)(luaTitle('logistics jobs of every kind in the courier file'), () => {
  it('writes every open job with its kind, items and counts, as the queue holds them', async () => {
    const db = await t.db.query<FileJob>(
      `SELECT f.label AS owner, min(q.job_id)::int AS id, q.kind, min(o.label) AS "to",
              min(s.label) FILTER (WHERE q.source_owner_id <> q.from_owner_id) AS source,
              count(*)::int AS items, sum(q.count)::int AS total
       FROM holocron.logistics_queue q
       JOIN holocron.owners f ON f.owner_id = q.from_owner_id
       LEFT JOIN holocron.owners o ON o.owner_id = q.to_owner_id
       LEFT JOIN holocron.owners s ON s.owner_id = q.source_owner_id
       WHERE q.status = 'open'
       GROUP BY q.job_key, q.kind, f.label
       ORDER BY f.label COLLATE "C", min(q.job_id)`,
    );
    expect(jobsInFile()).toEqual(db);
    expect(new Set(db.map((j) => j.kind))).toEqual(new Set(['mail', 'sell', 'vendor', 'cage']));
    // The auction alt empties the warband bank: its sell job says where the items are.
    expect(db).toContainEqual(expect.objectContaining({ owner: 'Bankalt-Stormrage', kind: 'sell', source: 'Warband' }));
    expect(db).toContainEqual(expect.objectContaining({ owner: 'Bankalt-Stormrage', kind: 'cage', items: 1, total: 2 }));
    expect(db).toContainEqual(expect.objectContaining({ owner: 'Healer-Stormrage', kind: 'vendor', items: LONG_JOB_ITEMS }));
  });

  it('splits a long job over functions, each in a block of its own', () => {
    const text = fs.readFileSync(path.join(dataDir, 'Holocron_Index.lua'), 'latin1');
    const start = text.indexOf('index.jobs["Healer-Stormrage"]');
    const end = text.indexOf('\nindex.jobs[', start);
    const healer = text.slice(start, end < 0 ? undefined : end);
    expect(healer.match(/local function add\(jobs\)/g)?.length).toBe(3);
    expect(healer).toContain(`jobs[1].items[${JOB_ITEMS_PER_FUNCTION + 1}] = `);
    // Small: ids and counts, no bag positions (the addon finds those when it acts).
    expect(healer).not.toMatch(/bag|slot/);
  });

  it("lists the auction alt's cage and warband jobs in /holo jobs", () => {
    const pets = [1, 2, 3].map((n) => ({ guid: `BattlePet-0-00000000000${n}`, species: SQUIRREL, level: 25, rarity: 3 }));
    const scenario = { time: T0 + 3600, player: { name: 'Bankalt', realm: 'Stormrage', realmId: 60 }, pets, bags: { 12: { size: 98, slots: { 1: { id: 210796, count: 100 } } } }, speciesNames: { [SQUIRREL]: 'Mechanical Squirrel' } };
    const run = runOps(dataDir, scenario, [{ op: 'window', text: 'jobs' }]);
    const text = (run.results[0]!.result as { rows: string[] }).rows.join('\n');
    expect(text).toMatch(/Job \d+: cage/);
    expect(text).toContain('Mechanical Squirrel × 2');
    expect(text).toMatch(/Job \d+: sell \(from the Warband\)/);
  });
});

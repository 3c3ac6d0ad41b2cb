/**
 * Missing weekly knowledge, the shopping list and `todo` from a collector
 * file ingested the way a real session's is, a commodity snapshot, an open
 * logistics job, a pet team and (in a stand-in view) a hitlist row.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { ingest } from '../../src/core/inventory/ingest.js';
import { silentLogger } from '../../src/core/log.js';
import { loadMissingUtility, loadShoppingList } from '../../src/core/weekly/utility.js';
import { loadTodo, rankTodo, fitMinutes } from '../../src/core/weekly/todo.js';
import { queueTreatiseMoves } from '../../src/core/weekly/treatise-mail.js';
import { listJobs } from '../../src/core/liquidation/jobs.js';
import { useTestDatabase } from '../helpers/db.js';
import { insertSnapshot } from '../helpers/market-fixture.js';
import { simcExport } from '../helpers/simc-export.js';
import { useTempDirs } from '../helpers/tmp.js';
import { ALCHEMY_TREATISE, LEATHERWORKING_TREATISE, MYCOBLOOM, TEAM_PET_GUID, usWeekStart, writeTodoAccount } from '../helpers/todo-fixture.js';

const t = useTestDatabase();
const tempDir = useTempDirs();
const POINT = 5_000_000;

beforeAll(async () => {
  const summary = await ingest({ paths: [writeTodoAccount(tempDir('holocron-todo-'))] }, { db: t.db, log: silentLogger });
  expect(summary.files.map((f) => f.status)).toEqual(['ingested']);
  await insertSnapshot(t.db, {
    region: 'us',
    connectedRealmId: null,
    at: new Date(Date.now() - 3_600_000),
    stats: [
      { itemId: ALCHEMY_TREATISE, market: 2_000_000 },
      { itemId: LEATHERWORKING_TREATISE, market: 1_500_000 },
      { itemId: MYCOBLOOM, market: 30_000 },
    ],
  });
});

describe('holocron.view_missing_utility', () => {
  it('lists per character and profession the sources not done since the reset', async () => {
    const rows = await loadMissingUtility(t.db);
    expect(rows.map((r) => [r.character, r.profession, r.kind, r.questIds])).toEqual([
      // Thrall did the alchemy quest and one treasure this week.
      ['Jaina-Stormrage', 'Inscription', 'weekly', [93693]],
      ['Jaina-Stormrage', 'Inscription', 'treasure', [93536]],
      ['Jaina-Stormrage', 'Inscription', 'treasure', [93537]],
      // Sylvanas's dump is from last week: what she did then is open again.
      ['Sylvanas-Stormrage', 'Leatherworking', 'treatise', [95134]],
      ['Sylvanas-Stormrage', 'Leatherworking', 'weekly', [93695]],
      ['Sylvanas-Stormrage', 'Leatherworking', 'treasure', [93540]],
      ['Sylvanas-Stormrage', 'Leatherworking', 'treasure', [93541]],
      ['Thrall-Stormrage', 'Alchemy', 'treatise', [95127]],
      ['Thrall-Stormrage', 'Alchemy', 'treasure', [93529]],
    ]);
    const thrall = rows.find((r) => r.character === 'Thrall-Stormrage' && r.kind === 'treatise')!;
    expect(thrall).toMatchObject({ what: 'Thalassian Treatise on Alchemy', itemId: ALCHEMY_TREATISE, knowledge: 1, value: POINT, held: 0, expansion: 'midnight' });
    expect(thrall.weekStart).toBe(new Date(usWeekStart(Date.now())).toISOString());
  });

  it('takes the week from ops.reset_weeks when a row covers now', async () => {
    // A week that began an hour ago: Thrall's and Jaina's dumps (a minute old) still count, nobody else's changes.
    const start = new Date(Date.now() - 3_600_000);
    await t.db.query(`INSERT INTO ops.reset_weeks (region, starts_at, ends_at) VALUES ('us', $1, $1::timestamptz + interval '7 days')`, [start]);
    try {
      const rows = await loadMissingUtility(t.db);
      expect(new Set(rows.map((r) => r.weekStart))).toEqual(new Set([start.toISOString()]));
      expect(rows).toHaveLength(9);
    } finally {
      await t.db.query(`DELETE FROM ops.reset_weeks`);
    }
  });
});

describe('holocron.view_shopping_list', () => {
  it('prices treatises from the commodity snapshot and names another character holding one', async () => {
    const list = await loadShoppingList(t.db);
    expect(list.map((s) => [s.character, s.itemId, s.itemName, s.unitPrice, s.priceSource, s.heldBy, s.whereToBuy])).toEqual([
      ['Sylvanas-Stormrage', LEATHERWORKING_TREATISE, 'Thalassian Treatise on Leatherworking', 1_500_000, 'commodity', null, 'auction house (commodity)'],
      ['Thrall-Stormrage', ALCHEMY_TREATISE, 'Thalassian Treatise on Alchemy', 2_000_000, 'commodity', 'Jaina-Stormrage', 'auction house (commodity)'],
    ]);
    const [contract] = await t.db.query<Record<string, unknown>>(
      `SELECT owner_id, character, item_id, item_name, why, unit_price, price_source, held_by FROM holocron.view_shopping_list WHERE character = 'Thrall-Stormrage'`,
    );
    expect(contract).toMatchObject({ item_id: ALCHEMY_TREATISE, held_by: 'Jaina-Stormrage', why: 'Alchemy treatise not used this week (+1 knowledge, midnight)' });
  });

  it('queues the held treatise as a mail job from its holder, once', async () => {
    try {
      expect(await queueTreatiseMoves(t.db, 'us')).toMatchObject({ created: 1, unchanged: 0 });
      const jobs = await listJobs(t.db);
      expect(jobs.map((j) => [j.kind, j.from, j.to, j.itemId, j.count])).toEqual([['mail', 'Jaina-Stormrage', 'Thrall-Stormrage', ALCHEMY_TREATISE, 1]]);
      expect(await queueTreatiseMoves(t.db, 'us')).toMatchObject({ created: 0, unchanged: 1, cancelled: 0 });
    } finally {
      await t.db.query(`DELETE FROM holocron.logistics_queue WHERE job_key LIKE 'weekly/%'`);
    }
  });
});

describe('holocron todo', () => {
  beforeAll(async () => {
    const [jaina] = await t.db.query<{ owner_id: number; account_id: number }>(`SELECT owner_id, account_id FROM holocron.characters WHERE name = 'Jaina'`);
    await t.db.query(
      `INSERT INTO holocron.logistics_queue (job_key, kind, from_owner_id, item_id, count, reason) VALUES ('test/sell', 'sell', $1, $2, 20, 'surplus herbs')`,
      [jaina!.owner_id, MYCOBLOOM],
    );
    await t.db.query(`INSERT INTO petweaver.team_sets (account_id, source, observed_at) VALUES ($1, 'rematch5', now())`, [jaina!.account_id]);
    const [team] = await t.db.query<{ team_id: number }>(
      `INSERT INTO petweaver.teams (account_id, source, team_key, name) VALUES ($1, 'rematch5', 'k1', 'Squirt') RETURNING team_id`,
      [jaina!.account_id],
    );
    await t.db.query(`INSERT INTO petweaver.team_pets (team_id, slot, pet_guid) VALUES ($1, 1, $2)`, [team!.team_id, TEAM_PET_GUID]);
    // The hitlist branch fills holocron.view_hitlist; here a stand-in with its contract columns.
    await t.db.query(
      `DROP VIEW holocron.view_hitlist; CREATE VIEW holocron.view_hitlist AS
       SELECT c.owner_id, 'Thrall-Stormrage'::text AS character, 'vault'::text AS kind, '1 more +10 for slot 2 (ilvl 662)'::text AS what,
              'one dungeon short of a vault slot'::text AS why, 'a second vault choice'::text AS reward, 35 AS minutes, 40000000::bigint AS value
       FROM holocron.characters c WHERE c.name = 'Thrall'`,
    );
  });

  it('merges every source into one list ranked by value per minute', async () => {
    const list = await loadTodo(t.db);
    expect(list.items.map((i) => [i.kind, i.character, i.what, i.minutes, i.value])).toEqual([
      ['shopping', 'Thrall-Stormrage', 'mail Thalassian Treatise on Alchemy from Jaina-Stormrage', 3, POINT],
      ['vault', 'Thrall-Stormrage', '1 more +10 for slot 2 (ilvl 662)', 35, 40_000_000],
      ['shopping', 'Sylvanas-Stormrage', 'buy Thalassian Treatise on Leatherworking at the auction house', 5, POINT - 1_500_000],
      ['weekly', 'Jaina-Stormrage', 'Inscription weekly treasure (quest 93536)', 15, 2 * POINT],
      ['weekly', 'Jaina-Stormrage', 'Inscription weekly treasure (quest 93537)', 15, 2 * POINT],
      ['weekly', 'Sylvanas-Stormrage', 'Leatherworking weekly treasure (quest 93540)', 15, 2 * POINT],
      ['weekly', 'Sylvanas-Stormrage', 'Leatherworking weekly treasure (quest 93541)', 15, 2 * POINT],
      ['weekly', 'Thrall-Stormrage', 'Alchemy weekly treasure (quest 93529)', 15, 2 * POINT],
      ['logistics', 'Jaina-Stormrage', 'post at the auction house 20 × Mycobloom', 1, 600_000],
      ['weekly', 'Jaina-Stormrage', 'Inscription weekly quest', 20, 2 * POINT],
      ['weekly', 'Sylvanas-Stormrage', 'Leatherworking weekly quest', 20, 2 * POINT],
      ['pet', null, 'get a rare species 39', 10, 1_000_000],
      ['pet', null, 'level species 40 from 12 to 25', 26, 260_000],
    ]);
    for (const item of list.items) expect(item.score).toBe(Math.round(item.value / item.minutes));
    expect(list.items.map((i) => i.score)).toEqual([...list.items.map((i) => i.score)].sort((a, b) => b - a));
  });

  it('filters by character (account-wide pets included), by kind, and by the minutes available', async () => {
    const thrall = await loadTodo(t.db, { character: 'thrall-stormrage' });
    expect(new Set(thrall.items.map((i) => i.character))).toEqual(new Set(['Thrall-Stormrage', null]));
    expect(thrall.character).toBe('Thrall-Stormrage');
    expect((await loadTodo(t.db, { kind: 'pet' })).items.map((i) => i.what)).toEqual(['get a rare species 39', 'level species 40 from 12 to 25']);
    expect((await loadTodo(t.db, { kind: 'hitlist' })).items.map((i) => i.kind)).toEqual(['vault']);
    expect((await loadTodo(t.db, { kind: 'mount' })).items).toEqual([]);
    // 30 minutes, best first: the mail (3), not the vault run (35), the purchase (5), one treasure (15), the post (1).
    const short = await loadTodo(t.db, { minutes: 30 });
    expect(short.items.map((i) => [i.kind, i.minutes])).toEqual([['shopping', 3], ['shopping', 5], ['weekly', 15], ['logistics', 1]]);
    expect([short.totalMinutes, short.budget]).toEqual([24, 30]);
  });

  it('refuses an unknown character with the candidates, and a malformed kind', async () => {
    await expect(loadTodo(t.db, { character: 'Nobody-Stormrage' })).rejects.toThrow(UsageError);
    await expect(loadTodo(t.db, { character: 'Nobody-Stormrage' })).rejects.toThrow(/Jaina-Stormrage, Sylvanas-Stormrage, Thrall-Stormrage/);
    await expect(loadTodo(t.db, { kind: 'no kind!' })).rejects.toThrow(UsageError);
  });

  it('ranks and fits without a database', () => {
    const c = (what: string, minutes: number, value: number) => ({ kind: 'x', character: null, what, why: '', reward: '', minutes, value, ownerId: null, account: null });
    const ranked = rankTodo([c('slow', 60, 600), c('quick', 1, 50), c('tie-short', 5, 100), c('tie-long', 10, 200)]);
    expect(ranked.map((i) => i.what)).toEqual(['quick', 'tie-long', 'tie-short', 'slow']);
    expect(fitMinutes(ranked, 12).map((i) => i.what)).toEqual(['quick', 'tie-long']);
  });
});

describe('professions from a /simc export', () => {
  it('count for a character whose quest dump says nothing (taken as Midnight)', async () => {
    const file = path.join(tempDir('holocron-todo-simc-'), 'garrosh.simc');
    fs.writeFileSync(file, simcExport({ name: 'Garrosh', className: 'warrior', spec: 'arms', region: 'us', realm: 'Stormrage', server: 'stormrage', equipped: [] }));
    expect((await ingest({ paths: [file] }, { db: t.db, log: silentLogger })).files.map((f) => f.status)).toEqual(['ingested']);
    const rows = (await loadMissingUtility(t.db)).filter((r) => r.character === 'Garrosh-Stormrage');
    // The export's line is professions=engineering=71/skinning=100; skinning has no weekly treasures.
    expect(rows.map((r) => [r.expansion, r.profession, r.kind, r.questIds])).toEqual([
      ['midnight', 'Engineering', 'treatise', [95138]],
      ['midnight', 'Engineering', 'weekly', [93692]],
      ['midnight', 'Engineering', 'treasure', [93534]],
      ['midnight', 'Engineering', 'treasure', [93535]],
      ['midnight', 'Skinning', 'treatise', [95136]],
      ['midnight', 'Skinning', 'weekly', [93710, 93711, 93712, 93713, 93714]],
    ]);
    // No market price for these treatises: the shopping list says so, todo suggests a crafting order at full value.
    const shopping = (await loadShoppingList(t.db)).filter((s) => s.character === 'Garrosh-Stormrage');
    expect(shopping.map((s) => [s.itemName, s.unitPrice, s.priceSource, s.whereToBuy, s.heldBy])).toEqual([
      ['Thalassian Treatise on Engineering', null, null, 'crafting order (Inscription)', null],
      ['Thalassian Treatise on Skinning', null, null, 'crafting order (Inscription)', null],
    ]);
    const todo = await loadTodo(t.db, { character: 'Garrosh-Stormrage', kind: 'shopping' });
    expect(todo.items.map((i) => [i.what, i.reward, i.value])).toEqual([
      ['order Thalassian Treatise on Engineering from an Inscription crafter', '+1 Engineering knowledge (no market price yet)', POINT],
      ['order Thalassian Treatise on Skinning from an Inscription crafter', '+1 Skinning knowledge (no market price yet)', POINT],
    ]);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../src/core/inventory/ingest.js';
import { PLACES_EACH_ITEM, PLACES_ONE_ITEM } from '../../src/core/inventory/search-caps.js';
import { PLACES_SQL, searchItems, type ItemHit } from '../../src/core/inventory/search.js';
import { silentLogger } from '../../src/core/log.js';
import { useTestDatabase } from '../helpers/db.js';
import { generateSyndicatorFile } from '../helpers/syndicator-generator.js';
import { useTempDirs } from '../helpers/tmp.js';

const t = useTestDatabase();
const tempDir = useTempDirs();
const MTIME = 1_763_000_000;

/** The oracle: current stacks summed per place, straight from item_stacks, without current_places. */
async function expectedPlaces(itemId: number, petSpeciesId: number | null) {
  return t.db.query<{ owner: string; location: string; container: number; count: number }>(
    `SELECT o.label AS owner, s.location, st.container, sum(st.count)::int AS count
     FROM holocron.item_stacks st
     JOIN holocron.inventory_snapshots s USING (snapshot_id)
     JOIN holocron.owners o USING (owner_id)
     WHERE st.is_current AND st.item_id = $1 AND ($2::int IS NULL OR coalesce(st.pet_species_id, 0) = $2)
     GROUP BY o.label, s.snapshot_id, s.location, st.container
     ORDER BY count DESC, o.label COLLATE "C", s.location COLLATE "C", st.container`,
    [itemId, petSpeciesId],
  );
}

type Expected = Awaited<ReturnType<typeof expectedPlaces>>;

/**
 * A capped list holds the biggest places: its counts are the oracle's top
 * counts, and each listed place is one of the oracle's (which of several equal
 * places makes the cut is the index's order, not the oracle's).
 */
function expectBiggest(hit: ItemHit, expected: Expected, cap: number) {
  expect(hit.places).toHaveLength(Math.min(cap, expected.length));
  expect(hit.places.map((p) => p.count)).toEqual(expected.slice(0, hit.places.length).map((p) => p.count));
  const key = (p: { owner: string; location: string; count: number }) => `${p.owner}|${p.location}|${p.count}`;
  const available = expected.map(key);
  for (const place of hit.places) {
    const at = available.indexOf(key(place));
    expect(at, `${key(place)} is not a place of item ${hit.itemId}`).toBeGreaterThanOrEqual(0);
    available.splice(at, 1);
  }
}

describe('search over a generated account', () => {
  let file: string;
  beforeAll(async () => {
    file = path.join(tempDir('holocron-search-'), 'Syndicator.lua');
    fs.writeFileSync(file, generateSyndicatorFile({ characters: 20, guilds: 2, bankTabs: 3, mail: 5, fill: 0.8, seed: 5, currencies: 3 }));
    fs.utimesSync(file, MTIME, MTIME);
    const summary = await ingest({ paths: [file], account: 'Main' }, { db: t.db, log: silentLogger });
    expect(summary.files[0]).toMatchObject({ status: 'ingested' });
  });

  it('lists the biggest places of one item with the exact total and how many more', async () => {
    const result = await searchItems(t.db, { text: 'mycobloom' });
    expect(result.hits).toHaveLength(1);
    const [hit] = result.hits;
    const expected = await expectedPlaces(210796, 0);
    expect(new Set(expected.map((p) => p.count)).size).toBeGreaterThan(1); // so "biggest" means something
    expect(expected.length).toBeGreaterThan(PLACES_ONE_ITEM);
    expect(hit!.total).toBe(expected.reduce((s, p) => s + p.count, 0));
    expect(hit!.placeCount).toBe(expected.length);
    expect(hit!.morePlaces).toBe(expected.length - PLACES_ONE_ITEM);
    expectBiggest(hit!, expected, PLACES_ONE_ITEM);
  });

  it("lists every place with placesPerItem 'all' (--all), biggest first, tabs by name", async () => {
    const result = await searchItems(t.db, { text: 'hearthstone', placesPerItem: 'all' });
    expect(result.hits).toHaveLength(1);
    const [hit] = result.hits;
    const expected = await expectedPlaces(6948, 0);
    expect(expected.length).toBeGreaterThan(PLACES_ONE_ITEM);
    expect(hit!.total).toBe(expected.reduce((s, p) => s + p.count, 0));
    expect(hit!.placeCount).toBe(expected.length);
    expect(hit!.morePlaces).toBe(0);
    expect(hit!.places.map((p) => [p.owner, p.location, p.count])).toEqual(expected.map((p) => [p.owner, p.location, p.count]));
    const guildTab = hit!.places.find((p) => p.location === 'guild_bank');
    if (guildTab) expect(guildTab.place).toMatch(/^guild tab \d \(Guild Tab \d\)$/);
    const bankTab = hit!.places.find((p) => p.location === 'bank');
    if (bankTab) expect(bankTab.place).toMatch(/^bank tab \d \(Tab \d\)$/);
    expect(hit!.places.every((p) => p.observedAt === new Date(MTIME * 1000).toISOString())).toBe(true);
  });

  it('reads only the capped places from the database', async () => {
    const [capped] = await t.db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${PLACES_SQL}`, [[210796], [0], null, PLACES_ONE_ITEM]);
    const [all] = await t.db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${PLACES_SQL}`, [[210796], [0], null, null]);
    const placesRead = (plan: unknown): number => {
      const node = plan as { 'Relation Name'?: string; 'Actual Rows': number; 'Actual Loops': number; Plans?: unknown[] };
      const own = node['Relation Name'] === 'current_places' ? node['Actual Rows'] * node['Actual Loops'] : 0;
      return own + (node.Plans ?? []).reduce<number>((s, child) => s + placesRead(child), 0);
    };
    const expected = await expectedPlaces(210796, 0);
    expect(placesRead((capped!['QUERY PLAN'] as unknown as Array<{ Plan: unknown }>)[0]!.Plan)).toBe(PLACES_ONE_ITEM);
    expect(placesRead((all!['QUERY PLAN'] as unknown as Array<{ Plan: unknown }>)[0]!.Plan)).toBe(expected.length);
  });

  it('caps the places of each item at ten when several items match, keeping the totals', async () => {
    const result = await searchItems(t.db, { text: 'generated item 1' });
    expect(result.hits.length).toBeGreaterThan(3);
    for (const hit of result.hits) {
      const expected = await expectedPlaces(hit.itemId, 0);
      expect(expected.length).toBeGreaterThan(PLACES_EACH_ITEM);
      expect(hit.total).toBe(expected.reduce((s, p) => s + p.count, 0));
      expect(hit.placeCount).toBe(expected.length);
      expect(hit.morePlaces).toBe(expected.length - PLACES_EACH_ITEM);
      expectBiggest(hit, expected, PLACES_EACH_ITEM);
    }
    const all = await searchItems(t.db, { text: 'generated item 1', placesPerItem: 'all' });
    expect(all.hits.map((h) => [h.itemId, h.places.length, h.morePlaces])).toEqual(result.hits.map((h) => [h.itemId, h.placeCount, 0]));
  });

  it('finds caged pets by the cage id across species, and one character with --character', async () => {
    const cages = await searchItems(t.db, { text: '82800' });
    const expected = await expectedPlaces(82800, null);
    expect(cages.hits[0]!.total).toBe(expected.reduce((s, p) => s + p.count, 0));
    expect(cages.hits[0]!.placeCount).toBe(expected.length);
    expectBiggest(cages.hits[0]!, expected, PLACES_ONE_ITEM);
    expect(cages.hits[0]!.morePlaces).toBe(expected.length - cages.hits[0]!.places.length);
    const all = await expectedPlaces(6948, 0);
    const owner = all.find((p) => p.location === 'bags')!.owner; // a character, "Name-Realm"
    const theirs = all.filter((p) => p.owner === owner);
    const one = await searchItems(t.db, { text: 'hearthstone', character: owner.split('-')[0]!.toUpperCase() });
    expect(one.hits[0]!.places.map((p) => [p.owner, p.location, p.count])).toEqual(theirs.map((p) => [p.owner, p.location, p.count]));
    expect(one.hits[0]!.total).toBe(theirs.reduce((s, p) => s + p.count, 0));
    expect(theirs.length).toBeLessThan(all.length);
  });

  it('moves "seen" forward when a newer file confirms the same contents', async () => {
    const copy = path.join(tempDir('holocron-search-'), 'Syndicator.lua');
    fs.writeFileSync(copy, Buffer.concat([fs.readFileSync(file), Buffer.from('\n-- saved again\n')]));
    fs.utimesSync(copy, MTIME + 3600, MTIME + 3600);
    const summary = await ingest({ paths: [copy], account: 'Main' }, { db: t.db, log: silentLogger });
    expect(summary.files[0]).toMatchObject({ status: 'ingested', counts: { replaced: 0 } });
    const [hit] = (await searchItems(t.db, { text: 'hearthstone' })).hits;
    expect(new Set(hit!.places.map((p) => p.observedAt))).toEqual(new Set([new Date((MTIME + 3600) * 1000).toISOString()]));
  });
});

/**
 * Collection: pets to sell (journal copies beyond the best one that no team
 * uses, as the liquidation plan counts them) and pets to get (tradable
 * species not owned, or owned only below rare), cheapest first.
 */
import type { Database } from '../db/pool.js';
import { PET_CAGE_ITEM_ID } from '../inventory/item-link.js';
import { accountRegion } from '../inventory/region.js';
import { journalExtras } from '../liquidation/plan.js';
import type { CollectionTab, Missing, PetSaleRow, PetWantRow } from './types.js';

const RARE = 3;
const QUALITY = ['poor', 'common', 'uncommon'];
const WANTED_ROWS = 25;

export async function loadCollection(db: Database, now: Date): Promise<CollectionTab> {
  const region = await accountRegion(db);
  const [counts, extras, wanted] = await Promise.all([journalCounts(db), journalExtras(db, region), wantedPets(db, region)]);
  const bySpecies = new Map<number, PetSaleRow>();
  for (const e of extras) {
    const row = bySpecies.get(e.species_id) ?? { speciesId: e.species_id, name: e.name, owned: 0, sellable: 0, unitValue: e.market_value === null ? null : Math.round(e.market_value) };
    row.owned += e.owned;
    row.sellable += e.extra;
    bySpecies.set(e.species_id, row);
  }
  const duplicates = [...bySpecies.values()].sort((a, b) => (b.unitValue ?? -1) * b.sellable - (a.unitValue ?? -1) * a.sellable || a.name.localeCompare(b.name));
  const missing: Missing[] = [];
  if (counts.pets === 0) missing.push({ what: 'the pet journal (DataStore_Pets or Rematch)', command: 'holocron ingest <WoW folder>' });
  if (counts.species === 0) missing.push({ what: 'the species catalogue', command: 'holocron seed' });
  return { tab: 'collection', generatedAt: now.toISOString(), speciesOwned: counts.owned, petsOwned: counts.pets, speciesKnown: counts.species, duplicates, wanted, missing };
}

async function journalCounts(db: Database): Promise<{ pets: number; owned: number; species: number }> {
  const [row] = await db.query<{ pets: number; owned: number; species: number }>(
    `SELECT (SELECT count(*)::int FROM petweaver.owned_pets) AS pets,
            (SELECT count(DISTINCT species_id)::int FROM petweaver.owned_pets) AS owned,
            (SELECT count(*)::int FROM petweaver.species WHERE is_battlepet IS NOT FALSE) AS species`,
  );
  return row!;
}

/** Median caged price over the region's realms: one realm's bargain is not the account's price. */
async function wantedPets(db: Database, region: string): Promise<PetWantRow[]> {
  const rows = await db.query<{ species_id: number; name: string; best: number | null; price: number | null }>(
    `WITH prices AS (
       SELECT pet_species_id, percentile_disc(0.5) WITHIN GROUP (ORDER BY market_value)::float8 AS price
       FROM goblin.view_latest_realm_stats WHERE region = $1 AND item_id = ${PET_CAGE_ITEM_ID} AND market_value IS NOT NULL
       GROUP BY 1
     ), owned AS (
       SELECT species_id, max(quality) AS best FROM petweaver.owned_pets WHERE species_id IS NOT NULL GROUP BY 1
     )
     SELECT sp.species_id, sp.name, o.best, p.price
     FROM petweaver.species sp
     LEFT JOIN owned o ON o.species_id = sp.species_id
     LEFT JOIN prices p ON p.pet_species_id = sp.species_id
     WHERE sp.is_tradable AND (o.species_id IS NULL OR o.best < ${RARE}) AND (p.price IS NOT NULL OR o.species_id IS NOT NULL)
     ORDER BY p.price NULLS LAST, sp.name LIMIT ${WANTED_ROWS}`,
    [region],
  );
  return rows.map((r) => ({
    speciesId: r.species_id,
    name: r.name,
    reason: r.best === null ? 'not owned' : `only ${QUALITY[r.best] ?? `quality ${r.best}`}`,
    unitValue: r.price === null ? null : Math.round(r.price),
  }));
}

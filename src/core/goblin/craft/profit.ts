import type { Database } from '../../db/pool.js';
import { UsageError } from '../../errors.js';

/**
 * One profession's recipes priced in one region (goblin.craft_profit in
 * 0026_craft_profit.sql does the arithmetic; this picks, filters and sorts).
 */
export type CraftSort = 'profit' | 'margin' | 'sold';
export const CRAFT_SORTS: readonly CraftSort[] = ['profit', 'margin', 'sold'];

export interface CraftQuery {
  /** Name (any case) or id. */
  profession: string;
  region: string;
  connectedRealmId?: number;
  /** Copper; rows without a known profit are left out when set. */
  minProfit?: number;
  sort: CraftSort;
}

export interface CraftReagent {
  itemId: number;
  name: string;
  quality: number | null;
  quantity: number;
  unitPrice: number | null;
  source: 'commodity' | 'realm' | 'vendor' | null;
}

export interface CraftRow {
  recipeId: number;
  recipeName: string;
  outputItemId: number | null;
  outputName: string | null;
  outputQuality: number | null;
  outputQuantity: number;
  outputQuantityKnown: boolean;
  reagentCost: number | null;
  outputValue: number | null;
  profit: number | null;
  margin: number | null;
  soldPerDay: number | null;
  missingReagents: string[];
  optionalReagents: string[];
  reagents: CraftReagent[];
}

export interface CraftReport {
  region: string;
  connectedRealmId: number | null;
  profession: { id: number; name: string };
  sort: CraftSort;
  minProfit: number | null;
  /** The newest commodity snapshot the prices come from. */
  pricesAsOf: string | null;
  /** Set when there is nothing to price with. */
  note: string | null;
  rows: CraftRow[];
}

interface Profession {
  profession_id: number;
  name: string;
}

export async function resolveProfession(db: Pick<Database, 'query'>, text: string): Promise<{ id: number; name: string }> {
  const all = await db.query<Profession>('SELECT profession_id, name FROM goblin.professions ORDER BY name');
  const wanted = text.trim().toLowerCase();
  const found = all.find((p) => String(p.profession_id) === wanted || p.name.toLowerCase() === wanted);
  if (found) return { id: found.profession_id, name: found.name };
  if (all.length === 0) throw new UsageError(`unknown profession '${text}': no professions are seeded yet (run holocron seed)`);
  throw new UsageError(`unknown profession '${text}'; known: ${all.map((p) => `${p.name} (${p.profession_id})`).join(', ')}`);
}

export async function craftReport(db: Pick<Database, 'query'>, q: CraftQuery): Promise<CraftReport> {
  const profession = await resolveProfession(db, q.profession);
  const [market] = await db.query<{ commodities: Date | null; realm: Date | null }>(
    `SELECT (SELECT max(snapshot_at) FROM goblin.auction_snapshots WHERE region = $1 AND connected_realm_id IS NULL) AS commodities,
            (SELECT max(snapshot_at) FROM goblin.auction_snapshots WHERE region = $1 AND connected_realm_id = $2) AS realm`,
    [q.region, q.connectedRealmId ?? null],
  );
  const base = { region: q.region, connectedRealmId: q.connectedRealmId ?? null, profession, sort: q.sort, minProfit: q.minProfit ?? null };
  const pricesAsOf = market?.commodities ?? market?.realm ?? null;
  if (pricesAsOf === null) {
    const where = q.connectedRealmId === undefined ? q.region : `${q.region} (connected realm ${q.connectedRealmId})`;
    return { ...base, pricesAsOf: null, note: `no ${where} market data yet (run holocron scrape): nothing to price recipes with`, rows: [] };
  }
  const raw = await db.query<RawRow>(
    `SELECT * FROM goblin.craft_profit($1, $2, $3) WHERE ($4::bigint IS NULL OR profit >= $4)`,
    [q.region, q.connectedRealmId ?? null, profession.id, q.minProfit ?? null],
  );
  const rows = raw.map(toRow).sort(comparator(q.sort));
  const note = rows.length === 0 ? (q.minProfit === undefined ? `no ${profession.name} recipes are seeded (run holocron seed)` : 'no recipe reaches --min-profit') : null;
  return { ...base, pricesAsOf: new Date(pricesAsOf).toISOString(), note, rows };
}

interface RawRow {
  recipe_id: number;
  recipe_name: string;
  output_item_id: number | null;
  output_name: string | null;
  output_quality: number | null;
  output_quantity: string;
  output_quantity_known: boolean;
  reagent_cost: string | null;
  output_value: string | null;
  profit: string | null;
  margin: string | null;
  sold_per_day: string | null;
  missing_reagents: string[];
  optional_reagents: string[];
  reagents: Array<{ item_id: number; name: string; quality: number | null; quantity: number; unit_price: number | null; source: CraftReagent['source'] }>;
}

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

function toRow(r: RawRow): CraftRow {
  return {
    recipeId: r.recipe_id,
    recipeName: r.recipe_name,
    outputItemId: r.output_item_id,
    outputName: r.output_name,
    outputQuality: r.output_quality,
    outputQuantity: Number(r.output_quantity),
    outputQuantityKnown: r.output_quantity_known,
    reagentCost: num(r.reagent_cost),
    outputValue: num(r.output_value),
    profit: num(r.profit),
    margin: num(r.margin),
    soldPerDay: num(r.sold_per_day),
    missingReagents: r.missing_reagents,
    optionalReagents: r.optional_reagents,
    reagents: r.reagents.map((g) => ({ itemId: g.item_id, name: g.name, quality: g.quality, quantity: g.quantity, unitPrice: g.unit_price, source: g.source })),
  };
}

/** Best first; rows that cannot be ranked (NULL) last, then by recipe and tier so the order is stable. */
function comparator(sort: CraftSort): (a: CraftRow, b: CraftRow) => number {
  const key = (r: CraftRow) => (sort === 'profit' ? r.profit : sort === 'margin' ? r.margin : r.soldPerDay);
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    if (x !== y) {
      if (x === null) return 1;
      if (y === null) return -1;
      return y - x;
    }
    return a.recipeName.localeCompare(b.recipeName) || a.recipeId - b.recipeId || (a.outputQuality ?? 0) - (b.outputQuality ?? 0);
  };
}

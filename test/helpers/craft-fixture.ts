import type { Database } from '../../src/core/db/pool.js';
import type { ItemRow, RecipeRow } from '../../src/core/seed/documents.js';
import { writeItems, writeProfessions, writeRecipes, writeSkillTiers } from '../../src/core/seed/writers.js';
import { insertSnapshot } from './market-fixture.js';

/**
 * Recipes, reagents and items written through the seed writers, as
 * `holocron seed` would leave them, for the crafting-profit tests and the
 * 3,000-recipe measurement.
 */
export function item(itemId: number, name: string, extra: Partial<ItemRow> = {}): ItemRow {
  return {
    itemId,
    name,
    quality: 'COMMON',
    itemClassId: 7,
    itemClass: 'Tradeskill',
    itemSubclassId: 9,
    itemSubclass: 'Herb',
    inventoryType: 'NON_EQUIP',
    isStackable: true,
    isEquippable: false,
    maxCount: 0,
    level: 70,
    requiredLevel: 0,
    sellPrice: 10,
    purchasePrice: 40,
    purchaseQuantity: 1,
    binding: null,
    ...extra,
  };
}

export function recipe(recipeId: number, name: string, parts: Partial<RecipeRow>): RecipeRow {
  return {
    recipeId,
    name,
    description: null,
    craftedQuantity: 1,
    craftedQuantityMin: null,
    craftedQuantityMax: null,
    rank: null,
    outputs: [],
    reagents: [],
    slots: [],
    ...parts,
  };
}

export interface CraftCatalogue {
  professions: Array<{ professionId: number; name: string; skillTierId: number; recipes: RecipeRow[] }>;
  items: ItemRow[];
}

export async function writeCatalogue(db: Database, c: CraftCatalogue): Promise<void> {
  await db.withTransaction(async (tx) => {
    await writeProfessions(tx, c.professions.map((p) => ({ professionId: p.professionId, name: p.name, type: 'PRIMARY', description: null, skillTiers: [] })));
    await writeSkillTiers(
      tx,
      c.professions.map((p) => ({
        professionId: p.professionId,
        skillTierId: p.skillTierId,
        name: `Khaz Algar ${p.name}`,
        minimumSkillLevel: 1,
        maximumSkillLevel: 100,
        recipes: p.recipes.map((r) => ({ recipeId: r.recipeId, category: 'Things' })),
      })),
    );
    await writeRecipes(tx, c.professions.flatMap((p) => p.recipes));
    for (let i = 0; i < c.items.length; i += 5000) await writeItems(tx, c.items.slice(i, i + 5000));
  });
}

/**
 * A realistic catalogue: `recipeCount` recipes spread over 12 professions,
 * four reagents each drawn from a pool of three-tier reagents and plain
 * ones, outputs that are three-tier products for a third of the recipes, and
 * an optional slot on every fifth. Every item has a commodity price from
 * `prices` (item id → copper).
 */
export function generatedCatalogue(recipeCount: number): { catalogue: CraftCatalogue; prices: Map<number, number> } {
  const items: ItemRow[] = [];
  const prices = new Map<number, number>();
  const tiered: number[] = [];
  const plain: number[] = [];
  let nextId = 300_000;
  for (let i = 0; i < 1000; i++) {
    const base = nextId;
    for (let t = 0; t < 3; t++) {
      items.push(item(base + t, `Tiered Reagent ${i}`));
      prices.set(base + t, 1000 + ((i * 37 + t * 500) % 4000));
    }
    tiered.push(base);
    nextId += 5;
  }
  for (let i = 0; i < 600; i++) {
    items.push(item(nextId, `Plain Reagent ${i}`, { itemSubclassId: 11 }));
    prices.set(nextId, 200 + ((i * 53) % 3000));
    plain.push(nextId);
    nextId += 1;
  }
  const professions: CraftCatalogue['professions'] = [];
  const perProfession = Math.ceil(recipeCount / 12);
  let recipeId = 500_000;
  for (let p = 0; p < 12; p++) {
    const recipes: RecipeRow[] = [];
    for (let k = 0; k < perProfession && recipeId - 500_000 < recipeCount; k++, recipeId++) {
      const n = recipeId - 500_000;
      const outputId = 600_000 + n * 5;
      const tieredOutput = n % 3 === 0;
      for (let t = 0; t < (tieredOutput ? 3 : 1); t++) {
        items.push(item(outputId + t, `Product ${n}`, { itemClassId: 0, itemSubclassId: 1 }));
        prices.set(outputId + t, 20_000 + ((n * 91 + t * 7000) % 60_000));
      }
      const reagents = [tiered[n % tiered.length]!, tiered[(n * 7 + 3) % tiered.length]!, plain[n % plain.length]!, plain[(n * 11 + 5) % plain.length]!];
      recipes.push(
        recipe(recipeId, `Product ${n}`, {
          outputs: [{ faction: 'any', itemId: outputId, itemName: `Product ${n}` }],
          reagents: [...new Set(reagents)].map((id, i) => ({ itemId: id, itemName: null, quantity: 1 + i })),
          slots: n % 5 === 0 ? [{ displayOrder: 0, slotTypeId: 46, slotTypeName: 'Modify Item Level - Minor', isOptional: null }] : [],
        }),
      );
    }
    professions.push({ professionId: 1000 + p, name: `Profession ${p}`, skillTierId: 2000 + p, recipes });
  }
  return { catalogue: { professions, items }, prices };
}

/** Item ids of the hand-checked scenario. */
export const CRAFT = {
  alchemy: 171,
  blacksmithing: 164,
  mycobloom: [210796, 210797, 210798],
  blossom: [210805, 210806, 210807],
  spear: 210808,
  vial: 3371,
  peacebloom: 2447,
  manaPotion: [212239, 212240, 212241],
  temperedPotion: 212250,
  ore: 171901,
  ingot: 171902,
  recipes: { manaPotion: 430345, tempered: 430346, mulch: 451818, ingot: 430400 },
  realm: 1080,
  at: new Date('2026-11-20T10:00:00Z'),
} as const;

/**
 * Alchemy with three recipes and blacksmithing with one, priced so every
 * figure can be checked by hand (see test/integration/craft-profit.test.ts):
 * - Algari Mana Potion: Mycobloom ×2 (tier 2 is the cheapest at 20s),
 *   Blessing Blossom ×1 (tier 1 unpriced, tier 3 35s beats tier 2 40s), Vial
 *   ×1 (vendor, 40c), an optional slot; output in three tiers at 1g, 1g50s
 *   and unpriced, tier 2 selling 120 a day.
 * - Tempered Potion: needs Arathor's Spear, which nobody prices.
 * - Magical Mulch: only a "Peacebloom" slot, quantity unknown.
 * - Laestrite Bar (blacksmithing): ore priced on connected realm 1080 only.
 */
export function alchemyCatalogue(): CraftCatalogue {
  const herbs = (ids: readonly number[], name: string) => ids.map((id) => item(id, name));
  const items = [
    ...herbs(CRAFT.mycobloom, 'Mycobloom'),
    ...herbs(CRAFT.blossom, 'Blessing Blossom'),
    item(CRAFT.spear, "Arathor's Spear"),
    item(CRAFT.vial, 'Crystal Vial', { itemSubclassId: 11, purchasePrice: 40, purchaseQuantity: 1 }),
    item(CRAFT.peacebloom, 'Peacebloom'),
    ...CRAFT.manaPotion.map((id) => item(id, 'Algari Mana Potion', { itemClassId: 0, itemSubclassId: 1 })),
    item(CRAFT.temperedPotion, 'Tempered Potion', { itemClassId: 0, itemSubclassId: 1 }),
    item(CRAFT.ore, 'Laestrite Ore', { itemSubclassId: 7 }),
    item(CRAFT.ingot, 'Laestrite Bar', { itemSubclassId: 7 }),
  ];
  const alchemy = [
    recipe(CRAFT.recipes.manaPotion, 'Algari Mana Potion', {
      outputs: [{ faction: 'any', itemId: CRAFT.manaPotion[0], itemName: 'Algari Mana Potion' }],
      reagents: [
        { itemId: CRAFT.mycobloom[0], itemName: 'Mycobloom', quantity: 2 },
        { itemId: CRAFT.blossom[0], itemName: 'Blessing Blossom', quantity: 1 },
        { itemId: CRAFT.vial, itemName: 'Crystal Vial', quantity: 1 },
      ],
      slots: [{ displayOrder: 0, slotTypeId: 46, slotTypeName: 'Modify Item Level - Minor', isOptional: null }],
    }),
    recipe(CRAFT.recipes.tempered, 'Tempered Potion', {
      outputs: [{ faction: 'any', itemId: CRAFT.temperedPotion, itemName: 'Tempered Potion' }],
      reagents: [
        { itemId: CRAFT.mycobloom[0], itemName: 'Mycobloom', quantity: 1 },
        { itemId: CRAFT.spear, itemName: "Arathor's Spear", quantity: 2 },
      ],
    }),
    recipe(CRAFT.recipes.mulch, 'Magical Mulch', {
      craftedQuantity: null,
      slots: [{ displayOrder: 0, slotTypeId: 432, slotTypeName: 'Peacebloom', isOptional: null }],
    }),
  ];
  const smithing = [
    recipe(CRAFT.recipes.ingot, 'Laestrite Bar', {
      craftedQuantity: null,
      craftedQuantityMin: 1,
      craftedQuantityMax: 3,
      outputs: [{ faction: 'any', itemId: CRAFT.ingot, itemName: 'Laestrite Bar' }],
      reagents: [{ itemId: CRAFT.ore, itemName: 'Laestrite Ore', quantity: 5 }],
    }),
  ];
  return {
    professions: [
      { professionId: CRAFT.alchemy, name: 'Alchemy', skillTierId: 2871, recipes: alchemy },
      { professionId: CRAFT.blacksmithing, name: 'Blacksmithing', skillTierId: 2872, recipes: smithing },
    ],
    items,
  };
}

/** The scenario's prices: region commodities, realm 1080, the vial at a vendor, and the potion's sales. */
export async function insertCraftMarket(db: Database): Promise<void> {
  await insertSnapshot(db, {
    region: 'us',
    connectedRealmId: null,
    at: CRAFT.at,
    stats: [
      { itemId: CRAFT.mycobloom[0], market: 3000 },
      { itemId: CRAFT.mycobloom[1], market: 2000 },
      { itemId: CRAFT.mycobloom[2], market: 5000 },
      { itemId: CRAFT.blossom[1], market: 4000 },
      { itemId: CRAFT.blossom[2], market: 3500 },
      { itemId: CRAFT.manaPotion[0], market: 10_000 },
      { itemId: CRAFT.manaPotion[1], market: 15_000 },
      { itemId: CRAFT.temperedPotion, market: 20_000 },
      { itemId: CRAFT.ingot, market: 9000 },
    ],
  });
  await insertSnapshot(db, { region: 'us', connectedRealmId: CRAFT.realm, at: CRAFT.at, stats: [{ itemId: CRAFT.ore, market: 1000 }] });
  await db.query(`INSERT INTO goblin.vendor_reagents (item_id) VALUES ($1)`, [CRAFT.vial]);
  await db.query(
    `INSERT INTO goblin.item_sales_rates (region, connected_realm_id, item_id, units_per_day, through_day) VALUES ('us', NULL, $1, 120, '2026-11-19')`,
    [CRAFT.manaPotion[1]],
  );
}

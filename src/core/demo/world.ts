/**
 * The demo's world: a US region with its commodities, two connected realms, two
 * professions with recipes, items and battle-pet species, and hourly auction
 * snapshots in which prices drift day by day and listings sell or expire.
 * Everything is a pure function of the seed and the hour asked for, so the
 * stand-in API can serve any snapshot without keeping state, and two runs (or
 * a test) see the same numbers.
 */

export const DEMO_REGION = 'us';
export const DEMO_SEED = 20_261_202;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export interface DemoItem {
  id: number;
  name: string;
  /** 0 poor … 4 epic. */
  quality: number;
  classId: number;
  subclassId: number;
  /** Where it trades: region-wide commodity, or per realm (gear). */
  market: 'commodity' | 'realm';
  /** Market price on the world's first day, copper. */
  basePrice: number;
  /** Price change over the 14 days of history (0.3 = +30 %). */
  trend: number;
  /** Listings at any hour: how liquid it is. */
  depth: number;
  sellPrice: number;
  level: number;
  inventoryType: string;
  binding?: 'ON_ACQUIRE' | 'ON_EQUIP';
}

export interface DemoSpecies {
  id: number;
  name: string;
  typeId: number;
  basePrice: number;
}

export interface DemoRecipe {
  id: number;
  name: string;
  professionId: number;
  skillTierId: number;
  craftedItemId: number;
  reagents: Array<[itemId: number, quantity: number]>;
}

export interface DemoProfession {
  id: number;
  name: string;
  skillTierId: number;
  skillTierName: string;
}

export interface DemoRealm {
  connectedRealmId: number;
  realms: Array<{ id: number; name: string; slug: string }>;
}

export interface DemoWorld {
  seed: number;
  region: typeof DEMO_REGION;
  items: DemoItem[];
  species: DemoSpecies[];
  professions: DemoProfession[];
  recipes: DemoRecipe[];
  realms: DemoRealm[];
}

const g = (gold: number) => Math.round(gold * 10_000);

type ItemRow = [id: number, name: string, price: number, trend: number, depth: number, classId: number, subclassId: number, quality?: number];

/** Trade goods and consumables of the current expansion (ids and names as the game has them or close to it). */
const COMMODITIES: ItemRow[] = [
  [210796, 'Mycobloom', 9.5, 0.35, 14, 7, 9],
  [210799, 'Luredrop', 14, -0.2, 10, 7, 9],
  [210802, 'Orbinid', 22, 0.1, 8, 7, 9],
  [210805, 'Blessing Blossom', 31, 0.05, 6, 7, 9],
  [210808, "Arathor's Spear", 18, -0.3, 8, 7, 9],
  [210930, 'Bismuth', 11, 0.25, 14, 7, 7],
  [210933, 'Aqirite', 16, -0.1, 10, 7, 7],
  [210936, 'Ironclaw Ore', 7.5, 0.4, 12, 7, 7],
  [224828, 'Weavercloth', 4.2, -0.15, 12, 7, 5],
  [224829, 'Duskweave Bolt', 38, 0.2, 6, 7, 5],
  [212667, 'Stormcharged Leather', 6.5, 0.15, 10, 7, 6],
  [219946, 'Storm Dust', 3.1, -0.25, 12, 7, 12],
  [219949, 'Gleaming Shard', 24, 0.3, 8, 7, 12],
  [219952, 'Refulgent Crystal', 95, -0.05, 5, 7, 12],
  [213610, 'Crystalline Powder', 2.2, 0.1, 9, 7, 11],
  [212664, 'Algari Healing Potion', 14, 0.05, 12, 0, 1],
  [212265, 'Tempered Potion', 210, -0.12, 8, 0, 1],
  [212283, 'Flask of Alchemical Chaos', 450, 0.18, 9, 0, 3],
  [212241, 'Algari Mana Potion', 9, -0.08, 8, 0, 1],
  [222720, 'Feast of the Divine Day', 320, 0.22, 5, 0, 5],
  [224572, 'Crystal Sugar', 0.9, 0.02, 8, 7, 8],
  [222546, 'Algari Treatise on Alchemy', 65, -0.35, 5, 19, 0, 3],
  [222548, 'Algari Treatise on Inscription', 58, 0.28, 5, 19, 0, 3],
  [222611, 'Scroll of Blessed Ink', 12, 0.12, 6, 7, 16],
  [223677, 'Enchant Weapon - Authority of Radiant Power', 2_400, -0.18, 6, 8, 0, 3],
  [224072, 'Bottled Brilliance', 28, 0.06, 6, 7, 8],
];

/** Bind-on-equip gear, sold per realm. */
const GEAR: ItemRow[] = [
  [219331, 'Vambraces of Deepening Darkness', 1_800, 0.1, 4, 4, 2, 4],
  [219334, 'Rune-Branded Waistband', 950, -0.15, 4, 4, 2, 3],
  [222817, 'Artisan Spellweave Robe', 4_200, 0.25, 3, 4, 1, 4],
  [222832, 'Charged Claymore', 2_600, -0.1, 3, 2, 8, 4],
  [215136, 'Ironclaw Chain Boots', 420, 0.05, 4, 4, 3, 3],
  [212000, 'Helm of the Hallowed Depths', 3_100, 0.3, 3, 4, 4, 4],
];

/** Items that never reach the auction house: the vendor takes them or they stay bound. */
export const VENDOR_TRASH = { id: 212500, name: 'Cracked Beetle Carapace', sellPrice: 4_750 };
export const HEARTHSTONE = { id: 6948, name: 'Hearthstone' };
export const PET_CAGE = 82800;

const SPECIES: Array<[number, string, number, number]> = [
  [39, 'Mechanical Squirrel', 10, 35],
  [40, 'Bombay Cat', 8, 60],
  [41, 'Cornish Rex Cat', 8, 55],
  [43, 'Orange Tabby Cat', 8, 70],
  [51, 'Hyacinth Macaw', 3, 900],
  [55, 'Ancona Chicken', 5, 25],
  [68, 'Brown Snake', 6, 40],
  [72, 'Snowshoe Rabbit', 5, 45],
  [84, 'Westfall Chicken', 5, 30],
  [132, 'Crimson Whelpling', 2, 1_200],
  [162, 'Sinister Squashling', 4, 180],
  [4534, 'Wick', 7, 2_500],
  [4470, 'Sparkbolt Wyrmling', 2, 650],
  [4532, 'Fuzzy Tunneler', 5, 210],
  [4512, 'Bismuth Beetle', 9, 95],
  [4518, 'Sporbit', 4, 140],
];

const PROFESSIONS: DemoProfession[] = [
  { id: 171, name: 'Alchemy', skillTierId: 2871, skillTierName: 'Khaz Algar Alchemy' },
  { id: 773, name: 'Inscription', skillTierId: 2878, skillTierName: 'Khaz Algar Inscription' },
];

const RECIPES: Array<[number, string, number, number, Array<[number, number]>]> = [
  [430345, 'Algari Healing Potion', 171, 212664, [[210796, 2], [210799, 1], [224572, 1]]],
  [430346, 'Tempered Potion', 171, 212265, [[210802, 3], [210805, 1], [224572, 2]]],
  [430347, 'Flask of Alchemical Chaos', 171, 212283, [[210796, 6], [210808, 3], [210805, 2], [224572, 3]]],
  [430348, 'Algari Mana Potion', 171, 212241, [[210799, 2], [224572, 1]]],
  [430349, 'Bottled Brilliance', 171, 224072, [[210930, 2], [210796, 2]]],
  [444173, 'Scroll of Blessed Ink', 773, 222611, [[210808, 2], [224572, 1]]],
  [444174, 'Algari Treatise on Alchemy', 773, 222546, [[222611, 2], [210805, 1]]],
  [444175, 'Algari Treatise on Inscription', 773, 222548, [[222611, 2], [210802, 2]]],
];

const REALMS: DemoRealm[] = [
  { connectedRealmId: 60, realms: [{ id: 60, name: 'Stormrage', slug: 'stormrage' }] },
  {
    connectedRealmId: 3676,
    realms: [
      { id: 3676, name: 'Area 52', slug: 'area-52' },
      { id: 1566, name: "Zul'jin", slug: 'zuljin' },
    ],
  },
];

/** The world for a seed; the seed moves prices and listings, not what exists. */
export function demoWorld(seed = DEMO_SEED): DemoWorld {
  const items: DemoItem[] = [
    ...COMMODITIES.map((row) => item(row, 'commodity', seed)),
    ...GEAR.map((row) => item(row, 'realm', seed)),
    {
      id: VENDOR_TRASH.id, name: VENDOR_TRASH.name, quality: 0, classId: 15, subclassId: 0, market: 'commodity',
      basePrice: 0, trend: 0, depth: 0, sellPrice: VENDOR_TRASH.sellPrice, level: 1, inventoryType: 'NON_EQUIP',
    },
    {
      id: HEARTHSTONE.id, name: HEARTHSTONE.name, quality: 1, classId: 15, subclassId: 0, market: 'commodity',
      basePrice: 0, trend: 0, depth: 0, sellPrice: 0, level: 1, inventoryType: 'NON_EQUIP', binding: 'ON_ACQUIRE',
    },
  ];
  return {
    seed,
    region: DEMO_REGION,
    items,
    species: SPECIES.map(([id, name, typeId, price]) => ({ id, name, typeId, basePrice: g(price * (0.9 + 0.2 * unit(seed, id, 7))) })),
    professions: PROFESSIONS,
    recipes: RECIPES.map(([id, name, professionId, craftedItemId, reagents]) => ({
      id, name, professionId, skillTierId: PROFESSIONS.find((p) => p.id === professionId)!.skillTierId, craftedItemId, reagents,
    })),
    realms: REALMS,
  };
}

function item([id, name, price, trend, depth, classId, subclassId, quality]: ItemRow, market: DemoItem['market'], seed: number): DemoItem {
  const gear = market === 'realm';
  return {
    id,
    name,
    quality: quality ?? 1,
    classId,
    subclassId,
    market,
    basePrice: g(price * (0.9 + 0.2 * unit(seed, id, 1))),
    trend,
    depth,
    sellPrice: gear ? g(price / 40) : Math.max(1, Math.round(g(price) / 50)),
    level: gear ? 619 + Math.floor(unit(seed, id, 2) * 20) : 80,
    inventoryType: gear ? (classId === 2 ? 'TWOHWEAPON' : 'ARMOR') : 'NON_EQUIP',
    ...(gear ? { binding: 'ON_EQUIP' as const } : {}),
  };
}

/**
 * A number in [0, 1) for a seed and a few integers: a hash, so any listing of
 * any hour can be computed on its own (mulberry32's finaliser over a mix).
 */
export function unit(seed: number, ...parts: number[]): number {
  let h = seed >>> 0;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x85ebca6b) >>> 0;
    h = (h ^ (h >>> 13)) >>> 0;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
  }
  let t = (h + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/**
 * An item's market price at an hour (hours since the epoch): a slow swing of
 * `trend` over eight weeks, so any fortnight shows risers and fallers, plus a
 * daily wobble.
 */
export function priceAt(world: DemoWorld, basePrice: number, trend: number, key: number, hour: number): number {
  const day = Math.floor(hour / 24);
  const drift = 1 + trend * Math.sin((2 * Math.PI * day) / 56);
  const wobble = 1 + 0.06 * (unit(world.seed, key, day, 3) - 0.5);
  return Math.max(1, Math.round(basePrice * drift * wobble));
}

import type { FakeBlizzard } from './fake-blizzard.js';

/**
 * A small Game Data catalogue in the API's shapes (localized names as objects,
 * links with hrefs) for the seed tests: two professions, their skill tiers, old
 * and modern recipes (one without a crafted item, one gathering rank, one with
 * faction-specific outputs), items, pet species and connected realms — plus the
 * failures: a 404 recipe and item, an invalid-JSON recipe, a 429 then success.
 */
export const LAST_MODIFIED = new Date('2026-11-01T00:00:00Z');

const href = (path: string) => ({ href: `https://us.api.blizzard.com${path}?namespace=static-12.0.7_67808-us` });
const names = (en: string) => ({ en_US: en, de_DE: `${en} (de)`, fr_FR: `${en} (fr)` });
const ref = (path: string, id: number, name: string) => ({ key: href(`${path}/${id}`), name: names(name), id });

export const RECIPES = {
  simple: 21388,
  withSlots: 42363,
  modern: 52935,
  slotsOnly: 51818,
  gathering: 34768,
  faction: 7001,
  notFound: 7404,
  invalidJson: 7500,
  rateLimited: 7429,
} as const;

export const ITEMS = {
  carnelian: 52177,
  boldCarnelian: 52081,
  ore: 171828,
  flux: 180733,
  breastplate: 171374,
  mote: 236951,
  claw: 238528,
  allianceTabard: 8001,
  hordeTabard: 8002,
  cloth: 8003,
  missing: 8404,
} as const;

export const SPECIES = [39, 40, 3319] as const;
export const CONNECTED_REALMS = [1080, 1081] as const;

export function recipeDocument(id: number): unknown {
  const base = { _links: { self: href(`/data/wow/recipe/${id}`) }, id, media: { key: href(`/data/wow/media/recipe/${id}`), id } };
  switch (id) {
    case RECIPES.simple:
      return {
        ...base,
        name: names('Bold Carnelian'),
        crafted_item: ref('/data/wow/item', ITEMS.boldCarnelian, 'Bold Carnelian'),
        reagents: [{ reagent: ref('/data/wow/item', ITEMS.carnelian, 'Carnelian'), quantity: 1 }],
        crafted_quantity: { value: 1 },
      };
    case RECIPES.withSlots:
      return {
        ...base,
        name: names('Ceremonious Breastplate'),
        crafted_item: ref('/data/wow/item', ITEMS.breastplate, 'Ceremonious Breastplate'),
        reagents: [
          { reagent: ref('/data/wow/item', ITEMS.ore, 'Laestrite Ore'), quantity: 12 },
          { reagent: ref('/data/wow/item', ITEMS.flux, 'Luminous Flux'), quantity: 2 },
        ],
        crafted_quantity: { value: 1 },
        modified_crafting_slots: [{ slot_type: ref('/data/wow/modified-crafting/reagent-slot-type', 46, 'Modify Item Level - Minor'), display_order: 0 }],
      };
    case RECIPES.modern:
      return {
        ...base,
        name: names('Enchant Chest - Mark of Nalorakk'),
        description: names('Permanently enchants chest armor.'),
        reagents: [
          { reagent: ref('/data/wow/item', ITEMS.mote, 'Mote of Wild Magic'), quantity: 5 },
          { reagent: ref('/data/wow/item', ITEMS.claw, 'Majestic Claw'), quantity: 1 },
        ],
        modified_crafting_slots: [
          { slot_type: ref('/data/wow/modified-crafting/reagent-slot-type', 404, 'Eversinging Dust'), display_order: 0 },
          { slot_type: ref('/data/wow/modified-crafting/reagent-slot-type', 403, 'Radiant Shard'), display_order: 1 },
        ],
      };
    case RECIPES.slotsOnly:
      return { ...base, name: names('Magical Mulch'), modified_crafting_slots: [{ slot_type: ref('/x', 432, 'Peacebloom'), display_order: 0 }] };
    case RECIPES.gathering:
      return { ...base, name: names('Aethril'), description: names('Gather aethril more effectively.'), rank: 1 };
    case RECIPES.faction:
      return {
        ...base,
        name: names('Guild Tabard'),
        alliance_crafted_item: ref('/data/wow/item', ITEMS.allianceTabard, 'Alliance Tabard'),
        horde_crafted_item: ref('/data/wow/item', ITEMS.hordeTabard, 'Horde Tabard'),
        reagents: [{ reagent: ref('/data/wow/item', ITEMS.cloth, 'Bolt of Cloth'), quantity: 3 }],
        crafted_quantity: { minimum: 1, maximum: 2 },
      };
    case RECIPES.rateLimited:
      return { ...base, name: names('Patient Recipe'), reagents: [{ reagent: ref('/data/wow/item', ITEMS.missing, 'Lost Item'), quantity: 1 }] };
    default:
      throw new Error(`no fixture for recipe ${id}`);
  }
}

export function itemDocument(id: number): unknown {
  const stackable = id !== ITEMS.breastplate;
  return {
    _links: { self: href(`/data/wow/item/${id}`) },
    id,
    name: names(`Item ${id}`),
    quality: { type: id === ITEMS.breastplate ? 'UNCOMMON' : 'COMMON', name: names('Common') },
    level: 50,
    required_level: 0,
    item_class: { key: href('/data/wow/item-class/7'), name: names('Tradeskill'), id: 7 },
    item_subclass: { key: href('/data/wow/item-class/7/item-subclass/7'), name: names('Metal & Stone'), id: 7 },
    inventory_type: { type: stackable ? 'NON_EQUIP' : 'CHEST', name: names('Non-equippable') },
    purchase_price: 25000,
    sell_price: 650 + id,
    max_count: 0,
    is_equippable: !stackable,
    is_stackable: stackable,
    preview_item: { binding: stackable ? undefined : { type: 'ON_ACQUIRE', name: names('Binds when picked up') } },
    purchase_quantity: 10,
  };
}

export function speciesDocument(id: number): unknown {
  return {
    _links: { self: href(`/data/wow/pet/${id}`) },
    id,
    name: names(`Species ${id}`),
    battle_pet_type: { id: 7, type: 'CRITTER', name: names('Critter') },
    description: names('A pet.'),
    is_capturable: id !== 3319,
    is_tradable: true,
    is_battlepet: true,
    abilities: [
      { ability: ref('/data/wow/pet-ability', 360, 'Flurry'), slot: 0, required_level: 1 },
      { ability: ref('/data/wow/pet-ability', 312, 'Dodge'), slot: 1, required_level: 2 },
    ],
    source: { type: 'WILDPET', name: names('Pet Battle') },
    creature: ref('/data/wow/creature', 1000 + id, `Creature ${id}`),
  };
}

export function connectedRealmDocument(id: number): unknown {
  return {
    _links: { self: href(`/data/wow/connected-realm/${id}`) },
    id,
    has_queue: false,
    status: { type: 'UP', name: names('Up') },
    population: { type: 'LOW', name: names('Low') },
    realms: [
      { id, name: names(`Realm ${id}`), slug: `realm-${id}`, locale: 'enGB', timezone: 'Europe/Paris', category: names('English'), type: { type: 'NORMAL', name: names('Normal') }, is_tournament: false },
      { id: id + 500, name: names(`Partner ${id}`), slug: `partner-${id}`, locale: 'enGB', timezone: 'Europe/Paris', category: names('English'), type: { type: 'NORMAL', name: names('Normal') }, is_tournament: false },
    ],
  };
}

/** Serves the catalogue for a region on the fake API. */
export function serveCatalogue(server: FakeBlizzard, region = 'us'): void {
  const lm = { lastModified: LAST_MODIFIED };
  server.route(region, '/data/wow/profession/index', { body: { professions: [ref('/data/wow/profession', 164, 'Blacksmithing'), ref('/data/wow/profession', 333, 'Enchanting')] }, ...lm });
  server.route(region, '/data/wow/profession/164', {
    body: { id: 164, name: names('Blacksmithing'), type: { type: 'PRIMARY', name: names('Primary') }, skill_tiers: [ref('/data/wow/profession/164/skill-tier', 2907, 'Midnight Blacksmithing')] },
    ...lm,
  });
  server.route(region, '/data/wow/profession/333', {
    body: { id: 333, name: names('Enchanting'), type: { type: 'PRIMARY', name: names('Primary') }, skill_tiers: [ref('/data/wow/profession/333/skill-tier', 2909, 'Midnight Enchanting')] },
    ...lm,
  });
  const recipeRefs = (ids: number[]) => ids.map((id) => ref('/data/wow/recipe', id, `Recipe ${id}`));
  server.route(region, '/data/wow/profession/164/skill-tier/2907', {
    body: {
      id: 2907,
      name: names('Midnight Blacksmithing'),
      minimum_skill_level: 1,
      maximum_skill_level: 100,
      categories: [
        { name: names('Armor'), recipes: recipeRefs([RECIPES.simple, RECIPES.withSlots, RECIPES.notFound]) },
        { name: names('Tabards'), recipes: recipeRefs([RECIPES.faction]) },
      ],
    },
    ...lm,
  });
  server.route(region, '/data/wow/profession/333/skill-tier/2909', {
    body: {
      id: 2909,
      name: names('Midnight Enchanting'),
      minimum_skill_level: 1,
      maximum_skill_level: 100,
      categories: [{ name: names('Enchants'), recipes: recipeRefs([RECIPES.modern, RECIPES.slotsOnly, RECIPES.gathering, RECIPES.invalidJson, RECIPES.rateLimited]) }],
    },
    ...lm,
  });
  for (const id of [RECIPES.simple, RECIPES.withSlots, RECIPES.modern, RECIPES.slotsOnly, RECIPES.gathering, RECIPES.faction]) {
    server.route(region, `/data/wow/recipe/${id}`, { body: recipeDocument(id) });
  }
  server.route(region, `/data/wow/recipe/${RECIPES.invalidJson}`, { body: '{"id": 7500, "name": {"en_US": "Broken', headers: { 'content-type': 'application/json' } });
  server.route(
    region,
    `/data/wow/recipe/${RECIPES.rateLimited}`,
    { status: 429, headers: { 'retry-after': '0' }, body: { code: 429, detail: 'Too Many Requests' } },
    { body: recipeDocument(RECIPES.rateLimited) },
  );
  for (const id of Object.values(ITEMS)) if (id !== ITEMS.missing) server.route(region, `/data/wow/item/${id}`, { body: itemDocument(id) });
  server.route(region, '/data/wow/pet/index', { body: { pets: SPECIES.map((id) => ref('/data/wow/pet', id, `Species ${id}`)) } });
  for (const id of SPECIES) server.route(region, `/data/wow/pet/${id}`, { body: speciesDocument(id) });
  server.route(region, '/data/wow/connected-realm/index', {
    body: { connected_realms: CONNECTED_REALMS.map((id) => ({ href: `https://${region}.api.blizzard.com/data/wow/connected-realm/${id}?namespace=dynamic-${region}` })) },
  });
  for (const id of CONNECTED_REALMS) server.route(region, `/data/wow/connected-realm/${id}`, { body: connectedRealmDocument(id), ...lm });
}

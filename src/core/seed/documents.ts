import { DataError } from '../errors.js';

/**
 * Game Data API documents → rows. Each reader takes the parsed JSON of one
 * response and returns what the tables hold, tolerating both locale forms (a plain
 * string with `locale=en_US`, an object of all locales without) and missing
 * optional parts. A document without its own id is bad data.
 */
type Json = Record<string, unknown>;

export function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const localized = value as Record<string, unknown>;
    for (const key of ['en_US', 'en_GB']) if (typeof localized[key] === 'string') return localized[key] as string;
    const first = Object.values(localized).find((v) => typeof v === 'string');
    return (first as string | undefined) ?? null;
  }
  return null;
}

function int(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : null;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function bool(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

function obj(value: unknown): Json | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
}

function list(value: unknown): Json[] {
  return Array.isArray(value) ? (value.filter((v) => obj(v) !== null) as Json[]) : [];
}

function requireId(doc: Json, what: string): number {
  const id = int(doc.id);
  if (id === null) throw new DataError(`${what} document has no numeric "id"`);
  return id;
}

/** Ids from an index: `[{ id }]` entries, or `[{ href: …/123?… }]` links. */
export function indexIds(doc: Json, key: string): number[] {
  const ids = new Set<number>();
  for (const entry of list(doc[key])) {
    const id = int(entry.id) ?? int(Number(/\/(\d+)(?:\?|$)/.exec(String(entry.href ?? obj(entry.key)?.href ?? ''))?.[1]));
    if (id !== null && id > 0) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

export interface ProfessionRow {
  professionId: number;
  name: string;
  type: string | null;
  description: string | null;
  skillTiers: Array<{ id: number; name: string }>;
}

export function readProfession(doc: Json): ProfessionRow {
  return {
    professionId: requireId(doc, 'profession'),
    name: text(doc.name) ?? '',
    type: text(obj(doc.type)?.type) ?? text(obj(doc.type)?.name),
    description: text(doc.description),
    skillTiers: list(doc.skill_tiers).flatMap((tier) => {
      const id = int(tier.id);
      return id === null ? [] : [{ id, name: text(tier.name) ?? '' }];
    }),
  };
}

export interface SkillTierRow {
  skillTierId: number;
  name: string;
  minimumSkillLevel: number | null;
  maximumSkillLevel: number | null;
  recipes: Array<{ recipeId: number; category: string | null }>;
}

export function readSkillTier(doc: Json): SkillTierRow {
  const recipes: SkillTierRow['recipes'] = [];
  const seen = new Set<number>();
  for (const category of list(doc.categories)) {
    const name = text(category.name);
    for (const recipe of list(category.recipes)) {
      const recipeId = int(recipe.id);
      if (recipeId === null || seen.has(recipeId)) continue;
      seen.add(recipeId);
      recipes.push({ recipeId, category: name });
    }
  }
  return {
    skillTierId: requireId(doc, 'skill tier'),
    name: text(doc.name) ?? '',
    minimumSkillLevel: int(doc.minimum_skill_level),
    maximumSkillLevel: int(doc.maximum_skill_level),
    recipes,
  };
}

export interface RecipeRow {
  recipeId: number;
  name: string;
  description: string | null;
  craftedQuantity: number | null;
  craftedQuantityMin: number | null;
  craftedQuantityMax: number | null;
  rank: number | null;
  outputs: Array<{ faction: 'any' | 'alliance' | 'horde'; itemId: number; itemName: string | null }>;
  reagents: Array<{ itemId: number; itemName: string | null; quantity: number }>;
  slots: Array<{ displayOrder: number; slotTypeId: number; slotTypeName: string | null; isOptional: boolean | null }>;
}

export function readRecipe(doc: Json): RecipeRow {
  const outputs: RecipeRow['outputs'] = [];
  for (const [key, faction] of [
    ['crafted_item', 'any'],
    ['alliance_crafted_item', 'alliance'],
    ['horde_crafted_item', 'horde'],
  ] as const) {
    const item = obj(doc[key]);
    const itemId = int(item?.id);
    if (item && itemId !== null) outputs.push({ faction, itemId, itemName: text(item.name) });
  }
  const reagents = new Map<number, RecipeRow['reagents'][number]>();
  for (const entry of list(doc.reagents)) {
    const reagent = obj(entry.reagent);
    const itemId = int(reagent?.id);
    const quantity = int(entry.quantity);
    if (itemId === null || quantity === null) continue;
    const known = reagents.get(itemId);
    if (known) known.quantity += quantity;
    else reagents.set(itemId, { itemId, itemName: text(reagent?.name), quantity });
  }
  const slots: RecipeRow['slots'] = [];
  for (const slot of list(doc.modified_crafting_slots)) {
    const type = obj(slot.slot_type);
    const slotTypeId = int(type?.id);
    if (slotTypeId === null) continue;
    slots.push({
      displayOrder: int(slot.display_order) ?? slots.length,
      slotTypeId,
      slotTypeName: text(type?.name),
      isOptional: bool(slot.is_optional) ?? (bool(slot.is_required) === null ? null : !bool(slot.is_required)),
    });
  }
  const quantity = obj(doc.crafted_quantity);
  return {
    recipeId: requireId(doc, 'recipe'),
    name: text(doc.name) ?? '',
    description: text(doc.description),
    craftedQuantity: num(quantity?.value),
    craftedQuantityMin: num(quantity?.minimum),
    craftedQuantityMax: num(quantity?.maximum),
    rank: int(doc.rank),
    outputs,
    reagents: [...reagents.values()],
    slots: dedupeBy(slots, (s) => s.displayOrder),
  };
}

export interface ItemRow {
  itemId: number;
  name: string;
  quality: string | null;
  itemClassId: number | null;
  itemClass: string | null;
  itemSubclassId: number | null;
  itemSubclass: string | null;
  inventoryType: string | null;
  isStackable: boolean | null;
  isEquippable: boolean | null;
  maxCount: number | null;
  level: number | null;
  requiredLevel: number | null;
  sellPrice: number | null;
  purchasePrice: number | null;
  purchaseQuantity: number | null;
  binding: string | null;
}

export function readItem(doc: Json): ItemRow {
  const preview = obj(doc.preview_item);
  const klass = obj(doc.item_class);
  const subclass = obj(doc.item_subclass);
  return {
    itemId: requireId(doc, 'item'),
    name: text(doc.name) ?? '',
    quality: text(obj(doc.quality)?.type),
    itemClassId: int(klass?.id),
    itemClass: text(klass?.name),
    itemSubclassId: int(subclass?.id),
    itemSubclass: text(subclass?.name),
    inventoryType: text(obj(doc.inventory_type)?.type),
    isStackable: bool(doc.is_stackable),
    isEquippable: bool(doc.is_equippable),
    maxCount: int(doc.max_count),
    level: int(doc.level),
    requiredLevel: int(doc.required_level),
    sellPrice: int(doc.sell_price) ?? int(obj(preview?.sell_price)?.value),
    purchasePrice: int(doc.purchase_price),
    purchaseQuantity: int(doc.purchase_quantity),
    binding: text(obj(preview?.binding)?.type) ?? text(obj(doc.binding)?.type),
  };
}

export interface SpeciesRow {
  speciesId: number;
  name: string;
  petTypeId: number | null;
  petType: string | null;
  isTradable: boolean | null;
  isCapturable: boolean | null;
  isBattlepet: boolean | null;
  sourceType: string | null;
  sourceName: string | null;
  creatureId: number | null;
  description: string | null;
  abilities: Array<{ abilityId: number; abilityName: string | null; slot: number | null; requiredLevel: number | null }>;
}

export function readSpecies(doc: Json): SpeciesRow {
  const type = obj(doc.battle_pet_type);
  const source = obj(doc.source);
  const abilities: SpeciesRow['abilities'] = [];
  for (const entry of list(doc.abilities)) {
    const ability = obj(entry.ability);
    const abilityId = int(ability?.id);
    if (abilityId === null) continue;
    abilities.push({ abilityId, abilityName: text(ability?.name), slot: int(entry.slot), requiredLevel: int(entry.required_level) });
  }
  return {
    speciesId: requireId(doc, 'pet species'),
    name: text(doc.name) ?? '',
    petTypeId: int(type?.id),
    petType: text(type?.type) ?? text(type?.name),
    isTradable: bool(doc.is_tradable),
    isCapturable: bool(doc.is_capturable),
    isBattlepet: bool(doc.is_battlepet),
    sourceType: text(source?.type),
    sourceName: text(source?.name),
    creatureId: int(obj(doc.creature)?.id),
    description: text(doc.description),
    abilities: dedupeBy(abilities, (a) => a.abilityId),
  };
}

export interface ConnectedRealmRow {
  connectedRealmId: number;
  hasQueue: boolean | null;
  status: string | null;
  population: string | null;
  realms: Array<{
    realmId: number;
    name: string;
    slug: string;
    locale: string | null;
    timezone: string | null;
    type: string | null;
    category: string | null;
    isTournament: boolean | null;
  }>;
}

export function readConnectedRealm(doc: Json): ConnectedRealmRow {
  const realms: ConnectedRealmRow['realms'] = [];
  for (const realm of list(doc.realms)) {
    const realmId = int(realm.id);
    const name = text(realm.name);
    if (realmId === null || !name) continue;
    realms.push({
      realmId,
      name,
      slug: typeof realm.slug === 'string' ? realm.slug : name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      locale: typeof realm.locale === 'string' ? realm.locale : null,
      timezone: typeof realm.timezone === 'string' ? realm.timezone : null,
      type: text(obj(realm.type)?.type),
      category: text(realm.category),
      isTournament: bool(realm.is_tournament),
    });
  }
  return {
    connectedRealmId: requireId(doc, 'connected realm'),
    hasQueue: bool(doc.has_queue),
    status: text(obj(doc.status)?.type),
    population: text(obj(doc.population)?.type),
    realms,
  };
}

function dedupeBy<T>(rows: T[], key: (row: T) => number): T[] {
  const seen = new Map<number, T>();
  for (const row of rows) seen.set(key(row), row);
  return [...seen.values()];
}

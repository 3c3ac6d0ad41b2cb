import type pg from 'pg';
import type { Region } from '../blizzard/regions.js';
import type { ConnectedRealmRow, ItemRow, ProfessionRow, RecipeRow, SkillTierRow, SpeciesRow } from './documents.js';

/**
 * Batch writes for the seeders: multi-row statements over unnest() arrays, each
 * an upsert so --force refreshes in place. Child rows (reagents, outputs, slots,
 * abilities, realms) are replaced as a whole for the entities in the batch.
 */
export async function writeProfessions(tx: pg.ClientBase, rows: ProfessionRow[]): Promise<void> {
  await tx.query(
    `INSERT INTO goblin.professions (profession_id, name, type, description, fetched_at)
     SELECT * , now() FROM unnest($1::int[], $2::text[], $3::text[], $4::text[])
     ON CONFLICT (profession_id) DO UPDATE
       SET name = excluded.name, type = excluded.type, description = excluded.description, fetched_at = now()`,
    [rows.map((r) => r.professionId), rows.map((r) => r.name), rows.map((r) => r.type), rows.map((r) => r.description)],
  );
  // Tiers as named by their profession; fetching each tier fills in the rest.
  const tiers = rows.flatMap((r) => r.skillTiers.map((t) => ({ ...t, professionId: r.professionId })));
  if (tiers.length === 0) return;
  await tx.query(
    `INSERT INTO goblin.skill_tiers (skill_tier_id, profession_id, name)
     SELECT * FROM unnest($1::int[], $2::int[], $3::text[])
     ON CONFLICT (skill_tier_id) DO UPDATE SET profession_id = excluded.profession_id, name = excluded.name`,
    [tiers.map((t) => t.id), tiers.map((t) => t.professionId), tiers.map((t) => t.name)],
  );
}

export async function writeSkillTiers(tx: pg.ClientBase, rows: Array<SkillTierRow & { professionId: number }>): Promise<void> {
  await tx.query(
    `INSERT INTO goblin.skill_tiers (skill_tier_id, profession_id, name, minimum_skill_level, maximum_skill_level, fetched_at)
     SELECT *, now() FROM unnest($1::int[], $2::int[], $3::text[], $4::int[], $5::int[])
     ON CONFLICT (skill_tier_id) DO UPDATE
       SET name = excluded.name, minimum_skill_level = excluded.minimum_skill_level,
           maximum_skill_level = excluded.maximum_skill_level, fetched_at = now()`,
    [
      rows.map((r) => r.skillTierId),
      rows.map((r) => r.professionId),
      rows.map((r) => r.name),
      rows.map((r) => r.minimumSkillLevel),
      rows.map((r) => r.maximumSkillLevel),
    ],
  );
  await tx.query('DELETE FROM goblin.skill_tier_recipes WHERE skill_tier_id = ANY($1::int[])', [rows.map((r) => r.skillTierId)]);
  const links = rows.flatMap((r) => r.recipes.map((recipe) => ({ tier: r.skillTierId, ...recipe })));
  if (links.length === 0) return;
  await tx.query(
    `INSERT INTO goblin.skill_tier_recipes (skill_tier_id, recipe_id, category)
     SELECT * FROM unnest($1::int[], $2::int[], $3::text[]) ON CONFLICT DO NOTHING`,
    [links.map((l) => l.tier), links.map((l) => l.recipeId), links.map((l) => l.category)],
  );
}

export async function writeRecipes(tx: pg.ClientBase, rows: RecipeRow[]): Promise<void> {
  const ids = rows.map((r) => r.recipeId);
  await tx.query(
    `INSERT INTO goblin.recipes (recipe_id, name, description, crafted_quantity, crafted_quantity_min, crafted_quantity_max, rank, fetched_at)
     SELECT *, now() FROM unnest($1::int[], $2::text[], $3::text[], $4::numeric[], $5::numeric[], $6::numeric[], $7::int[])
     ON CONFLICT (recipe_id) DO UPDATE
       SET name = excluded.name, description = excluded.description, crafted_quantity = excluded.crafted_quantity,
           crafted_quantity_min = excluded.crafted_quantity_min, crafted_quantity_max = excluded.crafted_quantity_max,
           rank = excluded.rank, fetched_at = now()`,
    [
      ids,
      rows.map((r) => r.name),
      rows.map((r) => r.description),
      rows.map((r) => r.craftedQuantity),
      rows.map((r) => r.craftedQuantityMin),
      rows.map((r) => r.craftedQuantityMax),
      rows.map((r) => r.rank),
    ],
  );
  for (const table of ['recipe_outputs', 'recipe_reagents', 'recipe_modified_slots']) {
    await tx.query(`DELETE FROM goblin.${table} WHERE recipe_id = ANY($1::int[])`, [ids]);
  }
  const outputs = rows.flatMap((r) => r.outputs.map((o) => ({ recipeId: r.recipeId, ...o })));
  if (outputs.length > 0) {
    await tx.query(
      `INSERT INTO goblin.recipe_outputs (recipe_id, faction, item_id, item_name)
       SELECT * FROM unnest($1::int[], $2::text[], $3::int[], $4::text[])`,
      [outputs.map((o) => o.recipeId), outputs.map((o) => o.faction), outputs.map((o) => o.itemId), outputs.map((o) => o.itemName)],
    );
  }
  const reagents = rows.flatMap((r) => r.reagents.map((g) => ({ recipeId: r.recipeId, ...g })));
  if (reagents.length > 0) {
    await tx.query(
      `INSERT INTO goblin.recipe_reagents (recipe_id, item_id, item_name, quantity)
       SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::int[])`,
      [reagents.map((g) => g.recipeId), reagents.map((g) => g.itemId), reagents.map((g) => g.itemName), reagents.map((g) => g.quantity)],
    );
  }
  const slots = rows.flatMap((r) => r.slots.map((s) => ({ recipeId: r.recipeId, ...s })));
  if (slots.length > 0) {
    await tx.query(
      `INSERT INTO goblin.recipe_modified_slots (recipe_id, display_order, slot_type_id, slot_type_name, is_optional)
       SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::boolean[])`,
      [
        slots.map((s) => s.recipeId),
        slots.map((s) => s.displayOrder),
        slots.map((s) => s.slotTypeId),
        slots.map((s) => s.slotTypeName),
        slots.map((s) => s.isOptional),
      ],
    );
  }
}

export async function writeItems(tx: pg.ClientBase, rows: ItemRow[]): Promise<void> {
  await tx.query(
    `INSERT INTO goblin.items (item_id, name, quality, item_class_id, item_class, item_subclass_id, item_subclass,
                               inventory_type, is_stackable, is_equippable, max_count, level, required_level,
                               sell_price, purchase_price, purchase_quantity, binding, fetched_at)
     SELECT *, now() FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::text[], $6::int[], $7::text[],
                                 $8::text[], $9::boolean[], $10::boolean[], $11::int[], $12::int[], $13::int[],
                                 $14::bigint[], $15::bigint[], $16::int[], $17::text[])
     ON CONFLICT (item_id) DO UPDATE
       SET name = excluded.name, quality = excluded.quality, item_class_id = excluded.item_class_id,
           item_class = excluded.item_class, item_subclass_id = excluded.item_subclass_id,
           item_subclass = excluded.item_subclass, inventory_type = excluded.inventory_type,
           is_stackable = excluded.is_stackable, is_equippable = excluded.is_equippable,
           max_count = excluded.max_count, level = excluded.level, required_level = excluded.required_level,
           sell_price = excluded.sell_price, purchase_price = excluded.purchase_price,
           purchase_quantity = excluded.purchase_quantity, binding = excluded.binding, fetched_at = now()`,
    [
      rows.map((r) => r.itemId),
      rows.map((r) => r.name),
      rows.map((r) => r.quality),
      rows.map((r) => r.itemClassId),
      rows.map((r) => r.itemClass),
      rows.map((r) => r.itemSubclassId),
      rows.map((r) => r.itemSubclass),
      rows.map((r) => r.inventoryType),
      rows.map((r) => r.isStackable),
      rows.map((r) => r.isEquippable),
      rows.map((r) => r.maxCount),
      rows.map((r) => r.level),
      rows.map((r) => r.requiredLevel),
      rows.map((r) => r.sellPrice),
      rows.map((r) => r.purchasePrice),
      rows.map((r) => r.purchaseQuantity),
      rows.map((r) => r.binding),
    ],
  );
}

export async function writeSpecies(tx: pg.ClientBase, rows: SpeciesRow[]): Promise<void> {
  await tx.query(
    `INSERT INTO petweaver.species (species_id, name, pet_type_id, pet_type, is_tradable, is_capturable, is_battlepet,
                                    source_type, source_name, creature_id, description, fetched_at)
     SELECT *, now() FROM unnest($1::int[], $2::text[], $3::int[], $4::text[], $5::boolean[], $6::boolean[], $7::boolean[],
                                 $8::text[], $9::text[], $10::int[], $11::text[])
     ON CONFLICT (species_id) DO UPDATE
       SET name = excluded.name, pet_type_id = excluded.pet_type_id, pet_type = excluded.pet_type,
           is_tradable = excluded.is_tradable, is_capturable = excluded.is_capturable, is_battlepet = excluded.is_battlepet,
           source_type = excluded.source_type, source_name = excluded.source_name, creature_id = excluded.creature_id,
           description = excluded.description, fetched_at = now()`,
    [
      rows.map((r) => r.speciesId),
      rows.map((r) => r.name),
      rows.map((r) => r.petTypeId),
      rows.map((r) => r.petType),
      rows.map((r) => r.isTradable),
      rows.map((r) => r.isCapturable),
      rows.map((r) => r.isBattlepet),
      rows.map((r) => r.sourceType),
      rows.map((r) => r.sourceName),
      rows.map((r) => r.creatureId),
      rows.map((r) => r.description),
    ],
  );
  await tx.query('DELETE FROM petweaver.species_abilities WHERE species_id = ANY($1::int[])', [rows.map((r) => r.speciesId)]);
  const abilities = rows.flatMap((r) => r.abilities.map((a) => ({ speciesId: r.speciesId, ...a })));
  if (abilities.length === 0) return;
  await tx.query(
    `INSERT INTO petweaver.species_abilities (species_id, ability_id, ability_name, slot, required_level)
     SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::int[], $5::int[])`,
    [abilities.map((a) => a.speciesId), abilities.map((a) => a.abilityId), abilities.map((a) => a.abilityName), abilities.map((a) => a.slot), abilities.map((a) => a.requiredLevel)],
  );
}

export async function writeConnectedRealms(tx: pg.ClientBase, region: Region, rows: ConnectedRealmRow[]): Promise<void> {
  await tx.query(
    `INSERT INTO goblin.connected_realms (region, connected_realm_id, has_queue, status, population, in_index, fetched_at)
     SELECT $1, *, true, now() FROM unnest($2::int[], $3::boolean[], $4::text[], $5::text[])
     ON CONFLICT (region, connected_realm_id) DO UPDATE
       SET has_queue = excluded.has_queue, status = excluded.status, population = excluded.population,
           in_index = true, fetched_at = now()`,
    [region, rows.map((r) => r.connectedRealmId), rows.map((r) => r.hasQueue), rows.map((r) => r.status), rows.map((r) => r.population)],
  );
  const realms = rows.flatMap((r) => r.realms.map((realm) => ({ cr: r.connectedRealmId, ...realm })));
  if (realms.length === 0) return;
  // A realm moves with a re-connection: the newest answer wins.
  await tx.query(
    `INSERT INTO goblin.realms (region, realm_id, connected_realm_id, name, slug, locale, timezone, type, category, is_tournament, fetched_at)
     SELECT $1, *, now() FROM unnest($2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::boolean[])
     ON CONFLICT (region, realm_id) DO UPDATE
       SET connected_realm_id = excluded.connected_realm_id, name = excluded.name, slug = excluded.slug,
           locale = excluded.locale, timezone = excluded.timezone, type = excluded.type,
           category = excluded.category, is_tournament = excluded.is_tournament, fetched_at = now()`,
    [
      region,
      realms.map((r) => r.realmId),
      realms.map((r) => r.cr),
      realms.map((r) => r.name),
      realms.map((r) => r.slug),
      realms.map((r) => r.locale),
      realms.map((r) => r.timezone),
      realms.map((r) => r.type),
      realms.map((r) => r.category),
      realms.map((r) => r.isTournament),
    ],
  );
}

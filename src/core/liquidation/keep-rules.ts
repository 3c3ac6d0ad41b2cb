/**
 * Keep rules: how many of an item the player wants to keep, on one character
 * or across the account. Liquidation sells only what is held beyond them.
 */
import type { Database } from '../db/pool.js';
import { DataError, UsageError } from '../errors.js';
import { importCsv, type ImportReport } from '../inventory/csv-import.js';
import { resolveCharacter, resolveItem, type ResolvedCharacter, type ResolvedItem } from '../inventory/resolve.js';

export type { ImportProblem, ImportReport } from '../inventory/csv-import.js';

export interface KeepRule {
  ruleId: number;
  itemId: number;
  petSpeciesId: number;
  itemName: string | null;
  /** Name-Realm, or null for the whole account. */
  character: string | null;
  keepCount: number;
  updatedAt: string;
}

export interface KeepRuleInput {
  item: string;
  count: number;
  character?: string | undefined;
}

const MAX_KEEP = 2 ** 31 - 1;

export async function setKeepRule(db: Database, input: KeepRuleInput): Promise<KeepRule> {
  const { item, character } = await resolveRule(db, input.item, input.character);
  const ruleId = await upsert(db, item, character, checkCount(input.count));
  return (await listKeepRules(db, ruleId))[0]!;
}

/** True when a rule was removed. */
export async function removeKeepRule(db: Database, itemText: string, characterText?: string): Promise<{ removed: boolean; item: ResolvedItem; character: string | null }> {
  const { item, character } = await resolveRule(db, itemText, characterText);
  const result = await db.query<{ rule_id: number }>(
    `DELETE FROM holocron.keep_rules WHERE item_id = $1 AND pet_species_id = $2 AND owner_id IS NOT DISTINCT FROM $3 RETURNING rule_id`,
    [item.itemId, item.petSpeciesId, character?.ownerId ?? null],
  );
  return { removed: result.length > 0, item, character: character?.label ?? null };
}

export async function listKeepRules(db: Database, ruleId?: number): Promise<KeepRule[]> {
  const rows = await db.query<{ rule_id: number; item_id: number; pet_species_id: number; item_name: string | null; character: string | null; keep_count: string; updated_at: Date }>(
    `SELECT r.rule_id, r.item_id, r.pet_species_id, o.label AS character, r.keep_count, r.updated_at,
            coalesce((SELECT n.name FROM holocron.item_names n WHERE n.item_id = r.item_id AND n.pet_species_id = r.pet_species_id LIMIT 1),
                     (SELECT i.name FROM goblin.items i WHERE i.item_id = r.item_id),
                     (SELECT s.name FROM petweaver.species s WHERE s.species_id = r.pet_species_id)) AS item_name
     FROM holocron.keep_rules r LEFT JOIN holocron.owners o ON o.owner_id = r.owner_id
     WHERE $1::int IS NULL OR r.rule_id = $1
     ORDER BY item_name NULLS LAST, r.item_id, r.pet_species_id, o.label NULLS FIRST`,
    [ruleId ?? null],
  );
  return rows.map((r) => ({
    ruleId: r.rule_id,
    itemId: r.item_id,
    petSpeciesId: r.pet_species_id,
    itemName: r.item_name,
    character: r.character,
    keepCount: Number(r.keep_count),
    updatedAt: r.updated_at.toISOString(),
  }));
}

/**
 * `item,count[,character]` per line (a header line is skipped). Rows that
 * resolve are imported in one transaction; the others are reported by line.
 */
export async function importKeepRules(db: Database, text: string, file: string): Promise<ImportReport> {
  return importCsv(db, text, file, {
    isHeader,
    resolve: async (record) => {
      if (record.length < 2 || record.length > 3) throw new DataError(`expected item,count[,character], found ${record.length} field(s)`);
      const count = parseCount(record[1]!);
      return { ...(await resolveRule(db, record[0]!, record[2] || undefined)), count };
    },
    save: (q, rule) => upsert(q, rule.item, rule.character, rule.count),
  });
}

async function resolveRule(db: Database, itemText: string, characterText: string | undefined): Promise<{ item: ResolvedItem; character: ResolvedCharacter | null }> {
  const item = await resolveItem(db, itemText);
  const character = characterText ? await resolveCharacter(db, characterText) : null;
  return { item, character };
}

async function upsert(db: Pick<Database, 'query'>, item: ResolvedItem, character: ResolvedCharacter | null, count: number): Promise<number> {
  const [row] = await db.query<{ rule_id: number }>(
    `INSERT INTO holocron.keep_rules (owner_id, item_id, pet_species_id, keep_count) VALUES ($1, $2, $3, $4)
     ON CONFLICT (owner_id, item_id, pet_species_id) DO UPDATE SET keep_count = excluded.keep_count, updated_at = now()
     RETURNING rule_id`,
    [character?.ownerId ?? null, item.itemId, item.petSpeciesId, count],
  );
  return row!.rule_id;
}

function isHeader(record: string[]): boolean {
  return record[0]?.toLowerCase() === 'item' && !/^\d+$/.test(record[1] ?? '');
}

function parseCount(text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new DataError(`count '${text}' is not a whole number`);
  return checkCount(Number(text));
}

function checkCount(count: number): number {
  if (!Number.isInteger(count) || count < 0 || count > MAX_KEEP) throw new UsageError(`a keep count is a whole number from 0 to ${MAX_KEEP} (got ${count})`);
  return count;
}

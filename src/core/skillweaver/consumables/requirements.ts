/**
 * Consumable requirements (skillweaver.consumable_requirements): how many of
 * an item a character must carry, and what skillweaver.view_consumable_needs
 * says each is short of and who holds the rest.
 */
import type { Database } from '../../db/pool.js';
import { DataError, UsageError } from '../../errors.js';
import { importCsv, type ImportReport } from '../../inventory/csv-import.js';
import { resolveCharacter, resolveItem, type ResolvedCharacter, type ResolvedItem } from '../../inventory/resolve.js';

export type { ImportProblem, ImportReport } from '../../inventory/csv-import.js';

export interface NeedSource {
  ownerId: number;
  holder: string;
  holderKind: 'character' | 'warband';
  /** What the holder can give: beyond its own requirement for a character. */
  available: number;
  /** Mail reaches the raider (same connected realm and faction), or the warband bank is the raider's account's. */
  reachable: boolean;
}

/** One requirement and how it stands: a row of skillweaver.view_consumable_needs. */
export interface ConsumableNeed {
  character: string;
  ownerId: number;
  account: string;
  itemId: number;
  itemName: string | null;
  required: number;
  /** In bags, bank and reagent bank. */
  held: number;
  /** In the character's mailbox: on its way, not yet held. */
  inMail: number;
  shortfall: number;
  /** What reachable sources can give. */
  available: number;
  sources: NeedSource[];
}

export interface RequirementInput {
  character: string;
  item: string;
  count: number;
}

export const MAX_REQUIRED = 2 ** 31 - 1;

/** Adds or replaces a character's requirement; returns how it stands now. */
export async function setRequirement(db: Database, input: RequirementInput): Promise<ConsumableNeed> {
  const { character, item } = await resolveRequirement(db, input.character, input.item);
  await upsert(db, character, item, checkCount(input.count));
  return (await listNeeds(db, { ownerId: character.ownerId, itemId: item.itemId }))[0]!;
}

/** Drops a character's requirement for an item; `removed` is false when there was none. */
export async function removeRequirement(db: Database, characterText: string, itemText: string): Promise<{ removed: boolean; character: string; itemId: number; itemName: string | null }> {
  const { character, item } = await resolveRequirement(db, characterText, itemText);
  const rows = await db.query(`DELETE FROM skillweaver.consumable_requirements WHERE owner_id = $1 AND item_id = $2 RETURNING item_id`, [character.ownerId, item.itemId]);
  return { removed: rows.length > 0, character: character.label, itemId: item.itemId, itemName: item.name };
}

/** Every requirement with its shortfall and sources; of one character when given (Name-Realm or a bare Name). */
export async function listNeeds(db: Database, filter: { character?: string | undefined; ownerId?: number; itemId?: number } = {}): Promise<ConsumableNeed[]> {
  const ownerId = filter.character !== undefined ? (await resolveCharacter(db, filter.character)).ownerId : filter.ownerId;
  const rows = await db.query<NeedRow>(
    `SELECT character, owner_id, account, item_id, item_name, required::float8 AS required, held::float8 AS held, in_mail::float8 AS in_mail,
            shortfall::float8 AS shortfall, available::float8 AS available, sources
     FROM skillweaver.view_consumable_needs
     WHERE ($1::int IS NULL OR owner_id = $1) AND ($2::int IS NULL OR item_id = $2)
     ORDER BY character COLLATE "C", owner_id, item_name NULLS LAST, item_id`,
    [ownerId ?? null, filter.itemId ?? null],
  );
  return rows.map(toNeed);
}

interface NeedRow {
  character: string;
  owner_id: number;
  account: string;
  item_id: number;
  item_name: string | null;
  required: number;
  held: number;
  in_mail: number;
  shortfall: number;
  available: number;
  sources: Array<{ owner_id: number; holder: string; holder_kind: 'character' | 'warband'; available: number | string; reachable: boolean }>;
}

function toNeed(r: NeedRow): ConsumableNeed {
  return {
    character: r.character,
    ownerId: r.owner_id,
    account: r.account,
    itemId: r.item_id,
    itemName: r.item_name,
    required: r.required,
    held: r.held,
    inMail: r.in_mail,
    shortfall: r.shortfall,
    available: r.available,
    sources: r.sources.map((s) => ({ ownerId: s.owner_id, holder: s.holder, holderKind: s.holder_kind, available: Number(s.available), reachable: s.reachable })),
  };
}

/**
 * `character,item,count` per line (a header line is skipped). Rows that
 * resolve are imported in one transaction; the others are reported by line.
 */
export async function importRequirements(db: Database, text: string, file: string): Promise<ImportReport> {
  return importCsv(db, text, file, {
    isHeader,
    resolve: async (record) => {
      if (record.length !== 3) throw new DataError(`expected character,item,count, found ${record.length} field(s)`);
      const count = parseCount(record[2]!);
      return { ...(await resolveRequirement(db, record[0]!, record[1]!)), count };
    },
    save: (q, row) => upsert(q, row.character, row.item, row.count),
  });
}

async function resolveRequirement(db: Database, characterText: string, itemText: string): Promise<{ character: ResolvedCharacter; item: ResolvedItem }> {
  if (characterText.trim() === '') throw new UsageError('a requirement needs a character, as Name-Realm');
  const character = await resolveCharacter(db, characterText);
  const item = await resolveItem(db, itemText);
  if (item.petSpeciesId !== 0) throw new DataError(`'${itemText.trim()}' is a caged pet, not a consumable`);
  return { character, item };
}

async function upsert(db: Pick<Database, 'query'>, character: ResolvedCharacter, item: ResolvedItem, count: number): Promise<void> {
  await db.query(
    `INSERT INTO skillweaver.consumable_requirements (owner_id, item_id, required_count) VALUES ($1, $2, $3)
     ON CONFLICT (owner_id, item_id) DO UPDATE SET required_count = excluded.required_count, updated_at = now()`,
    [character.ownerId, item.itemId, count],
  );
}

function isHeader(record: string[]): boolean {
  return record[0]?.toLowerCase() === 'character' && !/^\d+$/.test(record[2] ?? '');
}

function parseCount(text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new DataError(`count '${text}' is not a whole number`);
  const count = Number(text.trim());
  if (count < 1 || count > MAX_REQUIRED) throw new DataError(`count ${text} is not from 1 to ${MAX_REQUIRED}`);
  return count;
}

function checkCount(count: number): number {
  if (!Number.isInteger(count) || count < 1 || count > MAX_REQUIRED) {
    throw new UsageError(`a required count is a whole number from 1 to ${MAX_REQUIRED} (got ${count}; consumables remove drops a requirement)`);
  }
  return count;
}

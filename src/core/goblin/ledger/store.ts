/**
 * Accounting rows into goblin.ledger inside the caller's transaction. Rows
 * are copied into a temporary table and merged from there in one statement:
 * 100,000 single-row upserts would take ten times the 2 s budget.
 *
 * Nothing is ever deleted: a newer file that TSM has trimmed simply brings
 * fewer old rows. A row already held is left alone unless the file shows it
 * with a larger quantity (TSM merged a later sale into it; see the natural
 * key in sql/migrations/0024_ledger.sql).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { LedgerRow } from './tsm-accounting.js';

export interface LedgerCounts {
  /** Rows in the file's accounting strings that were read. */
  read: number;
  /** New to the ledger. */
  added: number;
  /** Held already, now with the larger quantity the file shows. */
  grown: number;
  /** Held already, as they are. */
  unchanged: number;
  /** The same row more than once in this file: stored once. */
  duplicates: number;
  /** Rows with a wrong field count or a bad number: reported, not stored. */
  skipped: number;
}

export interface LedgerSource {
  account: string;
  fileId: number | null;
}

const KEY = 'kind, realm, character, item_string, stack_size, price, other_player, source, t';

export async function storeLedger(tx: pg.ClientBase, rows: readonly LedgerRow[], source: LedgerSource): Promise<Omit<LedgerCounts, 'skipped'>> {
  if (rows.length === 0) return { read: 0, added: 0, grown: 0, unchanged: 0, duplicates: 0 };
  await tx.query(
    `CREATE TEMP TABLE ledger_in (
       kind text, realm text, character text, item_string text, item_id integer, pet_species_id integer,
       pet_level smallint, pet_quality smallint, bonus_key text, bonus_ids integer[], item_level integer,
       stack_size integer, quantity integer, price bigint, other_player text, source text, t bigint
     ) ON COMMIT DROP`,
  );
  const sink = tx.query(copyFrom('COPY pg_temp.ledger_in FROM STDIN'));
  await pipeline(Readable.from(copyChunks(rows)), sink);
  const result = await tx.query<{ distinct_rows: string; added: string; grown: string }>(
    `WITH incoming AS (
       SELECT DISTINCT ON (${KEY}) * FROM pg_temp.ledger_in ORDER BY ${KEY}, quantity DESC
     ), written AS (
       INSERT INTO goblin.ledger (kind, realm, realm_key, character, item_string, item_id, pet_species_id, pet_level, pet_quality,
                                  bonus_key, bonus_ids, item_level, stack_size, quantity, price, other_player, source, occurred_at, account, file_id)
       SELECT kind, realm, lower(regexp_replace(realm, '[^[:alnum:]]', '', 'g')), character, item_string, item_id, pet_species_id, pet_level, pet_quality,
              bonus_key, bonus_ids, item_level, stack_size, quantity, price, other_player, source, to_timestamp(t), $1, $2
       FROM incoming
       ON CONFLICT ON CONSTRAINT ledger_natural_key DO UPDATE SET quantity = EXCLUDED.quantity
       WHERE goblin.ledger.quantity < EXCLUDED.quantity
       RETURNING (xmax = 0) AS inserted
     )
     SELECT (SELECT count(*) FROM incoming) AS distinct_rows,
            count(*) FILTER (WHERE inserted) AS added, count(*) FILTER (WHERE NOT inserted) AS grown
     FROM written`,
    [source.account, source.fileId],
  );
  await tx.query('DROP TABLE pg_temp.ledger_in');
  const r = result.rows[0]!;
  const distinct = Number(r.distinct_rows);
  const added = Number(r.added);
  const grown = Number(r.grown);
  return { read: rows.length, added, grown, unchanged: distinct - added - grown, duplicates: rows.length - distinct };
}

const CHUNK_ROWS = 5000;

function* copyChunks(rows: readonly LedgerRow[]): Generator<string> {
  let chunk = '';
  for (let i = 0; i < rows.length; i++) {
    chunk += copyLine(rows[i]!);
    if ((i + 1) % CHUNK_ROWS === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

function copyLine(r: LedgerRow): string {
  return (
    [
      text(r.kind), text(r.realm), text(r.character), text(r.itemString), num(r.itemId), num(r.petSpeciesId),
      num(r.petLevel), num(r.petQuality), text(r.bonusKey), r.bonusIds ? `{${r.bonusIds.join(',')}}` : '\\N', num(r.itemLevel),
      num(r.stackSize), num(r.quantity), num(r.price), text(r.otherPlayer), text(r.source), num(r.time),
    ].join('\t') + '\n'
  );
}

function num(n: number | null): string {
  return n === null ? '\\N' : String(n);
}

/** COPY's text format: backslash, tab, newline and return escaped; NUL cannot be stored and is dropped. */
function text(s: string | null): string {
  if (s === null) return '\\N';
  if (!/[\\\t\n\r\0]/.test(s)) return s;
  return s.replace(/\0/g, '').replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

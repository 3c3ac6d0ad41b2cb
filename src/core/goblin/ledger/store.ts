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

/**
 * A row's natural key as text: every field but quantity, \x1f between
 * fields, \x01 for NULL (told apart from ''). goblin.ledger.row_key is its
 * MD5, taken in SQL (hashing 100,000 keys in Node cost 0.8 s, in SQL ~50 ms).
 */
export function naturalKey(r: LedgerRow): string {
  const f = (v: string | number | null) => (v === null ? '\u0001' : v);
  return `${r.kind}\u001f${r.realm}\u001f${r.character}\u001f${f(r.itemString)}\u001f${f(r.stackSize)}\u001f${f(r.price)}\u001f${f(r.otherPlayer)}\u001f${f(r.source)}\u001f${r.time}`;
}

/** One row per key, the largest quantity winning (what TSM's merging only ever raises). */
function distinctRows(rows: readonly LedgerRow[]): Map<string, LedgerRow> {
  const byKey = new Map<string, LedgerRow>();
  for (const row of rows) {
    const key = naturalKey(row);
    const held = byKey.get(key);
    if (!held || held.quantity < row.quantity) byKey.set(key, row);
  }
  return byKey;
}

/** `timings` gets where the time went (ms): the in-file dedupe, the COPY, the merge. */
export async function storeLedger(tx: pg.ClientBase, rows: readonly LedgerRow[], source: LedgerSource, timings: Record<string, number> = {}): Promise<Omit<LedgerCounts, 'skipped'>> {
  if (rows.length === 0) return { read: 0, added: 0, grown: 0, unchanged: 0, duplicates: 0 };
  let at = Date.now();
  const lap = (phase: string) => {
    timings[phase] = Date.now() - at;
    at = Date.now();
  };
  const distinct = distinctRows(rows);
  lap('dedupe');
  await tx.query(
    `CREATE TEMP TABLE ledger_in (
       natural_key text, row_key uuid GENERATED ALWAYS AS (md5(natural_key)::uuid) STORED, kind text, realm text, character text, item_string text, item_id integer, pet_species_id integer,
       pet_level smallint, pet_quality smallint, bonus_key text, bonus_ids integer[], item_level integer,
       stack_size integer, quantity integer, price bigint, other_player text, source text, t bigint
     ) ON COMMIT DROP`,
  );
  const columns = `natural_key, kind, realm, character, item_string, item_id, pet_species_id, pet_level, pet_quality, bonus_key, bonus_ids, item_level,
                   stack_size, quantity, price, other_player, source, t`;
  const sink = tx.query(copyFrom(`COPY pg_temp.ledger_in (${columns}) FROM STDIN`));
  await pipeline(Readable.from(copyChunks(distinct)), sink);
  lap('copy');
  // Rows held already are told apart before writing: new rows go in with a
  // plain INSERT (ingest holds its advisory lock, so no other run adds the
  // same keys meanwhile), rows TSM has since merged into get their larger
  // quantity, the rest are left alone. INSERT … ON CONFLICT over all rows was
  // twice as slow: it checks each key speculatively and locks (so writes)
  // every row it finds held.
  const grown = await tx.query(
    `UPDATE goblin.ledger l SET quantity = i.quantity FROM pg_temp.ledger_in i
     WHERE l.row_key = i.row_key AND l.quantity < i.quantity`,
  );
  // realm_key as 0019 computes it, once per realm rather than once per row.
  // Oldest first: the heap stays in time order for the BRIN index on
  // occurred_at (see the migration).
  const added = await tx.query(
    `WITH realms AS (
       SELECT realm, lower(regexp_replace(realm, '[^[:alnum:]]', '', 'g')) AS realm_key FROM (SELECT DISTINCT realm FROM pg_temp.ledger_in) AS r
     )
     INSERT INTO goblin.ledger (row_key, kind, realm, realm_key, character, item_string, item_id, pet_species_id, pet_level, pet_quality,
                                bonus_key, bonus_ids, item_level, stack_size, quantity, price, other_player, source, occurred_at, account, file_id)
     SELECT i.row_key, i.kind, i.realm, r.realm_key, i.character, i.item_string, i.item_id, i.pet_species_id, i.pet_level, i.pet_quality,
            i.bonus_key, i.bonus_ids, i.item_level, i.stack_size, i.quantity, i.price, i.other_player, i.source, to_timestamp(i.t), $1, $2
     FROM pg_temp.ledger_in i JOIN realms r USING (realm)
     WHERE NOT EXISTS (SELECT 1 FROM goblin.ledger l WHERE l.row_key = i.row_key)
     ORDER BY i.t`,
    [source.account, source.fileId],
  );
  await tx.query('DROP TABLE pg_temp.ledger_in');
  lap('merge');
  const counts = { added: added.rowCount ?? 0, grown: grown.rowCount ?? 0 };
  return { read: rows.length, ...counts, unchanged: distinct.size - counts.added - counts.grown, duplicates: rows.length - distinct.size };
}

const CHUNK_ROWS = 5000;

function* copyChunks(rows: Map<string, LedgerRow>): Generator<string> {
  let chunk = '';
  let n = 0;
  for (const [key, row] of rows) {
    chunk += `${text(key)}\t${copyLine(row)}`;
    if (++n % CHUNK_ROWS === 0) {
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

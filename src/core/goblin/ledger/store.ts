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
 * A row's natural key (see the migration): every field but quantity, \x1f
 * between fields, \x01 for NULL (told apart from ''); goblin.ledger.row_key
 * is its MD5. Computed by PostgreSQL as the rows arrive (ROW_KEY below):
 * building 100,000 key strings and hashing them in Node took longer than
 * the whole insert.
 */
const ROW_KEY = `md5(kind || chr(31) || realm || chr(31) || character || chr(31) || coalesce(item_string, chr(1)) || chr(31) ||
  coalesce(stack_size::text, chr(1)) || chr(31) || coalesce(price::text, chr(1)) || chr(31) || coalesce(other_player, chr(1)) || chr(31) ||
  coalesce(source, chr(1)) || chr(31) || t::text)::uuid`;

const COLUMNS = `kind, realm, character, item_string, item_id, pet_species_id, pet_level, pet_quality, bonus_key, bonus_ids, item_level,
                 stack_size, quantity, price, other_player, source, t`;

/** `timings` gets where the time went (ms): the COPY, the merge. */
export async function storeLedger(tx: pg.ClientBase, rows: readonly LedgerRow[], source: LedgerSource, timings: Record<string, number> = {}): Promise<Omit<LedgerCounts, 'skipped'>> {
  if (rows.length === 0) return { read: 0, added: 0, grown: 0, unchanged: 0, duplicates: 0 };
  let at = Date.now();
  const lap = (phase: string) => {
    timings[phase] = Date.now() - at;
    at = Date.now();
  };
  await tx.query(
    `CREATE TEMP TABLE ledger_in (
       kind text, realm text, character text, item_string text, item_id integer, pet_species_id integer,
       pet_level smallint, pet_quality smallint, bonus_key text, bonus_ids integer[], item_level integer,
       stack_size integer, quantity integer, price bigint, other_player text, source text, t bigint,
       row_key uuid GENERATED ALWAYS AS (${ROW_KEY}) STORED
     ) ON COMMIT DROP`,
  );
  const sink = tx.query(copyFrom(`COPY pg_temp.ledger_in (${COLUMNS}) FROM STDIN`));
  await pipeline(Readable.from(copyChunks(rows)), sink);
  lap('copy');
  const [{ distinct }] = (await tx.query<{ distinct: string }>('SELECT count(DISTINCT row_key) AS distinct FROM pg_temp.ledger_in')).rows as [{ distinct: string }];
  const unique = Number(distinct);
  // A file rarely repeats a row; only then is the sort that keeps one per key needed.
  const repeated = unique < rows.length;
  // Rows held already are told apart before writing: rows TSM has since
  // merged into get their larger quantity, new rows go in with a plain
  // INSERT (ingest holds its advisory lock, so no other run adds the same
  // keys meanwhile), the rest are left alone. INSERT … ON CONFLICT over all
  // rows was twice as slow: it checks each key speculatively and locks (so
  // writes) every row it finds held.
  const grown = await tx.query(
    `UPDATE goblin.ledger l SET quantity = i.quantity
     FROM (SELECT row_key, max(quantity) AS quantity FROM pg_temp.ledger_in GROUP BY row_key) AS i
     WHERE l.row_key = i.row_key AND l.quantity < i.quantity`,
  );
  // One row per key, the largest quantity winning (what TSM's merging only
  // ever raises) when the file repeats rows; realm_key as 0019 computes it,
  // once per realm. Rows go in as the file lists them: each CSV string is in
  // time order (TSM appends, and sorts newest first when it trims), which
  // keeps the BRIN index on occurred_at tight without sorting 100,000 rows.
  const added = await tx.query(
    `WITH realms AS (
       SELECT realm, lower(regexp_replace(realm, '[^[:alnum:]]', '', 'g')) AS realm_key FROM (SELECT DISTINCT realm FROM pg_temp.ledger_in) AS r
     ), fresh AS (
       SELECT ${repeated ? 'DISTINCT ON (i.row_key)' : ''} i.* FROM pg_temp.ledger_in i
       WHERE NOT EXISTS (SELECT 1 FROM goblin.ledger l WHERE l.row_key = i.row_key)
       ${repeated ? 'ORDER BY i.row_key, i.quantity DESC' : ''}
     )
     INSERT INTO goblin.ledger (row_key, kind, realm, realm_key, character, item_string, item_id, pet_species_id, pet_level, pet_quality,
                                bonus_key, bonus_ids, item_level, stack_size, quantity, price, other_player, source, occurred_at, account, file_id)
     SELECT f.row_key, f.kind, f.realm, r.realm_key, f.character, f.item_string, f.item_id, f.pet_species_id, f.pet_level, f.pet_quality,
            f.bonus_key, f.bonus_ids, f.item_level, f.stack_size, f.quantity, f.price, f.other_player, f.source, to_timestamp(f.t), $1, $2
     FROM fresh f JOIN realms r USING (realm)`,
    [source.account, source.fileId],
  );
  await tx.query('DROP TABLE pg_temp.ledger_in');
  lap('merge');
  const counts = { added: added.rowCount ?? 0, grown: grown.rowCount ?? 0 };
  return { read: rows.length, ...counts, unchanged: unique - counts.added - counts.grown, duplicates: rows.length - unique };
}

const CHUNK_ROWS = 5000;

function* copyChunks(rows: readonly LedgerRow[]): Generator<string> {
  let chunk = '';
  let n = 0;
  for (const row of rows) {
    chunk += copyLine(row);
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
      text(r.kind), text(r.realm), text(r.character), text(r.itemString), num(r.item.itemId), num(r.item.petSpeciesId),
      num(r.item.petLevel), num(r.item.petQuality), text(r.item.bonusKey), r.item.bonusIds ? `{${r.item.bonusIds.join(',')}}` : '\\N', num(r.item.itemLevel),
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

/**
 * TradeSkillMaster's accounting, read from a parsed TradeSkillMaster.lua.
 * TSM keeps it as CSV text in realm-scoped strings,
 * `r@<Realm>@internalData@csvSales` and its five siblings, one header line
 * then one row per line. Everything else in the file (groups, operations,
 * the item-info cache) is not read here.
 *
 * A row whose field count differs from its header, or whose numbers are not
 * numbers, is skipped and reported with its line inside the string (line 1
 * is the header); the other rows stand.
 */
import { parse } from 'csv-parse/sync';
import type { SavedVariables } from '../../lua/saved-variables.js';
import { LuaTable } from '../../lua/lua-table.js';
import { decodeItemString, type TsmItem } from './item-string.js';

export const TSM_GLOBAL = 'TradeSkillMasterDB';

export type LedgerKind = 'sale' | 'buy' | 'income' | 'expense' | 'expired' | 'cancelled';

const KINDS: Record<string, LedgerKind> = {
  csvSales: 'sale',
  csvBuys: 'buy',
  csvIncome: 'income',
  csvExpense: 'expense',
  csvExpired: 'expired',
  csvCancelled: 'cancelled',
};

const ACCOUNTING_KEY = /^r@(.+)@internalData@(csv(?:Sales|Buys|Income|Expense|Expired|Cancelled))$/;

export interface LedgerRow {
  kind: LedgerKind;
  realm: string;
  character: string;
  itemString: string | null;
  /** Decoded from itemString; shared between the rows of the same item string. */
  item: TsmItem;
  stackSize: number | null;
  quantity: number;
  price: number | null;
  otherPlayer: string | null;
  source: string | null;
  /** Unix seconds. */
  time: number;
}

export interface SkippedRow {
  key: string;
  line: number;
  reason: string;
}

export interface AccountingExtract {
  rows: LedgerRow[];
  skipped: SkippedRow[];
  /** Rows per accounting key, as read (before skipping). */
  perKey: Array<{ key: string; kind: LedgerKind; realm: string; rows: number; skipped: number }>;
  notes: string[];
  /** Item strings decoded so far: an account sells the same few hundred items thousands of times. */
  items: Map<string, TsmItem>;
}

/** Whether a file's sniffed globals make it a TradeSkillMaster.lua. */
export function isTsmFile(globals: readonly string[]): boolean {
  return globals.includes(TSM_GLOBAL);
}

export function readTsmAccounting(sv: SavedVariables): AccountingExtract {
  const out: AccountingExtract = { rows: [], skipped: [], perKey: [], notes: [], items: new Map() };
  const db = sv.get(TSM_GLOBAL);
  if (!(db instanceof LuaTable)) {
    out.notes.push(`${TSM_GLOBAL} is not a table; no accounting read`);
    return out;
  }
  let others = 0;
  for (const key of db.stringKeys().sort()) {
    const match = ACCOUNTING_KEY.exec(key);
    const text = match ? db.get(key) : undefined;
    if (!match || typeof text !== 'string') {
      others++;
      continue;
    }
    const kind = KINDS[match[2]!]!;
    const before = { rows: out.rows.length, skipped: out.skipped.length };
    readCsv(key, kind, match[1]!, text, out);
    out.perKey.push({ key, kind, realm: match[1]!, rows: out.rows.length - before.rows, skipped: out.skipped.length - before.skipped });
  }
  for (const s of out.skipped) out.notes.push(`${s.key} line ${s.line}: ${s.reason}; row skipped`);
  if (others > 0) out.notes.push(`${others} other TradeSkillMaster settings (groups, operations, caches) not read; skipped`);
  for (const g of sv.keys()) if (g !== TSM_GLOBAL) out.notes.push(`${g} (TSM's own cache) not read; skipped`);
  return out;
}

/** Header names TSM has used for each column (older files say buyer/seller). */
const ALIASES: Record<string, string> = { buyer: 'otherPlayer', seller: 'otherPlayer', type: 'source', amount: 'price' };

function readCsv(key: string, kind: LedgerKind, realm: string, text: string, out: AccountingExtract): void {
  // TSM writes one row per line and never quotes, so with empty lines kept
  // (and quoting off) record i is line i + 1: csv-parse's per-record info
  // objects would give the same at twice the cost.
  const records = parse(text, { relax_column_count: true, quote: false, skip_empty_lines: false, trim: false }) as string[][];
  if (records.length === 0) return;
  const header = records[0]!.map((name) => ALIASES[name] ?? name);
  const col = (name: string) => header.indexOf(name);
  const at = {
    item: col('itemString'),
    stack: col('stackSize'),
    quantity: col('quantity'),
    price: col('price'),
    other: col('otherPlayer'),
    player: col('player'),
    time: col('time'),
    source: col('source'),
  };
  if (at.player < 0 || at.time < 0) {
    out.skipped.push({ key, line: 1, reason: `header "${records[0]!.join(',')}" has no player or time column; the whole string` });
    return;
  }
  const money = kind === 'income' || kind === 'expense';
  for (let r = 1; r < records.length; r++) {
    const record = records[r]!;
    const line = r + 1;
    if (record.length === 1 && record[0] === '') continue;
    if (record.length !== header.length) {
      out.skipped.push({ key, line, reason: `${record.length} fields where the header has ${header.length}` });
      continue;
    }
    const time = whole(record[at.time], MAX_TIME);
    const quantity = money ? 1 : whole(record[at.quantity], MAX_INT);
    const price = at.price >= 0 ? whole(record[at.price], MAX_COPPER) : null;
    const stackSize = at.stack >= 0 ? whole(record[at.stack], MAX_INT) : null;
    const bad = time === undefined ? 'time' : quantity === undefined ? 'quantity' : price === undefined ? 'price' : stackSize === undefined ? 'stackSize' : undefined;
    if (bad) {
      out.skipped.push({ key, line, reason: `${bad} is not a whole number in range` });
      continue;
    }
    // The ledger's amount (price × quantity) must stay exact in JSON and SQL alike.
    if ((price ?? 0) * quantity! > Number.MAX_SAFE_INTEGER) {
      out.skipped.push({ key, line, reason: 'price × quantity is beyond any real amount' });
      continue;
    }
    const itemString = !money && at.item >= 0 ? record[at.item]! : null;
    out.rows.push({
      kind,
      realm,
      character: record[at.player]!,
      itemString,
      item: decoded(itemString, out.items),
      stackSize: stackSize ?? null,
      quantity: quantity!,
      price: price ?? null,
      otherPlayer: at.other >= 0 ? record[at.other]! : null,
      source: at.source >= 0 ? record[at.source]! : null,
      time: time!,
    });
  }
}

const MAX_INT = 2 ** 31 - 1;
/** 100 million gold: ten times the gold cap. */
const MAX_COPPER = 1e12;
/** Year 5138: far past any real row, still a timestamp. */
const MAX_TIME = 1e11;

function decoded(itemString: string | null, cache: Map<string, TsmItem>): TsmItem {
  if (itemString === null) return NO_ITEM;
  let item = cache.get(itemString);
  if (!item) cache.set(itemString, (item = decodeItemString(itemString)));
  return item;
}

const NO_ITEM = decodeItemString('');

/** Non-negative integers within what their column holds. */
function whole(text: string | undefined, max: number): number | undefined {
  if (text === undefined || !/^\d{1,15}$/.test(text)) return undefined;
  const n = Number(text);
  return n <= max ? n : undefined;
}

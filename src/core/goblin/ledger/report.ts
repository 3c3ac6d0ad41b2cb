/**
 * `holocron ledger`: what was earned (sales, income) and spent (buys,
 * expenses) since a moment, grouped by item, character or day, with the gold
 * velocity over the same window and over the last 7 and 30 days.
 */
import type { Database } from '../../db/pool.js';

export type LedgerDimension = 'item' | 'character' | 'day';
export const LEDGER_DIMENSIONS: readonly LedgerDimension[] = ['item', 'character', 'day'];

export interface LedgerQuery {
  since: Date;
  now: Date;
  by: LedgerDimension;
  /** Only realms of this region (goblin.realms). */
  region?: string;
  limit?: number;
}

export interface LedgerFlows {
  earned: number;
  spent: number;
  net: number;
  sales: number;
  income: number;
  buys: number;
  expenses: number;
  unitsSold: number;
  unitsBought: number;
  expired: number;
  cancelled: number;
  transactions: number;
}

export interface LedgerGroup extends LedgerFlows {
  key: string;
  label: string;
}

export interface LedgerReport {
  since: string;
  until: string;
  days: number;
  by: LedgerDimension;
  region: string | null;
  totals: LedgerFlows;
  /** Copper per day over the window, and over the last 7 and 30 days. */
  velocity: { earnedPerDay: number; spentPerDay: number; netPerDay: number; earnedPerDay7d: number; spentPerDay7d: number; earnedPerDay30d: number; spentPerDay30d: number };
  groups: LedgerGroup[];
  /** Groups beyond the limit, folded into none. */
  more: number;
}

const FLOWS = `
  coalesce(sum(amount) FILTER (WHERE kind = 'sale'), 0) AS sales,
  coalesce(sum(amount) FILTER (WHERE kind = 'income'), 0) AS income,
  coalesce(sum(amount) FILTER (WHERE kind = 'buy'), 0) AS buys,
  coalesce(sum(amount) FILTER (WHERE kind = 'expense'), 0) AS expenses,
  coalesce(sum(quantity) FILTER (WHERE kind = 'sale'), 0) AS units_sold,
  coalesce(sum(quantity) FILTER (WHERE kind = 'buy'), 0) AS units_bought,
  count(*) FILTER (WHERE kind = 'expired') AS expired,
  count(*) FILTER (WHERE kind = 'cancelled') AS cancelled,
  count(*) AS transactions`;

const GROUPING: Record<LedgerDimension, { key: string; label: string; order: string }> = {
  item: {
    key: `coalesce(l.item_id || ':' || l.pet_species_id, 'money:' || l.source)`,
    label: `coalesce(min(n.name), min(sp.name), min(i.name), CASE WHEN min(l.item_id) IS NULL THEN min(l.source) ELSE 'item ' || min(l.item_id) END)`,
    order: 'greatest(sales + income, buys + expenses) DESC, key',
  },
  character: { key: `l.character || '-' || l.realm`, label: `min(l.character || '-' || l.realm)`, order: 'sales + income - buys - expenses DESC, key' },
  day: { key: `to_char(l.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`, label: `to_char(min(l.occurred_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD')`, order: 'key DESC' },
};

type FlowRow = Record<'sales' | 'income' | 'buys' | 'expenses' | 'units_sold' | 'units_bought' | 'expired' | 'cancelled' | 'transactions', string>;

export async function ledgerReport(db: Database, q: LedgerQuery): Promise<LedgerReport> {
  const g = GROUPING[q.by];
  const regionFilter = `($3::text IS NULL OR l.realm_key IN (SELECT lower(regexp_replace(name, '[^[:alnum:]]', '', 'g')) FROM goblin.realms WHERE region = $3))`;
  const params = [q.since, q.now, q.region ?? null];
  const rows = await db.query<FlowRow & { key: string; label: string }>(
    `SELECT * FROM (
       SELECT ${g.key} AS key, ${g.label} AS label, ${FLOWS}
       FROM goblin.ledger l
       LEFT JOIN holocron.item_names n ON n.item_id = l.item_id AND n.pet_species_id = l.pet_species_id
       LEFT JOIN petweaver.species sp ON sp.species_id = nullif(l.pet_species_id, 0)
       LEFT JOIN goblin.items i ON i.item_id = l.item_id
       WHERE l.occurred_at >= $1 AND l.occurred_at <= $2 AND ${regionFilter}
       GROUP BY 1
     ) AS grouped
     ORDER BY ${g.order}`,
    params,
  );
  const [totals] = await db.query<{ in7: string; out7: string; in30: string; out30: string }>(
    `SELECT
       coalesce(sum(amount) FILTER (WHERE kind IN ('sale', 'income') AND occurred_at > $2::timestamptz - interval '7 days'), 0) AS in7,
       coalesce(sum(amount) FILTER (WHERE kind IN ('buy', 'expense') AND occurred_at > $2::timestamptz - interval '7 days'), 0) AS out7,
       coalesce(sum(amount) FILTER (WHERE kind IN ('sale', 'income') AND occurred_at > $2::timestamptz - interval '30 days'), 0) AS in30,
       coalesce(sum(amount) FILTER (WHERE kind IN ('buy', 'expense') AND occurred_at > $2::timestamptz - interval '30 days'), 0) AS out30
     FROM goblin.ledger l
     WHERE l.occurred_at > $2::timestamptz - interval '30 days' AND l.occurred_at <= $2 AND ${regionFilter} AND $1::timestamptz IS NOT NULL`,
    params,
  );
  // The window's totals are the groups' sums: every row falls in exactly one group.
  const flows = sumFlows(rows.map(toFlows));
  const days = Math.max((q.now.getTime() - q.since.getTime()) / 86_400_000, 1 / 24);
  const limit = q.limit ?? rows.length;
  const t = totals!;
  return {
    since: q.since.toISOString(),
    until: q.now.toISOString(),
    days: Math.round(days * 100) / 100,
    by: q.by,
    region: q.region ?? null,
    totals: flows,
    velocity: {
      earnedPerDay: Math.round(flows.earned / days),
      spentPerDay: Math.round(flows.spent / days),
      netPerDay: Math.round(flows.net / days),
      earnedPerDay7d: Math.round(Number(t.in7) / 7),
      spentPerDay7d: Math.round(Number(t.out7) / 7),
      earnedPerDay30d: Math.round(Number(t.in30) / 30),
      spentPerDay30d: Math.round(Number(t.out30) / 30),
    },
    groups: rows.slice(0, limit).map((r) => ({ key: r.key, label: r.label, ...toFlows(r) })),
    more: Math.max(0, rows.length - limit),
  };
}

function toFlows(r: FlowRow): LedgerFlows {
  const n = (k: keyof FlowRow) => Number(r[k]);
  const earned = n('sales') + n('income');
  const spent = n('buys') + n('expenses');
  return {
    earned,
    spent,
    net: earned - spent,
    sales: n('sales'),
    income: n('income'),
    buys: n('buys'),
    expenses: n('expenses'),
    unitsSold: n('units_sold'),
    unitsBought: n('units_bought'),
    expired: n('expired'),
    cancelled: n('cancelled'),
    transactions: n('transactions'),
  };
}

function sumFlows(all: LedgerFlows[]): LedgerFlows {
  const zero: LedgerFlows = { earned: 0, spent: 0, net: 0, sales: 0, income: 0, buys: 0, expenses: 0, unitsSold: 0, unitsBought: 0, expired: 0, cancelled: 0, transactions: 0 };
  for (const f of all) for (const k of Object.keys(zero) as Array<keyof LedgerFlows>) zero[k] += f[k];
  return zero;
}

/** `30d`, `2w`, `12h`, or a date (`2026-11-01`, UTC): the start of the window. */
export function parseSince(text: string, now: Date): Date | undefined {
  const relative = /^(\d{1,5})([hdw])$/.exec(text.trim());
  if (relative) {
    const hours = Number(relative[1]) * { h: 1, d: 24, w: 168 }[relative[2] as 'h' | 'd' | 'w'];
    if (hours === 0) return undefined;
    return new Date(now.getTime() - hours * 3_600_000);
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(text.trim())) {
    const at = new Date(`${text.trim()}T00:00:00Z`);
    return Number.isNaN(at.getTime()) || at.getTime() > now.getTime() ? undefined : at;
  }
  return undefined;
}

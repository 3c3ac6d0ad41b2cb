/**
 * The restock plan: every consumable shortfall turned into moves from the
 * account's biggest holders to the raider — `mail` from a character, a
 * `withdraw` by the raider from the warband bank (which cannot mail). Jobs
 * share holocron.logistics_queue with liquidation under the `restock/` prefix.
 */
import type { Database } from '../../db/pool.js';
import { delivery, type PlannedJob } from '../../liquidation/jobs.js';
import { listNeeds, type ConsumableNeed, type NeedSource } from './requirements.js';

export const RESTOCK_PREFIX = 'restock/';

/** Mail older than this has come back or arrived: no longer counted as on its way. */
const MAIL_DAYS = 30;

export interface RestockNeed extends ConsumableNeed {
  /** Sent by an earlier restock job and not yet seen at the raider. */
  inTransit: number;
  /** What this plan moves. */
  planned: number;
  /** What nothing on the account can bring. */
  unmet: number;
}

export interface RestockJob {
  key: string;
  kind: 'mail' | 'withdraw';
  from: string;
  to: string;
  /** The warband bank a withdrawal takes from. */
  source: string | null;
  reason: string;
  items: Array<{ itemId: number; petSpeciesId: number; itemName: string | null; count: number }>;
}

export interface RestockPlan {
  needs: RestockNeed[];
  jobs: RestockJob[];
  warnings: string[];
  /** For --apply: the jobs with owner ids. */
  planned: PlannedJob[];
}

/**
 * Reads every need from skillweaver.view_consumable_needs and plans, for each
 * shortfall not already in the mailbox or the post, moves from the reachable
 * holder with the most left (a holder's stock is shared out across all needs
 * of the plan). What no holder can bring is a warning.
 */
export async function planRestock(db: Database): Promise<RestockPlan> {
  const [needs, transit] = await Promise.all([listNeeds(db), inTransit(db)]);
  const given = new Map<string, number>();
  const drafts = new Map<string, { job: RestockJob; plannedJob: PlannedJob }>();
  const out: RestockNeed[] = [];
  const warnings: string[] = [];
  for (const need of needs.filter((n) => n.shortfall > 0)) {
    const travelling = transit.get(`${need.ownerId}:${need.itemId}`) ?? 0;
    let want = Math.max(0, need.shortfall - need.inMail - travelling);
    let planned = 0;
    while (want > 0) {
      const source = biggest(need, given);
      if (!source) break;
      const count = Math.min(want, source.left);
      given.set(`${source.ownerId}:${need.itemId}`, source.left - count);
      addMove(drafts, need, source, count);
      want -= count;
      planned += count;
    }
    if (want > 0) warnings.push(`${need.character}: ${want} ${need.itemName ?? `item ${need.itemId}`} short that nothing on the account can bring`);
    out.push({ ...need, inTransit: travelling, planned, unmet: want });
  }
  return { needs: out, jobs: [...drafts.values()].map((d) => d.job), warnings, planned: [...drafts.values()].map((d) => d.plannedJob) };
}

/** The reachable source with the most left to give after earlier needs took their share. */
function biggest(need: ConsumableNeed, given: ReadonlyMap<string, number>): (NeedSource & { left: number }) | undefined {
  let best: (NeedSource & { left: number }) | undefined;
  for (const source of need.sources) {
    if (!source.reachable) continue;
    const left = given.get(`${source.ownerId}:${need.itemId}`) ?? source.available;
    if (left > 0 && (!best || left > best.left)) best = { ...source, left };
  }
  return best;
}

function addMove(drafts: Map<string, { job: RestockJob; plannedJob: PlannedJob }>, need: ConsumableNeed, source: NeedSource, count: number): void {
  const move = delivery(RESTOCK_PREFIX, { ownerId: source.ownerId, kind: source.holderKind }, need.ownerId);
  const withdraw = move.kind === 'withdraw';
  const key = move.key;
  let draft = drafts.get(key);
  if (!draft) {
    const reason = withdraw ? 'restock from the warband bank' : 'restock';
    draft = {
      job: { key, kind: move.kind, from: withdraw ? need.character : source.holder, to: need.character, source: withdraw ? source.holder : null, reason, items: [] },
      plannedJob: { ...move, reason, items: [] },
    };
    drafts.set(key, draft);
  }
  draft.job.items.push({ itemId: need.itemId, petSpeciesId: 0, itemName: need.itemName, count });
  draft.plannedJob.items.push({ itemId: need.itemId, petSpeciesId: 0, count });
}

/**
 * Restock mail that left its sender (closed "sent") while the raider has not
 * been ingested since: it is in the post, and asking again would send it twice.
 */
async function inTransit(db: Database): Promise<Map<string, number>> {
  const rows = await db.query<{ to_owner_id: number; item_id: number; count: number }>(
    `SELECT q.to_owner_id, q.item_id, sum(q.count)::float8 AS count
     FROM holocron.logistics_queue q
     WHERE starts_with(q.job_key, $1) AND q.kind = 'mail' AND q.status = 'done' AND q.close_reason = 'sent'
       AND q.closed_at > now() - make_interval(days => $2)
       AND NOT EXISTS (SELECT 1 FROM holocron.inventory_snapshots s
                       WHERE s.owner_id = q.to_owner_id AND s.is_current AND s.ingested_at > q.closed_at)
     GROUP BY q.to_owner_id, q.item_id`,
    [RESTOCK_PREFIX, MAIL_DAYS],
  );
  return new Map(rows.map((r) => [`${r.to_owner_id}:${r.item_id}`, r.count]));
}

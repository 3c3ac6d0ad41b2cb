/**
 * A treatise another character (or the warband bank) already holds is not
 * bought: the reset queues its move in the logistics queue — mail from the
 * holder, or a withdrawal from the warband bank by the one who needs it — so
 * the courier carries it to the addon like any other job.
 */
import type { Database } from '../db/pool.js';
import { applyJobs, delivery, type ApplyReport, type PlannedJob } from '../liquidation/jobs.js';

export const WEEKLY_PREFIX = 'weekly/';

interface HeldTreatise {
  owner_id: number;
  character: string;
  item_id: number;
  item_name: string;
  held_by: string;
  held_by_owner_id: number;
  held_by_kind: 'character' | 'warband';
}

export async function queueTreatiseMoves(db: Database, region: string): Promise<ApplyReport> {
  const rows = await db.query<HeldTreatise>(
    `SELECT owner_id, character, item_id, item_name, held_by, held_by_owner_id, held_by_kind
     FROM holocron.view_shopping_list WHERE region = $1 AND held_by_owner_id IS NOT NULL
     ORDER BY character COLLATE "C", item_id`,
    [region],
  );
  return applyJobs(db, planTreatiseMoves(rows), WEEKLY_PREFIX);
}

/** One job per holder and recipient, one unit of each treatise. */
export function planTreatiseMoves(rows: readonly HeldTreatise[]): PlannedJob[] {
  const jobs = new Map<string, PlannedJob>();
  for (const r of rows) {
    const move = delivery(WEEKLY_PREFIX, { ownerId: r.held_by_owner_id, kind: r.held_by_kind }, r.owner_id);
    const job = jobs.get(move.key) ?? {
      ...move,
      reason: move.kind === 'withdraw' ? `weekly treatises for ${r.character}, from the warband bank` : `weekly treatises for ${r.character}, held by ${r.held_by}`,
      items: [],
    };
    if (!job.items.some((i) => i.itemId === r.item_id)) job.items.push({ itemId: r.item_id, petSpeciesId: 0, count: 1 });
    jobs.set(move.key, job);
  }
  return [...jobs.values()];
}

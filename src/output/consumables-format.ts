/**
 * Consumable needs and the restock plan as plain lines (cron, pipes); the
 * JSON forms are the core's objects as they are.
 */
import type { ConsumableNeed } from '../core/skillweaver/consumables/requirements.js';
import type { RestockNeed, RestockPlan } from '../core/skillweaver/consumables/restock.js';
import { itemLabel, jobLine } from './liquidation-format.js';
import { formatCount } from './progress-board.js';

export function needLine(need: ConsumableNeed): string {
  const item = itemLabel({ itemName: need.itemName, itemId: need.itemId, petSpeciesId: 0 });
  const state = need.shortfall > 0 ? `short ${formatCount(need.shortfall)}` : 'stocked';
  const mail = need.inMail > 0 ? `, ${formatCount(need.inMail)} in the mailbox` : '';
  return `${need.character}  ${item}  ${formatCount(need.held)}/${formatCount(need.required)} held, ${state}${mail}${sourcesText(need)}`;
}

/** Reachable holders, then the ones that cannot get it to the raider. */
function sourcesText(need: ConsumableNeed): string {
  const listed = (reachable: boolean) => need.sources.filter((s) => s.reachable === reachable).map((s) => `${s.holder} ${formatCount(s.available)}`);
  const parts: string[] = [];
  if (listed(true).length) parts.push(`held elsewhere: ${listed(true).join(', ')}`);
  if (listed(false).length) parts.push(`out of reach: ${listed(false).join(', ')}`);
  return parts.length ? `; ${parts.join('; ')}` : '';
}

export function needsLines(needs: readonly ConsumableNeed[]): string[] {
  if (needs.length === 0) return ['no consumable requirements (holocron consumables set <Name-Realm> <item> <count> adds one)'];
  return needs.map(needLine);
}

function restockNeedLine(need: RestockNeed): string {
  const notes = [
    need.inMail > 0 ? `${formatCount(need.inMail)} in the mailbox` : '',
    need.inTransit > 0 ? `${formatCount(need.inTransit)} in the post` : '',
    need.planned > 0 ? `${formatCount(need.planned)} to move` : '',
    need.unmet > 0 ? `${formatCount(need.unmet)} nowhere on the account` : '',
  ].filter(Boolean);
  return `  ${need.character}: ${itemLabel({ itemName: need.itemName, itemId: need.itemId, petSpeciesId: 0 })} short ${formatCount(need.shortfall)}${notes.length ? ` (${notes.join(', ')})` : ''}`;
}

export function restockLines(plan: RestockPlan): string[] {
  if (plan.needs.length === 0) return ['Every consumable requirement is stocked.'];
  const lines = [`Restock: ${formatCount(plan.needs.length)} shortfall(s), ${formatCount(plan.jobs.length)} job(s)`];
  for (const warning of plan.warnings) lines.push(`warning: ${warning}`);
  lines.push('', 'Short:', ...plan.needs.map(restockNeedLine));
  if (plan.jobs.length) lines.push('', 'Jobs (holocron restock --apply queues them):', ...plan.jobs.map((job) => `  ${jobLine(job)}`));
  return lines;
}


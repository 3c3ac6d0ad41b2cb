import type { FileReport } from '../core/inventory/ingest.js';
import { ledgerCounts } from './ledger-format.js';
import { formatCount } from './progress-board.js';

/**
 * What an ingested file held besides inventory — a TradeSkillMaster ledger,
 * a combat log, a /simc profile — in words; '' for an inventory file. The
 * plain lines and the Ink table both say it this way.
 */
export function otherContents(f: FileReport): string {
  if (f.simc) return simcCounts(f.simc);
  if (f.combatLog) return combatLogCounts(f.combatLog);
  if (f.ledger) return ledgerCounts(f.ledger);
  return '';
}

function combatLogCounts(c: NonNullable<FileReport['combatLog']>): string {
  const parts = [`${formatCount(c.lines)} lines`, `${c.encounters} pulls (${c.kills} kills)`, `${c.runs} keys`, `${c.deaths} deaths`, `${c.gearSnapshots} gear snapshots`, `${c.players} players named`];
  if (c.brokenCount) parts.push(`${c.brokenCount} broken lines skipped`);
  return parts.join(', ');
}

function simcCounts(p: NonNullable<FileReport['simc']>): string {
  const who = p.createdCharacter ? `${p.character} (new, known only from SimC)` : p.character;
  return `${who}: profile #${p.profileId}, ${p.equipped} equipped, ${p.bags} from bags, ${p.vault} vault choices`;
}

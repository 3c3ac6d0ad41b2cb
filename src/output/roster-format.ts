import type { Lockout, RosterRow } from '../core/skillweaver/roster.js';
import { formatCount } from './progress-board.js';
import { alignedLines } from './text-table.js';

const DIFFICULTY: Record<number, string> = { 1: 'N', 2: 'H', 14: 'N', 15: 'H', 16: 'M', 17: 'LFR', 23: 'M', 24: 'TW', 33: 'TW', 205: 'follower', 208: 'delve' };

export function specLabel(r: RosterRow): string {
  const klass = r.class ? r.class.charAt(0) + r.class.slice(1).toLowerCase().replace('knight', ' knight').replace('hunter', ' hunter') : '?';
  const spec = r.spec ?? (r.specId !== null ? `spec ${r.specId}` : null);
  return spec ? `${spec} ${klass}` : klass;
}

export function itemLevelLabel(r: RosterRow): string {
  return r.itemLevel === null ? '' : r.itemLevel.toFixed(1);
}

/** "R2 D3 W0" — slots earned per vault row this week. */
export function vaultLabel(r: RosterRow): string {
  return `R${r.vault.raid} D${r.vault.dungeon} W${r.vault.world}`;
}

function lockoutLabel(l: Lockout): string {
  const difficulty = DIFFICULTY[l.difficultyId] ?? `d${l.difficultyId}`;
  const progress = l.bosses ? ` ${l.killed ?? 0}/${l.bosses}` : '';
  return `${l.instance} ${difficulty}${progress}`;
}

export function lockoutsLabel(r: RosterRow): string {
  return r.lockouts.map(lockoutLabel).join(', ');
}

export function keystoneLabel(r: RosterRow): string {
  if (!r.keystone) return '';
  return `+${r.keystone.level}${r.keystone.mapId !== null ? ` (map ${r.keystone.mapId})` : ''}`;
}

export function consumablesLabel(r: RosterRow): string {
  const { lines, items } = r.consumablesShort;
  return lines ? `${formatCount(items)} short (${lines} item${lines === 1 ? '' : 's'})` : '';
}

export const ROSTER_COLUMNS = [
  { header: 'character', value: (r: RosterRow) => r.character, shrinkTo: 14 },
  { header: 'spec', value: specLabel, shrinkTo: 10 },
  { header: 'lvl', value: (r: RosterRow) => (r.level === null ? '' : String(r.level)), align: 'right' as const, optional: true },
  { header: 'ilvl', value: itemLevelLabel, align: 'right' as const },
  { header: 'vault', value: vaultLabel },
  { header: 'key', value: keystoneLabel, shrinkTo: 4 },
  { header: 'consumables', value: consumablesLabel, shrinkTo: 8, optional: true },
  { header: 'lockouts', value: lockoutsLabel, shrinkTo: 10, optional: true },
];

export function rosterSummary(rows: readonly RosterRow[]): string {
  const slots = rows.reduce((n, r) => n + r.vault.slots, 0);
  const short = rows.filter((r) => r.consumablesShort.lines > 0).length;
  return `${rows.length} character(s); ${slots} vault slot(s) earned this week; ${short} short of consumables`;
}

/** Tab-free aligned lines for cron and pipes: the same columns as the Ink table, never cut. */
export function rosterLines(rows: readonly RosterRow[]): string[] {
  return [rosterSummary(rows), ...alignedLines(ROSTER_COLUMNS, rows)];
}

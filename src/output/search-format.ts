import type { ItemHit } from '../core/inventory/search.js';
import { formatCount } from './progress-board.js';

export function hitTitle(hit: ItemHit): string {
  const name = hit.name ?? `item ${hit.itemId}`;
  const id = hit.petSpeciesId ? `item ${hit.itemId}, pet species ${hit.petSpeciesId}` : `item ${hit.itemId}`;
  return `${name} (${id}): ${formatCount(hit.total)} in all${hit.match === 'similar' ? ' — similar name' : ''}`;
}

/** Under a capped list: the places left out, and how to see them. */
export function morePlacesLine(more: number): string {
  return `… and ${formatCount(more)} more place${more === 1 ? '' : 's'} (--all lists them)`;
}

/** "2026-11-21 18:04" from an ISO time. */
export function shortTime(iso: string | null): string {
  return iso ? iso.slice(0, 16).replace('T', ' ') : '';
}

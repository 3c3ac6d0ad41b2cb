/**
 * Item stacks as COPY text rows, with what their links tell (name, quality,
 * bonus ids, pet fields) parsed once here for every reader.
 */
import { createHash } from 'node:crypto';
import { parseItemLink, type ParsedItemLink } from '../item-link.js';
import type { Observation, Stack } from '../model.js';

export const STACK_COLUMNS = [
  'snapshot_id',
  'is_current',
  'container',
  'slot',
  'item_id',
  'count',
  'link',
  'quality',
  'crafted_quality',
  'is_bound',
  'bonus_ids',
  'modifiers',
  'pet_species_id',
  'pet_level',
  'pet_quality',
  'pet_max_health',
  'pet_power',
  'pet_speed',
  'pet_guid',
  'keystone_map_id',
  'keystone_level',
  'expires_at',
  'bid',
  'buyout',
  'auction_id',
] as const;

export interface ItemName {
  itemId: number;
  petSpeciesId: number;
  name: string;
  quality: number | null;
}

const NULL = '\\N';
const COPY_SPECIAL = /[\\\n\r\t]/;

/** Appends the COPY rows of one snapshot's stacks; collects the names its links carry. */
export function encodeStacks(snapshotId: number, isCurrent: boolean, stacks: readonly Stack[], names: Map<string, ItemName>): string {
  let out = '';
  for (const stack of stacks) {
    const link = linkOf(stack);
    const pet = link?.pet;
    const quality = link?.quality ?? stack.quality;
    if (link?.name) {
      const petSpeciesId = pet?.speciesId ?? 0;
      const key = `${stack.itemId}:${petSpeciesId}`;
      if (names.get(key)?.name !== link.name) names.set(key, { itemId: stack.itemId, petSpeciesId, name: link.name, quality: quality ?? null });
    }
    const fields = [
      String(snapshotId),
      isCurrent ? 't' : 'f',
      int(stack.container),
      int(stack.slot),
      int(stack.itemId),
      int(stack.count),
      text(stack.link),
      int(quality),
      int(link?.craftedQuality),
      stack.bound === undefined ? NULL : stack.bound ? 't' : 'f',
      array(link?.bonusIds),
      array(link?.modifiers),
      int(pet?.speciesId),
      int(pet?.level),
      int(pet?.quality),
      int(pet?.maxHealth),
      int(pet?.power),
      int(pet?.speed),
      text(pet?.guid),
      int(link?.keystone?.mapId),
      int(link?.keystone?.level),
      stack.expiresAt === undefined ? NULL : timestamp(stack.expiresAt),
      int(stack.bid),
      int(stack.buyout),
      int(stack.auctionId),
    ];
    out += `${fields.join('\t')}\n`;
  }
  return out;
}

function linkOf(stack: Stack): ParsedItemLink | undefined {
  return stack.parsedLink ?? (stack.link ? parseItemLink(stack.link) : undefined);
}

/** One row of holocron.current_places: a current snapshot's stacks of one item summed per container. */
export interface PlaceRow {
  itemId: number;
  petSpeciesId: number;
  snapshotId: number;
  container: number;
  ownerId: number;
  count: number;
  /** Unix seconds: the earliest expiry in the place. */
  expiresAt: number | undefined;
}

export const PLACE_COLUMNS = ['item_id', 'pet_species_id', 'snapshot_id', 'container', 'owner_id', 'count', 'expires_at'] as const;

/**
 * The places of a snapshot that becomes current, from the stacks in memory —
 * the same sums the database would compute from item_stacks (addPlaces), without
 * reading back what was just written.
 */
export function placesOf(snapshotId: number, ownerId: number, observation: Observation): PlaceRow[] {
  const places = new Map<string, PlaceRow>();
  for (const stack of observation.stacks) {
    const petSpeciesId = linkOf(stack)?.pet?.speciesId ?? 0;
    const key = `${stack.itemId}:${petSpeciesId}:${stack.container}`;
    const place = places.get(key);
    if (place) {
      place.count += stack.count;
      if (stack.expiresAt !== undefined && (place.expiresAt === undefined || stack.expiresAt < place.expiresAt)) place.expiresAt = stack.expiresAt;
      continue;
    }
    places.set(key, { itemId: stack.itemId, petSpeciesId, snapshotId, container: stack.container, ownerId, count: stack.count, expiresAt: stack.expiresAt });
  }
  return [...places.values()];
}

export function encodePlaces(places: readonly PlaceRow[]): string {
  let out = '';
  for (const p of places) {
    out += `${p.itemId}\t${p.petSpeciesId}\t${p.snapshotId}\t${p.container}\t${p.ownerId}\t${p.count}\t${p.expiresAt === undefined ? NULL : timestamp(p.expiresAt)}\n`;
  }
  return out;
}

/** Expiries are whole seconds in the database (they come from whole-second times). */
function timestamp(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

function int(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? NULL : String(Math.trunc(value));
}

function array(values: number[] | undefined): string {
  return values && values.length > 0 ? `{${values.join(',')}}` : NULL;
}

function text(value: string | undefined): string {
  if (value === undefined) return NULL;
  if (!COPY_SPECIAL.test(value)) return value;
  return value.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}

/** Equal hashes mean equal contents: a file that shows nothing new only confirms the snapshot. */
export function contentHash(observation: Observation): Buffer {
  const stacks = [...observation.stacks].sort((a, b) => a.container - b.container || a.slot - b.slot || a.itemId - b.itemId);
  // One update of one string: a call into the hash per stack cost more than the hashing.
  let text = '';
  for (const s of stacks) text += `${s.container}:${s.slot}:${s.itemId}:${s.count}:${s.link ?? ''}:${s.bound ?? ''}:${s.expiresAt ?? ''}:${s.buyout ?? ''}:${s.bid ?? ''}\n`;
  return createHash('sha1').update(`${text}money:${observation.money ?? 0}`).digest();
}

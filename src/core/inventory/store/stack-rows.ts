/**
 * Item stacks as COPY text rows, with what their links tell (name, quality,
 * bonus ids, pet fields) parsed once here for every reader.
 */
import { createHash } from 'node:crypto';
import { parseItemLink } from '../item-link.js';
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

/** Appends the COPY rows of one snapshot's stacks; collects the names its links carry. */
export function encodeStacks(snapshotId: number, isCurrent: boolean, stacks: readonly Stack[], names: Map<string, ItemName>): string {
  let out = '';
  for (const stack of stacks) {
    const link = stack.parsedLink ?? (stack.link ? parseItemLink(stack.link) : undefined);
    const pet = link?.pet;
    const quality = link?.quality ?? stack.quality;
    if (link?.name) {
      const petSpeciesId = pet?.speciesId ?? 0;
      names.set(`${stack.itemId}:${petSpeciesId}`, { itemId: stack.itemId, petSpeciesId, name: link.name, quality: quality ?? null });
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
      stack.expiresAt === undefined ? NULL : new Date(stack.expiresAt * 1000).toISOString(),
      int(stack.bid),
      int(stack.buyout),
      int(stack.auctionId),
    ];
    out += `${fields.join('\t')}\n`;
  }
  return out;
}

function int(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? NULL : String(Math.trunc(value));
}

function array(values: number[] | undefined): string {
  return values && values.length > 0 ? `{${values.join(',')}}` : NULL;
}

function text(value: string | undefined): string {
  if (value === undefined) return NULL;
  return value.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}

/** Equal hashes mean equal contents: a file that shows nothing new only confirms the snapshot. */
export function contentHash(observation: Observation): Buffer {
  const hash = createHash('sha1');
  const stacks = [...observation.stacks].sort((a, b) => a.container - b.container || a.slot - b.slot || a.itemId - b.itemId);
  for (const s of stacks) {
    hash.update(`${s.container}:${s.slot}:${s.itemId}:${s.count}:${s.link ?? ''}:${s.bound ?? ''}:${s.expiresAt ?? ''}:${s.buyout ?? ''}:${s.bid ?? ''}\n`);
  }
  hash.update(`money:${observation.money ?? 0}`);
  return hash.digest();
}

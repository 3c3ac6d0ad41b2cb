/**
 * The events the combat log reader keeps, read from their fields (layouts of
 * client-formats.md §4). COMBATANT_INFO, long and version-dependent, is read
 * from its bytes in combatant.ts.
 */
import type { Field } from './fields.js';

export interface GearItem {
  /** INVSLOT_HEAD 1 … INVSLOT_TABARD 19: the position in the equipped list. */
  slot: number;
  itemId: number;
  itemLevel: number;
  enchantId: number;
  bonusIds: number[];
  /** The gem tuple as logged: gem item ids followed by their item levels. */
  gems: number[];
}

export type LogEvent =
  | { type: 'COMBAT_LOG_VERSION'; at: number; version: number; advanced: boolean; build: string; projectId: number }
  | { type: 'ZONE_CHANGE'; at: number; instanceId: number; zoneName: string; difficultyId: number }
  | { type: 'MAP_CHANGE'; at: number; uiMapId: number; name: string }
  | { type: 'ENCOUNTER_START'; at: number; encounterId: number; name: string; difficultyId: number; groupSize: number; instanceId: number }
  | { type: 'ENCOUNTER_END'; at: number; encounterId: number; name: string; difficultyId: number; groupSize: number; success: boolean; durationMs: number }
  | { type: 'CHALLENGE_MODE_START'; at: number; zoneName: string; instanceId: number; challengeModeId: number; keystoneLevel: number; affixes: number[] }
  | { type: 'CHALLENGE_MODE_END'; at: number; instanceId: number; success: boolean; keystoneLevel: number; durationMs: number }
  | { type: 'COMBATANT_INFO'; at: number; guid: string; specId: number; items: GearItem[]; gearKey: string }
  | { type: 'UNIT_DIED'; at: number; guid: string; name: string }
  /** A player's name seen on an ordinary line, asked for by the consumer. */
  | { type: 'PLAYER_NAME'; at: number; guid: string; name: string };

export type KeptEventName = Exclude<LogEvent['type'], 'PLAYER_NAME'>;

export const KEPT_EVENTS: ReadonlySet<string> = new Set<KeptEventName>([
  'COMBAT_LOG_VERSION',
  'ZONE_CHANGE',
  'MAP_CHANGE',
  'ENCOUNTER_START',
  'ENCOUNTER_END',
  'CHALLENGE_MODE_START',
  'CHALLENGE_MODE_END',
  'COMBATANT_INFO',
  'UNIT_DIED',
]);

/** A number field; NaN when it is not one (the caller rejects the line). */
function int(field: Field | undefined): number {
  return typeof field === 'string' && field !== '' ? Number(field) : Number.NaN;
}

function text(field: Field | undefined): string | undefined {
  return typeof field === 'string' ? field : undefined;
}

function ints(field: Field | undefined): number[] {
  return Array.isArray(field) ? field.filter((f): f is string => typeof f === 'string' && f !== '').map(Number) : [];
}

/** The event, or undefined when its fields do not have the event's shape (a cut line). */
export function toEvent(name: KeptEventName, at: number, f: Field[]): LogEvent | undefined {
  const event = build(name, at, f);
  if (!event) return undefined;
  for (const value of Object.values(event)) if (typeof value === 'number' && Number.isNaN(value)) return undefined;
  return event;
}

function build(name: KeptEventName, at: number, f: Field[]): LogEvent | undefined {
  switch (name) {
    case 'COMBAT_LOG_VERSION':
      return { type: name, at, version: int(f[0]), advanced: f[2] === '1', build: text(f[4]) ?? '', projectId: f[6] === undefined ? 1 : int(f[6]) };
    case 'ZONE_CHANGE':
      return f.length < 3 ? undefined : { type: name, at, instanceId: int(f[0]), zoneName: text(f[1]) ?? '', difficultyId: int(f[2]) };
    case 'MAP_CHANGE':
      return f.length < 2 ? undefined : { type: name, at, uiMapId: int(f[0]), name: text(f[1]) ?? '' };
    case 'ENCOUNTER_START':
      return f.length < 5 ? undefined : { type: name, at, encounterId: int(f[0]), name: text(f[1]) ?? '', difficultyId: int(f[2]), groupSize: int(f[3]), instanceId: int(f[4]) };
    case 'ENCOUNTER_END':
      return f.length < 6
        ? undefined
        : { type: name, at, encounterId: int(f[0]), name: text(f[1]) ?? '', difficultyId: int(f[2]), groupSize: int(f[3]), success: f[4] === '1', durationMs: int(f[5]) };
    case 'CHALLENGE_MODE_START':
      return f.length < 4
        ? undefined
        : { type: name, at, zoneName: text(f[0]) ?? '', instanceId: int(f[1]), challengeModeId: int(f[2]), keystoneLevel: int(f[3]), affixes: ints(f[4]) };
    case 'CHALLENGE_MODE_END':
      return f.length < 4 ? undefined : { type: name, at, instanceId: int(f[0]), success: f[1] === '1', keystoneLevel: int(f[2]), durationMs: int(f[3]) };
    case 'COMBATANT_INFO':
      return undefined; // read from its bytes: combatant.ts
    case 'UNIT_DIED': {
      const guid = text(f[4]);
      return guid === undefined || f.length < 8 ? undefined : { type: name, at, guid, name: text(f[5]) ?? '' };
    }
  }
}

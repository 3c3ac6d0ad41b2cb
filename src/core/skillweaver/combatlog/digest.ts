/**
 * What a read of a combat log leaves to store: finished boss pulls and
 * keystone runs with who took part and who died, gear snapshots, and the
 * names of the players seen. Built event by event so memory stays small.
 *
 * Who took part: the client writes a COMBATANT_INFO line for every group
 * member right after ENCOUNTER_START and CHALLENGE_MODE_START, and players
 * who die in the fight are there too.
 *
 * A pull or run still open when the read ends is not stored; the resume
 * point moves back to its first line so the next read (the log has grown)
 * sees it whole.
 */
import { createHash } from 'node:crypto';
import type { GearItem, LogEvent } from './events.js';

export interface Death {
  guid: string;
  at: number;
}

export interface Encounter {
  encounterId: number;
  name: string;
  difficultyId: number;
  groupSize: number;
  instanceId: number;
  startedAt: number;
  success: boolean;
  durationMs: number;
  players: Set<string>;
  deaths: Death[];
}

export interface Run {
  zoneName: string;
  instanceId: number;
  challengeModeId: number;
  keystoneLevel: number;
  affixes: number[];
  startedAt: number;
  inTime: boolean;
  durationMs: number;
  players: Set<string>;
  deaths: Death[];
}

export interface GearSnapshot {
  guid: string;
  at: number;
  specId: number;
  items: GearItem[];
  /** SHA-1 of the spec and the gear as logged: consecutive identical snapshots are stored once. */
  signature: string;
}

export interface PlayerName {
  guid: string;
  /** As logged: Name-Realm-REGION (11.x+) or Name-Realm. */
  name: string;
  at: number;
}

interface Open<T> {
  value: T;
  lineStart: number;
  lineNo: number;
}

export class LogDigest {
  readonly encounters: Encounter[] = [];
  readonly runs: Run[] = [];
  readonly gear: GearSnapshot[] = [];
  readonly names = new Map<string, PlayerName>();
  readonly notes: string[] = [];
  /** GUIDs in a group with no name yet: the reader looks for them on ordinary lines. */
  readonly wantedNames = new Set<string>();
  firstAt: number | undefined;
  lastAt: number | undefined;
  version: number | undefined;
  private encounter: Open<Encounter> | undefined;
  private run: Open<Run> | undefined;
  private readonly lastGear = new Map<string, string>();
  private unfinished = 0;

  readonly add = (event: LogEvent, lineStart: number, lineNo: number): void => {
    if (event.type !== 'PLAYER_NAME') {
      this.firstAt ??= event.at;
      this.lastAt = event.at;
    }
    switch (event.type) {
      case 'COMBAT_LOG_VERSION':
        this.version = event.version;
        break;
      case 'ENCOUNTER_START':
        if (this.encounter) this.unfinished += 1;
        this.encounter = {
          value: { ...pick(event, 'encounterId', 'name', 'difficultyId', 'groupSize', 'instanceId'), startedAt: event.at, success: false, durationMs: 0, players: new Set(), deaths: [] },
          lineStart,
          lineNo,
        };
        break;
      case 'ENCOUNTER_END': {
        const open = this.encounter;
        if (!open || open.value.encounterId !== event.encounterId) break; // the start was before logging began
        this.encounters.push({ ...open.value, success: event.success, durationMs: event.durationMs });
        this.encounter = undefined;
        break;
      }
      case 'CHALLENGE_MODE_START':
        if (this.run) this.unfinished += 1;
        this.run = {
          value: { ...pick(event, 'zoneName', 'instanceId', 'challengeModeId', 'keystoneLevel', 'affixes'), startedAt: event.at, inTime: false, durationMs: 0, players: new Set(), deaths: [] },
          lineStart,
          lineNo,
        };
        break;
      case 'CHALLENGE_MODE_END': {
        const open = this.run;
        if (!open) break;
        // Leaving a key ends it with success 0 and time 0; a completed key has its time.
        this.runs.push({ ...open.value, inTime: event.success, durationMs: event.durationMs, keystoneLevel: event.keystoneLevel || open.value.keystoneLevel });
        this.run = undefined;
        break;
      }
      case 'COMBATANT_INFO':
        this.combatant(event);
        break;
      case 'UNIT_DIED':
        this.learn(event.guid, event.name, event.at);
        for (const open of [this.encounter, this.run]) {
          if (!open) continue;
          open.value.deaths.push({ guid: event.guid, at: event.at });
          open.value.players.add(event.guid);
        }
        break;
      case 'PLAYER_NAME':
        this.learn(event.guid, event.name, event.at);
        break;
      default:
        break;
    }
  };

  /** Where the next read must start (and its line count): the first open pull or run, else where this read ended. */
  resumePoint(endOffset: number, lines: number): { offset: number; lines: number } {
    const open = [this.encounter, this.run].filter((o): o is Open<Encounter> | Open<Run> => o !== undefined);
    if (open.length === 0) return { offset: endOffset, lines };
    const first = open.reduce((a, b) => (a.lineStart <= b.lineStart ? a : b));
    return { offset: first.lineStart, lines: first.lineNo - 1 };
  }

  finish(): void {
    if (this.unfinished > 0) this.notes.push(`${this.unfinished} pull(s) or key(s) started and never ended (logging stopped or the game closed); not stored`);
    const open = [this.encounter && `pull of ${this.encounter.value.name}`, this.run && `key ${this.run.value.zoneName} +${this.run.value.keystoneLevel}`].filter(Boolean);
    if (open.length) this.notes.push(`still in progress at the end of the log: ${open.join(', ')}; read when the log grows`);
  }

  private combatant(event: Extract<LogEvent, { type: 'COMBATANT_INFO' }>): void {
    for (const open of [this.encounter, this.run]) open?.value.players.add(event.guid);
    if (!this.names.has(event.guid)) this.wantedNames.add(event.guid);
    if (this.lastGear.get(event.guid) === event.gearKey) return;
    this.lastGear.set(event.guid, event.gearKey);
    const signature = createHash('sha1').update(event.gearKey, 'latin1').digest('hex');
    this.gear.push({ guid: event.guid, at: event.at, specId: event.specId, items: event.items, signature });
  }

  private learn(guid: string, name: string, at: number): void {
    if (!guid.startsWith('Player-') || name === '' || name === 'nil') return;
    this.wantedNames.delete(guid);
    const known = this.names.get(guid);
    if (!known || known.name !== name) this.names.set(guid, { guid, name, at });
    else known.at = at;
  }
}

function pick<T extends object, K extends keyof T>(from: T, ...keys: K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const key of keys) out[key] = from[key];
  return out;
}

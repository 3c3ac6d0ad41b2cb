/**
 * Writes WoWCombatLog-shaped text (client-formats.md §4): 11.x lines
 * (`M/D/YYYY HH:MM:SS.mmm±Z`, Name-Realm-REGION) or pre-11.x ones
 * (`M/D HH:MM:SS.mmm`). `raidNight()` is a small log with known contents for
 * the tests; `writeLargeLog()` fills a file of a given size with the mix of a
 * real one (~98 % damage, heal, aura and cast lines) for the benchmark.
 */
import fs from 'node:fs';

export interface Player {
  guid: string;
  /** As logged: Name-Realm-US. */
  name: string;
  specId: number;
  /** Item level of every piece (18 slots, shirt and ranged empty). */
  itemLevel: number;
}

export function players(count: number, region = 'US', realmId = 60): Player[] {
  const specs = [71, 72, 73, 250, 251, 252, 62, 63, 64, 65, 66, 70, 256, 257, 258, 259, 260, 261, 262, 263, 264, 265, 266, 267, 577];
  return Array.from({ length: count }, (_, i) => ({
    guid: `Player-${realmId}-0${(0xa000000 + i * 7919).toString(16).toUpperCase()}`,
    name: `Raider${String.fromCharCode(97 + (i % 26))}${i}-Stormrage-${region}`,
    specId: specs[i % specs.length]!,
    itemLevel: 630 + (i % 10),
  }));
}

/** Timestamps in either client style; offsetHours is the client's UTC offset (11.x only). */
export class Clock {
  constructor(
    public ms: number,
    private readonly style: 'tww' | 'legacy' = 'tww',
    private readonly offsetHours = -5,
  ) {}

  tick(ms: number): this {
    this.ms += ms;
    return this;
  }

  stamp(): string {
    const local = new Date(this.ms + (this.style === 'tww' ? this.offsetHours * 3_600_000 : 0));
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}.${pad(local.getUTCMilliseconds(), 3)}`;
    if (this.style === 'legacy') return `${local.getUTCMonth() + 1}/${local.getUTCDate()} ${time}`;
    return `${local.getUTCMonth() + 1}/${local.getUTCDate()}/${local.getUTCFullYear()} ${time}${this.offsetHours}`;
  }
}

export function combatantInfo(p: Player, opts: { itemLevel?: number } = {}): string {
  const ilvl = opts.itemLevel ?? p.itemLevel;
  const gear: string[] = [];
  for (let slot = 1; slot <= 18; slot++) {
    if (slot === 4 || slot === 18) gear.push('(0,0,(),(),())');
    else if (slot === 11) gear.push(`(${220000 + slot},${ilvl},(7340,0,0),(10390,6652,10383,1540),(213746,213746,619,619))`);
    else gear.push(`(${220000 + slot},${ilvl},(),(10390,6652,1540),())`);
  }
  const talents = Array.from({ length: 30 }, (_, i) => `(${80000 + i},${100000 + i},1)`).join(',');
  return (
    `COMBATANT_INFO,${p.guid},1,11260,16110,894717,127697,0,0,0,0,410,410,410,0,1020,5290,5290,5290,0,22072,25826,25826,25826,35863,${p.specId},` +
    `[${talents}],(0,197268,408557,215982),[${gear.join(',')}],[${p.guid},432430,1,${p.guid},21562,1],120,40,768,8`
  );
}

const BOSS = 'Creature-0-3019-2657-12345-214502-00002B1C33';
const NO_UNIT = '0000000000000000,nil,0x80000000,0x80000000';

function advanced(guid: string, hp: number): string {
  return `${guid},0000000000000000,${hp},5000000,0,0,0,-1,0,0,0,-1841.64,-296.27,2292,4.6826,80`;
}

/** The ordinary lines a real log is made of; which one is picked varies the mix. */
export function fillerLine(p: Player, n: number): string {
  const src = `${p.guid},"${p.name}",0x512,0x0`;
  const dst = `${BOSS},"Ulgrax the Devourer",0x10a48,0x0`;
  switch (n % 10) {
    case 0:
    case 1:
    case 2:
      return `SPELL_DAMAGE,${src},${dst},${400000 + (n % 997)},"Chaos Bolt",0x24,${advanced(BOSS, 40000000 - n)},${120000 + (n % 5000)},${100000 + (n % 5000)},-1,36,0,0,0,${n % 3 === 0 ? 1 : 'nil'},nil,nil,ST`;
    case 3:
      return `SPELL_PERIODIC_DAMAGE,${src},${dst},${445000 + (n % 13)},"Unstable Affliction",0x20,${advanced(BOSS, 40000000 - n)},${30000 + (n % 999)},28000,-1,32,0,0,0,nil,nil,nil,ST`;
    case 4:
      return `SWING_DAMAGE_LANDED,${src},${dst},${advanced(p.guid, 900000)},${20000 + (n % 777)},19000,-1,1,0,0,0,nil,nil,nil,ST`;
    case 5:
    case 6:
      return `SPELL_HEAL,${src},${src},${8004 + (n % 7)},"Healing Surge",0x8,${advanced(p.guid, 800000 + (n % 100000))},${90000 + (n % 9999)},90000,${n % 4 === 0 ? 12000 : 0},0,nil`;
    case 7:
      return `SPELL_AURA_APPLIED,${src},${src},${1126 + (n % 5)},"Mark of the Wild",0x8,BUFF`;
    case 8:
      return `SPELL_AURA_REMOVED,${src},${dst},${980 + (n % 3)},"Agony",0x20,DEBUFF`;
    default:
      return `SPELL_CAST_SUCCESS,${src},${dst},${116858 + (n % 11)},"Chaos Bolt",0x24,${advanced(p.guid, 900000)}`;
  }
}

/** Lines collected in memory: a small log whose contents the tests know. */
export class LogText {
  readonly lines: string[] = [];

  constructor(readonly clock: Clock) {}

  add(event: string, stepMs = 37): this {
    this.clock.tick(stepMs);
    this.lines.push(`${this.clock.stamp()}  ${event}`);
    return this;
  }

  header(version = 21): this {
    return this.add(`COMBAT_LOG_VERSION,${version},ADVANCED_LOG_ENABLED,1,BUILD_VERSION,11.2.0,PROJECT_ID,1`, 0);
  }

  fight(group: Player[], lines: number): this {
    for (let i = 0; i < lines; i++) this.add(fillerLine(group[i % group.length]!, i), 11);
    return this;
  }

  died(p: Player): this {
    return this.add(`UNIT_DIED,${NO_UNIT},${p.guid},"${p.name}",0x512,0x0,0`);
  }

  pull(group: Player[], boss: { id: number; name: string; difficulty: number; instance: number }, result: { kill: boolean; ms: number; deaths?: Player[] }): this {
    const startedAt = this.clock.ms;
    this.add(`ENCOUNTER_START,${boss.id},"${boss.name}",${boss.difficulty},${group.length},${boss.instance}`);
    for (const p of group) this.add(combatantInfo(p), 0);
    this.fight(group, 200);
    for (const p of result.deaths ?? []) this.died(p);
    this.clock.ms = startedAt + result.ms;
    return this.add(`ENCOUNTER_END,${boss.id},"${boss.name}",${boss.difficulty},${group.length},${result.kill ? 1 : 0},${result.ms}`, 0);
  }

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

export const RAID = { instance: 2657, zone: 'Nerub-ar Palace' };
export const ULGRAX = { id: 2902, name: 'Ulgrax the Devourer', difficulty: 15, instance: RAID.instance };
export const BLOODBOUND = { id: 2917, name: 'The Bloodbound Horror', difficulty: 15, instance: RAID.instance };
export const ARA_KARA = { instance: 2660, challengeModeId: 503, zone: 'Ara-Kara, City of Echoes' };

/**
 * A raid night, 11.x style: a wipe and a kill on Ulgrax (heroic), a kill on
 * the Bloodbound Horror (one death), then a timed +12 Ara-Kara with a boss in
 * it. Starts at `startMs` (UTC).
 */
export function raidNight(group: Player[], startMs: number, clock = new Clock(startMs)): LogText {
  const log = new LogText(clock).header();
  log.add(`ZONE_CHANGE,${RAID.instance},"${RAID.zone}",15`);
  log.add(`MAP_CHANGE,2292,"Nerub-ar Palace",-2000.0,-1500.0,-500.0,0.0`);
  log.fight(group, 100);
  log.pull(group, ULGRAX, { kill: false, ms: 245_000, deaths: [group[0]!, group[1]!] });
  log.fight(group, 50);
  log.pull(group, ULGRAX, { kill: true, ms: 301_500 });
  log.pull(group, BLOODBOUND, { kill: true, ms: 199_000, deaths: [group[2]!] });
  const party = group.slice(0, 5);
  log.add(`ZONE_CHANGE,${ARA_KARA.instance},"${ARA_KARA.zone}",8`, 600_000);
  log.add(`CHALLENGE_MODE_START,"${ARA_KARA.zone}",${ARA_KARA.instance},${ARA_KARA.challengeModeId},12,[10,9,147]`);
  const keyStart = log.clock.ms;
  for (const p of party) log.add(combatantInfo(p), 0);
  log.fight(party, 100);
  log.pull(party, { id: 2926, name: 'Avanoxx', difficulty: 8, instance: ARA_KARA.instance }, { kill: true, ms: 90_000, deaths: [party[3]!] });
  log.fight(party, 100);
  log.clock.ms = keyStart + 1_700_000;
  log.add(`CHALLENGE_MODE_END,${ARA_KARA.instance},1,12,1700000,2520.5,312.7`, 0);
  return log;
}

/**
 * A log of about `bytes` bytes at `file`: raid pulls of 20 and keys of 5, with
 * ~2 % of lines the events the reader keeps (pull and key starts and ends,
 * COMBATANT_INFO, UNIT_DIED, zone and map changes) and the rest ordinary
 * combat lines. Streams to disk in ~1 MB writes.
 */
export function writeLargeLog(file: string, bytes: number, startMs = Date.UTC(2026, 10, 25, 1, 0, 0)): { lines: number; kept: number; pulls: number } {
  const fd = fs.openSync(file, 'w');
  const raid = players(20);
  const clock = new Clock(startMs);
  let chunk: string[] = [];
  let chunkBytes = 0;
  let written = 0;
  let lines = 0;
  let kept = 0;
  let pulls = 0;
  const push = (event: string, stepMs: number, isKept: boolean) => {
    clock.tick(stepMs);
    const line = `${clock.stamp()}  ${event}\n`;
    chunk.push(line);
    chunkBytes += line.length;
    lines += 1;
    if (isKept) kept += 1;
    if (chunkBytes >= 1 << 20) flush();
  };
  const flush = () => {
    const buf = Buffer.from(chunk.join(''), 'utf8');
    fs.writeSync(fd, buf);
    written += buf.length;
    chunk = [];
    chunkBytes = 0;
  };
  try {
    push('COMBAT_LOG_VERSION,21,ADVANCED_LOG_ENABLED,1,BUILD_VERSION,11.2.0,PROJECT_ID,1', 0, true);
    let n = 0;
    while (written + chunkBytes < bytes) {
      const isKey = pulls % 4 === 3;
      const group = isKey ? raid.slice(0, 5) : raid;
      const boss = { id: 2900 + (pulls % 8), name: isKey ? 'Avanoxx' : 'Ulgrax the Devourer', difficulty: isKey ? 8 : 15, instance: 2657 };
      push(`ZONE_CHANGE,${boss.instance},"${isKey ? ARA_KARA.zone : RAID.zone}",${boss.difficulty}`, 1000, true);
      push(`MAP_CHANGE,2292,"Nerub-ar Palace",-2000.0,-1500.0,-500.0,0.0`, 10, true);
      if (isKey) push(`CHALLENGE_MODE_START,"${ARA_KARA.zone}",${ARA_KARA.instance},${ARA_KARA.challengeModeId},${10 + (pulls % 6)},[10,9,147]`, 10, true);
      push(`ENCOUNTER_START,${boss.id},"${boss.name}",${boss.difficulty},${group.length},${boss.instance}`, 10, true);
      for (const p of group) push(combatantInfo(p), 0, true);
      // ~4,000 lines a pull; among them UNIT_DIED of adds and of a few players.
      for (let i = 0; i < 4000; i++) {
        n += 1;
        if (i % 70 === 69) push(`UNIT_DIED,${NO_UNIT},Creature-0-3019-2657-12345-2190${i % 10}-0000${(n % 65536).toString(16)},"Nerubian Add",0xa48,0x0,0`, 3, true);
        else if (i % 1000 === 999) push(`UNIT_DIED,${NO_UNIT},${group[i % group.length]!.guid},"${group[i % group.length]!.name}",0x512,0x0,0`, 3, true);
        else push(fillerLine(group[n % group.length]!, n), 3, false);
      }
      push(`ENCOUNTER_END,${boss.id},"${boss.name}",${boss.difficulty},${group.length},${pulls % 3 === 0 ? 0 : 1},12000`, 10, true);
      if (isKey) push(`CHALLENGE_MODE_END,${ARA_KARA.instance},1,${10 + (pulls % 6)},1700000,2520.5,312.7`, 10, true);
      pulls += 1;
    }
    flush();
  } finally {
    fs.closeSync(fd);
  }
  return { lines, kept, pulls };
}

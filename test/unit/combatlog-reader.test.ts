import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/core/skillweaver/combatlog/events.js';
import { parseFields, parseTimestamp } from '../../src/core/skillweaver/combatlog/fields.js';
import { readCombatLog, type ReadOptions } from '../../src/core/skillweaver/combatlog/reader.js';
import { Clock, LogText, combatantInfo, players } from '../helpers/combatlog-generator.js';
import { hasSamples, samplePath } from '../helpers/samples.js';
import { useTempDirs } from '../helpers/tmp.js';

const tempDir = useTempDirs();
const YEARS = { year: 2026, month: 12 };

function ts(text: string, hint = YEARS): number | undefined {
  const buf = Buffer.from(text, 'latin1');
  return parseTimestamp(buf, 0, buf.length, hint);
}

function fields(text: string) {
  const buf = Buffer.from(text, 'utf8');
  return parseFields(buf, 0, buf.length);
}

function read(content: string | Buffer, options: Partial<ReadOptions> = {}) {
  const file = path.join(tempDir('holocron-cl-'), 'WoWCombatLog.txt');
  fs.writeFileSync(file, content);
  const events: Array<{ event: LogEvent; line: number; offset: number }> = [];
  const fd = fs.openSync(file, 'r');
  try {
    const result = readCombatLog(fd, { size: fs.fstatSync(fd).size, years: YEARS, ...options }, (event, offset, line) => events.push({ event, line, offset }));
    return { result, events, file };
  } finally {
    fs.closeSync(fd);
  }
}

describe('timestamps', () => {
  it('reads 11.x timestamps with the client offset after three millisecond digits, positive offsets without a plus', () => {
    expect(ts('9/13/2024 13:31:52.3078')).toBe(Date.UTC(2024, 8, 13, 5, 31, 52, 307));
    expect(ts('3/31/2026 10:48:20.5012')).toBe(Date.UTC(2026, 2, 31, 8, 48, 20, 501));
    expect(ts('1/2/2025 14:31:12.50110')).toBe(Date.UTC(2025, 0, 2, 4, 31, 12, 501));
    expect(ts('11/28/2025 19:46:43.635-4')).toBe(Date.UTC(2025, 10, 28, 23, 46, 43, 635));
    expect(ts('11/28/2025 19:46:43.635-0500')).toBe(Date.UTC(2025, 10, 29, 0, 46, 43, 635));
    expect(ts('11/28/2025 19:46:43.635+05:30')).toBe(Date.UTC(2025, 10, 28, 14, 16, 43, 635));
  });

  it('reads old timestamps with the year of the file, last year for months after the file date', () => {
    expect(ts('11/28 19:46:43.635', { year: 2023, month: 12 })).toBe(Date.UTC(2023, 10, 28, 19, 46, 43, 635));
    expect(ts('12/31 23:59:59.999', { year: 2024, month: 1 })).toBe(Date.UTC(2023, 11, 31, 23, 59, 59, 999));
  });

  it('refuses what is not a timestamp', () => {
    for (const bad of ['13/1 00:00:00.000', '1/1 25:00:00.000', '1/1 00:00:00', 'x/1 00:00:00.000', '1/1/2024 00:00:00.000xyz']) expect(ts(bad)).toBeUndefined();
  });
});

describe('fields', () => {
  it('keeps commas inside quotes and splits groups only at their own depth', () => {
    expect(fields('"Ara-Kara, City of Echoes",2660,503,12,[10,9,147]')).toEqual(['Ara-Kara, City of Echoes', '2660', '503', '12', ['10', '9', '147']]);
    expect(fields('a,[(1,710,(),(12265,1569),()),(0,0,(),(),())],b')).toEqual(['a', [['1', '710', [], ['12265', '1569'], []], ['0', '0', [], [], []]], 'b']);
  });

  it('tolerates an empty element at the start of a list (Midnight talents) and keeps empty top-level fields', () => {
    expect(fields('x,[,(1,2,1),(3,4,1)],')).toEqual(['x', [['1', '2', '1'], ['3', '4', '1']], '']);
    expect(fields('1,,2')).toEqual(['1', '', '2']);
  });

  it('reports a cut line: an open quote or group, or a wrong closer', () => {
    expect(fields('1,"Ulgrax the')).toBeUndefined();
    expect(fields('1,[(1,2),(3')).toBeUndefined();
    expect(fields('1,[(1,2])')).toBeUndefined();
  });
});

describe('readCombatLog', () => {
  const group = players(3);
  const start = Date.UTC(2026, 10, 25, 20, 0, 0);

  it('keeps only the events it reads, with their line numbers and offsets', () => {
    const log = new LogText(new Clock(start)).header();
    log.add('ZONE_CHANGE,2657,"Nerub-ar Palace",15').fight(group, 20);
    log.pull(group, { id: 2902, name: 'Ulgrax the Devourer', difficulty: 15, instance: 2657 }, { kill: true, ms: 300_000, deaths: [group[0]!] });
    const { result, events } = read(log.text());
    const types = events.map((e) => e.event.type);
    expect(types.filter((t) => t === 'COMBATANT_INFO')).toHaveLength(3);
    expect(types).toEqual(expect.arrayContaining(['COMBAT_LOG_VERSION', 'ZONE_CHANGE', 'ENCOUNTER_START', 'ENCOUNTER_END', 'UNIT_DIED']));
    expect(result).toMatchObject({ lines: log.lines.length, brokenCount: 0, versions: [21], unknownVersions: [] });
    const end = events.find((e) => e.event.type === 'ENCOUNTER_END')!;
    expect(end.line).toBe(log.lines.length);
    expect(end.event).toMatchObject({ encounterId: 2902, name: 'Ulgrax the Devourer', difficultyId: 15, groupSize: 3, success: true, durationMs: 300_000 });
    expect(end.event.at).toBe(start + 37 + 20 * 11 + 300_000); // the pull began after the zone line (+37 ms) and 20 lines 11 ms apart
  });

  it('reads every equipped item of COMBATANT_INFO: item level, enchant, bonus ids, gems', () => {
    const log = new LogText(new Clock(start)).add(combatantInfo(group[0]!, { itemLevel: 639 }));
    const event = read(log.text()).events[0]!.event as Extract<LogEvent, { type: 'COMBATANT_INFO' }>;
    expect(event).toMatchObject({ guid: group[0]!.guid, specId: group[0]!.specId });
    expect(event.items).toHaveLength(16); // 18 slots, shirt and ranged empty
    expect(event.items.find((i) => i.slot === 11)).toEqual({ slot: 11, itemId: 220011, itemLevel: 639, enchantId: 7340, bonusIds: [10390, 6652, 10383, 1540], gems: [213746, 213746, 619, 619] });
  });

  it("sees a player's gear change between pulls (unchanged gear is not parsed again)", () => {
    const log = new LogText(new Clock(start)).add(combatantInfo(group[0]!, { itemLevel: 639 })).add(combatantInfo(group[0]!, { itemLevel: 639 })).add(combatantInfo(group[0]!, { itemLevel: 645 }));
    const infos = read(log.text()).events.map((e) => e.event as Extract<LogEvent, { type: 'COMBATANT_INFO' }>);
    expect(infos.map((i) => i.items[0]!.itemLevel)).toEqual([639, 639, 645]);
    expect(infos[0]!.gearKey).toBe(infos[1]!.gearKey);
    expect(infos[2]!.gearKey).not.toBe(infos[1]!.gearKey);
  });

  it('skips a line broken mid-way, names its line, and stores the rest', () => {
    const log = new LogText(new Clock(start)).header().fight(group, 3);
    log.lines.push('11/25/2026 15:00:01.000-5  ENCOUNTER_END,2902,"Ulgrax the Dev');
    log.lines.push('SPELL_DAMAGE,Player-60-0A,"crash junk"');
    log.add('ZONE_CHANGE,2657,"Nerub-ar Palace",15');
    const { result, events } = read(log.text());
    expect(result.brokenLines).toEqual([5, 6]);
    expect(result.brokenCount).toBe(2);
    expect(events.map((e) => e.event.type)).toEqual(['COMBAT_LOG_VERSION', 'ZONE_CHANGE']);
  });

  it('reads the header a restarted game glues to the line its crash cut, and reports the cut line', () => {
    const log = new LogText(new Clock(start)).header().fight(group, 2);
    log.lines.push(`11/25/2026 15:00:01.000-5  SPELL_DAMAGE,${group[0]!.guid},"${group[0]!.name}",0x512,0x0,Creature-0-1,"Ulgrax",0x10a48,0x0,4123411/25/2026 16:10:00.000-5  COMBAT_LOG_VERSION,22,ADVANCED_LOG_ENABLED,1,BUILD_VERSION,12.0.0,PROJECT_ID,1`);
    log.add('ZONE_CHANGE,2657,"Nerub-ar Palace",15');
    const { result, events } = read(log.text());
    expect(result).toMatchObject({ brokenLines: [4], lines: 5, versions: [21, 22] });
    expect(events.map((e) => [e.line, e.event.type])).toEqual([
      [1, 'COMBAT_LOG_VERSION'],
      [4, 'COMBAT_LOG_VERSION'],
      [5, 'ZONE_CHANGE'],
    ]);
    expect(events[1]!.event.at).toBe(Date.UTC(2026, 10, 25, 21, 10, 0));
  });

  it('leaves a last line without its newline unread and says where, so a later read continues there', () => {
    const log = new LogText(new Clock(start)).header().add('ZONE_CHANGE,2657,"Nerub-ar Palace",15');
    const whole = log.text();
    const cut = `${whole}11/25/2026 15:00:02.000-5  ZONE_CHANGE,2660,"Ara-Kara, City`;
    const first = read(cut);
    expect(first.result).toMatchObject({ endOffset: Buffer.byteLength(whole), lines: 2, cutLine: 3 });
    const grown = `${cut} of Echoes",8\n`;
    const second = read(grown, { from: first.result.endOffset, linesBefore: first.result.lines });
    expect(second.events.map((e) => [e.line, e.event.type === 'ZONE_CHANGE' && e.event.zoneName])).toEqual([[3, 'Ara-Kara, City of Echoes']]);
    expect(second.result.cutLine).toBeUndefined();
  });

  it('reads a version it does not know as far as the layouts match, and notes it', () => {
    const log = new LogText(new Clock(start)).header(27).add('ENCOUNTER_START,3009,"Future Boss",16,20,2810');
    const { result, events } = read(log.text());
    expect(result.unknownVersions).toEqual([27]);
    expect(events.map((e) => e.event.type)).toEqual(['COMBAT_LOG_VERSION', 'ENCOUNTER_START']);
  });

  it('stores names that are not UTF-8 byte for byte and never throws on bytes', () => {
    const line = Buffer.concat([
      Buffer.from('11/25/2026 15:00:00.000-5  UNIT_DIED,0000000000000000,nil,0x80000000,0x80000000,Player-60-0ABC,"B', 'latin1'),
      Buffer.from([0xe1, 0x74, 0xff, 0x00]),
      Buffer.from('-Stormrage-US",0x512,0x0,0\n', 'latin1'),
      Buffer.from([0xff, 0xfe, 0x0a, 0x80, 0x81, 0x0a]),
    ]);
    const { result, events } = read(line);
    expect(events[0]!.event).toMatchObject({ type: 'UNIT_DIED', guid: 'Player-60-0ABC', name: 'B\u00e1t\u00ff-Stormrage-US' });
    expect(result).toMatchObject({ nonUtf8Names: 1, brokenCount: 2, lines: 3 });
  });

  it('reads a line longer than its buffer', () => {
    const log = new LogText(new Clock(start)).add(combatantInfo(group[1]!)).add('ZONE_CHANGE,1,"x",0');
    const { events, result } = read(log.text(), { bufferBytes: 256 });
    expect(events.map((e) => e.event.type)).toEqual(['COMBATANT_INFO', 'ZONE_CHANGE']);
    expect(result.brokenCount).toBe(0);
  });

  it('learns the names of the players it is asked about from ordinary lines', () => {
    const log = new LogText(new Clock(start)).fight(group, 12);
    const wantedNames = new Set([group[1]!.guid]);
    const { events } = read(log.text(), { wantedNames });
    expect(events.map((e) => e.event)).toEqual([expect.objectContaining({ type: 'PLAYER_NAME', guid: group[1]!.guid, name: group[1]!.name })]);
    expect(wantedNames.size).toBe(0);
  });
});

describe.skipIf(!hasSamples())('the sample logs', () => {
  const sample = (name: string) => {
    const file = samplePath('client', name);
    const fd = fs.openSync(file, 'r');
    const events: LogEvent[] = [];
    try {
      const result = readCombatLog(fd, { size: fs.fstatSync(fd).size, years: { year: 2021, month: 2 } }, (e) => events.push(e));
      return { result, events, infos: events.filter((e): e is Extract<LogEvent, { type: 'COMBATANT_INFO' }> => e.type === 'COMBATANT_INFO') };
    } finally {
      fs.closeSync(fd);
    }
  };

  it('11.2 arena: six combatants with their exact gear, two players dead', () => {
    const { result, events, infos } = sample('combatlog-tww-11.2.0-arena-3v3-reduced.txt');
    expect(result).toMatchObject({ lines: 32, brokenCount: 0 });
    expect(infos).toHaveLength(6);
    const first = infos[0]!;
    expect(first).toMatchObject({ guid: 'Player-11-0E26FE42', specId: 257, at: Date.UTC(2025, 7, 30, 13, 5, 23, 775) });
    expect(first.items.map((i) => i.itemLevel)).toEqual([710, 723, 710, 710, 710, 710, 710, 710, 710, 723, 723, 710, 710, 730, 710, 710]);
    expect(first.items.find((i) => i.slot === 15)).toMatchObject({ itemId: 235499, enchantId: 7409, bonusIds: [12401, 9893, 12256], gems: [238046, 571] });
    expect(events.filter((e) => e.type === 'UNIT_DIED').map((e) => e.type === 'UNIT_DIED' && e.name)).toEqual(['Bossmoomoo-Tichondrius-US', 'Kelite-Tichondrius-US']);
  });

  it('11.0.2 solo shuffle: repeated headers, zones, forty combatants, non-Latin zone names', () => {
    const { result, events, infos } = sample('combatlog-tww-11.0.2-solo-shuffle-excerpt.txt');
    expect(result).toMatchObject({ lines: 410, brokenCount: 0, versions: [21], unknownVersions: [] });
    expect(infos).toHaveLength(40);
    expect(infos.every((i) => i.items.length >= 14)).toBe(true);
    expect(events.find((e) => e.type === 'ZONE_CHANGE')).toMatchObject({ instanceId: 1505, zoneName: '納葛蘭競技場', difficultyId: 0 });
  });

  it('Midnight 12.0: stat-squished gear and a talent list starting "[,("', () => {
    const { result, infos } = sample('combatlog-midnight-12.0-solo-shuffle-round-excerpt.txt');
    expect(result.brokenCount).toBe(0);
    expect(infos).toHaveLength(6);
    expect(infos[0]).toMatchObject({ guid: 'Player-3682-0917BD25', specId: 71 });
    expect(infos[0]!.items[0]).toEqual({ slot: 1, itemId: 249952, itemLevel: 289, enchantId: 7991, bonusIds: [13448, 13452, 12785, 13338, 13575, 3131, 13576], gems: [240916, 295] });
  });

  it('Shadowlands: old timestamps without a year, the flat talent tuple layout', () => {
    const { result, infos } = sample('combatlog-shadowlands-9.x-skirmish-excerpt.txt');
    expect(result).toMatchObject({ lines: 300, brokenCount: 0 });
    expect(infos).toHaveLength(6);
    expect(infos[0]).toMatchObject({ guid: 'Player-57-0A628E42', specId: 256, at: Date.UTC(2021, 1, 6, 0, 39, 14, 657) });
    expect(infos[0]!.items[0]).toMatchObject({ itemId: 178732, itemLevel: 98, bonusIds: [7217, 6771, 6652, 7194] });
  });
});

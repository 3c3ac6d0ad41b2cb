/**
 * The collector against a stubbed client: it reads nothing in combat, spreads
 * its reads over frames (at most 1 ms of API work per frame on the stub's
 * clock), and leaves HolocronDB as docs/collector-format.md documents it; the
 * SavedVariables file it is written to reads back, with holocron's own reader
 * (the one `holocron ingest` uses), to the same facts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSavedVariables } from '../../src/core/lua/saved-variables.js';
import { toPlain } from '../../src/core/lua/lua-table.js';
import { HAS_LUA, luaTitle, runLuaJson, writeLuaValue, type LuaLiteral } from '../helpers/lua-harness.js';
import { useTempDirs } from '../helpers/tmp.js';
import { T0, RESET_IN, GUID, HELM, CLOAK, TRINKET, type Item, BAGS, TOYS, OWNED_TOYS, MOUNTS, OWNED_MOUNTS, PETS, SCENARIO } from '../helpers/collector-scenario.js';

const tempDir = useTempDirs();

/** An ITEM record as collector-format.md lists it (appearance left off when unknown). */
function record(bag: number, slot: number, item: Item, appearance?: boolean): unknown[] {
  const r: unknown[] = [bag, slot, item.id, item.count ?? 1, item.link, item.level ?? false, item.bound ?? false];
  if (appearance !== undefined) r.push(appearance);
  return r;
}

function records(bags: number[]): unknown[] {
  const out: unknown[] = [];
  for (const bag of bags) {
    const slots = BAGS[bag]!.slots;
    for (let slot = 1; slot <= BAGS[bag]!.size; slot++) {
      const item = slots[slot];
      if (!item) continue;
      const t = item.link === HELM ? true : item.link === CLOAK ? false : undefined;
      out.push(record(bag, slot, item, t));
    }
  }
  return out;
}

interface Run {
  phases: Array<{ name: string; frames: number; maxVirtualMs: number; combatCalls: number }>;
  charactersInCombat: number;
  combatCallsAtLogin: string[];
  combatCallsLater: string[];
  raidInfoRequested: boolean;
  virtualFrameMs: { frames: number; max: number; median: number; total: number };
  realFrameMs: { frames: number; max: number; median: number; total: number };
  bankAfterVisit: unknown;
  bankAfterCutVisit: unknown;
  toyFiltersBefore: string;
  toyFiltersAfter: string;
  db: Record<string, any>;
}

let run: Run;
let svFile: string;
beforeAll(() => {
  if (!HAS_LUA) return;
  const dir = tempDir('holocron-addon-collector-');
  svFile = path.join(dir, 'HolocronDB.lua');
  run = runLuaJson<Run>('test/lua/cases/collector.lua', [writeLuaValue(path.join(dir, 'scenario.lua'), SCENARIO), svFile]);
});

describe.skipIf(!HAS_LUA)(luaTitle('addon collector'), () => {
  it('reads nothing while in combat, then everything once combat ends', () => {
    expect(run.charactersInCombat).toBe(0);
    // During a login in combat only the addon's setup asks anything: its version,
    // whether the journal is loaded, the player's name (whose jobs to highlight).
    const setup = ['C_AddOns.GetAddOnMetadata', 'C_AddOns.IsAddOnLoaded', 'UnitName', 'GetNormalizedRealmName'];
    expect(run.combatCallsAtLogin.filter((name) => !setup.includes(name))).toEqual([]);
    expect(run.combatCallsLater).toEqual([]);
    expect(run.phases.find((p) => p.name === 'combat')!.combatCalls).toBe(0);
    expect(run.raidInfoRequested).toBe(true);
  });

  it('spreads the work over frames, never more than 1 ms of API calls in one', () => {
    const afterCombat = run.phases.find((p) => p.name === 'after combat')!;
    expect(afterCombat.frames).toBeGreaterThan(10);
    expect(run.virtualFrameMs.max).toBeLessThanOrEqual(1);
    for (const phase of run.phases) expect(phase.maxVirtualMs, phase.name).toBeLessThanOrEqual(1);
    // Real time per frame is reported, not asserted (shared machines are noisy).
    expect(run.realFrameMs.frames).toBe(run.virtualFrameMs.frames);
  });

  it('saves the character as documented', () => {
    const c = run.db.characters[GUID];
    expect(Object.keys(run.db.characters)).toEqual([GUID]);
    expect(run.db.version).toBe(1);
    expect(run.db.addonVersion).toBe('0.2.0');
    expect(c).toMatchObject({ name: 'Thrall', realm: 'Stormrage', realmId: 60, region: 1, class: 'WARRIOR', level: 80, specId: 71 });
    // Logout is 600 s later: the save time and the weekly reset seen from it.
    expect(c.savedAt).toBe(T0 + 600);
    expect(c.weeklyResetAt).toBe(T0 + 600 + RESET_IN);
    expect(c.gear).toEqual({ at: T0 + 600, average: 641.25, equipped: 639.5, slots: { 1: [HELM, 645], 13: [TRINKET, 626], 15: [CLOAK, 639] } });
    expect(c.bags).toEqual({ at: T0 + 600, items: records([0, 1, 2, 3, 4, 5]) });
    expect(c.bank).toEqual({ at: T0, items: records([6, 7]), tabs: { 6: 'Mats' } });
    expect(c.vault).toEqual({
      at: T0,
      hasRewards: false,
      activities: [['Raid', 1, 2, 2, 16, 1234], ['Activities', 1, 1, 4, 12, 1240], ['World', 2, 4, 3, 8, 1250]],
    });
    expect(c.lockouts).toEqual({
      at: T0,
      list: [
        ['Nerub-ar Palace', 123456, T0 + 54000, 16, true, false, true, 20, 8, 3, 2657],
        ['The Dawnbreaker', 654321, T0 + 3600, 23, true, true, false, 5, 4, 4, 2662],
      ],
    });
    expect(c.keystone).toEqual({ at: T0 + 600, mapId: 2660, challengeMapId: 503, level: 12 });
    expect(c.quests).toEqual({ at: T0 + 600, done: [83725, 93690, 95127] });
  });

  it('saves the warband bank, mounts, toys and pets', () => {
    const w = run.db.warband;
    expect(w.bank).toEqual({ at: T0, items: records([12]), tabs: { 12: 'Warband Gear', 13: 'Herbs' } });
    expect(w.mounts).toEqual({ at: T0, ids: OWNED_MOUNTS });
    expect(w.toys).toEqual({ at: T0, ids: OWNED_TOYS });
    expect(w.pets).toEqual({ at: T0, list: PETS.map((p) => [p.guid, p.species, p.level, p.rarity - 1, p.maxHealth, p.power, p.speed]) });
    // The Toy Box's filters are as the player left them.
    expect(run.toyFiltersAfter).toBe(run.toyFiltersBefore);
  });

  it('keeps the last complete bank scan when the bank closes during a scan', () => {
    expect(run.bankAfterVisit).toEqual({ at: T0, items: records([6, 7]), tabs: { 6: 'Mats' } });
    expect(run.bankAfterCutVisit).toEqual(run.bankAfterVisit);
  });

  it('writes SavedVariables as the client does, which holocron reads back to the same facts', () => {
    const bytes = fs.readFileSync(svFile);
    const text = bytes.toString('utf8');
    expect(text.startsWith('\nHolocronDB = {\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toMatch(/^\["version"\] = 1,$/m);
    expect(text).toMatch(/^\["savedAt"\] = 1764634200,$/m);
    expect(text).toMatch(/^641\.25,$|^\["average"\] = 641\.25,$/m);
    expect(text).toContain('"|cnIQ4:|Hitem:212000::::::::80:::::|h[Helm of \\"Quotes\\" \\\\ Backslashes]|h|r",');
    expect(text).not.toMatch(/^[ \t]/m);
    // Positional records: one value a line, `false` for no item level.
    expect(text).toContain('\n0,\n9,\n82800,\n1,\n"|cff0070dd|Hbattlepet:39:25:3:1546:276:289:BattlePet-0-00000E09B186|h[Mechanical Squirrel]|h|r",\nfalse,\nfalse,\n}');
    const read = readSavedVariables(bytes, 'HolocronDB.lua');
    expect(toPlain(read.get('HolocronDB')!)).toEqual(plain(run.db));
  });

  it('adds to what an earlier session saved', () => {
    const dir = path.dirname(svFile);
    const other = { ...(SCENARIO as Record<string, LuaLiteral>), player: { name: 'Jaina', realm: 'Area 52', realmId: 3676, guid: 'Player-3676-0BEEF', class: 'MAGE', level: 80 }, inCombat: false };
    const second = runLuaJson<Run>('test/lua/cases/collector.lua', [writeLuaValue(path.join(dir, 'second.lua'), other), path.join(dir, 'second-sv.lua'), svFile]);
    expect(Object.keys(second.db.characters).sort()).toEqual([GUID, 'Player-3676-0BEEF'].sort());
    expect(second.db.characters[GUID]).toEqual(run.db.characters[GUID]);
    expect(second.db.characters['Player-3676-0BEEF'].realm).toBe('Area 52');
  });
});

/** The JSON of HolocronDB in toPlain()'s shape: numeric keys as "[n]". */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return Object.fromEntries(value.map((v, i) => [`[${i + 1}]`, plain(v)]));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [/^\d+$/.test(k) ? `[${k}]` : k, plain(v)]));
  }
  return value;
}

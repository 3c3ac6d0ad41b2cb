/**
 * The addon as the client loads it: the toc's directives and file list, every
 * listed file run in order (and nothing else), a fresh install with the shipped
 * placeholder data files, and luacheck over addon/.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { HAS_LUA, HAS_LUACHECK, luaTitle, runOps, writeCourierFiles } from '../helpers/lua-harness.js';
import { accountIndex, NOW } from '../helpers/addon-fixtures.js';
import { useTempDirs } from '../helpers/tmp.js';

const tempDir = useTempDirs();
const ADDON = path.join(REPO_ROOT, 'addon/Holocron');
const toc = fs.readFileSync(path.join(ADDON, 'Holocron.toc'), 'utf8');
const directive = (name: string) => new RegExp(`^## ${name}: (.*)$`, 'm').exec(toc)?.[1];
const tocFiles = toc.split('\n').filter((line) => line.trim() && !line.startsWith('#'));
const SCENARIO = { time: NOW, player: { name: 'Thrall', realm: 'Stormrage', realmId: 60 } };

function luaFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? luaFiles(path.join(dir, e.name)).map((f) => `${e.name}\\${f}`) : e.name.endsWith('.lua') ? [e.name] : [],
  );
}

describe('addon toc', () => {
  it('targets the Midnight clients, saves HolocronDB and carries the package version', () => {
    expect(directive('Interface')).toBe('120001, 120005, 120007, 120100');
    expect(directive('SavedVariables')).toBe('HolocronDB');
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string; files: string[] };
    expect(directive('Version')).toBe(pkg.version);
    expect(pkg.files).toContain('addon');
    for (const name of ['Title', 'Notes', 'Author', 'IconTexture']) expect(directive(name), name).toBeTruthy();
  });

  it('lists every Lua file of the addon, the core first and the three data files before the code reading them', () => {
    expect([...tocFiles].sort()).toEqual(luaFiles(ADDON).sort());
    const data = ['Data\\Holocron_Index.lua', 'Data\\Holocron_Pricing.lua', 'Data\\Holocron_PetNeeds.lua'];
    expect(tocFiles[0]).toBe('Core.lua');
    const firstData = tocFiles.indexOf(data[0]!);
    expect(tocFiles.slice(firstData, firstData + 3)).toEqual(data);
    for (const reader of ['Pricing.lua', 'Index.lua', 'PetNeeds.lua', 'API.lua']) expect(tocFiles.indexOf(reader)).toBeGreaterThan(firstData + 2);
  });

  it("starts every code file with the client's varargs", () => {
    for (const file of tocFiles) {
      const first = fs.readFileSync(path.join(ADDON, file.replace(/\\/g, '/')), 'utf8').split('\n')[0];
      if (file.startsWith('Data\\')) expect(first, file).toMatch(/^-- /);
      else expect(first, file).toBe('local addonName, ns = ...');
    }
  });
});

describe.skipIf(!HAS_LUA)(luaTitle('addon loading in Lua 5.1'), () => {
  it('runs on a fresh install with the placeholder data files, creating only its globals', () => {
    const work = tempDir('holocron-addon-fresh-');
    const run = runOps(path.join(ADDON, 'Data'), SCENARIO, [
      { op: 'search', text: 'hearthstone' },
      { op: 'window', text: 'hearthstone' },
      { op: 'tooltip', item: 6948 },
      { op: 'petTooltip', species: 39 },
      { op: 'price', item: 6948 },
      { op: 'counts', item: 6948 },
      { op: 'jobs' },
      { op: 'marketInfo', item: 6948 },
    ], { workDir: work });
    const [search, window, tooltip, pet, price, counts, jobs, market] = run.results.map((r) => r.result as any);
    expect(search).toEqual({ query: 'hearthstone', hits: [] });
    expect(window.status).toBe('no inventory yet: run holocron courier');
    expect(window.rows).toEqual([]);
    expect(tooltip).toEqual([]);
    expect(pet.lines).toEqual([]);
    expect(price).toBeNull();
    expect(counts).toMatchObject({ itemId: 6948, total: 0, placeCount: 0, places: [] });
    expect(jobs).toEqual([]);
    expect(market.returned).toBeNull();
    expect(run.created).toEqual(['HolocronAPI', 'HolocronDB', 'SLASH_HOLOCRON1']);
    expect(run.loaded).toEqual(tocFiles);
  });

  it('never runs a file the toc does not list, and ignores data of a newer format', () => {
    const copy = tempDir('holocron-addon-copy-');
    fs.cpSync(ADDON, copy, { recursive: true });
    fs.writeFileSync(path.join(copy, 'Stray.lua'), 'error("a file the toc does not list was run")\n');
    const data = writeCourierFiles(tempDir('holocron-addon-newer-'), { index: accountIndex() });
    const index = path.join(data, 'Holocron_Index.lua');
    fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace('version = 1,', 'version = 2,'));
    const run = runOps(data, SCENARIO, [{ op: 'search', text: '6948' }, { op: 'tooltip', item: 6948 }], { addonDir: copy });
    expect(run.results[0]!.result).toBeNull();
    expect(run.results[1]!.result).toEqual([]);
    expect(run.loaded).not.toContain('Stray.lua');
  });
});

describe.skipIf(!HAS_LUACHECK)(luaTitle('luacheck', 'luacheck'), () => {
  it('passes on addon/ with no warnings', () => {
    const result = spawnSync('luacheck', ['--no-color', 'addon/'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(result.stdout).toMatch(/Total: 0 warnings \/ 0 errors in \d+ files/);
    expect(result.status).toBe(0);
  });
});

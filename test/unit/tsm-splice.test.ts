/**
 * The splicer without a database: byte spans of tricky Lua, edits that keep
 * every other byte, the shapes TSM keeps (inherited lists, complete
 * operations with the file's types), and the process check on a /proc tree.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LuaTable, toPlain } from '../../src/core/lua/lua-table.js';
import { readSavedVariables } from '../../src/core/lua/saved-variables.js';
import { globalTableStart, scanTable } from '../../src/core/tsm/lua-spans.js';
import { applyEdits, planSplice } from '../../src/core/tsm/splice.js';
import { findTsmFiles } from '../../src/core/tsm/find-files.js';
import { detectWow } from '../../src/core/tsm/wow-process.js';
import { planFixture, tsmFile } from '../helpers/tsm-fixture.js';
import { useTempDirs } from '../helpers/tmp.js';

const tempDir = useTempDirs();

function splice(text: string | Buffer, plan = planFixture()) {
  const b = Buffer.isBuffer(text) ? text : Buffer.from(text, 'latin1');
  const sv = readSavedVariables(b, 'T.lua');
  const s = planSplice(b, sv, plan, 'T.lua');
  const out = applyEdits(b, s.edits);
  return { s, out, db: readSavedVariables(out, 'out').get('TradeSkillMasterDB') as LuaTable };
}

const MINIMAL = [
  '',
  'TradeSkillMasterDB = {',
  '\t["_scopeKeys"] = {["profile"] = {"Default"}},',
  '\t["_currentProfile"] = {["A - R"] = "Default"},',
  '\t["p@Default@userData@groups"] = {},',
  '\t["c@A - R@x@y"] = {["a}b\\"{"] = "--[[ not a comment", [\'q\'] = [==[ ]] } ]==], [3] = -1.5e+3, ["\x01\x02"] = true},',
  '\t["p@Default@userData@operations"] = {["Auctioning"] = {["#Default"] = {["postCap"] = 5, ["duration"] = "2", ["undercut"] = "0c"}}},',
  '}',
  'TSMItemInfoDB = {["names"] = {"a\x02b"}} -- trailing comment',
  '',
].join('\n');

describe('lua spans', () => {
  it('finds entries past strings with braces, long brackets, escapes and control bytes', () => {
    const b = Buffer.from(MINIMAL, 'latin1');
    const top = scanTable(b, globalTableStart(b, 'TradeSkillMasterDB'));
    expect(top.entries.map((e) => e.key)).toEqual(['_scopeKeys', '_currentProfile', 'p@Default@userData@groups', 'c@A - R@x@y', 'p@Default@userData@operations']);
    const odd = top.entries[3]!;
    const inner = scanTable(b, odd.valueStart);
    expect(inner.entries.map((e) => e.key)).toEqual(['a}b"{', 'q', 3, '\x01\x02']);
    expect(b.toString('latin1', inner.entries[1]!.valueStart, inner.entries[1]!.valueEnd)).toBe('[==[ ]] } ]==]');
    expect(globalTableStart(b, 'TSMItemInfoDB')).toBe(b.lastIndexOf('{["names"]'));
  });

  it('reads past a UTF-8 byte-order mark', () => {
    const b = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(MINIMAL, 'latin1')]);
    expect(globalTableStart(b, 'TradeSkillMasterDB')).toBe(b.indexOf('{'));
    expect(splice(b).out.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
  });
});

describe('planSplice', () => {
  it('fills an inline {} table and a missing items key, every other byte kept', () => {
    const { out, db, s } = splice(MINIMAL);
    expect(out.includes(Buffer.from(MINIMAL.split('\n').slice(5, 6).join(''), 'latin1'))).toBe(true);
    expect(out.toString('latin1').endsWith(MINIMAL.slice(MINIMAL.indexOf('\n}\nTSMItemInfoDB')))).toBe(true);
    const groups = db.get('p@Default@userData@groups') as LuaTable;
    expect(groups.stringKeys().sort()).toEqual(['Holocron', 'Holocron`Crafting', 'Holocron`Crafting`Profitable', 'Holocron`Flips', 'Holocron`Flips`High Volume']);
    expect(toPlain((db.get('p@Default@userData@items') as LuaTable).get('i:2589'))).toBe('Holocron`Flips`High Volume');
    expect(s.counts).toEqual({ groups: 5, items: 3, operations: 4 });
    // Tables without a trailing separator got one; a second splice changes nothing.
    expect(splice(out).out.equals(out)).toBe(true);
  });

  it('writes complete operations with the types of the file’s #Default', () => {
    const { db } = splice(MINIMAL);
    const ops = db.get('p@Default@userData@operations') as LuaTable;
    const post = toPlain((ops.get('Auctioning') as LuaTable).get('Holocron: Post')) as Record<string, unknown>;
    // postCap is a number in this file's #Default, duration a string: ours follow.
    expect(post).toEqual({ postCap: 5, duration: '2', undercut: '1c', ignorePlayer: {}, ignoreFactionrealm: {}, relationships: {} });
    // Modules the file lacks get ours as they are.
    expect(toPlain((ops.get('Crafting') as LuaTable).get('Holocron: Craft'))).toEqual({ minProfit: '50g', ignorePlayer: {}, ignoreFactionrealm: {}, relationships: {} });
  });

  it('gives inherited lists the parent’s operations and ours override = true', () => {
    const { db } = splice(tsmFile());
    const groups = db.get('p@Default@userData@groups') as LuaTable;
    const plain = (p: string) => toPlain(groups.get(p)) as Record<string, Record<string, unknown>>;
    expect(plain('Holocron').Auctioning).toEqual({ '[1]': 'Holocron: Post', override: true });
    expect(plain('Holocron').Mailing).toEqual({ '[1]': '#Default' });
    expect(plain('Holocron`Flips').Auctioning).toEqual({ '[1]': 'Holocron: Post' });
    expect(plain('Holocron`Crafting`Profitable').Crafting).toEqual({ '[1]': 'Holocron: Craft' });
    for (const p of groups.stringKeys()) expect(Object.keys(plain(p)).sort()).toEqual(['Auctioning', 'Crafting', 'Mailing', 'Shopping', 'Sniper', 'Vendoring', 'Warehousing']);
  });

  it('removes ours that the plan no longer has, wherever TSM put them, and is stable', () => {
    const first = splice(tsmFile()).out;
    // As if TSM re-saved in hash order: move one of our item lines to the top of its table.
    const text = first.toString('latin1');
    const line = '["i:2590"] = "Holocron`Flips`High Volume",\n';
    const moved = Buffer.from(text.replace(line, '').replace('["p@Default@userData@items"] = {\n', `["p@Default@userData@items"] = {\n${line}`), 'latin1');
    const { out } = splice(moved, planFixture({ items: 1 }));
    expect(out.toString('latin1')).not.toContain('"i:2590"');
    const again = splice(out, planFixture({ items: 1 })).out;
    expect(again.equals(out)).toBe(true);
  });

  it('never claims an item the user keeps in a group of their own', () => {
    const file = tsmFile().toString('latin1').replace('["i:190000"] = "Mats`Herbs",', '["i:2589"] = "Mats`Herbs",');
    const { db, s } = splice(Buffer.from(file, 'latin1'));
    expect((db.get('p@Default@userData@items') as LuaTable).get('i:2589')).toBe('Mats`Herbs');
    expect(s.keptInUserGroups).toContainEqual({ profile: 'Default', itemString: 'i:2589', group: 'Mats`Herbs' });
  });
});

describe('detectWow', () => {
  function proc(entries: Record<string, string>): string {
    const dir = tempDir('holocron-proc-');
    for (const [pid, cmdline] of Object.entries(entries)) {
      fs.mkdirSync(path.join(dir, pid));
      fs.writeFileSync(path.join(dir, pid, 'cmdline'), cmdline);
    }
    fs.mkdirSync(path.join(dir, 'self'));
    return dir;
  }

  it('sees the game under Wine by its .exe name', () => {
    expect(detectWow('linux', proc({ '1': '/sbin/init\0', '4242': 'Z:\\games\\World of Warcraft\\_retail_\\Wow.exe\0-launcherlogin\0' }))).toEqual({ running: true, detail: 'Wow.exe (pid 4242)' });
    expect(detectWow('linux', proc({ '7': 'C:\\WoW\\_classic_\\WowClassic.exe\0' })).running).toBe(true);
  });

  it('does not mistake other programs for it', () => {
    expect(detectWow('linux', proc({ '1': '/sbin/init\0', '2': 'vim\0Wow.exe.txt\0', '3': '/usr/bin/wowza\0' }))).toEqual({ running: false, detail: 'no WoW process' });
  });

  it('says when it cannot tell', () => {
    expect(detectWow('aix').running).toBeNull();
  });
});

describe('inherited lists', () => {
  it('leave out operations the module does not have (TSM would drop them on load)', () => {
    const file = tsmFile().toString('latin1').replace('["Sniper"] = {\n["#Default"] = {', '["Sniper"] = {\n["Renamed"] = {');
    const { db } = splice(Buffer.from(file, 'latin1'));
    const groups = db.get('p@Default@userData@groups') as LuaTable;
    expect(toPlain((groups.get('Holocron') as LuaTable).get('Sniper'))).toEqual({});
    expect(toPlain((groups.get('Holocron') as LuaTable).get('Mailing'))).toEqual({ '[1]': '#Default' });
  });
});

describe('findTsmFiles', () => {
  function wow(): string {
    const dir = tempDir('holocron-wow-');
    const put = (...parts: string[]) => {
      fs.mkdirSync(path.join(dir, ...parts.slice(0, -1)), { recursive: true });
      fs.writeFileSync(path.join(dir, ...parts), '');
    };
    put('_retail_', 'WTF', 'Account', 'B', 'SavedVariables', 'TradeSkillMaster.lua');
    put('_retail_', 'WTF', 'Account', 'A', 'SavedVariables', 'TradeSkillMaster.lua');
    put('_retail_', 'WTF', 'Account', 'C', 'SavedVariables', 'Other.lua');
    put('_classic_', 'WTF', 'Account', 'A', 'SavedVariables', 'TradeSkillMaster.lua');
    return dir;
  }

  it('finds every account’s file for the flavours asked, in any case', () => {
    const dir = wow();
    expect(findTsmFiles(dir, ['retail']).map((f) => [f.flavour, f.account])).toEqual([['retail', 'A'], ['retail', 'B']]);
    expect(findTsmFiles(dir, ['retail', 'classic', 'ptr']).map((f) => [f.flavour, f.account])).toEqual([['retail', 'A'], ['retail', 'B'], ['classic', 'A']]);
  });

  it('matches folder names in any case (a Windows copy)', () => {
    const dir = tempDir('holocron-wow-');
    fs.mkdirSync(path.join(dir, '_Retail_', 'wtf', 'account', 'A', 'savedvariables'), { recursive: true });
    fs.writeFileSync(path.join(dir, '_Retail_', 'wtf', 'account', 'A', 'savedvariables', 'tradeskillmaster.lua'), '');
    expect(findTsmFiles(dir, ['retail']).map((f) => path.relative(dir, f.file))).toEqual([path.join('_Retail_', 'wtf', 'account', 'A', 'savedvariables', 'tradeskillmaster.lua')]);
  });

  it('accepts the flavour folder itself', () => {
    const dir = wow();
    expect(findTsmFiles(path.join(dir, '_classic_'), ['retail', 'classic']).map((f) => f.flavour)).toEqual(['classic']);
  });
});

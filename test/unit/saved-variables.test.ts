import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/core/errors.js';
import { LuaTable, toPlain } from '../../src/core/lua/lua-table.js';
import { readSavedVariables, readSavedVariablesFile } from '../../src/core/lua/saved-variables.js';
import { generateLuaFile } from '../helpers/lua-generator.js';
import { canonical, oracleRead } from '../helpers/lua-oracle.js';
import { hasSamples, samplePath, SAMPLES_DIR } from '../helpers/samples.js';
import { useTempDirs } from '../helpers/tmp.js';

const tempDir = useTempDirs();

const read = (text: string | Buffer) => readSavedVariables(Buffer.isBuffer(text) ? text : Buffer.from(text), 'Test.lua');

describe('readSavedVariables', () => {
  it('reads the SavedVariables data subset', () => {
    const globals = read(`
DataStore_CharacterIDs = {
["Set"] = {
["Default.Emerald Dream.Klmekilk"] = 1,
},
["List"] = {
"Default.Emerald Dream.Klmekilk", -- [1]
nil, -- [2]
"Default.Sin'Dorei.Ab",
},
[0] = 455344129,
[-1] = true,
[4866763147553] = 1.5e3,
Count = 0x1F,
}
Rematch4Saved = nil
Money = -42
`);
    const ids = globals.get('DataStore_CharacterIDs') as LuaTable;
    expect((ids.get('Set') as LuaTable).get('Default.Emerald Dream.Klmekilk')).toBe(1);
    const list = ids.get('List') as LuaTable;
    expect(list.items).toEqual(['Default.Emerald Dream.Klmekilk', undefined, "Default.Sin'Dorei.Ab"]);
    expect(ids.get(0)).toBe(455344129);
    expect(ids.get(-1)).toBe(true);
    expect(ids.get(4866763147553)).toBe(1500);
    expect(ids.get('Count')).toBe(31);
    expect(globals.get('Rematch4Saved')).toBeNull();
    expect(globals.get('Money')).toBe(-42);
  });

  it('decodes every Lua 5.1 escape, \\ddd as bytes, and keeps invalid bytes readable', () => {
    const bytes = Buffer.concat([
      Buffer.from('S = { "a\\n\\t\\\\\\"b", \'it\\\'s\', "\\195\\169t\\233", "line\\\nnext", [[raw \\n]], [==[x]]y]==], "'),
      Buffer.from([0xff]),
      Buffer.from('" }'),
    ]);
    const s = read(bytes).get('S') as LuaTable;
    expect(s.items).toEqual(['a\n\t\\"b', "it's", 'ét\ufffd', 'line\nnext', 'raw \\n', 'x]]y', '\ufffd']);
  });

  it('accepts CRLF files, byte-order marks and comments everywhere', () => {
    const text = '\ufeff-- header\r\nA = { -- c\r\n [1] = "x", --[[ long\r\n comment ]] 2,\r\n}\r\nB = 1 ; C = [[\r\nz]]\r\n';
    const globals = read(text);
    // Lua gives the positional value precedence over an explicit [1].
    expect((globals.get('A') as LuaTable).get(1)).toBe(2);
    expect(globals.get('C')).toBe('z');
  });

  it('names file, line and column of a syntax error', () => {
    expect(() => read('A = {\n  ["x"] = 1,\n  ["y"] 2,\n}')).toThrow(/^Test\.lua:3:9: expected "=" after "\[key\]"/);
    expect(() => read('A = { "ok", "é\n"')).toThrow(/Test\.lua:1:13: unfinished string/);
    expect(() => read('A = { 1, 2 } B = @')).toThrow(/Test\.lua:1:18: unexpected character "@"/);
  });

  it('rejects a cut-off file with the position of the unclosed table, and an empty file', () => {
    const error = (() => {
      try {
        read('A = {\n ["b"] = {\n  1, 2,\n');
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(DataError);
    expect(error!.message).toMatch(/^Test\.lua:4:1: unexpected end of file: the table opened at line 2, column 10 is not closed/);
    expect(() => read('')).toThrow(/the file is empty/);
    expect(() => read('\n-- only a comment\n')).toThrow(/the file is empty/);
  });

  it('agrees with luaparse on 300 generated files', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const file = generateLuaFile(seed);
      expect(canonical(read(file)), `seed ${seed}:\n${file.toString('utf8')}`).toEqual(oracleRead(file));
    }
  });

  it('reads files through a moving window exactly as from memory, even a tiny one', () => {
    const dir = tempDir('holocron-lua-');
    for (let seed = 301; seed <= 360; seed++) {
      const bytes = generateLuaFile(seed);
      const file = path.join(dir, `${seed}.lua`);
      fs.writeFileSync(file, bytes);
      const expected = canonical(read(bytes));
      expect(canonical(readSavedVariablesFile(file, 'x', { windowBytes: 64, margin: 24 })), `seed ${seed}`).toEqual(expected);
      expect(canonical(readSavedVariablesFile(file)), `seed ${seed}`).toEqual(expected);
    }
  });

  it('reports the right line and column through a window that has moved on', () => {
    const file = path.join(tempDir('holocron-lua-'), 'cut.lua');
    const lines = ['A = {'];
    for (let i = 0; i < 500; i++) lines.push(`["k${i}"] = { 1, 2, "three" },`);
    fs.writeFileSync(file, `${lines.join('\n')}\n["bad"] 3,\n`);
    expect(() => readSavedVariablesFile(file, 'cut.lua', { windowBytes: 256, margin: 64 })).toThrow(/^cut\.lua:502:9: expected "=" after "\[key\]"/);
    fs.writeFileSync(file, lines.join('\n'));
    expect(() => readSavedVariablesFile(file, 'cut.lua', { windowBytes: 256, margin: 64 })).toThrow(/the table opened at line 1, column 5 is not closed/);
  });

  it.skipIf(!hasSamples())('agrees with luaparse on every real SavedVariables sample', () => {
    const files = fs.readdirSync(`${SAMPLES_DIR}/client`).filter((f) => f.endsWith('.lua'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const bytes = fs.readFileSync(samplePath('client', file));
      expect(canonical(readSavedVariables(bytes, file)), file).toEqual(oracleRead(bytes));
    }
  });

  it('turns tables into plain objects for inspection', () => {
    expect(toPlain(read('T = { "a", [5] = 1, ["k"] = { true } }').get('T') ?? undefined)).toEqual({ '[1]': 'a', '[5]': 1, k: { '[1]': true } });
  });
});

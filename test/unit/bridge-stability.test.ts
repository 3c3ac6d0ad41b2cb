import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { look, unsettled } from '../../src/core/bridge/stability.js';
import { useTempDirs } from '../helpers/tmp.js';

const tempDir = useTempDirs();

describe('bridge stability check', () => {
  it('takes a file whose size and mtime did not move between two looks', () => {
    const file = path.join(tempDir(), 'DataStore.lua');
    fs.writeFileSync(file, 'DataStore_DB = {}\r\n');
    expect(unsettled(look(file), look(file))).toBeUndefined();
  });

  it('waits while the file grows', () => {
    const file = path.join(tempDir(), 'Syndicator.lua');
    fs.writeFileSync(file, 'SYNDICATOR_DATA = {\r\n');
    const before = look(file);
    fs.appendFileSync(file, '}\r\n');
    expect(unsettled(before, look(file))).toMatch(/still changing/);
  });

  it('waits while the mtime moves even at the same size (a rewrite in place)', () => {
    const file = path.join(tempDir(), 'A.lua');
    fs.writeFileSync(file, 'A = 1\n');
    const before = look(file);
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(unsettled(before, look(file))).toMatch(/still changing/);
  });

  it('waits while a .tmp sibling is present', () => {
    const file = path.join(tempDir(), 'TradeSkillMaster.lua');
    fs.writeFileSync(file, 'X = 1\n');
    fs.writeFileSync(`${file}.tmp`, 'X = 2\n');
    expect(unsettled(look(file), look(file))).toMatch(/\.tmp/);
  });

  it('waits while the .bak sibling is being rotated, not when an old .bak just sits there', () => {
    const file = path.join(tempDir(), 'B.lua');
    fs.writeFileSync(file, 'B = 1\n');
    fs.writeFileSync(`${file}.bak`, 'B = 0\n');
    const before = look(file);
    expect(unsettled(before, look(file))).toBeUndefined();
    fs.appendFileSync(`${file}.bak`, '-- more\n');
    expect(unsettled(before, look(file))).toMatch(/\.bak/);
  });

  it('reports a file that vanished between looks', () => {
    const file = path.join(tempDir(), 'C.lua');
    fs.writeFileSync(file, 'C = 1\n');
    const before = look(file);
    fs.rmSync(file);
    expect(unsettled(before, look(file))).toMatch(/gone/);
  });
});

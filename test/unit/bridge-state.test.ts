import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planChunks } from '../../src/core/bridge/chunks.js';
import { emptyState, loadState, mayHaveChanged, saveState, type FileState } from '../../src/core/bridge/state.js';
import { useTempDirs } from '../helpers/tmp.js';

const tempDir = useTempDirs();

describe('bridge state file', () => {
  it('starts empty when there is no state file yet', () => {
    expect(loadState(path.join(tempDir(), 'bridge-state.json'))).toEqual({ state: emptyState() });
  });

  it('round-trips through a save and leaves no temp file behind', () => {
    const dir = tempDir();
    const file = path.join(dir, 'home', 'bridge-state.json');
    const state = emptyState();
    state.files['C:\\WoW\\_retail_\\WTF\\Account\\A\\SavedVariables\\X.lua'] = { size: 10, mtimeMs: 1, sha256: 'ab', status: 'ingested', at: '2026-12-02T00:00:00.000Z' };
    state.files['/wow/_retail_/Logs/WoWCombatLog.txt'] = { size: 100, mtimeMs: 2, sha256: 'cd', status: 'partial', offset: 64, at: '2026-12-02T00:00:00.000Z' };
    state.courier['/wow/_retail_/Interface/AddOns/Holocron|Holocron_Index.lua'] = { etag: '"e1"', size: 5 };
    saveState(file, state);
    expect(loadState(file)).toEqual({ state });
    expect(fs.readdirSync(path.dirname(file))).toEqual(['bridge-state.json']);
  });

  it('starts afresh, saying so, from a damaged or foreign file', () => {
    const file = path.join(tempDir(), 'bridge-state.json');
    fs.writeFileSync(file, '{"version": 1, "files": {');
    expect(loadState(file).problem).toMatch(/not valid JSON/);
    fs.writeFileSync(file, '{"version": 99, "files": {}, "courier": {}}');
    expect(loadState(file)).toMatchObject({ state: emptyState(), problem: expect.stringMatching(/not a bridge state file/) });
  });

  it('looks again at a file only when its size or mtime moved, or its upload was cut short', () => {
    const done: FileState = { size: 10, mtimeMs: 1000, sha256: 'x', status: 'ingested', at: '' };
    expect(mayHaveChanged(undefined, { size: 10, mtimeMs: 1000 })).toBe(true);
    expect(mayHaveChanged(done, { size: 10, mtimeMs: 1000 })).toBe(false);
    expect(mayHaveChanged(done, { size: 11, mtimeMs: 1000 })).toBe(true);
    expect(mayHaveChanged(done, { size: 10, mtimeMs: 2000 })).toBe(true);
    expect(mayHaveChanged({ ...done, status: 'rejected' }, { size: 10, mtimeMs: 1000 })).toBe(false);
    expect(mayHaveChanged({ ...done, status: 'partial', offset: 4 }, { size: 10, mtimeMs: 1000 })).toBe(true);
  });
});

describe('bridge chunk planning', () => {
  it('cuts a log into chunks from the confirmed offset to its size', () => {
    expect(planChunks(0, 20, 8)).toEqual([
      { offset: 0, length: 8 },
      { offset: 8, length: 8 },
      { offset: 16, length: 4 },
    ]);
    expect(planChunks(16, 24, 8)).toEqual([{ offset: 16, length: 8 }]);
    expect(planChunks(20, 20, 8)).toEqual([]);
    expect(planChunks(0, 0, 8)).toEqual([]);
  });

  it('covers every byte exactly once for a gigabyte log', () => {
    const chunks = planChunks(3, 1024 ** 3 + 7);
    expect(chunks[0]).toEqual({ offset: 3, length: 8 * 1024 * 1024 });
    expect(chunks.reduce((sum, c) => sum + c.length, 0)).toBe(1024 ** 3 + 4);
    for (let i = 1; i < chunks.length; i++) expect(chunks[i]!.offset).toBe(chunks[i - 1]!.offset + chunks[i - 1]!.length);
  });

  it('refuses nonsense offsets', () => {
    expect(() => planChunks(-1, 10)).toThrow(RangeError);
    expect(() => planChunks(0, 10, 0)).toThrow(RangeError);
  });
});

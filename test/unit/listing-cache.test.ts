import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log.js';
import { ListingCache } from '../../src/core/scrape/listing-cache.js';
import { useTempDirs } from '../helpers/tmp.js';

const tempDir = useTempDirs();

const listings = {
  count: 3,
  auctionIds: Float64Array.from([2 ** 40 + 1, 5, 9]),
  slotOf: Int32Array.from([0, 1, 2]),
  quantities: Int32Array.from([1, 200, 1]),
  timeLeft: Uint8Array.from([1, 4, 3]),
  slotItem: Int32Array.from([10, 20, 82800]),
  slotPet: Int32Array.from([0, 0, 3319]),
};
const columns = {
  count: 3,
  auctionIds: listings.auctionIds,
  itemIds: Int32Array.from([10, 20, 82800]),
  petSpeciesIds: Int32Array.from([0, 0, 3319]),
  quantities: listings.quantities,
  timeLeft: listings.timeLeft,
};
const snapshot = { snapshotId: 42, snapshotAt: new Date('2026-11-21T03:12:00Z') };

describe('ListingCache', () => {
  it('returns exactly what was written for the same snapshot', () => {
    const cache = new ListingCache(tempDir(), 'db-a', silentLogger);
    cache.write('us/commodities', snapshot, listings);
    expect(cache.read('us/commodities', snapshot, 3)).toEqual(columns);
  });

  it('ignores another snapshot, another count, another database or a damaged file', () => {
    const dir = tempDir();
    const cache = new ListingCache(dir, 'db-a', silentLogger);
    cache.write('eu/commodities', snapshot, listings);
    expect(cache.read('eu/commodities', { ...snapshot, snapshotId: 43 }, 3)).toBeUndefined();
    expect(cache.read('eu/commodities', { ...snapshot, snapshotAt: new Date(0) }, 3)).toBeUndefined();
    expect(cache.read('eu/commodities', snapshot, 4)).toBeUndefined();
    expect(new ListingCache(dir, 'db-b', silentLogger).read('eu/commodities', snapshot, 3)).toBeUndefined();
    const [scopeDir] = fs.readdirSync(dir);
    const file = path.join(dir, scopeDir!, 'eu_commodities.bin');
    fs.truncateSync(file, fs.statSync(file).size - 1);
    expect(cache.read('eu/commodities', snapshot, 3)).toBeUndefined();
  });

  it('only warns when the directory is not writable', () => {
    const file = path.join(tempDir(), 'not-a-dir');
    fs.writeFileSync(file, '');
    const warnings: string[] = [];
    const cache = new ListingCache(file, 'db', { ...silentLogger, warn: (m) => warnings.push(m) });
    cache.write('us/commodities', snapshot, listings);
    cache.write('us/token', snapshot, listings);
    expect(warnings).toHaveLength(1);
    expect(cache.read('us/commodities', snapshot, 3)).toBeUndefined();
  });
});

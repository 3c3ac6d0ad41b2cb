import { describe, expect, it } from 'vitest';
import type { AuctionRow } from '../../src/core/scrape/auction-parser.js';
import { itemVariantKey } from '../../src/core/scrape/variant-key.js';
import { VariantStats, foldPetBreed } from '../../src/core/scrape/variant-stats.js';

function row(itemId: number, fields: Partial<AuctionRow> = {}): AuctionRow {
  return {
    auctionId: 1,
    itemId,
    quantity: 1,
    unitPrice: null,
    buyout: null,
    bid: null,
    timeLeft: 3,
    context: null,
    bonusLists: null,
    modifierTypes: null,
    modifierValues: null,
    petSpeciesId: null,
    petBreedId: null,
    petLevel: null,
    petQualityId: null,
    ...fields,
  };
}

const gear = (itemId: number, bonusLists: number[], modifiers: Array<[number, number]> = []) =>
  row(itemId, { bonusLists, modifierTypes: modifiers.map((m) => m[0]), modifierValues: modifiers.map((m) => m[1]) });

describe('itemVariantKey', () => {
  it('treats bonus ids as a set and keeps only modifiers 9, 29 and 30', () => {
    expect(itemVariantKey([6654, 63, 6654], [28, 9, 30, 29], [1140, 40, 49, 32])).toBe('63:6654;9=40;29=32;30=49');
    expect(itemVariantKey([63, 6654], [9], [40])).toBe('63:6654;9=40');
    expect(itemVariantKey([63], [28, 38], [1, 8])).toBe('63');
    expect(itemVariantKey([], [9], [40])).toBeNull();
    expect(itemVariantKey(null, null, null)).toBeNull();
  });
});

describe('foldPetBreed', () => {
  it('folds the female breeds 13–22 onto 3–12, unknown to 0', () => {
    expect([3, 12, 13, 17, 22, 0, null].map(foldPetBreed)).toEqual([3, 12, 3, 7, 12, 0, 0]);
  });
});

describe('VariantStats', () => {
  it('gives rows only to items listed in more than one variant, however their ids are ordered', async () => {
    const stats = new VariantStats();
    stats.add(gear(1, [2, 1], [[9, 80], [28, 5]]), 100);
    stats.add(gear(1, [1, 2], [[28, 6], [9, 80]]), 300);
    stats.add(gear(1, [1, 2, 3], [[9, 80]]), 900);
    stats.add(gear(2, [7], [[9, 80]]), 50);
    stats.add(gear(2, [7], [[9, 80]]), 60);
    const rows = await stats.finish(async () => undefined);
    expect(stats.variantCount).toBe(3);
    expect(rows.map((r) => [r.itemId, r.variantKey, r.minPrice, r.medianPrice, r.auctionCount])).toEqual([
      [1, '1:2;9=80', 100, 100, 2],
      [1, '1:2:3;9=80', 900, 900, 1],
    ]);
  });

  it('weights the median by quantity and leaves bid-only variants unpriced', async () => {
    const stats = new VariantStats();
    stats.add({ ...gear(5, [1]), quantity: 1 }, 10);
    stats.add({ ...gear(5, [1]), quantity: 5 }, 40);
    stats.add(gear(5, [2]), null);
    const rows = await stats.finish(async () => undefined);
    expect(rows.map((r) => [r.variantKey, r.minPrice, r.medianPrice, r.totalQuantity])).toEqual([
      ['1', 10, 40, 6],
      ['2', null, null, 1],
    ]);
  });

  it('keys caged pets by species and folded breed, with no variant key', async () => {
    const stats = new VariantStats();
    const pet = (breed: number, price: number) => stats.add(row(82800, { petSpeciesId: 39, petBreedId: breed, modifierTypes: [6], modifierValues: [1] }), price);
    pet(5, 100);
    pet(15, 300);
    pet(8, 1000);
    const rows = await stats.finish(async () => undefined);
    expect(rows.map((r) => [r.itemId, r.petSpeciesId, r.petBreedId, r.variantKey, r.medianPrice, r.auctionCount])).toEqual([
      [82800, 39, 5, null, 100, 2],
      [82800, 39, 8, null, 1000, 1],
    ]);
  });
});

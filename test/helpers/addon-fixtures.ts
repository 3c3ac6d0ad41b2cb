/**
 * A small account for the addon's tests: owners on two realms, items with
 * multi-word, accented and punctuated names, caged pets of several species,
 * an item held in more than 20 places, logistics jobs; prices on the primary
 * connected realm and on a second one; pet needs.
 */
import { PET_CAGE, type IndexFixture, type IndexItem, type PetNeedsFixture, type PricingFixture } from './courier-fixture.js';

export const GENERATED_AT = 1_764_633_600;
/** The stub's clock in these tests: three hours after the files were made. */
export const NOW = GENERATED_AT + 3 * 3600;

export const OWNERS = ['Bankalt-Stormrage', 'Thrall-Stormrage', 'Warband', 'Guild Bank-Stormrage', 'Jaina-Area52', 'Sylvanas-Stormrage'];

const place = (owner: number, location: IndexItem['places'][number]['location'], container: number, count: number) => ({ owner, location, container, count });

export const ITEMS: IndexItem[] = [
  { itemId: 6948, name: 'Hearthstone', quality: 1, places: [place(2, 'bags', 0, 1), place(1, 'bags', 0, 1), place(6, 'bags', 0, 1)] },
  { itemId: 2589, name: 'Linen Cloth', quality: 1, places: [place(1, 'warband_bank', 14, 200), place(2, 'bags', 3, 17), place(4, 'guild_bank', 2, 12)] },
  { itemId: 2592, name: 'Wool Cloth', quality: 1, places: [place(3, 'warband_bank', 13, 80)] },
  { itemId: 4306, name: 'Silk Cloth', quality: 1, places: [place(2, 'mail', 0, 40), place(2, 'bags', 1, 5)] },
  { itemId: 14047, name: 'Runecloth', quality: 1, places: [place(1, 'bank', 6, 400), place(1, 'bank', 7, 100)] },
  { itemId: 21877, name: 'Netherweave Cloth', quality: 1, places: [place(5, 'auction', 0, 60)] },
  { itemId: 210796, name: 'Mycobloom', quality: 1, places: [place(2, 'bags', 2, 180), place(2, 'bags', 3, 50)] },
  { itemId: 210930, name: 'Bismuth', quality: 1, places: [place(2, 'bags', 1, 40)] },
  { itemId: 212664, name: 'Algari Healing Potion', quality: 1, places: [place(2, 'bags', 4, 20)] },
  { itemId: 191383, name: 'Elemental Potion of Ultimate Power', quality: 3, places: [place(6, 'bags', 0, 3)] },
  { itemId: 19019, name: 'Thunderfury, Blessed Blade of the Windseeker', quality: 5, places: [place(2, 'equipped', 0, 1)] },
  { itemId: 49623, name: "Shadowmourne", quality: 5, places: [place(4, 'guild_bank', 1, 1)] },
  { itemId: 141605, name: "Flight Master's Whistle", quality: 1, places: [place(2, 'bags', 0, 1)] },
  { itemId: 200001, name: 'Épée du Zèle', quality: 4, places: [place(5, 'bags', 1, 1)] },
  { itemId: 200002, name: 'Зелье исцеления', quality: 1, places: [place(5, 'bags', 2, 7)] },
  { itemId: 200003, name: '치유 물약', quality: 1, places: [place(5, 'bags', 3, 9)] },
  { itemId: 200004, name: 'Dragon’s Hoard – Ancient Gold', quality: 2, places: [place(1, 'void', 0, 2)] },
  { itemId: 200005, name: 'Potion', quality: 1, places: [place(1, 'bags', 4, 8)] },
  { itemId: 200006, name: 'potion', quality: 0, places: [place(6, 'bags', 4, 6)] },
  { itemId: 200007, name: 'Potion of Speed', quality: 1, places: [place(1, 'reagent_bank', -3, 30)] },
  { itemId: 200008, name: 'Tome of "Quotes" \\ Backslash', quality: 2, places: [place(2, 'bags', 2, 1)] },
  { itemId: PET_CAGE, speciesId: 39, name: 'Mechanical Squirrel', quality: 1, places: [place(1, 'bags', 1, 1), place(2, 'bags', 1, 1), place(1, 'bags', 2, 1)] },
  { itemId: PET_CAGE, speciesId: 1155, name: 'Anubisath Idol', quality: 3, places: [place(3, 'warband_bank', 15, 2)] },
  { itemId: PET_CAGE, speciesId: 2947, name: 'Ghostly Whelpling', quality: 4, places: [place(6, 'mail', 1, 1)] },
];

/** Held in 45 places (the file lists the 20 biggest). */
export const MANY_PLACES: IndexItem = {
  itemId: 224025,
  name: 'Crunchy Peppers',
  quality: 1,
  total: 45 * 46 / 2,
  placeCount: 45,
  places: Array.from({ length: 45 }, (_, i) => place((i % 6) + 1, 'bags', i % 5, 45 - i)),
};

// A name list a search over 2,000 generated items must rank (substring ties by length, then name).
export function padding(count: number): IndexItem[] {
  const words = ['Tarnished', 'Gleaming', 'Ancient', 'Shattered', 'Runed', 'Gilded', 'Fel-Touched', 'Sunwell'];
  const nouns = ['Blade', 'Helm', 'Ring', 'Cloak', 'Boots', 'Idol', 'Ward', 'Shard'];
  return Array.from({ length: count }, (_, i) => ({
    itemId: 300_000 + i,
    name: `${words[i % words.length]} ${nouns[Math.floor(i / words.length) % nouns.length]} ${i}`,
    quality: i % 5,
    places: [place((i % 6) + 1, 'bags', i % 5, (i % 50) + 1)],
  }));
}

export function accountIndex(extra: IndexItem[] = []): IndexFixture {
  return {
    generatedAt: GENERATED_AT,
    sources: [{ account: '50747314#1', file: 'Syndicator.lua', seenAt: GENERATED_AT - 600 }],
    owners: OWNERS,
    items: [...ITEMS, MANY_PLACES, ...extra],
    jobs: {
      'Thrall-Stormrage': [
        { id: 17, kind: 'mail', to: 'Bankalt-Stormrage', items: [[210796, 0, 200], [210930, 0, 40]] },
        { id: 18, kind: 'sell', items: [[212664, 0, 20]] },
        { id: 19, kind: 'mail', to: 'Jaina-Area52', items: [[PET_CAGE, 39, 1]] },
        { id: 20, kind: 'craft', items: [[2589, 0, 5]] },
      ],
      'Bankalt-Stormrage': [{ id: 21, kind: 'mail', to: 'Thrall-Stormrage', items: [[14047, 0, 100]] }],
    },
  };
}

export const PRIMARY_REALMS = [60, 1071];
export const OTHER_REALMS = [3676, 3678];

export function accountPricing(): PricingFixture {
  return {
    region: 'us',
    generatedAt: GENERATED_AT,
    primary: { connectedRealmId: 60, realmIds: PRIMARY_REALMS },
    records: [
      // A commodity: region-wide market and min buyout, no realm value.
      { kind: 0, id: 210796, variant: 0, region: 1234, minBuyout: 1100, soldPerDay: 5321.4, ageHours: 0 },
      // Beyond 2^23 copper: stored as mantissa × 2^exponent.
      { kind: 0, id: 19019, variant: 0, region: 1_234_567_890, realm: 987_654_321, minBuyout: 999_999_999, soldPerDay: 0.3, ageHours: 200 },
      // Gear: per item level, and any level.
      { kind: 0, id: 49623, variant: 0, region: 50_000_000, realm: 45_000_000, minBuyout: 40_000_000, soldPerDay: 0.1, ageHours: 50 },
      { kind: 1, id: 49623, variant: 284, region: 80_000_000, realm: 70_000_000, minBuyout: 65_000_000, soldPerDay: 1.5, ageHours: 95 },
      // Pets: by breed quality + 1, and any quality.
      { kind: 2, id: 39, variant: 0, region: 250_000, realm: 240_000, minBuyout: 200_000, soldPerDay: 12, ageHours: 3 },
      { kind: 2, id: 39, variant: 4, region: 300_000, realm: 310_000, minBuyout: 290_000, soldPerDay: 8, ageHours: 1 },
      // Only the region knows it; never listed on the primary realm.
      { kind: 0, id: 2589, variant: 0, region: 45, soldPerDay: 1000.05, ageHours: null },
      // On both realms.
      { kind: 0, id: 4306, variant: 0, region: 500, realm: 450, minBuyout: 400, soldPerDay: 123.4, ageHours: 26 * 24 },
      { kind: 0, id: 14047, variant: 0, region: 2000, realm: 0, minBuyout: 0, soldPerDay: 0, ageHours: 40 * 24 },
    ],
    realms: [
      {
        connectedRealmId: 3676,
        realmIds: OTHER_REALMS,
        records: [
          { kind: 0, id: 4306, variant: 0, realm: 777, minBuyout: 700, ageHours: 5 },
          { kind: 0, id: 19019, variant: 0, realm: 16_777_217, minBuyout: 8_388_609, ageHours: 96 },
        ],
      },
    ],
  };
}

export function accountPetNeeds(): PetNeedsFixture {
  return {
    generatedAt: GENERATED_AT,
    missing: [40, 41, 2947, 39_000],
    lowerQuality: { 1155: 2, 68: 0 },
    duplicates: { 39: [3, 1], 1387: [5, 2] },
  };
}

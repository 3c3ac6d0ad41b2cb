/**
 * Courier files at the issue's sizes, written with the tests' own encoder
 * (test/helpers/courier-fixture.ts): a pricing file of 200,000 keys (items, items
 * per level, pets) plus two other connected realms, and an index of 10,000
 * items in 60,000 places over 50 characters, a warband and guild banks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { indexFile, petNeedsFile, pricingFile, type IndexItem, type Location, type PriceRecord, type RealmRecord } from '../../test/helpers/courier-fixture.js';

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const WORDS = (
  'ancient arcane ashen azure blazing blessed bloodied bronze burning celestial charred cobalt corrupted crimson crystal cursed dark dawn ' +
  'deep dire dragon dread dusk ebon elder ember emerald enchanted eternal ethereal fel feral fiery frozen gilded glacial gleaming gloom ' +
  'golden grand grim hallowed heavy hollow iron ivory jade light lunar molten mystic night obsidian onyx pale primal radiant runed ' +
  'sacred scarlet shadow shattered silver solar spectral storm sun tarnished thorned thunder titan twilight umbral verdant void warden ' +
  'wild windswept winter withered blade helm ring cloak boots idol ward shard potion flask elixir cloth ore herb leather scale gem ' +
  'dust essence crest bolt spellthread tome scroll lens tincture phial draught ingot bar hide fang claw pelt stone leaf bloom root ' +
  'of the and greatsword dagger staff wand shield bracers gauntlets girdle legguards pauldrons robe hood mantle treads sabatons'
).split(' ');

export function generateAddonData(dir: string, options: { keys?: number; items?: number; places?: number; owners?: number } = {}): { pricingKeys: number; items: number; places: number } {
  const keys = options.keys ?? 200_000;
  const itemCount = options.items ?? 10_000;
  const placeCount = options.places ?? 60_000;
  const ownerCount = options.owners ?? 50;
  const next = random(424242);
  fs.mkdirSync(dir, { recursive: true });

  const records: PriceRecord[] = [];
  const gear = Math.floor(keys * 0.2);
  const pets = Math.floor(keys * 0.05);
  const plain = keys - gear - pets;
  for (let i = 0; i < plain; i++) {
    const commodity = next() < 0.4;
    records.push({
      kind: 0, id: 1 + i * 2, variant: 0,
      region: Math.floor(next() * 5_000_000_000), realm: commodity ? 0 : Math.floor(next() * 5_000_000_000),
      minBuyout: Math.floor(next() * 3_000_000_000), soldPerDay: next() * 5000, ageHours: next() < 0.9 ? Math.floor(next() * 900) : null,
    });
  }
  for (let i = 0; i < gear; i++) {
    records.push({ kind: 1, id: 200_000 + Math.floor(i / 8), variant: 580 + (i % 8) * 7, region: Math.floor(next() * 1e9), realm: Math.floor(next() * 1e9), minBuyout: Math.floor(next() * 1e9), soldPerDay: next() * 3, ageHours: Math.floor(next() * 200) });
  }
  for (let i = 0; i < pets; i++) {
    records.push({ kind: 2, id: 1 + Math.floor(i / 7), variant: i % 7, region: Math.floor(next() * 1e8), realm: Math.floor(next() * 1e8), minBuyout: Math.floor(next() * 1e8), soldPerDay: next() * 20, ageHours: Math.floor(next() * 100) });
  }
  const realm = (): RealmRecord[] => records.filter(() => next() < 0.1).map((r) => ({ kind: r.kind, id: r.id, variant: r.variant, realm: Math.floor(next() * 1e9), minBuyout: Math.floor(next() * 1e9), ageHours: Math.floor(next() * 300) }));
  fs.writeFileSync(path.join(dir, 'Holocron_Pricing.lua'), pricingFile({
    region: 'us', generatedAt: 1_764_633_600, primary: { connectedRealmId: 60, realmIds: [60, 1071] }, records,
    realms: [{ connectedRealmId: 3676, realmIds: [3676, 3678], records: realm() }, { connectedRealmId: 11, realmIds: [11], records: realm() }],
  }));

  const owners = [
    ...Array.from({ length: ownerCount }, (_, i) => `Char${i}-Realm${i % 5}`),
    'Warband', ...Array.from({ length: 10 }, (_, i) => `Guild${i}-Realm${i % 5}`),
  ];
  const locations: Location[] = ['bags', 'bank', 'warband_bank', 'guild_bank', 'mail', 'auction', 'reagent_bank', 'equipped', 'void'];
  const items: IndexItem[] = [];
  let left = placeCount;
  for (let i = 0; i < itemCount; i++) {
    const words = 1 + Math.floor(next() * 4);
    const name = Array.from({ length: words }, () => WORDS[Math.floor(next() * WORDS.length)]!).map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ');
    // Places per item: most items in a few places, some everywhere (the total fixed).
    const n = i === itemCount - 1 ? left : Math.max(1, Math.min(left - (itemCount - i - 1), Math.round(-Math.log(1 - next()) * (placeCount / itemCount))));
    left -= n;
    const places = Array.from({ length: n }, () => {
      const owner = 1 + Math.floor(next() * owners.length);
      const location = owners[owner - 1]!.startsWith('Guild') ? 'guild_bank' : owners[owner - 1] === 'Warband' ? 'warband_bank' : locations[Math.floor(next() * locations.length)]!;
      return { owner, location, container: Math.floor(next() * 6), count: 1 + Math.floor(next() * 1000) };
    }).sort((a, b) => b.count - a.count);
    items.push({ itemId: 1 + i * 3, name: `${name} ${i}`, quality: Math.floor(next() * 6), total: places.reduce((s, p) => s + p.count, 0), placeCount: n, places });
  }
  fs.writeFileSync(path.join(dir, 'Holocron_Index.lua'), indexFile({ generatedAt: 1_764_633_600, owners, items }));
  fs.writeFileSync(path.join(dir, 'Holocron_PetNeeds.lua'), petNeedsFile({ generatedAt: 1_764_633_600, missing: [1, 2, 3], lowerQuality: {}, duplicates: {} }));
  return { pricingKeys: records.length, items: items.length, places: placeCount - left };
}

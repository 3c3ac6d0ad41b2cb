import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AuctionStreamParser, type AuctionRow } from '../../src/core/scrape/auction-parser.js';
import { DataError } from '../../src/core/errors.js';
import { auctionsBody, generateAuctions, rng, type GeneratedAuction } from '../helpers/auction-generator.js';
import { hasSamples, samplePath } from '../helpers/samples.js';

const TIME_LEFT: Record<string, number> = { SHORT: 1, MEDIUM: 2, LONG: 3, VERY_LONG: 4 };

/** What a listing should parse to, derived from JSON.parse output. */
function expected(a: GeneratedAuction): AuctionRow {
  return {
    auctionId: a.id,
    itemId: a.item.id,
    quantity: a.quantity,
    unitPrice: a.unit_price ?? null,
    buyout: a.buyout ?? null,
    bid: a.bid ?? null,
    timeLeft: TIME_LEFT[a.time_left] ?? 0,
    context: a.item.context ?? null,
    bonusLists: a.item.bonus_lists ?? null,
    modifierTypes: a.item.modifiers?.map((m) => m.type) ?? null,
    modifierValues: a.item.modifiers?.map((m) => m.value) ?? null,
    petSpeciesId: a.item.pet_species_id ?? null,
    petBreedId: a.item.pet_breed_id ?? null,
    petLevel: a.item.pet_level ?? null,
    petQualityId: a.item.pet_quality_id ?? null,
  };
}

function parse(body: string | Buffer, chunkSizes: () => number = () => 65536): AuctionRow[] {
  const rows: AuctionRow[] = [];
  const parser = new AuctionStreamParser((row) => rows.push({ ...row }));
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  for (let i = 0; i < bytes.length; ) {
    const size = Math.max(1, chunkSizes());
    parser.push(bytes.subarray(i, i + size));
    i += size;
  }
  parser.end();
  return rows;
}

describe('AuctionStreamParser', () => {
  it('reads commodity payloads exactly as JSON.parse does', () => {
    const auctions = generateAuctions({ auctions: 2000, items: 50, seed: 1 });
    expect(parse(auctionsBody(auctions))).toEqual(auctions.map(expected));
  });

  it('reads realm payloads: caged pets, bonus lists, modifiers, bids', () => {
    const auctions = generateAuctions({ auctions: 2000, items: 50, seed: 2, kind: 'realm' });
    const rows = parse(auctionsBody(auctions, 'realm', 1080));
    expect(rows).toEqual(auctions.map(expected));
    expect(rows.some((r) => r.petSpeciesId !== null)).toBe(true);
    expect(rows.some((r) => r.bonusLists !== null && r.modifierTypes !== null)).toBe(true);
  });

  it('gives the same rows whatever the chunk boundaries (1–64 byte reads)', () => {
    const auctions = generateAuctions({ auctions: 300, items: 20, seed: 3, kind: 'realm' });
    const body = auctionsBody(auctions, 'realm');
    const random = rng(9);
    expect(parse(body, () => 1 + Math.floor(random() * 64))).toEqual(auctions.map(expected));
    expect(parse(body, () => 1)).toEqual(auctions.map(expected));
  });

  it('handles pretty-printed JSON, other key orders, unknown keys and tricky strings', () => {
    const doc = {
      _links: { self: { href: 'https://x/"quoted"}]{[' } },
      note: 'escapes \\" \u00e9 🐉 \n ] }',
      auctions: [
        { time_left: 'LONG', unit_price: 7, quantity: 3, item: { id: 5, extra: { deep: [1, { a: '}' }] } }, id: 2 ** 40 + 7, seller: null },
        { id: 9, item: { id: 6, bonus_lists: [], modifiers: [] }, quantity: 1, buyout: null, bid: 5, time_left: 'SOMETHING_NEW' },
      ],
      trailer: [true, false, null, -1.5e3],
    };
    const rows = parse(JSON.stringify(doc, null, 4));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ auctionId: 2 ** 40 + 7, itemId: 5, quantity: 3, unitPrice: 7, timeLeft: 3 });
    expect(rows[1]).toMatchObject({ auctionId: 9, itemId: 6, bonusLists: [], modifierTypes: [], buyout: null, bid: 5, timeLeft: 0 });
  });

  it('accepts an empty auctions array', () => {
    expect(parse('{"_links":{},"auctions":[]}')).toEqual([]);
  });

  it('rejects an HTML error page served with status 200', () => {
    expect(() => parse('<!DOCTYPE html><html><body>Service Unavailable</body></html>')).toThrow(/not JSON \(it starts with "<!DOCTYPE html>/);
  });

  it('rejects a body cut off in the middle, naming where', () => {
    const body = auctionsBody(generateAuctions({ auctions: 100, items: 5 }));
    const error = (() => {
      try {
        parse(body.slice(0, Math.floor(body.length / 2)));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toMatch(/truncated response body: the JSON ends after \d+ bytes, inside the auctions array \(\d+ auctions read\)/);
  });

  it('rejects empty bodies, documents without auctions and garbage inside', () => {
    expect(() => parse('')).toThrow(/empty response body/);
    expect(() => parse('{"code":404,"detail":"Not Found"}')).toThrow(/no "auctions" array/);
    expect(() => parse('{"auctions":[{"id":1,"item":{"id":2},"quantity":x}]}')).toThrow(/malformed auction JSON at byte 48: expected a number/);
    expect(() => parse('{"auctions":[]} extra')).toThrow(/after the end/);
  });

  it.skipIf(!hasSamples())('parses the real connected-realm samples like JSON.parse', () => {
    for (const file of ['connected_realm_9_auctions_us_2022_excerpt.json']) {
      const text = fs.readFileSync(samplePath('blizzard', file), 'utf8');
      const reference = (JSON.parse(text) as { auctions: GeneratedAuction[] }).auctions;
      expect(parse(text, () => 7)).toEqual(reference.map(expected));
    }
    const snippet = JSON.parse(fs.readFileSync(samplePath('blizzard', 'connected_realm_auctions_pet_and_item_snippet.json'), 'utf8')) as GeneratedAuction[];
    const rows = parse(JSON.stringify({ auctions: snippet }, null, 2));
    expect(rows).toEqual(snippet.map(expected));
    expect(rows[0]).toMatchObject({ itemId: 82800, petSpeciesId: 3319, petBreedId: 17, petLevel: 1, petQualityId: 3, modifierTypes: [6] });
  });
});

/**
 * The demo's Blizzard API stand-in through the real client: OAuth, the hour's
 * auctions with Last-Modified and 304s, the catalogue documents the seeders
 * read, and 404 for what it does not serve. Loopback only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlizzardClient } from '../../src/core/blizzard/client.js';
import { ApiStatusError } from '../../src/core/blizzard/errors.js';
import { systemClock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/core/config.js';
import { commodityAuctions } from '../../src/core/demo/auctions.js';
import { BlizzardStandIn, STANDIN_CLIENT_ID, STANDIN_CLIENT_SECRET } from '../../src/core/demo/blizzard-standin.js';
import { HOUR_MS, demoWorld } from '../../src/core/demo/world.js';
import { silentLogger } from '../../src/core/log.js';

const world = demoWorld();
const standIn = new BlizzardStandIn(world);
let api: BlizzardClient;
const HOUR = Math.floor(Date.parse('2026-12-01T12:00:00Z') / HOUR_MS);

beforeAll(async () => {
  await standIn.start();
  const blizzard = { ...loadConfig({}).blizzard, clientId: STANDIN_CLIENT_ID, clientSecret: STANDIN_CLIENT_SECRET, apiUrl: standIn.apiUrl, oauthUrl: standIn.oauthUrl, maxAttempts: 1 };
  api = new BlizzardClient({ config: blizzard, userAgent: 'test', clock: systemClock, log: silentLogger });
});
afterAll(async () => {
  await api.close();
  await standIn.stop();
});

describe('the demo API stand-in', () => {
  it("serves the hour's commodities with its Last-Modified, then 304 until the hour moves", async () => {
    standIn.hour = HOUR;
    const first = await api.getJson<{ auctions: unknown[] }>('us', '/data/wow/auctions/commodities', { namespace: 'dynamic' });
    if (first.status !== 200) throw new Error('expected a body');
    expect(first.data.auctions).toEqual(commodityAuctions(world, HOUR));
    expect(first.lastModified?.toISOString()).toBe('2026-12-01T12:07:00.000Z');
    const again = await api.getJson('us', '/data/wow/auctions/commodities', { namespace: 'dynamic', ifModifiedSince: first.lastModified });
    expect(again.status).toBe(304);
    standIn.hour = HOUR + 1;
    const next = await api.getJson('us', '/data/wow/auctions/commodities', { namespace: 'dynamic', ifModifiedSince: first.lastModified });
    expect(next.status).toBe(200);
  });

  it('serves the catalogue: realms, professions, recipes, items, pets', async () => {
    const realms = await api.getJson<{ connected_realms: Array<{ href: string }> }>('us', '/data/wow/connected-realm/index', { namespace: 'dynamic' });
    expect(realms.status === 200 && realms.data.connected_realms.map((r) => /connected-realm\/(\d+)/.exec(r.href)![1])).toEqual(['60', '3676']);
    const recipe = await api.getJson<{ crafted_item: { id: number }; reagents: unknown[] }>('us', '/data/wow/recipe/430347', { namespace: 'static' });
    expect(recipe.status === 200 && recipe.data.crafted_item.id).toBe(212283);
    const item = await api.getJson<{ name: { en_US: string }; sell_price: number }>('us', '/data/wow/item/210796', { namespace: 'static' });
    expect(item.status === 200 && item.data.name.en_US).toBe('Mycobloom');
    const pets = await api.getJson<{ pets: unknown[] }>('us', '/data/wow/pet/index', { namespace: 'static' });
    expect(pets.status === 200 && pets.data.pets.length).toBe(world.species.length);
  });

  it('answers 404 for another region and for what the world lacks', async () => {
    await expect(api.getJson('eu', '/data/wow/auctions/commodities', { namespace: 'dynamic' })).rejects.toBeInstanceOf(ApiStatusError);
    await expect(api.getJson('us', '/data/wow/item/1', { namespace: 'static' })).rejects.toBeInstanceOf(ApiStatusError);
  });
});

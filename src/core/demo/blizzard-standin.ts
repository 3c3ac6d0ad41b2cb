import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { commodityAuctions, realmAuctions } from './auctions.js';
import { HOUR_MS, type DemoWorld } from './world.js';

/**
 * A local stand-in for the Battle.net API, on a loopback port: OAuth client
 * credentials, the auction and token documents of the hour it is set to (with
 * Last-Modified and If-Modified-Since like the real one), and the Game Data
 * documents the seeders read. Nothing leaves the machine.
 */
export const STANDIN_CLIENT_ID = 'holocron-demo';
export const STANDIN_CLIENT_SECRET = 'demo-secret-not-a-real-one';

/** Static documents never change in the demo: a rerun of seed gets 304s. */
const CATALOGUE_MODIFIED = new Date('2026-11-01T00:00:00Z');

/** Blizzard publishes a snapshot some minutes into the hour. */
const PUBLISHED_AFTER_MS = 7 * 60_000;

interface Doc {
  body: unknown;
  lastModified?: Date;
}

export class BlizzardStandIn {
  /** The snapshot hour served (hours since the Unix epoch). */
  hour = 0;
  requests = 0;
  private server: http.Server | undefined;
  private port = 0;

  constructor(private readonly world: DemoWorld) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(0, '127.0.0.1', resolve);
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  get oauthUrl(): string {
    return `http://127.0.0.1:${this.port}/oauth/token`;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/{region}`;
  }

  /** When the served hour's snapshot was published. */
  get publishedAt(): Date {
    return new Date(this.hour * HOUR_MS + PUBLISHED_AFTER_MS);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.requests += 1;
    req.resume();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/oauth/token') return this.token(req, res);
    if (!(req.headers.authorization ?? '').startsWith('Bearer demo-token')) return json(res, 401, { code: 401, detail: 'Unauthorized' });
    const match = /^\/([a-z]{2})(\/data\/wow\/.*)$/.exec(url.pathname);
    const doc = match && match[1] === this.world.region ? this.document(match[2]!) : undefined;
    if (!doc) return json(res, 404, { code: 404, type: 'BLZWEBAPI00000404', detail: 'Not Found' });
    if (doc.lastModified) {
      const since = Date.parse(String(req.headers['if-modified-since'] ?? ''));
      if (!Number.isNaN(since) && Math.floor(doc.lastModified.getTime() / 1000) * 1000 <= since) {
        res.writeHead(304, { 'last-modified': doc.lastModified.toUTCString() });
        res.end();
        return;
      }
    }
    json(res, 200, doc.body, doc.lastModified);
  }

  private token(req: http.IncomingMessage, res: http.ServerResponse): void {
    const expected = `Basic ${Buffer.from(`${STANDIN_CLIENT_ID}:${STANDIN_CLIENT_SECRET}`).toString('base64')}`;
    if (req.method !== 'POST' || req.headers.authorization !== expected) return json(res, 401, { error: 'invalid_client' });
    json(res, 200, { access_token: 'demo-token', token_type: 'bearer', expires_in: 86_399, sub: STANDIN_CLIENT_ID });
  }

  private document(path: string): Doc | undefined {
    const w = this.world;
    const published = this.publishedAt;
    if (path === '/data/wow/auctions/commodities') {
      return { body: { _links: self(path), auctions: commodityAuctions(w, this.hour) }, lastModified: published };
    }
    if (path === '/data/wow/token/index') {
      return { body: { _links: self(path), last_updated_timestamp: published.getTime(), price: 2_850_000_000 + (this.hour % 48) * 1_500_000 }, lastModified: published };
    }
    if (path === '/data/wow/connected-realm/index') {
      return { body: { _links: self(path), connected_realms: w.realms.map((r) => link(`/data/wow/connected-realm/${r.connectedRealmId}`)) } };
    }
    let m = /^\/data\/wow\/connected-realm\/(\d+)(\/auctions)?$/.exec(path);
    if (m) {
      const realm = w.realms.find((r) => r.connectedRealmId === Number(m![1]));
      if (!realm) return undefined;
      if (m[2]) return { body: { _links: self(path), connected_realm: link(`/data/wow/connected-realm/${realm.connectedRealmId}`), auctions: realmAuctions(w, realm.connectedRealmId, this.hour) }, lastModified: published };
      return { body: connectedRealmDocument(realm), lastModified: CATALOGUE_MODIFIED };
    }
    if (path === '/data/wow/profession/index') return { body: { professions: w.professions.map((p) => ref('/data/wow/profession', p.id, p.name)) } };
    m = /^\/data\/wow\/profession\/(\d+)(?:\/skill-tier\/(\d+))?$/.exec(path);
    if (m) {
      const profession = w.professions.find((p) => p.id === Number(m![1]));
      if (!profession) return undefined;
      if (m[2] === undefined) {
        return {
          body: { id: profession.id, name: names(profession.name), type: { type: 'PRIMARY', name: names('Primary') }, skill_tiers: [ref(`/data/wow/profession/${profession.id}/skill-tier`, profession.skillTierId, profession.skillTierName)] },
          lastModified: CATALOGUE_MODIFIED,
        };
      }
      if (Number(m[2]) !== profession.skillTierId) return undefined;
      const recipes = w.recipes.filter((r) => r.professionId === profession.id).map((r) => ref('/data/wow/recipe', r.id, r.name));
      return {
        body: { id: profession.skillTierId, name: names(profession.skillTierName), minimum_skill_level: 1, maximum_skill_level: 100, categories: [{ name: names('Recipes'), recipes }] },
        lastModified: CATALOGUE_MODIFIED,
      };
    }
    m = /^\/data\/wow\/recipe\/(\d+)$/.exec(path);
    if (m) {
      const recipe = w.recipes.find((r) => r.id === Number(m![1]));
      if (!recipe) return undefined;
      const itemName = (id: number) => w.items.find((i) => i.id === id)?.name ?? `Item ${id}`;
      return {
        body: {
          id: recipe.id,
          name: names(recipe.name),
          crafted_item: ref('/data/wow/item', recipe.craftedItemId, itemName(recipe.craftedItemId)),
          reagents: recipe.reagents.map(([id, quantity]) => ({ reagent: ref('/data/wow/item', id, itemName(id)), quantity })),
          crafted_quantity: { value: 1 },
        },
      };
    }
    m = /^\/data\/wow\/item\/(\d+)$/.exec(path);
    if (m) return itemDocument(w, Number(m[1]));
    if (path === '/data/wow/pet/index') return { body: { pets: w.species.map((s) => ref('/data/wow/pet', s.id, s.name)) } };
    m = /^\/data\/wow\/pet\/(\d+)$/.exec(path);
    if (m) {
      const species = w.species.find((s) => s.id === Number(m![1]));
      if (!species) return undefined;
      return {
        body: {
          id: species.id,
          name: names(species.name),
          battle_pet_type: { id: species.typeId, type: 'CRITTER', name: names('Critter') },
          description: names(`${species.name}, as the demo knows it.`),
          is_capturable: species.id < 1000,
          is_tradable: true,
          is_battlepet: true,
          abilities: [],
          source: { type: 'VENDOR', name: names('Vendor') },
          creature: ref('/data/wow/creature', 100_000 + species.id, species.name),
        },
      };
    }
    return undefined;
  }
}

function itemDocument(w: DemoWorld, id: number): Doc | undefined {
  const item = w.items.find((i) => i.id === id);
  const species = id === 82800 ? { name: 'Pet Cage' } : undefined;
  if (!item && !species) return undefined;
  const stackable = item ? item.market === 'commodity' : false;
  return {
    body: {
      id,
      name: names(item?.name ?? 'Pet Cage'),
      quality: { type: ['POOR', 'COMMON', 'UNCOMMON', 'RARE', 'EPIC'][item?.quality ?? 1], name: names('Quality') },
      level: item?.level ?? 1,
      required_level: item?.market === 'realm' ? 80 : 0,
      item_class: { name: names('Class'), id: item?.classId ?? 17 },
      item_subclass: { name: names('Subclass'), id: item?.subclassId ?? 0 },
      inventory_type: { type: item?.inventoryType ?? 'NON_EQUIP', name: names('Slot') },
      purchase_price: (item?.sellPrice ?? 0) * 4,
      sell_price: item?.sellPrice ?? 0,
      max_count: 0,
      is_equippable: item?.market === 'realm',
      is_stackable: stackable,
      purchase_quantity: 1,
      preview_item: item?.binding ? { binding: { type: item.binding, name: names('Binds') } } : {},
    },
  };
}

function connectedRealmDocument(realm: DemoWorld['realms'][number]): unknown {
  return {
    id: realm.connectedRealmId,
    has_queue: false,
    status: { type: 'UP', name: names('Up') },
    population: { type: 'HIGH', name: names('High') },
    realms: realm.realms.map((r) => ({
      id: r.id, name: names(r.name), slug: r.slug, locale: 'enUS', timezone: 'America/Chicago', category: names('United States'),
      type: { type: 'NORMAL', name: names('Normal') }, is_tournament: false,
    })),
  };
}

const API = 'https://us.api.blizzard.com';
const names = (en: string) => ({ en_US: en });
const link = (path: string) => ({ href: `${API}${path}?namespace=dynamic-us` });
const self = (path: string) => ({ self: link(path) });
const ref = (path: string, id: number, name: string) => ({ key: { href: `${API}${path}/${id}?namespace=static-us` }, name: names(name), id });

function json(res: http.ServerResponse, status: number, value: unknown, lastModified?: Date): void {
  const body = JSON.stringify(value);
  const headers: Record<string, string> = { 'content-type': 'application/json;charset=UTF-8', 'content-length': String(Buffer.byteLength(body)) };
  if (lastModified) headers['last-modified'] = lastModified.toUTCString();
  res.writeHead(status, headers);
  res.end(body);
}

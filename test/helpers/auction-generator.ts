/**
 * Deterministic Blizzard-shaped auction payloads for tests and benchmarks:
 * Zipf item popularity, log-normal prices, realistic quantities and time_left.
 * `nextSnapshot` derives the following hour's snapshot (sales, partial buys,
 * expiries, new listings) so sales estimates have something to find.
 */
export interface GeneratedAuction {
  id: number;
  item: {
    id: number;
    context?: number;
    bonus_lists?: number[];
    modifiers?: Array<{ type: number; value: number }>;
    pet_breed_id?: number;
    pet_level?: number;
    pet_quality_id?: number;
    pet_species_id?: number;
  };
  quantity: number;
  unit_price?: number;
  buyout?: number;
  bid?: number;
  time_left: 'SHORT' | 'MEDIUM' | 'LONG' | 'VERY_LONG';
}

export interface GenerateOptions {
  auctions: number;
  items: number;
  seed?: number;
  kind?: 'commodities' | 'realm';
  firstAuctionId?: number;
}

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

const TIME_LEFTS = ['SHORT', 'MEDIUM', 'LONG', 'VERY_LONG'] as const;

export function generateAuctions(options: GenerateOptions): GeneratedAuction[] {
  const random = rng(options.seed ?? 42);
  const kind = options.kind ?? 'commodities';
  const itemIds: number[] = [];
  const basePrice: number[] = [];
  const used = new Set<number>();
  while (itemIds.length < options.items) {
    const id = 1000 + Math.floor(random() * 240_000);
    if (used.has(id)) continue;
    used.add(id);
    itemIds.push(id);
    basePrice.push(Math.max(1, Math.round(Math.exp(8.5 + 2 * normal(random)))));
  }
  // Zipf(1) popularity through a cumulative table.
  const cdf = new Float64Array(options.items);
  let total = 0;
  for (let i = 0; i < options.items; i++) {
    total += 1 / (i + 1);
    cdf[i] = total;
  }
  const pick = () => {
    const x = random() * total;
    let lo = 0;
    let hi = options.items - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const auctions: GeneratedAuction[] = [];
  let id = options.firstAuctionId ?? 1_900_000_000;
  for (let n = 0; n < options.auctions; n++) {
    id += 1 + Math.floor(random() * 3);
    const slot = pick();
    const price = Math.max(1, Math.round(basePrice[slot]! * Math.exp(0.15 * normal(random)) * (random() < 0.02 ? 3 : 1)));
    const timeLeft = TIME_LEFTS[Math.min(3, Math.floor(random() * 4.4))]!;
    if (kind === 'commodities') {
      const quantity = random() < 0.5 ? 1 + Math.floor(random() * 20) : 1 + Math.floor(random() * random() * 1000);
      auctions.push({ id, item: { id: itemIds[slot]! }, quantity, unit_price: price, time_left: timeLeft });
    } else {
      auctions.push(realmAuction(id, itemIds[slot]!, price, timeLeft, random));
    }
  }
  return auctions;
}

function realmAuction(
  id: number,
  itemId: number,
  price: number,
  timeLeft: GeneratedAuction['time_left'],
  random: () => number,
): GeneratedAuction {
  const roll = random();
  if (roll < 0.1) {
    return {
      id,
      item: {
        id: 82800,
        modifiers: [{ type: 6, value: 100000 + Math.floor(random() * 9000) }],
        pet_breed_id: 3 + Math.floor(random() * 10),
        pet_level: 1 + Math.floor(random() * 25),
        pet_quality_id: 1 + Math.floor(random() * 3),
        pet_species_id: 100 + Math.floor(random() * 30),
      },
      buyout: price * 100,
      quantity: 1,
      time_left: timeLeft,
    };
  }
  const auction: GeneratedAuction = { id, item: { id: itemId }, quantity: 1, buyout: price, time_left: timeLeft };
  if (roll < 0.5) {
    auction.item.context = Math.floor(random() * 40);
    auction.item.bonus_lists = [6600 + Math.floor(random() * 100), 1400 + Math.floor(random() * 100)];
    auction.item.modifiers = [
      { type: 9, value: 60 + Math.floor(random() * 20) },
      { type: 28, value: Math.floor(random() * 3000) },
    ];
  }
  if (roll > 0.95) auction.bid = Math.round(price * 0.8);
  return auction;
}

/**
 * The next hour's snapshot: SHORT auctions expire, some others sell out or are
 * partly bought, the rest age by one step, and new listings arrive.
 */
export function nextSnapshot(previous: readonly GeneratedAuction[], seed: number, newShare = 0.1): GeneratedAuction[] {
  const random = rng(seed);
  const next: GeneratedAuction[] = [];
  let maxId = 0;
  for (const auction of previous) {
    maxId = Math.max(maxId, auction.id);
    if (auction.time_left === 'SHORT') continue;
    const r = random();
    if (r < 0.08) continue; // sold out
    const copy: GeneratedAuction = { ...auction, item: { ...auction.item } };
    if (r < 0.16 && copy.quantity > 1) copy.quantity -= 1 + Math.floor(random() * (copy.quantity - 1));
    if (copy.time_left === 'MEDIUM' && random() < 0.5) copy.time_left = 'SHORT';
    next.push(copy);
  }
  const template = previous.slice(0, Math.max(1, Math.round(previous.length * newShare)));
  for (const base of template) {
    maxId += 1 + Math.floor(random() * 3);
    next.push({ ...base, id: maxId, item: { ...base.item }, time_left: 'VERY_LONG' });
  }
  return next;
}

/** The body Blizzard would send: compact JSON with the usual links. */
export function auctionsBody(auctions: readonly GeneratedAuction[], kind: 'commodities' | 'realm' = 'commodities', realmId = 1): string {
  const links =
    kind === 'commodities'
      ? '{"_links":{"self":{"href":"https://us.api.blizzard.com/data/wow/auctions/commodities?namespace=dynamic-us"}},"auctions":['
      : `{"_links":{"self":{"href":"https://us.api.blizzard.com/data/wow/connected-realm/${realmId}/auctions?namespace=dynamic-us"}},"connected_realm":{"href":"https://us.api.blizzard.com/data/wow/connected-realm/${realmId}?namespace=dynamic-us"},"auctions":[`;
  const parts: string[] = [links];
  for (let i = 0; i < auctions.length; i++) {
    if (i > 0) parts.push(',');
    parts.push(JSON.stringify(auctions[i]));
  }
  parts.push(kind === 'realm' ? `],"commodities":{"href":"https://us.api.blizzard.com/data/wow/auctions/commodities?namespace=dynamic-us"}}` : ']}');
  return parts.join('');
}

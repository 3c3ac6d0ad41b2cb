import { DAY_MS, HOUR_MS, PET_CAGE, priceAt, unit, type DemoWorld } from './world.js';

/**
 * The auction house of the demo world at any hour. Every listing slot relists
 * once a day: the listing either sells a few hours after it was posted (it
 * disappears early, which is what the sales estimate looks for) or stays its
 * full 24 hours and expires. Listings are computed from (slot, day), so an
 * hour's snapshot needs no earlier one.
 */
export interface DemoAuction {
  id: number;
  item: { id: number; pet_species_id?: number; pet_breed_id?: number; pet_level?: number; pet_quality_id?: number; bonus_lists?: number[] };
  quantity: number;
  unit_price?: number;
  buyout?: number;
  time_left: 'SHORT' | 'MEDIUM' | 'LONG' | 'VERY_LONG';
}

const LISTED_HOURS = 24;

interface Slot {
  /** Unique per market and slot; the listing id adds the day. */
  key: number;
  depth: number;
  price: (hour: number) => number;
  quantity: (u: number) => number;
  item: () => DemoAuction['item'];
  commodity: boolean;
}

/** The region's commodities at an hour (hours since the Unix epoch). */
export function commodityAuctions(world: DemoWorld, hour: number): DemoAuction[] {
  const slots: Slot[] = world.items
    .filter((i) => i.market === 'commodity' && i.depth > 0)
    .map((i, index) => ({
      key: index + 1,
      depth: i.depth,
      price: (h) => priceAt(world, i.basePrice, i.trend, i.id, h),
      // Cheap goods come in big stacks, flasks and enchants by the handful.
      quantity: (u) => Math.max(1, Math.round((i.basePrice < 200_000 ? 200 : i.basePrice < 2_000_000 ? 20 : 3) * (0.2 + u))),
      item: () => ({ id: i.id }),
      commodity: true,
    }));
  return listings(world, 0, slots, hour);
}

/** One connected realm's auctions at an hour: gear and caged pets. */
export function realmAuctions(world: DemoWorld, connectedRealmId: number, hour: number): DemoAuction[] {
  const gear: Slot[] = world.items
    .filter((i) => i.market === 'realm')
    .map((i, index) => ({
      key: 100 + index,
      depth: i.depth,
      price: (h) => priceAt(world, i.basePrice, i.trend, i.id + connectedRealmId, h),
      quantity: () => 1,
      item: () => ({ id: i.id, bonus_lists: [10371, 1527] }),
      commodity: false,
    }));
  const pets: Slot[] = world.species.map((s, index) => ({
    key: 200 + index,
    depth: 2,
    price: (h) => priceAt(world, s.basePrice, 0.15, s.id + connectedRealmId, h),
    quantity: () => 1,
    item: () => ({ id: PET_CAGE, pet_species_id: s.id, pet_breed_id: 3 + (s.id % 10), pet_level: 1 + (s.id % 25), pet_quality_id: 3 }),
    commodity: false,
  }));
  return listings(world, connectedRealmId, [...gear, ...pets], hour);
}

function listings(world: DemoWorld, market: number, slots: Slot[], hour: number): DemoAuction[] {
  const out: DemoAuction[] = [];
  for (const slot of slots) {
    for (let k = 0; k < slot.depth; k++) {
      const offset = Math.floor(unit(world.seed, market, slot.key, k, 11) * LISTED_HOURS);
      const day = Math.floor((hour - offset) / LISTED_HOURS);
      const age = hour - offset - day * LISTED_HOURS;
      const u = unit(world.seed, market, slot.key, k, day);
      // Seven in ten listings sell, between 2 and 20 hours after they were posted.
      const lifetime = u < 0.7 ? 2 + Math.floor((u / 0.7) * 18) : LISTED_HOURS;
      if (age >= lifetime) continue;
      const price = Math.max(1, Math.round(slot.price(hour - age) * (0.94 + 0.16 * unit(world.seed, market, slot.key, k, day, 5))));
      const auction: DemoAuction = {
        id: 1_000_000_000 + market * 100_000 + (slot.key * 64 + k) * 4096 + (((day % 4096) + 4096) % 4096),
        item: slot.item(),
        quantity: slot.quantity(unit(world.seed, market, slot.key, k, day, 6)),
        time_left: timeLeft(LISTED_HOURS - age),
      };
      if (slot.commodity) auction.unit_price = price;
      else auction.buyout = price;
      out.push(auction);
    }
  }
  return out;
}

function timeLeft(hours: number): DemoAuction['time_left'] {
  if (hours > 12) return 'VERY_LONG';
  if (hours > 2) return 'LONG';
  if (hours > 1) return 'MEDIUM';
  return 'SHORT';
}

/**
 * The hours the demo scrapes, oldest first, ending at the hour before `now`:
 * every 6 hours over the days of history, then every hour of the last `hourly`.
 */
export function snapshotHours(now: number, days: number, hourly: number): number[] {
  const last = Math.floor(now / HOUR_MS) - 1;
  const first = last - Math.floor((days * DAY_MS) / HOUR_MS);
  const hours: number[] = [];
  for (let h = first; h <= last - hourly; h++) if (h % 6 === 0) hours.push(h);
  for (let h = last - hourly + 1; h <= last; h++) hours.push(h);
  return hours;
}

/**
 * Price statistics of one item in one snapshot, from its listings sorted by unit
 * price. Listings are (price, quantity) pairs; every statistic is weighted by
 * quantity as if each unit were listed on its own, without expanding them.
 */
export interface PriceStats {
  minPrice: number;
  maxPrice: number;
  meanPrice: number;
  medianPrice: number;
  marketValue: number;
  totalQuantity: number;
}

/** TSM's AuctionDB constants (support.tradeskillmaster.com, Kamoo's re-implementation). */
export const MARKET_VALUE = {
  sampleLow: 0.15,
  sampleHigh: 0.3,
  maxJump: 1.2,
  maxDeviations: 1.5,
} as const;

/**
 * `prices`/`quantities` hold `count` listings sorted by price ascending (other
 * slots ignored). Quantities are positive.
 */
export function priceStats(prices: Float64Array, quantities: Float64Array, count: number): PriceStats {
  let total = 0;
  let weighted = 0;
  for (let i = 0; i < count; i++) {
    total += quantities[i]!;
    weighted += prices[i]! * quantities[i]!;
  }
  return {
    minPrice: prices[0]!,
    maxPrice: prices[count - 1]!,
    meanPrice: weighted / total,
    medianPrice: weightedMedian(prices, quantities, count, total),
    marketValue: marketValue(prices, quantities, count, total),
    totalQuantity: total,
  };
}

/** The smallest price at which the cumulative quantity, cheapest first, reaches half the total. */
function weightedMedian(prices: Float64Array, quantities: Float64Array, count: number, total: number): number {
  let cumulative = 0;
  for (let i = 0; i < count; i++) {
    cumulative += quantities[i]!;
    if (cumulative * 2 >= total) return prices[i]!;
  }
  return prices[count - 1]!;
}

/**
 * TSM's per-scan market value: take the cheapest units — at least 15 % of them,
 * at most 30 %, stopping early (past 15 %) at the first price step of 20 % or
 * more — drop units more than 1.5 standard deviations from that sample's mean,
 * and average the rest.
 */
/** Reused between calls: units taken from each listing (no allocation per item). */
let scratch = new Float64Array(1024);

export function marketValue(prices: Float64Array, quantities: Float64Array, count: number, total: number): number {
  const low = Math.max(1, Math.floor(total * MARKET_VALUE.sampleLow));
  const high = Math.max(1, Math.floor(total * MARKET_VALUE.sampleHigh));
  // Units taken from each listing, cheapest first; `taken` units in all.
  let taken = 0;
  let last = 0; // listings touched
  let sum = 0;
  if (scratch.length < count) scratch = new Float64Array(Math.max(count, scratch.length * 2));
  const takeFrom = scratch;
  for (let i = 0; i < count && taken < high; i++) {
    const price = prices[i]!;
    // Only the first unit of a listing can be a price step; the rest repeat its price.
    if (taken >= low && i > 0 && price >= MARKET_VALUE.maxJump * prices[i - 1]!) break;
    const units = Math.min(quantities[i]!, high - taken);
    takeFrom[i] = units;
    taken += units;
    sum += units * price;
    last = i + 1;
  }
  const mean = sum / taken;
  // Two passes: prices reach 1e11 copper, where E[x²]−E[x]² loses all precision.
  let squares = 0;
  for (let i = 0; i < last; i++) squares += takeFrom[i]! * (prices[i]! - mean) ** 2;
  const deviation = Math.sqrt(squares / taken);
  const limit = MARKET_VALUE.maxDeviations * deviation;
  let keptUnits = 0;
  let keptSum = 0;
  for (let i = 0; i < last; i++) {
    if (Math.abs(prices[i]! - mean) > limit) continue;
    keptUnits += takeFrom[i]!;
    keptSum += takeFrom[i]! * prices[i]!;
  }
  return Math.round(keptUnits > 0 ? keptSum / keptUnits : mean);
}

import { UsageError } from '../errors.js';

/** Regions of the Game Data API. CN has no public API for realm data and is out of scope. */
export const REGIONS = ['us', 'eu', 'kr', 'tw'] as const;
export type Region = (typeof REGIONS)[number];

export function parseRegions(text: string): Region[] {
  const regions = text
    .split(',')
    .map((r) => r.trim().toLowerCase())
    .filter(Boolean);
  if (regions.length === 0) throw new UsageError('--region needs at least one of us, eu, kr, tw');
  for (const region of regions) {
    if (!(REGIONS as readonly string[]).includes(region)) {
      throw new UsageError(`unknown region '${region}': choose from ${REGIONS.join(', ')}`);
    }
  }
  return [...new Set(regions)] as Region[];
}

export function isRegion(value: string): value is Region {
  return (REGIONS as readonly string[]).includes(value);
}

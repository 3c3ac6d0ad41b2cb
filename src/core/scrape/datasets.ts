import type { Region } from '../blizzard/regions.js';

/**
 * A dataset is one thing fetched per region: the region-wide commodities, one
 * connected realm's auctions, or the WoW Token price. Its key names it in the
 * scraper log, snapshots and output: `us/commodities`, `eu/realm/1080`, `us/token`.
 */
export type Dataset =
  | { kind: 'commodities'; key: string; region: Region; connectedRealmId: null }
  | { kind: 'realm'; key: string; region: Region; connectedRealmId: number }
  | { kind: 'token'; key: string; region: Region; connectedRealmId: null }
  | { kind: 'realm-index'; key: string; region: Region; connectedRealmId: null };

export type AuctionDataset = Extract<Dataset, { kind: 'commodities' | 'realm' }>;

export function commoditiesDataset(region: Region): Dataset {
  return { kind: 'commodities', key: `${region}/commodities`, region, connectedRealmId: null };
}

export function realmDataset(region: Region, connectedRealmId: number): Dataset {
  return { kind: 'realm', key: `${region}/realm/${connectedRealmId}`, region, connectedRealmId };
}

export function tokenDataset(region: Region): Dataset {
  return { kind: 'token', key: `${region}/token`, region, connectedRealmId: null };
}

/** The connected-realm list of a region, fetched for `--realms all`. */
export function realmIndexDataset(region: Region): Dataset {
  return { kind: 'realm-index', key: `${region}/realm-index`, region, connectedRealmId: null };
}

export function datasetPath(dataset: Dataset): string {
  switch (dataset.kind) {
    case 'commodities':
      return '/data/wow/auctions/commodities';
    case 'realm':
      return `/data/wow/connected-realm/${dataset.connectedRealmId}/auctions`;
    case 'token':
      return '/data/wow/token/index';
    case 'realm-index':
      return '/data/wow/connected-realm/index';
  }
}

export function auctionTable(dataset: AuctionDataset): 'goblin.commodity_auctions' | 'goblin.realm_auctions' {
  return dataset.kind === 'commodities' ? 'goblin.commodity_auctions' : 'goblin.realm_auctions';
}

/**
 * What every SavedVariables reader produces, whatever the addon: characters,
 * guilds and the warband with their facts, and observations — the contents of one
 * storage location of one owner at one moment. The store decides what replaces
 * what; readers only report what the file says, with the time it says it.
 */
import type { ParsedItemLink } from './item-link.js';

export const LOCATIONS = ['bags', 'bank', 'reagent_bank', 'warband_bank', 'guild_bank', 'mail', 'auction', 'equipped', 'void'] as const;
export type Location = (typeof LOCATIONS)[number];

/**
 * Warband bank tabs are stored as 13–17 (tab n is 12 + n): the bag ids of
 * clients before 11.2, which Syndicator data (tab n, stored as 12 + n) and
 * older DataStore files carry. Clients since 11.2 number them 12–16
 * (Enum.BagIndex.AccountBankTab_1 = 12); readers of their bag ids add one, so
 * one tab keeps one number whichever addon or client era reported it.
 */
export const STORED_WARBAND_FIRST_TAB = 13;
/** Enum.BagIndex.AccountBankTab_1 on clients since 11.2. */
export const CLIENT_WARBAND_FIRST_TAB = 12;

export interface CharacterRef {
  kind: 'character';
  /** Holocron account name (WTF/Account/<name>, DataStore's imported account, or --account). */
  account: string;
  realm: string;
  name: string;
  guid?: string;
}

export interface GuildRef {
  kind: 'guild';
  realm: string;
  name: string;
}

export interface WarbandRef {
  kind: 'warband';
  account: string;
}

export type OwnerRef = CharacterRef | GuildRef | WarbandRef;

/** One occupied slot. Name, quality, bonus ids and pet fields come from the link, in the store. */
export interface Stack {
  /** Bag index, bank tab, guild tab, mail number … as the addon numbers it. */
  container: number;
  slot: number;
  itemId: number;
  count: number;
  link?: string;
  quality?: number;
  bound?: boolean;
  /** Unix seconds: mail expiry, auction end. */
  expiresAt?: number;
  bid?: number;
  buyout?: number;
  auctionId?: number;
  /** The link as parsed by the reader, kept so the store does not parse it again. */
  parsedLink?: ParsedItemLink | undefined;
  /** Exact item level of this item (Holocron's collector only). */
  itemLevel?: number;
  /** Whether its appearance is already collected (Holocron's collector only; absent: unknown or none). */
  appearanceCollected?: boolean;
}

export interface ContainerInfo {
  name?: string;
  size?: number;
}

export interface Observation {
  owner: OwnerRef;
  location: Location;
  /** Part of a location with its own timestamp (a guild-bank tab); '' for the whole. */
  section: string;
  /** Unix seconds: when the addon last saw this location. */
  observedAt: number;
  stacks: Stack[];
  containers?: Record<number, ContainerInfo>;
  /** Copper held in the location itself: money attached to mail. */
  money?: number;
}

export interface CharacterFacts {
  ref: CharacterRef;
  /** Unix seconds of the facts below (money in particular). */
  observedAt?: number;
  faction?: string;
  className?: string;
  race?: string;
  level?: number;
  money?: number;
  guild?: { realm: string; name: string };
  /** Currency id → quantity. */
  currencies?: Map<number, number>;
  specId?: number;
  /** us, kr, eu, tw, cn: the client's own region. */
  region?: string;
}

export interface GuildFacts {
  ref: GuildRef;
  observedAt?: number;
  faction?: string;
  money?: number;
}

export interface WarbandFacts {
  ref: WarbandRef;
  observedAt: number;
  money?: number;
}

export interface OwnedPet {
  account: string;
  guid: string;
  speciesId?: number;
  creatureId?: number;
  level?: number;
  quality?: number;
  maxHealth?: number;
  power?: number;
  speed?: number;
}

export interface TeamPet {
  slot: number;
  guid?: string;
  speciesId?: number;
  abilityIds: number[];
  /** Leveling slot (Rematch 0 / "ZL") or a random pet of a family ("random:10"). */
  placeholder?: string;
  /** Rematch 5's compact pet tag, kept as written. */
  tag?: string;
}

export interface Team {
  key: string;
  name: string;
  group?: string;
  notes?: string;
  targetNpcIds: number[];
  pets: TeamPet[];
}

export interface TeamSet {
  account: string;
  source: 'rematch4' | 'rematch5';
  observedAt: number;
  teams: Team[];
}

/** DataStore's numeric ids, from DataStore.lua; every module file is keyed by them. */
export interface DataStoreIds {
  account: string;
  characters: Map<number, CharacterRef>;
  guilds: Map<number, GuildRef>;
}

/** What only Holocron's own addon saves (docs/collector-format.md); each part with the time it was read. */
export interface GearFacts {
  ref: CharacterRef;
  observedAt: number;
  averageItemLevel?: number;
  equippedItemLevel?: number;
  slots: Array<{ slot: number; itemId: number; link: string; itemLevel?: number }>;
}

export interface VaultFacts {
  ref: CharacterRef;
  observedAt: number;
  hasRewards?: boolean;
  activities: Array<{ type: string; index: number; threshold: number; progress: number; level?: number; id?: number }>;
}

export interface Lockout {
  name: string;
  lockoutId?: number;
  /** Unix seconds. */
  resetsAt: number;
  difficultyId: number;
  locked: boolean;
  extended: boolean;
  isRaid: boolean;
  maxPlayers?: number;
  encounters?: number;
  encountersKilled?: number;
  instanceId: number;
}

export interface CollectorFacts {
  gear: GearFacts[];
  vaults: VaultFacts[];
  lockouts: Array<{ ref: CharacterRef; observedAt: number; list: Lockout[] }>;
  keystones: Array<{ ref: CharacterRef; observedAt: number; mapId?: number; challengeMapId?: number; level?: number }>;
  quests: Array<{ ref: CharacterRef; observedAt: number; done: number[] }>;
  collections: Array<{ account: string; kind: 'mount' | 'toy'; observedAt: number; ids: number[] }>;
  /** The whole pet journal of an account: pets missing from a newer one are gone. */
  journals: Array<{ account: string; observedAt: number; pets: OwnedPet[] }>;
  /** The client's next weekly reset (Unix seconds) for its region. */
  resets: Array<{ ref: CharacterRef; region: string; nextResetAt: number; observedAt: number }>;
}

export function emptyCollectorFacts(): CollectorFacts {
  return { gear: [], vaults: [], lockouts: [], keystones: [], quests: [], collections: [], journals: [], resets: [] };
}

export interface Extract {
  formats: string[];
  characters: CharacterFacts[];
  guilds: GuildFacts[];
  warbands: WarbandFacts[];
  observations: Observation[];
  ownedPets: OwnedPet[];
  teamSets: TeamSet[];
  dataStoreIds?: DataStoreIds;
  collector?: CollectorFacts;
  notes: string[];
}

export function emptyExtract(): Extract {
  return { formats: [], characters: [], guilds: [], warbands: [], observations: [], ownedPets: [], teamSets: [], notes: [] };
}

/** Realm identity across addons: "Twisting Nether", "TwistingNether", "twisting-nether" are one realm. */
export function realmKey(realm: string): string {
  return realm.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** The label players use in game: Name-Realm with the realm's spaces and hyphens dropped. */
export function characterLabel(name: string, realm: string): string {
  return `${name}-${realm.replace(/[\s-]/g, '')}`;
}

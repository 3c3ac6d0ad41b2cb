/** A /simc export read into plain values; docs/simc.md describes the text. */

/** SimC's equipment slot names, in the addon's output order. */
export const SIMC_SLOTS = [
  'head', 'neck', 'shoulder', 'back', 'chest', 'shirt', 'tabard', 'wrist', 'hands', 'waist',
  'legs', 'feet', 'finger1', 'finger2', 'trinket1', 'trinket2', 'main_hand', 'off_hand', 'ranged', 'ammo',
] as const;
export type SimcSlot = (typeof SIMC_SLOTS)[number];

/** Class tokens the addon writes (Tokenize of the class file); older exports spelled two of them with "_". */
export const SIMC_CLASSES = [
  'warrior', 'paladin', 'hunter', 'rogue', 'priest', 'deathknight', 'death_knight', 'shaman', 'mage',
  'warlock', 'monk', 'druid', 'demonhunter', 'demon_hunter', 'evoker',
] as const;

export interface SimcItem {
  slot: string;
  itemId: number;
  /** From the "# Name (ilvl)" comment the addon writes above the line. */
  name?: string;
  itemLevel?: number;
  bonusIds: number[];
  enchantId?: number;
  gemIds: number[];
  craftedStats: number[];
  dropLevel?: number;
  /** Every key=value of the line in order, known or not (gem_bonus_id, crafting_quality, content_tuning …). */
  options: Record<string, string>;
  /** The item string as written, without the "# " of bag and vault lines. */
  line: string;
  /** The "# upgrade_levels=…" comment (debug exports at an upgrade vendor). */
  upgradeLevels?: string;
  lineNumber: number;
}

export interface SimcLoadout {
  kind: 'saved' | 'offspec';
  name: string;
  /** The loadout string; offspec ones carry their own spec id. */
  talents: string;
  /** The "### Offspec Loadouts: <Spec>" heading above an offspec loadout. */
  spec?: string;
}

export interface SimcHeader {
  name: string;
  spec: string;
  /** "YYYY-MM-DD HH:MM", the player's wall clock: no time zone. */
  exportedLocal: string;
  region: string;
  /** The realm as the game names it ("Twisting Nether", "燃烧之刃"; Latin names for Russian realms). */
  realm: string;
}

export interface SimcExport {
  header?: SimcHeader;
  addonVersion?: string;
  wowVersion?: string;
  wowBuild?: number;
  toc?: number;
  /** The class token: deathknight, evoker … */
  className: string;
  characterName: string;
  level?: number;
  race?: string;
  region?: string;
  /** The realm's SimC token: twisting_nether. */
  server?: string;
  role?: string;
  professions: Array<{ name: string; rank: number }>;
  spec?: string;
  lootSpec?: string;
  talents?: string;
  loadouts: SimcLoadout[];
  /** Other active options: zandalari_loa, omnium_talents and other trait systems, unknown ones. */
  options: Record<string, string>;
  equipped: SimcItem[];
  bags: SimcItem[];
  vault: SimcItem[];
  /** `### Additional Character Info`: catalyst_currencies, upgrade_currencies, slot_high_watermarks … */
  additional: Record<string, string>;
  checksum: string;
  checksumLine: number;
  notes: string[];
}

/**
 * Game ids DataStore packs into integers (ChrClasses, ChrRaces). Names are the
 * client's language-independent class/race files, as Syndicator saves them.
 */
const CLASS_FILES: Record<number, string> = {
  1: 'WARRIOR',
  2: 'PALADIN',
  3: 'HUNTER',
  4: 'ROGUE',
  5: 'PRIEST',
  6: 'DEATHKNIGHT',
  7: 'SHAMAN',
  8: 'MAGE',
  9: 'WARLOCK',
  10: 'MONK',
  11: 'DRUID',
  12: 'DEMONHUNTER',
  13: 'EVOKER',
};

const RACES: Record<number, [file: string, faction: 'Alliance' | 'Horde' | 'Neutral']> = {
  1: ['Human', 'Alliance'],
  2: ['Orc', 'Horde'],
  3: ['Dwarf', 'Alliance'],
  4: ['NightElf', 'Alliance'],
  5: ['Scourge', 'Horde'],
  6: ['Tauren', 'Horde'],
  7: ['Gnome', 'Alliance'],
  8: ['Troll', 'Horde'],
  9: ['Goblin', 'Horde'],
  10: ['BloodElf', 'Horde'],
  11: ['Draenei', 'Alliance'],
  22: ['Worgen', 'Alliance'],
  24: ['Pandaren', 'Neutral'],
  25: ['Pandaren', 'Alliance'],
  26: ['Pandaren', 'Horde'],
  27: ['Nightborne', 'Horde'],
  28: ['HighmountainTauren', 'Horde'],
  29: ['VoidElf', 'Alliance'],
  30: ['LightforgedDraenei', 'Alliance'],
  31: ['ZandalariTroll', 'Horde'],
  32: ['KulTiran', 'Alliance'],
  34: ['DarkIronDwarf', 'Alliance'],
  35: ['Vulpera', 'Horde'],
  36: ['MagharOrc', 'Horde'],
  37: ['Mechagnome', 'Alliance'],
  52: ['Dracthyr', 'Alliance'],
  70: ['Dracthyr', 'Horde'],
  84: ['EarthenDwarf', 'Horde'],
  85: ['EarthenDwarf', 'Alliance'],
  86: ['Haranir', 'Horde'],
  91: ['Haranir', 'Alliance'],
};

export function classFile(classId: number): string | undefined {
  return CLASS_FILES[classId];
}

export function raceFile(raceId: number): string | undefined {
  return RACES[raceId]?.[0];
}

export function raceFaction(raceId: number): string | undefined {
  const faction = RACES[raceId]?.[1];
  return faction === 'Neutral' ? undefined : faction;
}

/** "Death Knight", "DEATH_KNIGHT", "deathknight" → "DEATHKNIGHT" when it is an English class name. */
export function normaliseClass(name: string): string | undefined {
  const compact = name.toUpperCase().replace(/[^A-Z]/g, '');
  return Object.values(CLASS_FILES).includes(compact) ? compact : undefined;
}

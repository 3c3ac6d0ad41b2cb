/**
 * /simc exports written the way the SimulationCraft addon writes them
 * (simc-addon core.lua GetSimcProfile: the same lines in the same order, "\n"
 * endings, a blank line before `# Checksum:`). The checksum comes from zlib —
 * a deflate stream ends with the adler32 of its input — so the reader under
 * test is checked against an independent implementation, not against itself.
 */
import { deflateSync } from 'node:zlib';

export interface FixtureItem {
  slot: string;
  id: number;
  name: string;
  ilvl: number;
  /** Written after id= in this order, as the addon does: enchant_id, gem_id, bonus_id, drop_level, crafted_stats … */
  options?: Record<string, string>;
}

export interface FixtureExport {
  name: string;
  className: string;
  spec: string;
  /** The header's spelling of the spec ("Beast Mastery"). */
  specTitle?: string;
  region: string;
  realm: string;
  server: string;
  level?: number;
  race?: string;
  date?: string;
  talents?: string;
  loadouts?: Array<{ name: string; talents: string }>;
  offspec?: { spec: string; loadouts: Array<{ name: string; talents: string }> };
  equipped: FixtureItem[];
  bags?: FixtureItem[];
  vault?: FixtureItem[];
  additional?: Record<string, string>;
}

export function zlibAdler32Hex(text: string | Buffer): string {
  const deflated = deflateSync(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
  return deflated.readUInt32BE(deflated.length - 4).toString(16);
}

export function itemString(item: FixtureItem): string {
  const options = Object.entries(item.options ?? {}).map(([k, v]) => `${k}=${v}`);
  return `${item.slot}=${[`,id=${item.id}`, ...options].join(',')}`;
}

/** The text before the checksum line: what the addon sums. */
export function simcBody(e: FixtureExport): string {
  const lines = [
    `# ${e.name} - ${e.specTitle ?? e.spec} - ${e.date ?? '2026-11-24 21:05'} - ${e.region.toUpperCase()}/${e.realm}`,
    '# SimC Addon 12.1.0-01',
    '# WoW 12.1.0.69299, TOC 120100',
    '# Requires SimulationCraft 1000-01 or newer',
    '',
    `${e.className}="${e.name}"`,
    `level=${e.level ?? 90}`,
    `race=${e.race ?? 'orc'}`,
    `region=${e.region}`,
    `server=${e.server}`,
    'role=attack',
    'professions=engineering=71/skinning=100',
    `spec=${e.spec}`,
    `# loot_spec=${e.spec}`,
    '',
    `talents=${e.talents ?? 'CsPAkXBWxkyfx9CbGaHonEAhLNAzMMjZAz2MzMzMLzMjMjxYYmxgZmZmZmZmZAAAAAAAAAYMbDMgFwywEyYBzMmZGYAYYmBYmBD'}`,
    '',
  ];
  for (const l of e.loadouts ?? []) lines.push(`# Saved Loadout: ${l.name}`, `# talents=${l.talents}`);
  if (e.offspec) {
    lines.push('', `### Offspec Loadouts: ${e.offspec.spec}`);
    for (const l of e.offspec.loadouts) lines.push(`# Offspec Loadout: ${l.name}`, `# offspec_talents=${l.talents}`);
  }
  lines.push('');
  for (const item of e.equipped) lines.push(`# ${item.name} (${item.ilvl})`, itemString(item));
  if (e.bags?.length) {
    lines.push('', '### Gear from Bags');
    for (const item of e.bags) lines.push('#', `# ${item.name} (${item.ilvl})`, `# ${itemString(item)}`);
  }
  if (e.vault?.length) {
    lines.push('', '### Weekly Reward Choices');
    for (const item of e.vault) lines.push('#', `# ${item.name} (${item.ilvl})`, `# ${itemString(item)}`);
    lines.push('#', '### End of Weekly Reward Choices');
  }
  lines.push('', '### Additional Character Info');
  for (const [k, v] of Object.entries(e.additional ?? { upgrade_currencies: 'c:3347:77/i:211296:11' })) lines.push('#', `# ${k}=${v}`);
  lines.push('');
  return `${lines.join('\n')}\n`;
}

export function simcExport(e: FixtureExport): string {
  const body = simcBody(e);
  return `${body}# Checksum: ${zlibAdler32Hex(body)}`;
}

/** A warrior on a Chinese realm: UTF-8 name and realm, every section the addon writes. */
export const CN_WARRIOR: FixtureExport = {
  name: '战神阿瑞斯',
  className: 'warrior',
  spec: 'arms',
  specTitle: 'Arms',
  region: 'cn',
  realm: '燃烧之刃',
  server: '燃烧之刃',
  loadouts: [
    { name: '团本 单体', talents: 'CcEAAAAAAAAAAAAAAAAAAAAAAgZmZMzMzMjZGzMzMLzMDAAAAAAAAAAAAYGAAAAAmZmZmlZGAYmB' },
    { name: 'M+ AoE', talents: 'CcEAAAAAAAAAAAAAAAAAAAAAAgZmZMzMzMjZGzMzMLzMDAAAAAAAAAAAAYGAAAAAmZmZmlZGAYmC' },
  ],
  offspec: { spec: 'Fury', loadouts: [{ name: 'Fury raid', talents: 'CgEAAAAAAAAAAAAAAAAAAAAAAgZmZMzMzMjZGzMzMLzMDAAAAAAAAAAAAYGAAAAAmZmZmlZGAYmB' }] },
  equipped: [
    { slot: 'head', id: 211984, name: '裂解者头盔', ilvl: 636, options: { enchant_id: '7936', gem_id: '213746', bonus_id: '10876/10371/6652/10383/1540/10255' } },
    { slot: 'neck', id: 225577, name: 'Sureki Zealot\'s Insignia', ilvl: 639, options: { gem_id: '213494/213494', bonus_id: '6652/10354/10267/1524', drop_level: '80' } },
    { slot: 'back', id: 222817, name: 'Consecrated Cloak', ilvl: 636, options: { enchant_id: '7403', bonus_id: '10421/9633/8902/9627/10222/11144/11300/10520/8960', crafted_stats: '36/49', crafting_quality: '5' } },
    { slot: 'finger1', id: 215135, name: 'Ring of Earthen Craftsmanship', ilvl: 636, options: { enchant_id: '7340', gem_id: '0/213494', bonus_id: '10421/9633', crafted_stats: '40/32', gem_bonus_id: '10879' } },
    { slot: 'main_hand', id: 222447, name: 'Charged Facesmasher', ilvl: 639, options: { enchant_id: '7460', bonus_id: '10421/9633/8902', drop_level: '80', crafted_stats: '32/40' } },
  ],
  bags: [
    { slot: 'finger1', id: 221136, name: 'Devoted Pledge', ilvl: 619, options: { bonus_id: '6652/10354/1511' } },
    { slot: 'trinket1', id: 219314, name: 'Ara-Kara Sacbrood', ilvl: 626, options: { bonus_id: '10390/6652/10383' } },
  ],
  vault: [{ slot: 'legs', id: 212450, name: 'Living Weapon\'s Greaves', ilvl: 645, options: { bonus_id: '10356/10299/1527/10255' } }],
  additional: {
    catalyst_currencies: '2813:8',
    upgrade_currencies: 'c:2914:120/c:2915:45/i:211296:6',
    slot_high_watermarks: '0:593:606/1:590:603',
    upgrade_achievements: '40107/40942',
  },
};

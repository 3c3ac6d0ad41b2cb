/**
 * `holocron simc <Name-Realm>`: the character's newest /simc profile, ready
 * to paste into Raidbots. When the newest gear is the export's own, the
 * export is printed exactly as the addon wrote it (its checksum still holds).
 * When another source saw newer gear (the collector; the combat log later),
 * the export's worn items are replaced by that gear and the checksum line by a
 * note: the text is no longer the addon's, so it carries no addon checksum.
 */
import type { Database } from '../../db/pool.js';
import { DataError } from '../../errors.js';
import { findCharacter, type FoundCharacter } from './find-character.js';
import { newestGear, type GearLine, type GearSnapshot, type GearSource } from './gear-sources.js';
import { isItemLine } from './item-line.js';

export interface StoredProfileRow {
  profileId: number;
  observedAt: string;
  exportedLocal: string | null;
  addonVersion: string | null;
  spec: string | null;
  checksum: string;
  sourcePath: string;
}

export interface SimcProfileReport {
  character: string;
  knownFrom: 'addon' | 'simc';
  gearSource: GearSnapshot['source'];
  gearObservedAt: string;
  profile: StoredProfileRow | null;
  equipped: GearLine[];
  /** The profile text to paste. */
  text: string;
  notes: string[];
}

export async function simcProfile(db: Database, who: string, options: { region?: string; sources?: readonly GearSource[] } = {}): Promise<SimcProfileReport> {
  const character = await findCharacter(db, who, options.region);
  const { newest } = await newestGear(db, character.ownerIds, options.sources);
  const stored = await latestProfile(db, character.ownerIds);
  if (!newest) throw new DataError(`${character.label}: no /simc export and no gear stored; run /simc in game and holocron ingest the export`);
  const notes: string[] = [];
  let text: string;
  if (stored && newest.source === 'simc' && newest.profileId === stored.row.profileId) text = stored.rawText;
  else {
    notes.push(`gear from the ${newest.source} (${newest.observedAt.toISOString()}), newer than ${stored ? `the /simc export of ${stored.row.observedAt}` : 'any /simc export (none stored)'}`);
    text = stored ? withGear(stored.rawText, newest) : minimalProfile(character, newest);
  }
  return {
    character: character.label,
    knownFrom: character.knownFrom,
    gearSource: newest.source,
    gearObservedAt: newest.observedAt.toISOString(),
    profile: stored?.row ?? null,
    equipped: newest.items,
    text,
    notes,
  };
}

async function latestProfile(db: Database, ownerIds: readonly number[]): Promise<{ row: StoredProfileRow; rawText: string } | undefined> {
  const [row] = await db.query<{ profile_id: number; observed_at: Date; exported_local: string | null; addon_version: string | null; spec: string | null; checksum: string; source_path: string; raw_text: string }>(
    `SELECT profile_id, observed_at, to_char(exported_local, 'YYYY-MM-DD HH24:MI') AS exported_local, addon_version, spec, checksum, source_path, raw_text
     FROM skillweaver.simc_profiles WHERE owner_id = ANY($1) ORDER BY observed_at DESC, profile_id DESC LIMIT 1`,
    [ownerIds],
  );
  if (!row) return undefined;
  return {
    rawText: row.raw_text,
    row: {
      profileId: row.profile_id,
      observedAt: row.observed_at.toISOString(),
      exportedLocal: row.exported_local,
      addonVersion: row.addon_version,
      spec: row.spec,
      checksum: row.checksum,
      sourcePath: row.source_path,
    },
  };
}

/** The export with its worn-gear block (each item line and its "# Name (ilvl)" comment) replaced. */
function withGear(rawText: string, gear: GearSnapshot): string {
  const lines = rawText.replace(/\r\n/g, '\n').split('\n');
  const drop = new Set<number>();
  lines.forEach((line, index) => {
    // Worn items are the only active item lines; bag and vault items are comments.
    if (!isItemLine(line)) return;
    drop.add(index);
    if (/^# .* \(\d+\)$/.test(lines[index - 1] ?? '')) drop.add(index - 1);
  });
  const first = drop.size ? Math.min(...drop) : lines.findIndex((l) => l.startsWith('### ') || l.startsWith('# Checksum:'));
  const out: string[] = [];
  lines.forEach((line, index) => {
    if (index === first) out.push(...gearBlock(gear));
    if (drop.has(index) || line.startsWith('# Checksum:')) return;
    out.push(line);
  });
  return `${out.join('\n').trimEnd()}\n\n${rebuiltNote(gear)}\n`;
}

function minimalProfile(character: FoundCharacter, gear: GearSnapshot): string {
  if (!character.className) throw new DataError(`${character.label}: no /simc export stored and its class is unknown; run /simc in game and holocron ingest the export`);
  const lines = [
    `# ${character.name} - ${character.region?.toUpperCase() ?? '?'}/${character.realm}`,
    '# no /simc export stored: no talents, spec or professions',
    '',
    `${character.className.toLowerCase()}="${character.name}"`,
    ...(character.level ? [`level=${character.level}`] : []),
    ...(character.region ? [`region=${character.region}`] : []),
    `server=${character.realm.toLowerCase().replace(/ /g, '_').replace(/[^\p{L}\p{N}_.%+]/gu, '')}`,
    '',
    ...gearBlock(gear),
    '',
    rebuiltNote(gear),
  ];
  return `${lines.join('\n')}\n`;
}

function gearBlock(gear: GearSnapshot): string[] {
  return gear.items.flatMap((item) => [...(item.name ? [`# ${item.name}${item.itemLevel ? ` (${item.itemLevel})` : ''}`] : []), item.line]);
}

function rebuiltNote(gear: GearSnapshot): string {
  return `# Gear from the ${gear.source}, seen ${gear.observedAt.toISOString()}; rebuilt by holocron, so no addon checksum`;
}

/**
 * Which readers a SavedVariables file needs, decided by the globals it assigns
 * rather than its name (users rename, back up and merge files). One file can
 * need several: a DataStore file right after the 2024 upgrade holds both layouts.
 */
import type { SavedVariables } from '../../lua/saved-variables.js';
import { emptyExtract, type Extract } from '../model.js';
import { DATASTORE_CURRENT_GLOBALS, readDataStoreCurrent } from './datastore-current.js';
import { readDataStoreIdentity } from './datastore-identity.js';
import { DATASTORE_LEGACY_GLOBALS, readDataStoreLegacy } from './datastore-legacy.js';
import type { ReaderContext } from './reader.js';
import { HOLOCRON_GLOBALS, readHolocron } from './holocron.js';
import { REMATCH_GLOBALS, readRematch } from './rematch.js';
import { SYNDICATOR_GLOBALS, readSyndicator } from './syndicator.js';

interface Reader {
  name: string;
  globals: readonly string[];
  read: (sv: SavedVariables, ctx: ReaderContext) => Extract;
}

// Identity first: it is what the module readers of the same file would need.
const READERS: Reader[] = [
  { name: 'datastore-ids', globals: ['DataStore_CharacterIDs'], read: readDataStoreIdentity },
  { name: 'datastore', globals: DATASTORE_CURRENT_GLOBALS, read: readDataStoreCurrent },
  { name: 'datastore-legacy', globals: DATASTORE_LEGACY_GLOBALS, read: readDataStoreLegacy },
  { name: 'syndicator', globals: SYNDICATOR_GLOBALS, read: readSyndicator },
  { name: 'rematch', globals: REMATCH_GLOBALS, read: readRematch },
  { name: 'holocron', globals: HOLOCRON_GLOBALS, read: readHolocron },
];

/**
 * Names assigned at the start of a line: every top-level statement the client
 * writes. A cheap look before parsing, so a 50 MB file of an addon we do not
 * read is skipped without being parsed.
 */
export function sniffGlobals(bytes: Buffer): string[] {
  const text = bytes.toString('latin1');
  const names = new Set<string>();
  for (const match of text.matchAll(/^\uFEFF?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=/gm)) names.add(match[1]!);
  return [...names];
}

export function readersFor(globals: readonly string[]): string[] {
  return READERS.filter((r) => r.globals.some((g) => globals.includes(g))).map((r) => r.name);
}

/** Runs every reader the file's globals call for and merges what they found. */
export function extract(sv: SavedVariables, ctx: ReaderContext): Extract {
  const present = [...sv.keys()];
  const merged = emptyExtract();
  let context = ctx;
  for (const reader of READERS) {
    if (!reader.globals.some((g) => present.includes(g) && sv.get(g) != null)) continue;
    const part = reader.read(sv, context);
    if (part.dataStoreIds) context = { ...context, dataStoreIds: part.dataStoreIds };
    mergeInto(merged, part);
  }
  return merged;
}

function mergeInto(target: Extract, part: Extract): void {
  for (const format of part.formats) if (!target.formats.includes(format)) target.formats.push(format);
  target.characters.push(...part.characters);
  target.guilds.push(...part.guilds);
  target.warbands.push(...part.warbands);
  target.observations.push(...part.observations);
  target.ownedPets.push(...part.ownedPets);
  target.teamSets.push(...part.teamSets);
  target.notes.push(...part.notes);
  if (part.dataStoreIds) target.dataStoreIds = part.dataStoreIds;
  if (part.collector) target.collector = part.collector;
}

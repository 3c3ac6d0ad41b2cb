import { DataError } from '../errors.js';
import { readItem, text, type ItemRow } from './documents.js';

/**
 * Encounter-journal documents → rows: journal instances (with their map id, the
 * id lockouts carry), encounters and their drops, the mount index, and what a
 * drop's item document says about what it teaches (use-spell names) and which
 * appearances it has.
 */
type Json = Record<string, unknown>;

const int = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : null);
const obj = (value: unknown): Json | null => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null);
const list = (value: unknown): Json[] => (Array.isArray(value) ? (value.filter((v) => obj(v) !== null) as Json[]) : []);

function requireId(doc: Json, what: string): number {
  const id = int(doc.id);
  if (id === null) throw new DataError(`${what} document has no numeric "id"`);
  return id;
}

/** `[{ key, name, id }]` references, deduplicated, in the document's order. */
function refs(value: unknown): Array<{ id: number; name: string | null }> {
  const seen = new Map<number, string | null>();
  for (const entry of list(value)) {
    const id = int(entry.id);
    if (id !== null && !seen.has(id)) seen.set(id, text(entry.name));
  }
  return [...seen].map(([id, name]) => ({ id, name }));
}

export interface JournalInstanceRow {
  journalInstanceId: number;
  name: string;
  mapId: number | null;
  category: string | null;
  expansionId: number | null;
  expansion: string | null;
  minimumLevel: number | null;
  modes: string[];
  encounters: Array<{ id: number; name: string }>;
}

export function readJournalInstance(doc: Json): JournalInstanceRow {
  const expansion = obj(doc.expansion);
  const modes = list(doc.modes).flatMap((m) => {
    const type = text(obj(m.mode)?.type);
    return type ? [type] : [];
  });
  return {
    journalInstanceId: requireId(doc, 'journal instance'),
    name: text(doc.name) ?? '',
    mapId: int(obj(doc.map)?.id),
    category: text(obj(doc.category)?.type),
    expansionId: int(expansion?.id),
    expansion: text(expansion?.name),
    minimumLevel: int(doc.minimum_level),
    modes: [...new Set(modes)],
    encounters: refs(doc.encounters).map((e) => ({ id: e.id, name: e.name ?? '' })),
  };
}

export interface JournalEncounterRow {
  journalEncounterId: number;
  /** `items[].item`: the item itself (items[].id is the journal's own loot-row id). */
  items: Array<{ itemId: number; itemName: string | null }>;
}

export function readJournalEncounter(doc: Json): JournalEncounterRow {
  return {
    journalEncounterId: requireId(doc, 'journal encounter'),
    items: refs(list(doc.items).map((entry) => obj(entry.item) ?? {})).map((i) => ({ itemId: i.id, itemName: i.name })),
  };
}

export function readMountIndex(doc: Json): Array<{ mountId: number; name: string }> {
  const mounts = refs(doc.mounts).flatMap((m) => (m.name ? [{ mountId: m.id, name: m.name }] : []));
  if (mounts.length === 0) throw new DataError('/data/wow/mount/index lists no mounts');
  return mounts;
}

export interface DropItemRow {
  item: ItemRow;
  spellNames: string[];
  appearanceIds: number[];
}

export function readDropItem(doc: Json): DropItemRow {
  const preview = obj(doc.preview_item);
  const spellNames = list(preview?.spells ?? doc.spells).flatMap((s) => {
    const name = text(obj(s.spell)?.name);
    return name ? [name] : [];
  });
  const appearanceIds = list(doc.appearances).flatMap((a) => {
    const id = int(a.id);
    return id === null ? [] : [id];
  });
  return { item: readItem(doc), spellNames: [...new Set(spellNames)], appearanceIds: [...new Set(appearanceIds)] };
}

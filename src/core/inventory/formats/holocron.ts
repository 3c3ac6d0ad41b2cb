/**
 * HolocronDB: what Holocron's own addon saves (docs/collector-format.md) —
 * per character, keyed by GUID: the bags and bank with each item's exact level,
 * bound state and whether its appearance is collected; gear; the Great Vault;
 * lockouts; the keystone; weekly quests; and account-wide the warband bank,
 * mounts, toys and the pet journal. Every section carries the time it was read.
 */
import { LuaTable, bool, str, table, type LuaValue } from '../../lua/lua-table.js';
import type { SavedVariables } from '../../lua/saved-variables.js';
import { emptyCollectorFacts, emptyExtract, type CharacterRef, type ContainerInfo, type Extract, type GearFacts, type Lockout, type Stack, type VaultFacts, CLIENT_WARBAND_FIRST_TAB, STORED_WARBAND_FIRST_TAB } from '../model.js';
import { normaliseClass } from '../wow-ids.js';
import { withLink } from './datastore-common.js';
import { BIG_INT, COUNT, ID, INT32, SMALL_INT, UNIX_TIME, checkNumber, numberField } from './fields.js';
import type { ReaderContext } from './reader.js';

export const HOLOCRON_GLOBALS = ['HolocronDB'] as const;

/** The HolocronDB layout this reader knows. */
export const HOLOCRON_DB_VERSION = 1;

/** GetCurrentRegion()'s numbers (community map; Blizzard compares region names, not numbers). */
const REGIONS: Record<number, string> = { 1: 'us', 2: 'kr', 3: 'eu', 4: 'tw', 5: 'cn' };

const LEVEL: typeof SMALL_INT = { ...SMALL_INT, what: 'an item level', min: 0, max: 10_000 };
/** Averages have fractions (GetAverageItemLevel). */
const AVERAGE_LEVEL: typeof SMALL_INT = { what: 'an average item level', min: 0, max: 10_000, integer: false };

export function readHolocron(sv: SavedVariables, ctx: ReaderContext): Extract {
  const out = emptyExtract();
  out.formats.push('holocron');
  const db = table(sv.get('HolocronDB'));
  if (!db) return out;
  const collector = emptyCollectorFacts();
  out.collector = collector;
  const version = numberField(db, 'version', INT32);
  if (version !== undefined && version > HOLOCRON_DB_VERSION) {
    out.notes.push(`HolocronDB is version ${version}, newer than this holocron reads (${HOLOCRON_DB_VERSION}): read what it knows; upgrade holocron to read the rest`);
  }
  const characters = table(db.get('characters'));
  for (const guid of characters?.stringKeys() ?? []) {
    const entry = table(characters!.get(guid));
    if (entry) readCharacter(guid, entry, ctx, out);
  }
  const warband = table(db.get('warband'));
  if (warband) readWarband(warband, ctx, out);
  return out;
}

function readCharacter(guid: string, entry: LuaTable, ctx: ReaderContext, out: Extract): void {
  const name = str(entry.get('name'));
  const realm = str(entry.get('realm'));
  if (!name || !realm || !/^Player-/.test(guid)) {
    out.notes.push(`HolocronDB.characters["${guid}"]: no name, realm or player GUID; skipped`);
    return;
  }
  const ref: CharacterRef = { kind: 'character', account: ctx.account, realm, name, guid };
  const collector = out.collector!;
  const savedAt = numberField(entry, 'savedAt', UNIX_TIME);
  const region = REGIONS[numberField(entry, 'region', INT32) ?? 0];
  const facts: Extract['characters'][number] = { ref };
  if (savedAt !== undefined) facts.observedAt = savedAt;
  const className = normaliseClass(str(entry.get('class')) ?? '');
  if (className) facts.className = className;
  const level = numberField(entry, 'level', SMALL_INT);
  if (level !== undefined) facts.level = level;
  const specId = numberField(entry, 'specId', INT32);
  if (specId !== undefined && specId > 0) facts.specId = specId;
  if (region) facts.region = region;
  out.characters.push(facts);

  const resetAt = numberField(entry, 'weeklyResetAt', UNIX_TIME);
  if (region && resetAt !== undefined && savedAt !== undefined) collector.resets.push({ ref, region, nextResetAt: resetAt, observedAt: savedAt });

  for (const location of ['bags', 'bank'] as const) {
    const section = table(entry.get(location));
    const at = numberField(section, 'at', UNIX_TIME);
    if (section && at !== undefined) {
      out.observations.push({ owner: ref, location, section: '', observedAt: at, stacks: items(table(section.get('items'))), containers: tabNames(section, 0) });
    }
  }
  readGear(ref, table(entry.get('gear')), out);
  readVault(ref, table(entry.get('vault')), out);
  readLockouts(ref, table(entry.get('lockouts')), out);
  const keystone = table(entry.get('keystone'));
  const keyAt = numberField(keystone, 'at', UNIX_TIME);
  if (keystone && keyAt !== undefined) {
    collector.keystones.push({
      ref,
      observedAt: keyAt,
      ...optional('mapId', numberField(keystone, 'mapId', ID)),
      ...optional('challengeMapId', numberField(keystone, 'challengeMapId', ID)),
      ...optional('level', numberField(keystone, 'level', SMALL_INT)),
    });
  }
  const quests = table(entry.get('quests'));
  const questsAt = numberField(quests, 'at', UNIX_TIME);
  if (quests && questsAt !== undefined) collector.quests.push({ ref, observedAt: questsAt, done: ids(table(quests.get('done'))) });
}

function readGear(ref: CharacterRef, gear: LuaTable | undefined, out: Extract): void {
  const at = numberField(gear, 'at', UNIX_TIME);
  if (!gear || at === undefined) return;
  const slots: GearFacts['slots'] = [];
  const list = table(gear.get('slots'));
  for (const [slot, value] of list?.integerEntries() ?? []) {
    const piece = table(value);
    const link = str(piece?.get(1));
    if (!piece || !link) continue;
    const stack = withLink({ container: 0, slot: checkNumber(slot, SMALL_INT, list!, slot, 'slot '), itemId: 0, count: 1 }, link);
    if (stack.itemId <= 0) continue;
    const itemLevel = levelOf(piece, 2);
    slots.push({ slot, itemId: stack.itemId, link, ...(itemLevel !== undefined && { itemLevel }) });
  }
  out.collector!.gear.push({
    ref,
    observedAt: at,
    slots,
    ...optional('averageItemLevel', numberField(gear, 'average', AVERAGE_LEVEL)),
    ...optional('equippedItemLevel', numberField(gear, 'equipped', AVERAGE_LEVEL)),
  });
}

function readVault(ref: CharacterRef, vault: LuaTable | undefined, out: Extract): void {
  const at = numberField(vault, 'at', UNIX_TIME);
  if (!vault || at === undefined) return;
  const activities: VaultFacts['activities'] = [];
  const list = table(vault.get('activities'));
  for (const [, value] of list?.integerEntries() ?? []) {
    const a = table(value);
    const type = str(a?.get(1));
    const index = numberField(a, 2, SMALL_INT);
    const threshold = numberField(a, 3, INT32);
    const progress = numberField(a, 4, INT32);
    if (!a || !type || index === undefined || threshold === undefined || progress === undefined) continue;
    activities.push({ type, index, threshold, progress, ...optional('level', numberField(a, 5, INT32)), ...optional('id', numberField(a, 6, INT32)) });
  }
  const hasRewards = bool(vault.get('hasRewards'));
  out.collector!.vaults.push({ ref, observedAt: at, activities, ...(hasRewards !== undefined && { hasRewards }) });
}

function readLockouts(ref: CharacterRef, lockouts: LuaTable | undefined, out: Extract): void {
  const at = numberField(lockouts, 'at', UNIX_TIME);
  if (!lockouts || at === undefined) return;
  const list: Lockout[] = [];
  for (const [, value] of table(lockouts.get('list'))?.integerEntries() ?? []) {
    const l = table(value);
    const name = str(l?.get(1));
    const resetsAt = numberField(l, 3, UNIX_TIME);
    const difficultyId = numberField(l, 4, INT32);
    const instanceId = numberField(l, 11, INT32);
    if (!l || !name || resetsAt === undefined || difficultyId === undefined || instanceId === undefined) continue;
    list.push({
      name,
      resetsAt,
      difficultyId,
      instanceId,
      locked: bool(l.get(5)) ?? false,
      extended: bool(l.get(6)) ?? false,
      isRaid: bool(l.get(7)) ?? false,
      ...optional('lockoutId', numberField(l, 2, BIG_INT)),
      ...optional('maxPlayers', numberField(l, 8, INT32)),
      ...optional('encounters', numberField(l, 9, INT32)),
      ...optional('encountersKilled', numberField(l, 10, INT32)),
    });
  }
  out.collector!.lockouts.push({ ref, observedAt: at, list });
}

function readWarband(warband: LuaTable, ctx: ReaderContext, out: Extract): void {
  const collector = out.collector!;
  const bank = table(warband.get('bank'));
  const bankAt = numberField(bank, 'at', UNIX_TIME);
  if (bank && bankAt !== undefined) {
    const shift = STORED_WARBAND_FIRST_TAB - CLIENT_WARBAND_FIRST_TAB;
    out.observations.push({ owner: { kind: 'warband', account: ctx.account }, location: 'warband_bank', section: '', observedAt: bankAt, stacks: items(table(bank.get('items')), shift), containers: tabNames(bank, shift) });
  }
  for (const [key, kind] of [['mounts', 'mount'], ['toys', 'toy']] as const) {
    const section = table(warband.get(key));
    const at = numberField(section, 'at', UNIX_TIME);
    if (section && at !== undefined) collector.collections.push({ account: ctx.account, kind, observedAt: at, ids: ids(table(section.get('ids'))) });
  }
  const pets = table(warband.get('pets'));
  const petsAt = numberField(pets, 'at', UNIX_TIME);
  if (!pets || petsAt === undefined) return;
  const journal: Extract['ownedPets'] = [];
  for (const [, value] of table(pets.get('list'))?.integerEntries() ?? []) {
    const pet = table(value);
    const guid = str(pet?.get(1));
    const speciesId = numberField(pet, 2, ID);
    if (!pet || !guid || !/^BattlePet-/i.test(guid) || speciesId === undefined) continue;
    journal.push({
      account: ctx.account,
      guid,
      speciesId,
      ...optional('level', numberField(pet, 3, SMALL_INT)),
      ...optional('quality', numberField(pet, 4, SMALL_INT)),
      ...optional('maxHealth', numberField(pet, 5, INT32)),
      ...optional('power', numberField(pet, 6, INT32)),
      ...optional('speed', numberField(pet, 7, INT32)),
    });
  }
  collector.journals.push({ account: ctx.account, observedAt: petsAt, pets: journal });
}

/** `tabs` = { [bag id] = name }: the names players gave their bank tabs, as stored containers. */
function tabNames(section: LuaTable, bagShift: number): Record<number, ContainerInfo> {
  const containers: Record<number, ContainerInfo> = {};
  for (const [bag, name] of table(section.get('tabs'))?.integerEntries() ?? []) {
    const text = str(name);
    if (text) containers[bag + bagShift] = { name: text };
  }
  return containers;
}

/**
 * ITEM = { bag, slot, item id, count, link, item level | false, bound, appearance collected | nil }.
 * `bagShift` moves the client's bag ids to the stored numbering (warband tabs, model.ts).
 */
function items(list: LuaTable | undefined, bagShift = 0): Stack[] {
  const stacks: Stack[] = [];
  for (const [index, value] of list?.integerEntries() ?? []) {
    const item = table(value);
    const itemId = numberField(item, 3, INT32);
    if (!item || itemId === undefined || itemId <= 0) continue;
    const container = checkNumber(numberField(item, 1, INT32) ?? 0, INT32, item, 1, 'bag ') + bagShift;
    const slot = numberField(item, 2, INT32) ?? index;
    const stack = withLink({ container, slot, itemId: checkNumber(itemId, ID, item, 3, 'item id '), count: numberField(item, 4, COUNT) ?? 1 }, str(item.get(5)));
    const itemLevel = levelOf(item, 6);
    if (itemLevel !== undefined) stack.itemLevel = itemLevel;
    const bound = bool(item.get(7));
    if (bound !== undefined) stack.bound = bound;
    const appearance = bool(item.get(8));
    if (appearance !== undefined) stack.appearanceCollected = appearance;
    stacks.push(stack);
  }
  return stacks;
}

/** An item level, or undefined for `false` (the item has none) and absence. */
function levelOf(t: LuaTable, key: number): number | undefined {
  const value: LuaValue | undefined = t.get(key);
  if (typeof value !== 'number') return undefined;
  return Math.round(checkNumber(value, LEVEL, t, key, 'item level '));
}

function ids(list: LuaTable | undefined): number[] {
  const out: number[] = [];
  for (const [index, value] of list?.integerEntries() ?? []) if (typeof value === 'number') out.push(checkNumber(value, ID, list!, index, 'id '));
  return out;
}

function optional<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}


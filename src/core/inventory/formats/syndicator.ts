/**
 * Syndicator (Baganator's data layer): SYNDICATOR_DATA, or BAGANATOR_DATA from
 * installs that predate the split — the same shape.
 *
 * Syndicator records no times at all, so every observation carries the file's
 * modification time: copy files with their times kept (rsync -t, cp -p).
 */
import { LuaTable, bool, num, str, table, type LuaValue } from '../../lua/lua-table.js';
import type { SavedVariables } from '../../lua/saved-variables.js';
import { emptyExtract, type CharacterFacts, type CharacterRef, type ContainerInfo, type Extract, type GuildRef, type Location, type OwnerRef, type Stack, STORED_WARBAND_FIRST_TAB } from '../model.js';
import { normaliseClass } from '../wow-ids.js';
import { withLink } from './datastore-common.js';
import { BIG_INT, COUNT, ID, INT32, MONEY, SMALL_INT, UNIX_TIME, checkNumber, numberField } from './fields.js';
import type { ReaderContext } from './reader.js';

export const SYNDICATOR_GLOBALS = ['SYNDICATOR_DATA', 'BAGANATOR_DATA'] as const;

const BANK_FIRST_TAB = 6; // Enum.BagIndex.CharacterBankTab_1
const WARBAND_FIRST_TAB = STORED_WARBAND_FIRST_TAB;

export function readSyndicator(sv: SavedVariables, ctx: ReaderContext): Extract {
  const out = emptyExtract();
  out.formats.push('syndicator');
  const data = table(sv.get('SYNDICATOR_DATA')) ?? table(sv.get('BAGANATOR_DATA'));
  if (!data) return out;
  const at = ctx.fileTime;
  const characters = table(data.get('Characters'));
  for (const key of characters?.stringKeys() ?? []) {
    const entry = table(characters!.get(key));
    if (entry) readCharacter(key, entry, ctx, out);
  }
  const guilds = table(data.get('Guilds'));
  for (const key of guilds?.stringKeys() ?? []) {
    const entry = table(guilds!.get(key));
    if (entry) readGuild(key, entry, at, out);
  }
  const warband = table(table(data.get('Warband'))?.get(1));
  if (warband) {
    const owner = { kind: 'warband', account: ctx.account } as const;
    const money = numberField(warband, 'money', MONEY);
    out.warbands.push({ ref: owner, observedAt: at, ...(money !== undefined && { money }) });
    const tabs = tabStacks(table(warband.get('bank')), WARBAND_FIRST_TAB);
    if (tabs) out.observations.push({ owner, location: 'warband_bank', section: '', observedAt: at, ...tabs });
  }
  return out;
}

function readCharacter(key: string, entry: LuaTable, ctx: ReaderContext, out: Extract): void {
  const details = table(entry.get('details'));
  const [keyName, keyRealm] = splitOnce(key, '-');
  const name = str(details?.get('character')) ?? keyName;
  const realm = str(details?.get('realm')) ?? str(details?.get('realmNormalized')) ?? keyRealm;
  if (!name || !realm) {
    out.notes.push(`SYNDICATOR_DATA.Characters["${key}"]: no name or realm; skipped`);
    return;
  }
  const at = ctx.fileTime;
  const owner: CharacterRef = { kind: 'character', account: ctx.account, realm, name };
  out.characters.push(characterFacts(owner, entry, details, at));
  const observe = (location: Location, stacks: Stack[], section = '', containers?: Record<number, ContainerInfo>) =>
    out.observations.push({ owner, location, section, observedAt: at, stacks, ...(containers && { containers }) });

  const bags = table(entry.get('bags'));
  if (bags) observe('bags', bags.integerEntries().flatMap(([i, bag]) => slotStacks(i - 1, table(bag))));

  // 11.2+: bankTabs; before it, bank[] in AllBankIndexes order (-1, bank bags…, -3 reagent bank on retail).
  const bankTabs = tabStacks(table(entry.get('bankTabs')), BANK_FIRST_TAB);
  const oldBank = table(entry.get('bank'));
  if (bankTabs) observe('bank', bankTabs.stacks, '', bankTabs.containers);
  else if (oldBank && oldBank.size > 0) {
    const bankBags = oldBank.integerEntries();
    const hasReagentBank = bankBags.length === 9;
    const bank: Stack[] = [];
    for (const [i, bag] of bankBags) {
      if (hasReagentBank && i === 9) continue;
      bank.push(...slotStacks(i === 1 ? -1 : hasReagentBank ? i + 4 : i + 3, table(bag)));
    }
    observe('bank', bank);
    if (hasReagentBank) observe('reagent_bank', slotStacks(-3, table(oldBank.get(9))));
  }

  const equipped = table(entry.get('equipped'));
  if (equipped) observe('equipped', listStacks(0, equipped, 0));
  const bagItems = table(table(entry.get('containerInfo'))?.get('bags'));
  if (bagItems) observe('equipped', listStacks(1, bagItems, 1), 'bags');

  const mail = table(entry.get('mail'));
  if (mail) observe('mail', listStacks(0, mail, 1));
  const auctions = table(entry.get('auctions'));
  if (auctions) observe('auction', listStacks(0, auctions, 1));
  const voidStorage = table(entry.get('void'));
  if (voidStorage && voidStorage.size > 0) observe('void', voidStacks(voidStorage));
}

function characterFacts(ref: CharacterRef, entry: LuaTable, details: LuaTable | undefined, at: number): CharacterFacts {
  const facts: CharacterFacts = { ref, observedAt: at };
  const money = numberField(entry, 'money', MONEY);
  if (money !== undefined) facts.money = money;
  const className = normaliseClass(str(details?.get('className')) ?? '');
  if (className) facts.className = className;
  const race = str(details?.get('race'));
  if (race) facts.race = race;
  const faction = str(details?.get('faction'));
  if (faction) facts.faction = faction;
  const guild = str(details?.get('guild'));
  if (guild) {
    const [guildName, guildRealm] = splitLast(guild, '-');
    if (guildName) facts.guild = { name: guildName, realm: guildRealm || ref.realm };
  }
  const currencies = table(entry.get('currencies'));
  if (currencies) {
    facts.currencies = new Map();
    for (const [id, quantity] of currencies.integerEntries()) {
      if (typeof quantity !== 'number') continue;
      checkNumber(id, ID, currencies, id, 'currency id ');
      facts.currencies.set(id, checkNumber(quantity, BIG_INT, currencies, id));
    }
  }
  return facts;
}

function readGuild(key: string, entry: LuaTable, at: number, out: Extract): void {
  const details = table(entry.get('details'));
  const [keyName, keyRealm] = splitLast(key, '-');
  const name = str(details?.get('guild')) ?? keyName;
  const realm = str(details?.get('realm')) ?? keyRealm;
  if (!name || !realm) return;
  const owner: GuildRef = { kind: 'guild', realm, name };
  const money = numberField(entry, 'money', MONEY);
  const faction = str(details?.get('faction'));
  out.guilds.push({ ref: owner, observedAt: at, ...(money !== undefined && { money }), ...(faction && { faction }) });
  const bank = table(entry.get('bank'));
  for (const [tab, value] of bank?.integerEntries() ?? []) {
    const tabEntry = table(value);
    if (!tabEntry || bool(tabEntry.get('isViewable')) === false) continue;
    checkNumber(tab, INT32, bank!, tab, 'tab number ');
    const tabName = str(tabEntry.get('name'));
    out.observations.push({
      owner: owner as OwnerRef,
      location: 'guild_bank',
      section: String(tab),
      observedAt: at,
      stacks: slotStacks(tab, table(tabEntry.get('slots'))),
      containers: tabName ? { [tab]: { name: tabName } } : {},
    });
  }
}

/**
 * Tabbed banks ({slots, name}); undefined when there are no tabs — no data, not
 * an empty bank. Tabs are numbered by their bag ids, as DataStore numbers them
 * (character bank tabs 6–11, warband tabs 13–17: STORED_WARBAND_FIRST_TAB).
 */
function tabStacks(tabs: LuaTable | undefined, firstBagId: number): { stacks: Stack[]; containers: Record<number, ContainerInfo> } | undefined {
  const entries = tabs?.integerEntries() ?? [];
  if (entries.length === 0) return undefined;
  const stacks: Stack[] = [];
  const containers: Record<number, ContainerInfo> = {};
  for (const [tab, value] of entries) {
    const tabEntry = table(value);
    if (!tabEntry) continue;
    const bagId = checkNumber(firstBagId + tab - 1, INT32, tabs!, tab, 'tab number ');
    stacks.push(...slotStacks(bagId, table(tabEntry.get('slots'))));
    const name = str(tabEntry.get('name'));
    containers[bagId] = { ...(name && { name }), size: table(tabEntry.get('slots'))?.items.length ?? 0 };
  }
  return { stacks, containers };
}

function slotStacks(container: number, slots: LuaTable | undefined): Stack[] {
  const stacks: Stack[] = [];
  if (!slots) return stacks;
  for (const [slot, item] of slots.integerEntries()) {
    const stack = itemStack(container, checkNumber(slot, INT32, slots, slot, 'slot number '), item);
    if (stack) stacks.push(stack);
  }
  return stacks;
}

/** Stacks of a list of items (equipped, mail, auctions) numbered from `first`. */
function listStacks(container: number, list: LuaTable, first: number): Stack[] {
  const stacks: Stack[] = [];
  for (const [i, item] of list.integerEntries()) {
    const stack = itemStack(container, i + first - 1, item);
    if (stack) stacks.push(stack);
  }
  return stacks;
}

/** {itemID, itemCount, itemLink, quality, isBound, expirationTime?, auctionID?}; an empty slot is {}. */
function itemStack(container: number, slot: number, value: LuaValue | undefined): Stack | undefined {
  const item = table(value);
  // 0 or below marks an empty slot in some versions; anything else must be a real id.
  const itemId = numberField(item, 'itemID', INT32);
  if (!item || itemId === undefined || itemId <= 0) return undefined;
  const stack = withLink({ container, slot, itemId, count: numberField(item, 'itemCount', COUNT) ?? 1 }, str(item.get('itemLink')));
  const quality = numberField(item, 'quality', SMALL_INT);
  if (quality !== undefined) stack.quality = quality;
  const bound = bool(item.get('isBound'));
  if (bound !== undefined) stack.bound = bound;
  const expiresAt = numberField(item, 'expirationTime', UNIX_TIME);
  if (expiresAt !== undefined) stack.expiresAt = expiresAt;
  const auctionId = numberField(item, 'auctionID', BIG_INT);
  if (auctionId !== undefined) stack.auctionId = auctionId;
  return stack;
}

function voidStacks(voidStorage: LuaTable): Stack[] {
  const entries = voidStorage.integerEntries();
  const tabbed = entries.some(([, v]) => v instanceof LuaTable && !v.has('itemID') && v.integerEntries().length > 0);
  if (!tabbed) return listStacks(1, voidStorage, 1);
  return entries.flatMap(([tab, slots]) => slotStacks(tab, table(slots)));
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}

function splitLast(text: string, separator: string): [string, string] {
  const at = text.lastIndexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}

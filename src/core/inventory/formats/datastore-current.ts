/**
 * DataStore module files in the current layout (2024.05 rewrite onward): plain
 * global tables per module, every per-character table an array indexed by the
 * ids in DataStore.lua. Times are DataStore's own `lastUpdate` stamps; a
 * character entry without one has never been scanned and says nothing.
 */
import { LuaTable, num, str, table } from '../../lua/lua-table.js';
import type { SavedVariables } from '../../lua/saved-variables.js';
import { emptyExtract, type CharacterRef, type Extract, type Location, type Observation, type Stack, CLIENT_WARBAND_FIRST_TAB, STORED_WARBAND_FIRST_TAB } from '../model.js';
import { classFile, raceFaction, raceFile } from '../wow-ids.js';
import { auctionStacks, byId, mailbox, packedStacks, withLink } from './datastore-common.js';
import { NeedsDataStoreIds, type ReaderContext } from './reader.js';
import { BIG_INT, ID, INT32, MONEY, UNIX_TIME, checkNumber, numberField } from './fields.js';

/** Globals keyed by DataStore character/guild ids. */
export const DATASTORE_ID_KEYED = [
  'DataStore_Containers_Characters',
  'DataStore_Containers_Banks',
  'DataStore_Containers_Reagents',
  'DataStore_Containers_VoidStorage',
  'DataStore_Containers_Guilds',
  'DataStore_Characters_Info',
  'DataStore_Mails_Characters',
  'DataStore_Auctions_AuctionsList',
  'DataStore_Auctions_Characters',
  'DataStore_Inventory_Characters',
] as const;

export const DATASTORE_CURRENT_GLOBALS = [...DATASTORE_ID_KEYED, 'DataStore_Containers_Warbank', 'DataStore_Pets_GUIDs'] as const;

const BANK_BAGS = [6, 7, 8, 9, 10, 11, 12];
const CARRIED_BAGS = [-2, 0, 1, 2, 3, 4, 5];

export function readDataStoreCurrent(sv: SavedVariables, ctx: ReaderContext): Extract {
  const out = emptyExtract();
  out.formats.push('datastore');
  const keyed = DATASTORE_ID_KEYED.filter((name) => hasEntries(sv.get(name)));
  if (keyed.length > 0 && !ctx.dataStoreIds) throw new NeedsDataStoreIds(keyed);
  const reader = new CurrentReader(sv, ctx, out);
  reader.containers();
  reader.warbank();
  reader.guildBanks();
  reader.characterInfo();
  reader.mail();
  reader.auctions();
  reader.equipped();
  reader.pets();
  return out;
}

function hasEntries(value: unknown): boolean {
  return value instanceof LuaTable && value.size > 0;
}

class CurrentReader {
  private readonly missing = new Map<string, number[]>();

  constructor(
    private readonly sv: SavedVariables,
    private readonly ctx: ReaderContext,
    private readonly out: Extract,
  ) {}

  private character(global: string, id: number): CharacterRef | undefined {
    const ref = this.ctx.dataStoreIds?.characters.get(id);
    if (!ref) this.missing.set(global, [...(this.missing.get(global) ?? []), id]);
    return ref;
  }

  private observe(owner: CharacterRef, location: Location, observedAt: number, stacks: Stack[], extra: Partial<Observation> = {}): void {
    this.out.observations.push({ owner, location, section: '', observedAt, stacks, ...extra });
  }

  /** Bags and bank bags, the pre-11.2 main bank, the reagent bank and void storage; one time per character. */
  containers(): void {
    const banks = table(this.sv.get('DataStore_Containers_Banks'));
    const reagents = table(this.sv.get('DataStore_Containers_Reagents'));
    const voids = table(this.sv.get('DataStore_Containers_VoidStorage'));
    for (const [id, entry] of byId(this.sv.get('DataStore_Containers_Characters'))) {
      const observedAt = numberField(entry, 'lastUpdate', UNIX_TIME);
      const owner = this.character('DataStore_Containers_Characters', id);
      if (!owner || observedAt === undefined) continue;
      const containers = table(entry.get('Containers'));
      const bags: Stack[] = [];
      for (const bag of CARRIED_BAGS) bags.push(...this.bag(containers, bag));
      this.observe(owner, 'bags', observedAt, bags);
      this.observe(owner, 'equipped', observedAt, bagItems(containers, [1, 2, 3, 4, 5]), { section: 'bags' });

      const bank = table(banks?.get(id));
      const bankSeen = BANK_BAGS.some((bag) => containers?.has(bag)) || bank?.has('items') || bank?.get('visited') === true;
      if (bankSeen) {
        const stacks = packedStacks(-1, table(bank?.get('items')), table(bank?.get('links')));
        for (const bag of BANK_BAGS) stacks.push(...this.bag(containers, bag));
        this.observe(owner, 'bank', observedAt, stacks, { containers: bankTabNames(bank) });
      }
      const reagent = table(reagents?.get(id));
      if (reagent?.has('items')) this.observe(owner, 'reagent_bank', observedAt, packedStacks(-3, table(reagent.get('items')), table(reagent.get('links'))));
      const voidStorage = table(voids?.get(id));
      if (voidStorage && voidStorage.size > 0) this.observe(owner, 'void', observedAt, voidStacks(voidStorage));
    }
    this.noteMissing();
  }

  private bag(containers: LuaTable | undefined, bag: number): Stack[] {
    const entry = table(containers?.get(bag));
    return entry ? packedStacks(bag, table(entry.get('items')), table(entry.get('links'))) : [];
  }

  /** The account bank has no time of its own: the newest character scan in the file stands for it. */
  warbank(): void {
    const warbank = table(this.sv.get('DataStore_Containers_Warbank'));
    if (!warbank || warbank.size === 0) return;
    const stacks: Stack[] = [];
    const containers: Record<number, { name?: string }> = {};
    const tabs = byId(warbank);
    for (const [tab] of tabs) checkNumber(tab, INT32, warbank, tab, 'tab number ');
    // Tabs are bought in order, so the first is always there: 12 means the
    // 11.2+ numbering, which moves up by one to the stored one (model.ts).
    const shift = Math.min(...tabs.map(([tab]) => tab)) === CLIENT_WARBAND_FIRST_TAB ? STORED_WARBAND_FIRST_TAB - CLIENT_WARBAND_FIRST_TAB : 0;
    for (const [tab, entry] of tabs) {
      stacks.push(...packedStacks(tab + shift, table(entry.get('items')), table(entry.get('links'))));
      const name = str(entry.get('name'));
      if (name) containers[tab + shift] = { name };
    }
    const times = byId(this.sv.get('DataStore_Containers_Characters')).map(([, c]) => numberField(c, 'lastUpdate', UNIX_TIME) ?? 0);
    const observedAt = Math.max(0, ...times) || this.ctx.fileTime;
    this.out.observations.push({ owner: { kind: 'warband', account: this.ctx.account }, location: 'warband_bank', section: '', observedAt, stacks, containers });
  }

  /** Guild banks: each tab carries the time its visitor saw it. */
  guildBanks(): void {
    for (const [id, entry] of byId(this.sv.get('DataStore_Containers_Guilds'))) {
      const guild = this.ctx.dataStoreIds?.guilds.get(id);
      if (!guild) {
        this.out.notes.push(`DataStore_Containers_Guilds[${id}]: no guild with that id in DataStore.lua; skipped`);
        continue;
      }
      let newest: number | undefined;
      for (const [tab, tabEntry] of byId(entry.get('Tabs'))) {
        checkNumber(tab, INT32, table(entry.get('Tabs'))!, tab, 'tab number ');
        const observedAt = numberField(tabEntry, 'ClientTime', UNIX_TIME) ?? this.ctx.fileTime;
        newest = Math.max(newest ?? 0, observedAt);
        const stacks = packedStacks(tab, table(tabEntry.get('items')), table(tabEntry.get('links')));
        const name = str(tabEntry.get('name'));
        this.out.observations.push({ owner: guild, location: 'guild_bank', section: String(tab), observedAt, stacks, containers: name ? { [tab]: { name } } : {} });
      }
      const money = numberField(entry, 'money', MONEY);
      const faction = str(entry.get('faction'));
      this.out.guilds.push({ ref: guild, ...(newest !== undefined && { observedAt: newest }), ...(money !== undefined && { money }), ...(faction && { faction }) });
    }
  }

  /** BaseInfo packs level (bits 0–6), class (7–10) and race (11–17). */
  characterInfo(): void {
    for (const [id, info] of byId(this.sv.get('DataStore_Characters_Info'))) {
      const ref = this.character('DataStore_Characters_Info', id);
      if (!ref) continue;
      const base = numberField(info, 'BaseInfo', BIG_INT);
      const facts: Extract['characters'][number] = { ref };
      const observedAt = numberField(info, 'lastUpdate', UNIX_TIME);
      if (observedAt !== undefined) facts.observedAt = observedAt;
      const money = numberField(info, 'money', MONEY);
      if (money !== undefined && observedAt !== undefined) facts.money = money;
      if (base !== undefined) {
        facts.level = base % 128;
        const className = classFile(Math.floor(base / 128) % 16);
        const raceId = Math.floor(base / 2048) % 128;
        if (className) facts.className = className;
        const race = raceFile(raceId);
        if (race) facts.race = race;
        const faction = raceFaction(raceId);
        if (faction) facts.faction = faction;
      }
      this.out.characters.push(facts);
    }
    this.noteMissing();
  }

  mail(): void {
    for (const [id, entry] of byId(this.sv.get('DataStore_Mails_Characters'))) {
      const box = mailbox(entry);
      const owner = box?.observedAt !== undefined ? this.character('DataStore_Mails_Characters', id) : undefined;
      if (owner && box?.observedAt !== undefined) this.observe(owner, 'mail', box.observedAt, box.stacks, { money: box.money });
    }
    this.noteMissing();
  }

  auctions(): void {
    const lists = table(this.sv.get('DataStore_Auctions_AuctionsList'));
    for (const [id, entry] of byId(this.sv.get('DataStore_Auctions_Characters'))) {
      const scannedAt = numberField(entry, 'lastAuctionsScan', UNIX_TIME) ?? numberField(entry, 'lastUpdate', UNIX_TIME);
      const owner = this.character('DataStore_Auctions_Characters', id);
      if (!owner || scannedAt === undefined) continue;
      this.observe(owner, 'auction', scannedAt, auctionStacks(table(lists?.get(id)), scannedAt));
    }
    this.noteMissing();
  }

  /** Inventory[slot] is an item id, or the full link when the item is enchanted or gemmed. */
  equipped(): void {
    for (const [id, entry] of byId(this.sv.get('DataStore_Inventory_Characters'))) {
      const observedAt = numberField(entry, 'lastUpdate', UNIX_TIME);
      const owner = this.character('DataStore_Inventory_Characters', id);
      if (!owner || observedAt === undefined) continue;
      this.observe(owner, 'equipped', observedAt, equippedStacks(table(entry.get('Inventory'))));
    }
    this.noteMissing();
  }

  /** DataStore_Pets_GUIDs: every journal pet of the account, GUID → creature id. */
  pets(): void {
    const guids = table(this.sv.get('DataStore_Pets_GUIDs'));
    for (const guid of guids?.stringKeys() ?? []) {
      const creatureId = numberField(guids, guid, ID);
      this.out.ownedPets.push({ account: this.ctx.account, guid, ...(creatureId !== undefined && { creatureId }) });
    }
  }

  private noteMissing(): void {
    for (const [global, ids] of this.missing) {
      this.out.notes.push(`${global}: ids ${ids.join(', ')} are not in DataStore.lua (deleted characters?); skipped`);
    }
    this.missing.clear();
  }
}

export function equippedStacks(inventory: LuaTable | undefined): Stack[] {
  const stacks: Stack[] = [];
  for (const [slot, value] of inventory?.integerEntries() ?? []) {
    checkNumber(slot, INT32, inventory!, slot, 'slot number ');
    if (typeof value === 'number' && value > 0) stacks.push({ container: 0, slot, itemId: checkNumber(value, ID, inventory!, slot, 'item id '), count: 1 });
    else if (typeof value === 'string') {
      const stack = withLink({ container: 0, slot, itemId: 0, count: 1 }, value);
      if (stack.itemId > 0) stacks.push(stack);
    }
  }
  return stacks;
}

/** The bags themselves, equipped in the bag slots: Containers[bag].link. */
function bagItems(containers: LuaTable | undefined, bags: number[]): Stack[] {
  const stacks: Stack[] = [];
  for (const bag of bags) {
    const link = str(table(containers?.get(bag))?.get('link'));
    const stack = link ? withLink({ container: 1, slot: bag, itemId: 0, count: 1 }, link) : undefined;
    if (stack && stack.itemId > 0) stacks.push(stack);
  }
  return stacks;
}

/** Void storage: {items, links} for the whole vault, or one such table per tab. */
function voidStacks(voidStorage: LuaTable): Stack[] {
  if (voidStorage.has('items')) return packedStacks(1, table(voidStorage.get('items')), table(voidStorage.get('links')));
  return byId(voidStorage).flatMap(([tab, entry]) => packedStacks(tab, table(entry.get('items')), table(entry.get('links'))));
}

/** From 11.2 the bank entry names its tabs by bag id. */
function bankTabNames(bank: LuaTable | undefined): Record<number, { name?: string }> {
  const names: Record<number, { name?: string }> = {};
  for (const [bag, entry] of byId(bank)) {
    const name = str(entry.get('name'));
    if (name) names[bag] = { name };
  }
  return names;
}

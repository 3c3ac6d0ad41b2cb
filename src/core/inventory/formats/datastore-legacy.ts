/**
 * DataStore's AceDB layout (up to 2024.04), still common in old WTF folders:
 * one `DataStore_<Module>DB` per file, characters under
 * `global.Characters["Account.Realm.Name"]`, guilds under `global.Guilds`.
 */
import { LuaTable, num, str, table } from '../../lua/lua-table.js';
import type { SavedVariables } from '../../lua/saved-variables.js';
import { emptyExtract, type CharacterFacts, type CharacterRef, type Extract, type Location, type Stack } from '../model.js';
import { normaliseClass } from '../wow-ids.js';
import { auctionStacks, characterFromKey, guildFromKey, idCountStacks, mailbox, withLink } from './datastore-common.js';
import { equippedStacks } from './datastore-current.js';
import type { ReaderContext } from './reader.js';
import { INT32, MONEY, SMALL_INT, UNIX_TIME, checkNumber, numberField } from './fields.js';

export const DATASTORE_LEGACY_GLOBALS = [
  'DataStoreDB',
  'DataStore_ContainersDB',
  'DataStore_CharactersDB',
  'DataStore_MailsDB',
  'DataStore_AuctionsDB',
  'DataStore_InventoryDB',
] as const;

export function readDataStoreLegacy(sv: SavedVariables, ctx: ReaderContext): Extract {
  const out = emptyExtract();
  out.formats.push('datastore-legacy');
  const read = new LegacyReader(ctx, out);
  read.core(global(sv, 'DataStoreDB'));
  read.containers(global(sv, 'DataStore_ContainersDB'));
  read.characters(global(sv, 'DataStore_CharactersDB'));
  read.mail(global(sv, 'DataStore_MailsDB'));
  read.auctions(global(sv, 'DataStore_AuctionsDB'));
  read.equipped(global(sv, 'DataStore_InventoryDB'));
  return out;
}

function global(sv: SavedVariables, name: string): LuaTable | undefined {
  return table(table(sv.get(name))?.get('global'));
}

function entries(value: LuaTable | undefined, key: string): Array<[string, LuaTable]> {
  const parent = table(value?.get(key));
  const out: Array<[string, LuaTable]> = [];
  for (const name of parent?.stringKeys() ?? []) {
    const entry = table(parent!.get(name));
    if (entry) out.push([name, entry]);
  }
  return out;
}

/** Reagent bag (5) and bank bags 6–12 since Dragonflight; before it bank bags were 5–11. */
function bankBagIds(containers: LuaTable): number[] {
  const dragonflight = containers.has('Bag12') || (containers.has('Bag5') && !containers.has('Bag100'));
  return dragonflight ? [6, 7, 8, 9, 10, 11, 12] : [5, 6, 7, 8, 9, 10, 11];
}

class LegacyReader {
  constructor(
    private readonly ctx: ReaderContext,
    private readonly out: Extract,
  ) {}

  private character(key: string): CharacterRef | undefined {
    const ref = characterFromKey(key, this.ctx.account);
    if (!ref) this.out.notes.push(`DataStore key "${key}" is not Account.Realm.Name; skipped`);
    return ref;
  }

  private observe(owner: CharacterRef, location: Location, observedAt: number, stacks: Stack[], money?: number): void {
    this.out.observations.push({ owner, location, section: '', observedAt, stacks, ...(money ? { money } : {}) });
  }

  /** DataStoreDB: faction and guild name per character, faction per guild. */
  core(db: LuaTable | undefined): void {
    for (const [key, entry] of entries(db, 'Characters')) {
      const ref = this.character(key);
      if (!ref) continue;
      const facts: CharacterFacts = { ref };
      const faction = str(entry.get('faction'));
      const guildName = str(entry.get('guildName'));
      if (faction) facts.faction = faction;
      if (guildName) facts.guild = { realm: ref.realm, name: guildName };
      this.out.characters.push(facts);
    }
    for (const [key, entry] of entries(db, 'Guilds')) {
      const ref = guildFromKey(key, this.ctx.account);
      const faction = str(entry.get('faction'));
      if (ref) this.out.guilds.push(faction ? { ref, faction } : { ref });
    }
  }

  containers(db: LuaTable | undefined): void {
    for (const [key, entry] of entries(db, 'Characters')) {
      const observedAt = numberField(entry, 'lastUpdate', UNIX_TIME);
      const owner = this.character(key);
      const containers = table(entry.get('Containers'));
      if (!owner || observedAt === undefined || !containers) continue;
      const bag = (id: number) => {
        const t = table(containers.get(`Bag${id}`));
        return t ? idCountStacks(id, t) : [];
      };
      const bankBags = bankBagIds(containers);
      const carried = [-2, 0, 1, 2, 3, 4, 5].filter((id) => !bankBags.includes(id));
      this.observe(owner, 'bags', observedAt, carried.flatMap(bag));
      const bagLinks = [1, 2, 3, 4, 5].filter((id) => !bankBags.includes(id)).map((id) => [id, str(table(containers.get(`Bag${id}`))?.get('link'))] as const);
      const equippedBags = bagLinks.flatMap(([id, link]) => (link ? [withLink({ container: 1, slot: id, itemId: 0, count: 1 }, link)] : [])).filter((s) => s.itemId > 0);
      this.out.observations.push({ owner, location: 'equipped', section: 'bags', observedAt, stacks: equippedBags });
      if (containers.has('Bag100') || bankBags.some((id) => containers.has(`Bag${id}`))) {
        const main = table(containers.get('Bag100'));
        this.observe(owner, 'bank', observedAt, [...(main ? idCountStacks(-1, main) : []), ...bankBags.flatMap(bag)]);
      }
      if (containers.has('Bag-3')) this.observe(owner, 'reagent_bank', observedAt, bag(-3));
      const voidTabs = [1, 2].map((tab) => [tab, table(containers.get(`VoidStorage.Tab${tab}`))] as const).filter(([, t]) => t);
      if (voidTabs.length) this.observe(owner, 'void', observedAt, voidTabs.flatMap(([tab, t]) => idCountStacks(tab, t!)));
    }
    for (const [key, entry] of entries(db, 'Guilds')) {
      const guild = guildFromKey(key, this.ctx.account);
      if (!guild) continue;
      let newest: number | undefined;
      const tabs = table(entry.get('Tabs'));
      for (const [tab, value] of tabs?.integerEntries() ?? []) {
        const tabEntry = table(value);
        if (!tabEntry) continue;
        checkNumber(tab, INT32, tabs!, tab, 'tab number ');
        const observedAt = numberField(tabEntry, 'ClientTime', UNIX_TIME) ?? this.ctx.fileTime;
        newest = Math.max(newest ?? 0, observedAt);
        const name = str(tabEntry.get('name'));
        this.out.observations.push({
          owner: guild,
          location: 'guild_bank',
          section: String(tab),
          observedAt,
          stacks: idCountStacks(tab, tabEntry),
          containers: name ? { [tab]: { name } } : {},
        });
      }
      const money = numberField(entry, 'money', MONEY);
      const faction = str(entry.get('faction'));
      this.out.guilds.push({ ref: guild, ...(newest !== undefined && { observedAt: newest }), ...(money !== undefined && { money }), ...(faction && { faction }) });
    }
  }

  characters(db: LuaTable | undefined): void {
    for (const [key, entry] of entries(db, 'Characters')) {
      const ref = this.character(key);
      if (!ref) continue;
      const facts: CharacterFacts = { ref };
      const observedAt = numberField(entry, 'lastUpdate', UNIX_TIME);
      if (observedAt !== undefined) facts.observedAt = observedAt;
      const money = numberField(entry, 'money', MONEY);
      if (money !== undefined && observedAt !== undefined) facts.money = money;
      const level = numberField(entry, 'level', SMALL_INT);
      if (level !== undefined) facts.level = level;
      const className = normaliseClass(str(entry.get('englishClass')) ?? str(entry.get('class')) ?? '');
      if (className) facts.className = className;
      const race = str(entry.get('englishRace')) ?? str(entry.get('race'));
      if (race) facts.race = race.replace(/\s/g, '');
      const faction = str(entry.get('faction'));
      if (faction) facts.faction = faction;
      const guildName = str(entry.get('guildName'));
      if (guildName) facts.guild = { realm: ref.realm, name: guildName };
      this.out.characters.push(facts);
    }
  }

  mail(db: LuaTable | undefined): void {
    for (const [key, entry] of entries(db, 'Characters')) {
      const box = mailbox(entry);
      if (box?.observedAt === undefined) continue;
      const owner = this.character(key);
      if (owner) this.observe(owner, 'mail', box.observedAt, box.stacks, box.money);
    }
  }

  auctions(db: LuaTable | undefined): void {
    for (const [key, entry] of entries(db, 'Characters')) {
      const scannedAt = numberField(entry, 'lastAuctionsScan', UNIX_TIME) ?? numberField(entry, 'lastUpdate', UNIX_TIME);
      if (scannedAt === undefined) continue;
      const owner = this.character(key);
      if (owner) this.observe(owner, 'auction', scannedAt, auctionStacks(table(entry.get('Auctions')), scannedAt));
    }
  }

  equipped(db: LuaTable | undefined): void {
    for (const [key, entry] of entries(db, 'Characters')) {
      const observedAt = numberField(entry, 'lastUpdate', UNIX_TIME);
      const inventory = table(entry.get('Inventory'));
      if (observedAt === undefined || !inventory) continue;
      const owner = this.character(key);
      if (owner) this.observe(owner, 'equipped', observedAt, equippedStacks(inventory));
    }
  }
}

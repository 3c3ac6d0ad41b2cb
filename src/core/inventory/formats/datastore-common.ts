/**
 * Pieces both DataStore layouts share: slot packing, the auction and mail
 * records, and the "Account.Realm.Name" keys.
 */
import { LuaTable, num, str, table, type LuaValue } from '../../lua/lua-table.js';
import { parseItemLink } from '../item-link.js';
import type { CharacterRef, GuildRef, Stack } from '../model.js';
import { BIG_INT, COUNT, ID, INT32, MONEY, UNIX_TIME, checkNumber, numberField, type NumberRule } from './fields.js';

/**
 * DataStore packs a slot as count + itemID·2^16; data from its May 2024 rewrite
 * used count + itemID·2^10. Its reader (_GetItemCountPosition) tells them apart
 * by bits 13–15: all zero means the 16-bit layout. Replicated exactly, misreads
 * included, so we see what Altoholic shows. Plain arithmetic: values reach 2^45,
 * beyond JS's 32-bit bitwise operators.
 */
export function unpackSlot(packed: number): { itemId: number; count: number } {
  const bits13to15 = Math.floor(packed / 8192) % 8;
  if (bits13to15 === 0) return { itemId: Math.floor(packed / 65536), count: packed % 65536 };
  return { itemId: Math.floor(packed / 1024), count: packed % 1024 };
}

/**
 * The slots of one container in the current layout: `items` holds packed ints
 * (or, in places, plain item ids), `links` the full link per slot. A link names
 * the real item where the packed id cannot (caged pets store their icon id).
 */
export function packedStacks(container: number, items: LuaTable | undefined, links: LuaTable | undefined): Stack[] {
  const stacks: Stack[] = [];
  if (!items) return stacks;
  for (const [slot, value] of items.integerEntries()) {
    const packed = num(value);
    if (packed === undefined || packed <= 0) continue;
    checkNumber(slot, INT32, items, slot, 'slot number ');
    checkNumber(packed, BIG_INT, items, slot, 'packed slot value ');
    const { itemId, count } = unpackSlot(packed);
    checkNumber(itemId, ID, items, slot, `packed slot value ${packed} holds item id `);
    const link = str(links?.get(slot));
    stacks.push(withLink({ container, slot, itemId, count: count || 1 }, link));
  }
  return stacks;
}

/** Legacy layout: `ids[slot]` item ids, `counts[slot]` only when above 1, `links[slot]` sometimes. */
export function idCountStacks(container: number, bag: LuaTable): Stack[] {
  const ids = table(bag.get('ids'));
  const counts = table(bag.get('counts'));
  const links = table(bag.get('links'));
  const stacks: Stack[] = [];
  const slots = new Set<number>();
  for (const [slot] of ids?.integerEntries() ?? []) slots.add(slot);
  for (const [slot] of links?.integerEntries() ?? []) slots.add(slot);
  for (const slot of [...slots].sort((a, b) => a - b)) {
    const link = str(links?.get(slot));
    const itemId = numberField(ids, slot, INT32) ?? (link ? parseItemLink(link)?.itemId : undefined);
    if (itemId === undefined || itemId <= 0) continue;
    checkNumber(slot, INT32, (ids ?? links)!, slot, 'slot number ');
    stacks.push(withLink({ container, slot, itemId, count: numberField(counts, slot, COUNT) ?? 1 }, link));
  }
  return stacks;
}

export function withLink(stack: Stack, link: string | undefined): Stack {
  if (!link) return stack;
  stack.link = link;
  const parsed = parseItemLink(link);
  if (parsed) {
    stack.itemId = parsed.itemId;
    stack.parsedLink = parsed;
  }
  return stack;
}

/**
 * "ahZone|itemID|count|bidder|bid|buyout|timeLeft[|auctionID]". Newer records
 * give seconds left; older ones the 1–4 duration class, for which the class's
 * upper bound is the best expiry we can state.
 */
const DURATION_CLASS_SECONDS = [0, 30 * 60, 2 * 3600, 12 * 3600, 48 * 3600];

export function auctionStacks(list: LuaTable | undefined, scannedAt: number | undefined): Stack[] {
  const stacks: Stack[] = [];
  for (const [index, value] of list?.integerEntries() ?? []) {
    const text = str(value);
    if (!text) continue;
    const [, itemText, countText, , bidText, buyoutText, timeLeftText, auctionText] = text.split('|');
    const itemId = Number(itemText);
    if (!Number.isInteger(itemId) || itemId <= 0) continue;
    const field = (fieldText: string | undefined, position: number, rule: NumberRule) => positiveInt(fieldText, rule, list!, index, `field ${position} of the auction record "${text}": `);
    checkNumber(itemId, ID, list!, index, `field 2 of the auction record "${text}": `);
    const stack: Stack = { container: 0, slot: index, itemId, count: field(countText, 3, COUNT) ?? 1 };
    const bid = field(bidText, 5, BIG_INT);
    const buyout = field(buyoutText, 6, BIG_INT);
    if (bid !== undefined) stack.bid = bid;
    if (buyout !== undefined) stack.buyout = buyout;
    const timeLeft = field(timeLeftText, 7, UNIX_TIME);
    if (timeLeft !== undefined && scannedAt !== undefined) {
      stack.expiresAt = scannedAt + (timeLeft <= 4 ? DURATION_CLASS_SECONDS[timeLeft]! : timeLeft);
    }
    const auctionId = field(auctionText, 8, BIG_INT);
    if (auctionId !== undefined) stack.auctionId = auctionId;
    stacks.push(stack);
  }
  return stacks;
}

/** A number inside a text record: absent when empty or not a positive number, rejected when out of its range. */
function positiveInt(text: string | undefined, rule: NumberRule, t: LuaTable, key: number, detail: string): number | undefined {
  if (!text) return undefined;
  const n = Number(text);
  if (!(n > 0)) return undefined;
  return checkNumber(n, rule, t, key, detail);
}

/** Mail lasts 30 days at most (3 for COD); negative means already expired. */
const DAYS_LEFT: NumberRule = { what: 'days left', min: -366, max: 366, integer: false };

export interface MailResult {
  stacks: Stack[];
  money: number;
  /** Newest lastCheck among the mails: the time to use when the character has no lastUpdate. */
  newestCheck: number | undefined;
}

/**
 * Mail entries: item mails {itemID?, count, link, lastCheck, daysLeft} and money
 * mails {money, …}. Expiry = lastCheck + daysLeft days (DataStore's own formula).
 */
export function mailContents(mails: LuaTable | undefined, container = 0): MailResult {
  const stacks: Stack[] = [];
  let money = 0;
  let newestCheck: number | undefined;
  for (const [index, value] of mails?.integerEntries() ?? []) {
    const mail = table(value);
    if (!mail) continue;
    const lastCheck = numberField(mail, 'lastCheck', UNIX_TIME);
    if (lastCheck !== undefined) newestCheck = Math.max(newestCheck ?? 0, lastCheck);
    const daysLeft = numberField(mail, 'daysLeft', DAYS_LEFT);
    const expiresAt = lastCheck !== undefined && daysLeft !== undefined ? Math.round(lastCheck + daysLeft * 86400) : undefined;
    money += numberField(mail, 'money', MONEY) ?? 0;
    const link = str(mail.get('link'));
    const itemId = numberField(mail, 'itemID', INT32) ?? (link ? parseItemLink(link)?.itemId : undefined);
    if (itemId === undefined || itemId <= 0) continue;
    checkNumber(index, INT32, mails!, index, 'mail number ');
    const stack = withLink({ container, slot: index, itemId, count: numberField(mail, 'count', COUNT) ?? 1 }, link);
    if (expiresAt !== undefined) stack.expiresAt = expiresAt;
    stacks.push(stack);
  }
  return { stacks, money, newestCheck };
}

/**
 * A character's mailbox: received mail plus MailCache (mail sent to own alts
 * before they opened their mailbox — an alt that never logged in has only that,
 * and no lastUpdate, so the newest send time stands in for it).
 */
export function mailbox(entry: LuaTable): { stacks: Stack[]; money: number; observedAt: number | undefined } | undefined {
  if (!entry.has('Mails') && !entry.has('MailCache')) return undefined;
  const inbox = mailContents(table(entry.get('Mails')), 0);
  const cache = mailContents(table(entry.get('MailCache')), 1);
  const lastUpdate = numberField(entry, 'lastUpdate', UNIX_TIME);
  const observedAt = lastUpdate ?? (cache.stacks.length > 0 ? cache.newestCheck : undefined);
  return { stacks: [...inbox.stacks, ...cache.stacks], money: inbox.money + cache.money, observedAt };
}

/**
 * "Default.Emerald Dream.Klmekilk": account, realm, name. Realms hold spaces,
 * apostrophes and hyphens but no dots. "Default" is the account the file
 * belongs to; other names are accounts Altoholic imported.
 */
export function parseDataStoreKey(key: string, folderAccount: string): { account: string; realm: string; name: string } | undefined {
  const parts = key.split('.');
  if (parts.length !== 3 || parts.some((p) => p === '')) return undefined;
  const [account, realm, name] = parts as [string, string, string];
  return { account: account === 'Default' ? folderAccount : account, realm, name };
}

export function characterFromKey(key: string, folderAccount: string, guid?: string): CharacterRef | undefined {
  const parsed = parseDataStoreKey(key, folderAccount);
  if (!parsed) return undefined;
  const ref: CharacterRef = { kind: 'character', ...parsed };
  if (guid) ref.guid = guid;
  return ref;
}

export function guildFromKey(key: string, folderAccount: string): GuildRef | undefined {
  const parsed = parseDataStoreKey(key, folderAccount);
  return parsed ? { kind: 'guild', realm: parsed.realm, name: parsed.name } : undefined;
}

/** Per-id tables are arrays; ids can also appear as explicit keys ([12] = …). */
export function byId(value: LuaValue | null | undefined): Array<[number, LuaTable]> {
  const out: Array<[number, LuaTable]> = [];
  for (const [id, entry] of table(value)?.integerEntries() ?? []) {
    const t = table(entry);
    if (t) out.push([id, t]);
  }
  return out;
}

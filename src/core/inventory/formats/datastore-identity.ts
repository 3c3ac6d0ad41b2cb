/**
 * DataStore.lua (current layout): the numeric ids every DataStore module file
 * is keyed by, the player GUIDs, and guild membership.
 *
 * `Set` (key → id) is authoritative. DataStore removes a character with
 * table.remove(List, i) and never renumbers Set, so List positions drift and a
 * later insert can hand out an id another key still holds. Two keys on one id
 * are settled by List when it agrees with one of them, else both are dropped
 * rather than guessed; `LastID` is not a character (DataStore guards it too).
 */
import { num, str, table } from '../../lua/lua-table.js';
import type { SavedVariables } from '../../lua/saved-variables.js';
import { emptyExtract, type CharacterRef, type DataStoreIds, type Extract, type GuildRef } from '../model.js';
import { characterFromKey, guildFromKey } from './datastore-common.js';
import type { ReaderContext } from './reader.js';
import { INT32, numberField } from './fields.js';

export function readDataStoreIdentity(sv: SavedVariables, ctx: ReaderContext): Extract {
  const out = emptyExtract();
  out.formats.push('datastore');
  const guids = table(sv.get('DataStore_CharacterGUIDs'));
  const characterIds = resolveIds(table(sv.get('DataStore_CharacterIDs')), 'DataStore_CharacterIDs', out.notes);
  const guildIds = resolveIds(table(sv.get('DataStore_GuildIDs')), 'DataStore_GuildIDs', out.notes);

  const characters = new Map<number, CharacterRef>();
  for (const [id, key] of characterIds) {
    const ref = characterFromKey(key, ctx.account, str(guids?.get(id)));
    if (ref) characters.set(id, ref);
    else out.notes.push(`DataStore_CharacterIDs: cannot read character key "${key}"; skipped`);
  }
  const guilds = new Map<number, GuildRef>();
  for (const [id, key] of guildIds) {
    const ref = guildFromKey(key, ctx.account);
    if (ref) guilds.set(id, ref);
  }
  out.dataStoreIds = { account: ctx.account, characters, guilds } satisfies DataStoreIds;

  const factions = table(sv.get('DataStore_GuildFactions'));
  for (const [id, ref] of guilds) {
    const faction = str(factions?.get(id));
    out.guilds.push(faction ? { ref, faction } : { ref });
  }
  const membership = table(sv.get('DataStore_CharacterGuilds'));
  for (const [id, ref] of characters) {
    const guild = guilds.get(num(membership?.get(id)) ?? -1);
    out.characters.push(guild ? { ref, guild: { realm: guild.realm, name: guild.name } } : { ref });
  }
  return out;
}

function resolveIds(ids: ReturnType<typeof table>, label: string, notes: string[]): Map<number, string> {
  const resolved = new Map<number, string>();
  if (!ids) return resolved;
  const list = table(ids.get('List'));
  const set = table(ids.get('Set'));
  const claims = new Map<number, string[]>();
  for (const key of set?.stringKeys() ?? []) {
    if (key === 'LastID') continue;
    const id = numberField(set, key, INT32);
    if (id === undefined || id <= 0) continue;
    claims.set(id, [...(claims.get(id) ?? []), key]);
  }
  for (const [id, keys] of claims) {
    if (keys.length === 1) {
      resolved.set(id, keys[0]!);
      continue;
    }
    const listed = str(list?.get(id));
    if (listed && keys.includes(listed)) {
      resolved.set(id, listed);
      notes.push(`${label}: id ${id} is claimed by ${keys.map((k) => `"${k}"`).join(' and ')}; List names "${listed}", the others are skipped`);
    } else {
      notes.push(`${label}: id ${id} is claimed by ${keys.map((k) => `"${k}"`).join(' and ')} and List settles nothing; both skipped`);
    }
  }
  return resolved;
}

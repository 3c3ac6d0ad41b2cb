/**
 * Rematch pet teams, the input of "never sell a pet a team uses".
 * Rematch 5: Rematch5SavedTeams["team:N"] = {teamID, name, pets = {petID ×3},
 *   tags = {petTag ×3}, targets = {npcID…}, groupID, notes}.
 * Rematch 4: RematchSaved / Rematch4Saved[npcID or name] = { {petID, ability1,
 *   ability2, ability3, speciesID} ×3, teamName, notes, tab }, with
 *   RematchSettings.Sanctuary[petGUID] = {…, speciesID, level, health, power, speed, rarity}.
 * A pet id is a journal GUID, 0 or "ZL" for a leveling slot, "random:N" for any
 * pet of a family, or a species id for a pet the player did not own.
 * Rematch records no times: observations carry the file's modification time.
 */
import { LuaTable, num, str, table, type LuaValue } from '../../lua/lua-table.js';
import type { SavedVariables } from '../../lua/saved-variables.js';
import { emptyExtract, type Extract, type Team, type TeamPet } from '../model.js';
import type { ReaderContext } from './reader.js';
import { ID, INT32, SMALL_INT, checkNumber, numberField } from './fields.js';

export const REMATCH_GLOBALS = ['Rematch5SavedTeams', 'RematchSaved', 'Rematch4Saved'] as const;

export function readRematch(sv: SavedVariables, ctx: ReaderContext): Extract {
  const out = emptyExtract();
  const rematch5 = table(sv.get('Rematch5SavedTeams'));
  if (rematch5) {
    out.formats.push('rematch5');
    out.teamSets.push({ account: ctx.account, source: 'rematch5', observedAt: ctx.fileTime, teams: rematch5Teams(rematch5, table(sv.get('Rematch5SavedGroups'))) });
  }
  const rematch4 = table(sv.get('Rematch4Saved')) ?? table(sv.get('RematchSaved'));
  if (rematch4) {
    out.formats.push('rematch4');
    out.teamSets.push({ account: ctx.account, source: 'rematch4', observedAt: ctx.fileTime, teams: rematch4Teams(rematch4) });
    readSanctuary(table(table(sv.get('RematchSettings'))?.get('Sanctuary')), ctx.account, out);
  }
  return out;
}

function rematch5Teams(teams: LuaTable, groups: LuaTable | undefined): Team[] {
  const out: Team[] = [];
  for (const key of teams.stringKeys()) {
    const entry = table(teams.get(key));
    if (!entry) continue;
    const tags = table(entry.get('tags'));
    const pets: TeamPet[] = [];
    const petList = table(entry.get('pets'));
    for (const [slot, value] of petList?.integerEntries() ?? []) {
      const pet = petSlot(checkNumber(slot, SMALL_INT, petList!, slot, 'pet slot '), value, petList!, slot);
      const tag = str(tags?.get(slot));
      if (tag) pet.tag = tag;
      pets.push(pet);
    }
    const groupId = str(entry.get('groupID'));
    const groupName = groupId ? (str(table(groups?.get(groupId))?.get('name')) ?? groupId) : undefined;
    const team: Team = {
      key: str(entry.get('teamID')) ?? key,
      name: str(entry.get('name')) ?? key,
      targetNpcIds: ids(table(entry.get('targets'))),
      pets,
    };
    if (groupName) team.group = groupName;
    const notes = str(entry.get('notes'));
    if (notes) team.notes = notes;
    out.push(team);
  }
  return out;
}

function rematch4Teams(teams: LuaTable): Team[] {
  const out: Team[] = [];
  for (const [key, value] of teams.entries()) {
    const entry = table(value);
    if (!entry) continue;
    const pets: TeamPet[] = [];
    for (const slot of [1, 2, 3]) {
      const slotEntry = table(entry.get(slot));
      if (!slotEntry) continue;
      const pet = petSlot(slot, slotEntry.get(1), slotEntry, 1);
      pet.abilityIds = [2, 3, 4].map((i) => numberField(slotEntry, i, INT32)).filter((a): a is number => a !== undefined && a > 0);
      const species = numberField(slotEntry, 5, INT32);
      if (species !== undefined && species > 0) pet.speciesId = species;
      pets.push(pet);
    }
    if (typeof key === 'number') checkNumber(key, ID, teams, key, 'team key (an NPC id) ');
    const team: Team = {
      key: String(key),
      name: str(entry.get('teamName')) ?? String(key),
      targetNpcIds: typeof key === 'number' ? [key] : [],
      pets,
    };
    const tab = numberField(entry, 'tab', INT32);
    if (tab !== undefined) team.group = `tab ${tab}`;
    const notes = str(entry.get('notes'));
    if (notes) team.notes = notes;
    out.push(team);
  }
  return out;
}

function petSlot(slot: number, value: LuaValue | undefined, holder: LuaTable, key: number): TeamPet {
  const pet: TeamPet = { slot, abilityIds: [] };
  if (typeof value === 'string' && /^BattlePet-/i.test(value)) pet.guid = value;
  else if (typeof value === 'number' && value > 0) pet.speciesId = checkNumber(value, ID, holder, key, 'species id ');
  else if (value === 0 || value === 'ZL' || value === undefined) pet.placeholder = 'leveling';
  else pet.placeholder = String(value);
  return pet;
}

/** Sanctuary: Rematch 4's record of pets its teams use, with their species and stats. */
function readSanctuary(sanctuary: LuaTable | undefined, account: string, out: Extract): void {
  for (const guid of sanctuary?.stringKeys() ?? []) {
    if (!/^BattlePet-/i.test(guid)) continue;
    const entry = table(sanctuary!.get(guid));
    const speciesId = numberField(entry, 3, ID);
    if (!entry || speciesId === undefined) continue;
    const rarity = numberField(entry, 8, SMALL_INT);
    out.ownedPets.push({
      account,
      guid,
      speciesId,
      ...optional('level', numberField(entry, 4, SMALL_INT)),
      ...optional('maxHealth', numberField(entry, 5, INT32)),
      ...optional('power', numberField(entry, 6, INT32)),
      ...optional('speed', numberField(entry, 7, INT32)),
      ...optional('quality', rarity !== undefined ? rarity - 1 : undefined),
    });
  }
}

function optional<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}

/** NPC ids a team targets. */
function ids(list: LuaTable | undefined): number[] {
  const out: number[] = [];
  for (const [index, value] of list?.integerEntries() ?? []) if (typeof value === 'number') out.push(checkNumber(value, ID, list!, index, 'NPC id '));
  return out;
}

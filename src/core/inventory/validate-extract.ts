/**
 * The last check before a file's data reaches PostgreSQL: every number fits the
 * column it goes to. Readers check the fields they read (with the file's line,
 * see formats/fields.ts); this catches whatever a reader does not, so no value
 * can fail a transaction with a bare "out of range for type integer" and
 * abort the run. A failure names the owner, place and field.
 */
import { DataError } from '../errors.js';
import { BIG_INT, COUNT, ID, INT32, MONEY, SMALL_INT, UNIX_TIME, numberProblem, type NumberRule } from './formats/fields.js';
import { characterLabel, type CollectorFacts, type Extract, type OwnerRef, type Stack } from './model.js';

export function validateExtract(extract: Extract): void {
  for (const c of extract.characters) {
    const where = ownerName(c.ref);
    check(where, 'time', c.observedAt, UNIX_TIME);
    check(where, 'level', c.level, SMALL_INT);
    check(where, 'money', c.money, MONEY);
    for (const [id, quantity] of c.currencies ?? []) {
      check(where, 'currency id', id, ID);
      check(where, `currency ${id}`, quantity, BIG_INT);
    }
  }
  for (const g of extract.guilds) {
    check(ownerName(g.ref), 'time', g.observedAt, UNIX_TIME);
    check(ownerName(g.ref), 'money', g.money, MONEY);
  }
  for (const w of extract.warbands) {
    check(ownerName(w.ref), 'time', w.observedAt, UNIX_TIME);
    check(ownerName(w.ref), 'money', w.money, MONEY);
  }
  for (const o of extract.observations) {
    const where = `${ownerName(o.owner)} ${o.location}${o.section ? ` ${o.section}` : ''}`;
    check(where, 'time', o.observedAt, UNIX_TIME);
    check(where, 'money', o.money, MONEY);
    for (const container of Object.keys(o.containers ?? {})) check(where, 'container number', Number(container), INT32);
    for (const stack of o.stacks) checkStack(where, stack);
  }
  for (const pet of extract.ownedPets) {
    const where = `pet ${pet.guid}`;
    check(where, 'species id', pet.speciesId, ID);
    check(where, 'creature id', pet.creatureId, ID);
    check(where, 'level', pet.level, SMALL_INT);
    check(where, 'quality', pet.quality, SMALL_INT);
    for (const stat of ['maxHealth', 'power', 'speed'] as const) check(where, stat, pet[stat], INT32);
  }
  for (const set of extract.teamSets) {
    check(`${set.source} teams`, 'time', set.observedAt, UNIX_TIME);
    for (const team of set.teams) {
      const where = `team "${team.name}"`;
      for (const npc of team.targetNpcIds) check(where, 'NPC id', npc, ID);
      for (const pet of team.pets) {
        check(where, 'pet slot', pet.slot, SMALL_INT);
        check(where, 'species id', pet.speciesId, ID);
        for (const ability of pet.abilityIds) check(where, 'ability id', ability, INT32);
      }
    }
  }
  if (extract.collector) validateCollector(extract.collector);
  for (const id of extract.dataStoreIds?.characters.keys() ?? []) check('DataStore ids', 'character id', id, INT32);
  for (const id of extract.dataStoreIds?.guilds.keys() ?? []) check('DataStore ids', 'guild id', id, INT32);
}

function checkStack(where: string, s: Stack): void {
  at(where, s, 'container', s.container, INT32);
  at(where, s, 'slot', s.slot, INT32);
  at(where, s, 'item id', s.itemId, ID);
  at(where, s, 'count', s.count, COUNT);
  at(where, s, 'quality', s.quality, SMALL_INT);
  at(where, s, 'expiry', s.expiresAt, UNIX_TIME);
  at(where, s, 'bid', s.bid, BIG_INT);
  at(where, s, 'buyout', s.buyout, BIG_INT);
  at(where, s, 'auction id', s.auctionId, BIG_INT);
  at(where, s, 'item level', s.itemLevel, SMALL_INT);
  const link = s.parsedLink;
  if (!link) return;
  at(where, s, "the link's crafted quality", link.craftedQuality, SMALL_INT);
  for (const id of link.bonusIds) at(where, s, 'a bonus id of the link', id, INT32);
  for (const value of link.modifiers) at(where, s, 'a modifier of the link', value, INT32);
  if (link.pet) {
    at(where, s, "the link's species id", link.pet.speciesId, ID);
    at(where, s, "the link's pet level", link.pet.level, SMALL_INT);
    at(where, s, "the link's pet quality", link.pet.quality, SMALL_INT);
    for (const stat of ['maxHealth', 'power', 'speed'] as const) at(where, s, `the link's pet ${stat}`, link.pet[stat], INT32);
  }
  if (link.keystone) {
    at(where, s, "the keystone's map id", link.keystone.mapId, INT32);
    at(where, s, "the keystone's level", link.keystone.level, SMALL_INT);
  }
}

/** A stack's field; the place is spelled out only when the value is wrong (131,000 stacks in a big file). */
function at(where: string, s: Stack, field: string, value: number | undefined, rule: NumberRule): void {
  if (value === undefined || fits(value, rule)) return;
  check(`${where}, container ${s.container} slot ${s.slot}`, field, value, rule);
}

function validateCollector(c: CollectorFacts): void {
  for (const g of c.gear) {
    const where = `${ownerName(g.ref)} gear`;
    check(where, 'time', g.observedAt, UNIX_TIME);
    for (const slot of g.slots) {
      check(where, 'slot', slot.slot, SMALL_INT);
      check(where, 'item id', slot.itemId, ID);
      check(where, 'item level', slot.itemLevel, SMALL_INT);
    }
  }
  for (const v of c.vaults) {
    check(`${ownerName(v.ref)} vault`, 'time', v.observedAt, UNIX_TIME);
    for (const a of v.activities) check(`${ownerName(v.ref)} vault`, 'slot', a.index, SMALL_INT);
  }
  for (const l of c.lockouts) for (const x of l.list) check(`${ownerName(l.ref)} lockout ${x.name}`, 'reset time', x.resetsAt, UNIX_TIME);
  for (const j of c.journals) for (const pet of j.pets) check(`pet ${pet.guid}`, 'level', pet.level, SMALL_INT);
  for (const r of c.resets) check(`${ownerName(r.ref)}`, 'weekly reset', r.nextResetAt, UNIX_TIME);
}

function fits(value: number, rule: NumberRule): boolean {
  return value >= rule.min && value <= rule.max && (!rule.integer || Number.isInteger(value));
}

function check(where: string, field: string, value: number | undefined, rule: NumberRule): void {
  if (value === undefined || fits(value, rule)) return;
  const problem = numberProblem(value, rule);
  if (problem) throw new DataError(`${where}: ${field} ${value} ${problem}`);
}

function ownerName(ref: OwnerRef): string {
  if (ref.kind === 'character') return characterLabel(ref.name, ref.realm);
  if (ref.kind === 'guild') return `guild ${ref.name}-${ref.realm}`;
  return `warband of ${ref.account}`;
}

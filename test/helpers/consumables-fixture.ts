/**
 * A small account for consumables tests, saved by Syndicator (the one format
 * that gives bags, bank, reagent bank and mailbox apart): a raider short of
 * flasks and potions, and holders that can and cannot bring them. Three
 * stages: as planned, after the bank alt mailed, after everything arrived.
 */
import fs from 'node:fs';
import path from 'node:path';
import { itemLink, luaFile, type LuaFixture } from './lua-writer.js';

export const T0 = Date.parse('2026-12-01T20:00:00Z') / 1000;
export const FLASK = 212283;
export const POTION = 212265;
export const FLASK_NAME = 'Flask of Alchemical Chaos';
export const POTION_NAME = 'Tempered Potion';

type Slot = [itemId: number, count: number];
interface Holder {
  name: string;
  realm: string;
  faction: string;
  bags: Slot[];
  bank?: Slot[];
  reagentBank?: Slot[];
  mail?: Slot[];
}

export type Stage = 'planned' | 'sent' | 'arrived';

/**
 * Raider holds 5 + 3 + 2 flasks where they can use them and 4 in the
 * mailbox; Bankalt 60 flasks and 10 potions; the warband bank 50 flasks and
 * 12 potions; Hordie (other faction) and Faraway (other realm) plenty.
 * Restocking 20 flasks and 15 potions: Bankalt mails 6 flasks and 3 potions,
 * Raider takes 12 potions from the warband bank.
 */
export function holders(stage: Stage): { characters: Holder[]; warband: Slot[] } {
  const sent = stage !== 'planned';
  const arrived = stage === 'arrived';
  return {
    characters: [
      {
        name: 'Raider', realm: 'Stormrage', faction: 'Alliance',
        // Arrived: the 6 mailed and the 4 in the mailbox collected, the potions taken.
        bags: arrived ? [[FLASK, 15], [POTION, 15]] : [[FLASK, 5]],
        bank: [[FLASK, 3]],
        reagentBank: [[FLASK, 2]],
        mail: arrived ? [] : [[FLASK, 4]],
      },
      { name: 'Bankalt', realm: 'Stormrage', faction: 'Alliance', bags: sent ? [[FLASK, 54], [POTION, 7]] : [[FLASK, 60], [POTION, 10]] },
      { name: 'Alt', realm: 'Stormrage', faction: 'Alliance', bags: [[FLASK, 8]] },
      { name: 'Hordie', realm: 'Stormrage', faction: 'Horde', bags: [[FLASK, 70]] },
      { name: 'Faraway', realm: 'Area 52', faction: 'Alliance', bags: [[FLASK, 100]] },
    ],
    warband: arrived ? [[FLASK, 50]] : [[FLASK, 50], [POTION, 12]],
  };
}

const NAMES: Record<number, string> = { [FLASK]: FLASK_NAME, [POTION]: POTION_NAME };

function slots(list: Slot[]): LuaFixture {
  return list.map(([itemId, count]) => ({ itemID: itemId, itemCount: count, itemLink: itemLink(itemId, NAMES[itemId] ?? `Item ${itemId}`), quality: 1, isBound: false }));
}

function character(h: Holder): LuaFixture {
  // Pre-11.2 bank: [1] the bank itself (container -1), [2..8] bank bags, [9] the reagent bank.
  const bank: LuaFixture[] = [slots(h.bank ?? []), ...Array.from({ length: 7 }, () => []), slots(h.reagentBank ?? [])];
  return {
    details: { character: h.name, realm: h.realm, faction: h.faction, className: 'MAGE', race: 'Human' },
    money: 1_000_000,
    bags: [slots(h.bags)],
    bank,
    mail: slots(h.mail ?? []),
  };
}

export function syndicatorFile(stage: Stage): Buffer {
  const { characters, warband } = holders(stage);
  const chars: Record<string, LuaFixture> = {};
  for (const h of characters) chars[`${h.name}-${h.realm}`] = character(h);
  return luaFile({
    SYNDICATOR_DATA: {
      Characters: chars,
      Warband: [{ money: 0, bank: [{ slots: slots(warband), name: 'Consumables' }] }],
      Version: 2,
    },
  });
}

/** Writes the account's SavedVariables (Syndicator.lua saved at `savedAt`); returns the folder. */
export function writeConsumablesAccount(root: string, stage: Stage, savedAt = T0): string {
  const dir = path.join(root, 'WTF', 'Account', 'MAIN', 'SavedVariables');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'Syndicator.lua');
  fs.writeFileSync(file, syndicatorFile(stage));
  fs.utimesSync(file, savedAt, savedAt);
  return dir;
}

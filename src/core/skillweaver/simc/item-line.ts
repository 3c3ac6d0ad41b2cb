/**
 * One item string of a /simc export: `slot=,id=…,bonus_id=a/b,enchant_id=…,
 * gem_id=…,crafted_stats=…,drop_level=…` (key=value pairs after the slot's
 * empty name; lists joined with "/"). Unknown keys are kept as they are, so a
 * newer addon's additions survive the round trip.
 */
import { DataError } from '../../errors.js';
import type { SimcItem } from './model.js';

const ITEM_LINE = /^([a-z_0-9]+)=,(.*)$/;

/** Whether `text` (a line, or a bag line without its "# ") is an item string. */
export function isItemLine(text: string): boolean {
  return ITEM_LINE.test(text) && /(^|,)id=\d/.test(text);
}

export function parseItemLine(text: string, lineNumber: number, source: string): SimcItem {
  const match = ITEM_LINE.exec(text);
  if (!match) throw new DataError(`${source}:${lineNumber}: not an item line: '${text.slice(0, 60)}'`);
  const options: Record<string, string> = {};
  for (const part of match[2]!.split(',')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) throw new DataError(`${source}:${lineNumber}: '${part}' in the ${match[1]} line is not key=value`);
    options[part.slice(0, eq)] = part.slice(eq + 1);
  }
  const where = `${source}:${lineNumber}`;
  const itemId = positive(options.id, 'id', where);
  if (itemId === undefined) throw new DataError(`${where}: the ${match[1]} line has no id=`);
  const item: SimcItem = {
    slot: match[1]!,
    itemId,
    bonusIds: numberList(options.bonus_id, 'bonus_id', where),
    gemIds: numberList(options.gem_id, 'gem_id', where),
    craftedStats: numberList(options.crafted_stats, 'crafted_stats', where),
    options,
    line: text,
    lineNumber,
  };
  const enchant = positive(options.enchant_id, 'enchant_id', where);
  if (enchant !== undefined) item.enchantId = enchant;
  const drop = positive(options.drop_level, 'drop_level', where);
  if (drop !== undefined) item.dropLevel = drop;
  return item;
}

function positive(text: string | undefined, key: string, where: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  // Item ids and the like are PostgreSQL integers.
  if (!/^\d+$/.test(text) || n > 2_147_483_647) throw new DataError(`${where}: ${key}=${text.slice(0, 20)} is not a whole number`);
  return n;
}

function numberList(text: string | undefined, key: string, where: string): number[] {
  if (text === undefined || text === '') return [];
  // Gems keep their position: "0" is an empty socket before a filled one.
  return text.split('/').map((part) => positive(part, key, where) ?? 0);
}

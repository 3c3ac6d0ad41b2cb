/**
 * Names a value inside parsed SavedVariables the way a user finds it in the
 * file: `SYNDICATOR_DATA.Characters["Alt-Realm"].bags[1][3].itemCount`.
 * Only used on error paths, so a plain walk of the tree is fine (the reader's
 * depth limit bounds the recursion).
 */
import { LuaTable, type LuaKey } from './lua-table.js';
import type { SavedVariables } from './saved-variables.js';

export function fieldPath(sv: SavedVariables, target: LuaTable, key: LuaKey): string {
  for (const [name, value] of sv) {
    if (!(value instanceof LuaTable)) continue;
    const found = value === target ? [] : pathTo(value, target);
    if (found) return name + [...found, key].map(keySegment).join('');
  }
  return `?${keySegment(key)}`;
}

function pathTo(from: LuaTable, target: LuaTable): LuaKey[] | undefined {
  for (const [key, value] of from.entries()) {
    if (!(value instanceof LuaTable)) continue;
    if (value === target) return [key];
    const below = pathTo(value, target);
    if (below) return [key, ...below];
  }
  return undefined;
}

function keySegment(key: LuaKey): string {
  if (typeof key === 'string') return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  return `[${String(key)}]`;
}

/**
 * After a splice: the new file read again must hold every value of the old
 * one except our own entries, and ours exactly as planned. Run on the bytes
 * about to be written (so a failed check never replaces the user's file).
 */
import { table, type LuaTable } from '../lua/lua-table.js';
import type { SavedVariables } from '../lua/saved-variables.js';
import { canonical, sameLua } from './emit.js';
import { DB_GLOBAL, type OwnedKey } from './splice.js';

export function verifySplice(before: SavedVariables, after: SavedVariables, owned: OwnedKey[]): string[] {
  const problems: string[] = [];
  for (const name of new Set([...before.keys(), ...after.keys()])) {
    if (name === DB_GLOBAL) continue;
    if (!sameLua(before.get(name), after.get(name))) problems.push(`global ${name} changed`);
  }
  const oldDb = table(before.get(DB_GLOBAL));
  const newDb = table(after.get(DB_GLOBAL));
  if (!oldDb || !newDb) return [...problems, `${DB_GLOBAL} missing`];
  const byKey = new Map(owned.map((o) => [o.key, o]));
  for (const key of new Set([...oldDb.stringKeys(), ...newDb.stringKeys()])) {
    const o = byKey.get(key);
    if (!o) {
      if (!sameLua(oldDb.get(key), newDb.get(key))) problems.push(`${key} changed`);
      continue;
    }
    problems.push(...compareOwned(o, table(oldDb.get(key)), table(newDb.get(key))));
  }
  for (const o of owned) if (!newDb.has(o.key)) problems.push(`${o.key} missing`);
  return problems;
}

function compareOwned(o: OwnedKey, before: LuaTable | undefined, after: LuaTable | undefined): string[] {
  if (!o.nested) return compareLevel(o.key, o, before, after, o.want);
  const problems: string[] = [];
  const modules = new Set<string>([...(before?.stringKeys() ?? []), ...(after?.stringKeys() ?? []), ...o.want.keys()]);
  for (const module of modules) {
    const want = new Map<string, import('../lua/lua-table.js').LuaValue>();
    const t = table(o.want.get(module));
    if (t) for (const [k, v] of t.entries()) want.set(String(k), v);
    problems.push(...compareLevel(`${o.key}.${module}`, o, table(before?.get(module)), table(after?.get(module)), want));
  }
  return problems;
}

function compareLevel(label: string, o: OwnedKey, before: LuaTable | undefined, after: LuaTable | undefined, want: Map<string, unknown>): string[] {
  const problems: string[] = [];
  const theirs = (t: LuaTable | undefined) => {
    const m = new Map<string, string>();
    if (t) for (const [k, v] of t.entries()) if (!o.ours(k, v)) m.set(`${typeof k}:${String(k)}`, canonical(v));
    return m;
  };
  const a = theirs(before);
  const b = theirs(after);
  if (a.size !== b.size) problems.push(`${label}: ${a.size} entries of yours before, ${b.size} after`);
  for (const [k, v] of a) if (b.get(k) !== v) problems.push(`${label}: your entry ${k} changed`);
  const mine = new Map<string, string>();
  if (after) for (const [k, v] of after.entries()) if (o.ours(k, v)) mine.set(String(k), canonical(v));
  if (mine.size !== want.size) problems.push(`${label}: ${mine.size} entries of ours written, ${want.size} planned`);
  for (const [k, v] of want) if (mine.get(k) !== canonical(v as never)) problems.push(`${label}: our entry ${k} is not as planned`);
  return problems;
}

/**
 * Lua text for the entries we splice into TradeSkillMaster.lua, in the file's
 * own style (line ending, indent unit, WoW's `-- [n]` comments), so an edited
 * file reads as if the game had written it. Output is deterministic: keys are
 * sorted, so the same plan gives the same bytes.
 */
import { LuaTable, toPlain, type LuaKey, type LuaValue } from '../lua/lua-table.js';

export interface FileStyle {
  eol: string;
  /** One level of indentation ('' in files written without any). */
  unit: string;
  /** WoW's `-- [1]` after positional values. */
  indexComments: boolean;
}

export function detectStyle(b: Buffer, firstEntryLineStart: number, firstEntryStart: number): FileStyle {
  return {
    eol: b.includes('\r\n') ? '\r\n' : '\n',
    unit: b.toString('latin1', firstEntryLineStart, firstEntryStart),
    indexComments: b.includes('-- [1]'),
  };
}

/** `[key] = value,` lines at `indent`, each ending with the file's line ending. */
export function entryLines(key: LuaKey, value: LuaValue, indent: string, style: FileStyle): string {
  return `${indent}[${luaKey(key)}] = ${luaValue(value, indent, style)},${style.eol}`;
}

export function luaValue(value: LuaValue, indent: string, style: FileStyle): string {
  if (typeof value === 'string') return luaString(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return luaNumber(value);
  const inner = indent + style.unit;
  let out = `{${style.eol}`;
  const positional = value.integerEntries().filter(([k], i) => k === i + 1);
  positional.forEach(([n, v]) => {
    out += `${inner}${luaValue(v, inner, style)},${style.indexComments ? ` -- [${n}]` : ''}${style.eol}`;
  });
  const rest = [...value.entries()].filter(([k]) => !(typeof k === 'number' && Number.isInteger(k) && k >= 1 && k <= positional.length));
  rest.sort(([a], [b]) => compareKeys(a, b));
  for (const [k, v] of rest) out += entryLines(k, v, inner, style);
  return `${out}${indent}}`;
}

function compareKeys(a: LuaKey, b: LuaKey): number {
  const sa = `${typeof a}:${String(a)}`;
  const sb = `${typeof b}:${String(b)}`;
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function luaKey(key: LuaKey): string {
  return typeof key === 'string' ? luaString(key) : typeof key === 'number' ? luaNumber(key) : String(key);
}

/** As WoW writes strings: only `\`, `"` and line breaks escaped, every other byte raw. */
export function luaString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
}

function luaNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a Lua number: ${n}`);
  return Number.isInteger(n) ? String(n) : String(n);
}

/** A LuaTable from plain JSON (objects keyed by strings, arrays positional). */
export function fromJson(value: unknown): LuaValue | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    const t = new LuaTable();
    for (const v of value) {
      const lv = fromJson(v);
      if (lv !== undefined) t.push(lv);
    }
    return t;
  }
  if (value !== null && typeof value === 'object') {
    const t = new LuaTable();
    for (const [k, v] of Object.entries(value)) {
      const lv = fromJson(v);
      if (lv !== undefined) t.set(k, lv);
    }
    return t;
  }
  return undefined;
}

/** A copy that shares nothing with the original. */
export function cloneLua(value: LuaValue): LuaValue {
  if (!(value instanceof LuaTable)) return value;
  const t = new LuaTable();
  for (const [k, v] of value.entries()) {
    if (typeof k === 'number' && k === t.items.length + 1) t.push(cloneLua(v));
    else t.set(k, cloneLua(v));
  }
  return t;
}

/** Same Lua value (tables compared by content, not by order or offsets). */
export function sameLua(a: LuaValue | undefined | null, b: LuaValue | undefined | null): boolean {
  return canonical(a) === canonical(b);
}

export function canonical(value: LuaValue | undefined | null): string {
  return JSON.stringify(sortDeep(toPlain(value ?? undefined)));
}

function sortDeep(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, sortDeep(o[k])]));
}

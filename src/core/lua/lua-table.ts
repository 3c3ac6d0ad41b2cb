/**
 * A Lua table as read from a SavedVariables file. Lua keeps t[1] and t["1"]
 * apart, so string and numeric keys live in separate stores: positional values
 * (t[1], t[2] … as written without keys) in `items`, `["key"] =` fields in a
 * null-prototype object, explicit numeric (and boolean) keys in a Map.
 */
export type LuaValue = string | number | boolean | LuaTable;
export type LuaKey = string | number | boolean;

const NO_ITEMS: Array<LuaValue | undefined> = [];

/**
 * The holder of a table's string keys. Made by a constructor, not `{}`: V8
 * sizes constructor-made objects by how many properties the first ones got
 * (slack tracking), so a 6-field item entry keeps its fields inline instead
 * of in a second, out-of-object array (`{}` has room for 4).
 */
class NamedFields {
  [key: string]: LuaValue;
}

export class LuaTable {
  /**
   * Byte offset of the table's `{` in its file, so a reader that finds a bad
   * value can say on which line it is (locateField). -1 when built in code.
   */
  readonly at: number;
  /** Positional values; items[0] is t[1]. A `nil,` hole is undefined. */
  items: Array<LuaValue | undefined> = NO_ITEMS;
  // Plain objects, not Object.create(null): those start in V8's dictionary mode,
  // which doubled the memory of a 30 MB file. "__proto__" goes to `keyed` instead.
  private named: Record<string, LuaValue> | undefined;
  private keyed: Map<LuaKey, LuaValue> | undefined;

  constructor(at = -1) {
    this.at = at;
  }

  push(value: LuaValue | undefined): void {
    if (this.items === NO_ITEMS) this.items = [];
    this.items.push(value);
  }

  set(key: LuaKey, value: LuaValue): void {
    if (typeof key === 'string' && key !== '__proto__') {
      (this.named ??= new NamedFields())[key] = value;
    } else {
      (this.keyed ??= new Map()).set(key, value);
    }
  }

  get(key: LuaKey): LuaValue | undefined {
    if (typeof key === 'string') return key === '__proto__' ? this.keyed?.get(key) : this.named !== undefined && Object.hasOwn(this.named, key) ? this.named[key] : undefined;
    if (typeof key === 'number' && Number.isInteger(key) && key >= 1 && key <= this.items.length) {
      const positional = this.items[key - 1];
      if (positional !== undefined) return positional;
    }
    return this.keyed?.get(key);
  }

  has(key: LuaKey): boolean {
    return this.get(key) !== undefined;
  }

  /** Every key/value pair: positional first, then numeric/boolean keys, then string keys. */
  *entries(): IterableIterator<[LuaKey, LuaValue]> {
    for (let i = 0; i < this.items.length; i++) {
      const value = this.items[i];
      if (value !== undefined) yield [i + 1, value];
    }
    if (this.keyed) {
      for (const [key, value] of this.keyed) {
        if (typeof key === 'number' && Number.isInteger(key) && key >= 1 && key <= this.items.length && this.items[key - 1] !== undefined) continue;
        if (key === '__proto__') continue; // listed with the string keys below
        yield [key, value];
      }
    }
    if (this.named) for (const key of Object.keys(this.named)) yield [key, this.named[key]!];
    const proto = this.keyed?.get('__proto__');
    if (proto !== undefined) yield ['__proto__', proto];
  }

  /** String keys only. */
  stringKeys(): string[] {
    const keys = this.named ? Object.keys(this.named) : [];
    if (this.keyed?.has('__proto__')) keys.push('__proto__');
    return keys;
  }

  /** Integer keys (positional and explicit) in ascending order, with their values. */
  integerEntries(): Array<[number, LuaValue]> {
    if (this.keyed === undefined) {
      // Positional only (most tables): already in order.
      const out: Array<[number, LuaValue]> = [];
      for (let i = 0; i < this.items.length; i++) {
        const value = this.items[i];
        if (value !== undefined) out.push([i + 1, value]);
      }
      return out;
    }
    const out: Array<[number, LuaValue]> = [];
    for (const [key, value] of this.entries()) if (typeof key === 'number' && Number.isInteger(key)) out.push([key, value]);
    return out.sort((a, b) => a[0] - b[0]);
  }

  get size(): number {
    let n = 0;
    for (const _ of this.entries()) n += 1;
    return n;
  }
}

/** Plain-JS view for tests and debugging: tables become { key: value } (keys stringified). */
export function toPlain(value: LuaValue | undefined): unknown {
  if (!(value instanceof LuaTable)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of value.entries()) out[typeof key === 'string' ? key : `[${String(key)}]`] = toPlain(v);
  return out;
}

/** Small typed accessors used by the format readers. */
export function table(value: LuaValue | null | undefined): LuaTable | undefined {
  return value instanceof LuaTable ? value : undefined;
}

export function str(value: LuaValue | null | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function num(value: LuaValue | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function bool(value: LuaValue | null | undefined): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

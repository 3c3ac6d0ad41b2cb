/**
 * Writes SavedVariables text in the 11.x client's style, for the demo's sample
 * account and the tests' fixtures. Arrays become positional fields (undefined →
 * a `nil,` hole), Maps give explicit keys (`[12] = …`, negative and zero included),
 * objects `["key"] =`.
 */
export type LuaFixture = string | number | boolean | undefined | LuaFixture[] | Map<number | string, LuaFixture> | { [key: string]: LuaFixture };

export function luaValue(value: LuaFixture): string {
  if (value === undefined) return 'nil';
  if (typeof value === 'string') return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const fields: string[] = [];
  if (Array.isArray(value)) for (const item of value) fields.push(`${luaValue(item)},`);
  else if (value instanceof Map) for (const [k, v] of value) fields.push(`[${typeof k === 'number' ? k : luaValue(k)}] = ${luaValue(v)},`);
  else for (const [k, v] of Object.entries(value)) if (v !== undefined) fields.push(`[${luaValue(k)}] = ${luaValue(v)},`);
  return fields.length ? `{\n${fields.join('\n')}\n}` : '{\n}';
}

/** A whole file: `Name = value` per global, the first line empty as the client writes it. */
export function luaFile(globals: Record<string, LuaFixture | null>): Buffer {
  const lines = [''];
  for (const [name, value] of Object.entries(globals)) lines.push(`${name} = ${value === null ? 'nil' : luaValue(value)}`);
  return Buffer.from(`${lines.join('\n')}\n`);
}

/** DataStore's packed slot: count + itemID·2^16. */
export function packed(itemId: number, count: number): number {
  return itemId * 65536 + count;
}

export function itemLink(itemId: number, name: string, quality = 1, extra = ':::::::80:72:::::::::'): string {
  return `|cnIQ${quality}:|Hitem:${itemId}:${extra}|h[${name}]|h|r`;
}

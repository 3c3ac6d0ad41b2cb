import luaparse from 'luaparse';
import { LuaTable, type LuaValue } from '../../src/core/lua/lua-table.js';

/**
 * The reference reading of a SavedVariables file: luaparse (Lua 5.1 grammar) and
 * a walk of its AST. Strings come out byte-exact (pseudo-latin1 on a latin1
 * decoding of the file) and are then decoded as UTF-8, as holocron's reader does.
 */
type Node = { type: string; [key: string]: any };

export function oracleRead(bytes: Buffer): Map<string, unknown> {
  const ast = luaparse.parse(bytes.toString('latin1'), { luaVersion: '5.1', encodingMode: 'pseudo-latin1', comments: false }) as unknown as Node;
  const globals = new Map<string, unknown>();
  for (const statement of ast.body as Node[]) {
    if (statement.type !== 'AssignmentStatement') throw new Error(`unexpected ${statement.type}`);
    const name = (statement.variables[0] as Node).name as string;
    globals.set(name, value(statement.init[0] as Node));
  }
  return globals;
}

function value(node: Node): unknown {
  switch (node.type) {
    case 'StringLiteral':
      return Buffer.from(node.value as string, 'latin1').toString('utf8');
    case 'NumericLiteral':
      return node.value as number;
    case 'BooleanLiteral':
      return node.value as boolean;
    case 'NilLiteral':
      return null;
    case 'UnaryExpression':
      if (node.operator === '-') return -(value(node.argument as Node) as number);
      throw new Error(`unexpected unary ${node.operator}`);
    case 'TableConstructorExpression': {
      const keyed: Array<[unknown, unknown]> = [];
      const positional: Array<[unknown, unknown]> = [];
      let position = 0;
      for (const field of node.fields as Node[]) {
        const entries = field.type === 'TableValue' ? positional : keyed;
        if (field.type === 'TableValue') {
          position += 1;
          const v = value(field.value as Node);
          if (v !== null) entries.push([position, v]);
        } else if (field.type === 'TableKeyString') {
          const v = value(field.value as Node);
          if (v !== null) entries.push([(field.key as Node).name, v]);
        } else {
          const v = value(field.value as Node);
          if (v !== null) entries.push([value(field.key as Node), v]);
        }
      }
      // Lua stores positional values after the keyed ones (SETLIST at the end), so
      // `{ [1] = "a", "b" }` has t[1] == "b".
      return canonicalEntries([...keyed, ...positional]);
    }
    default:
      throw new Error(`unexpected node ${node.type}`);
  }
}

/** Tables as sorted [key, value] lists; later duplicate keys replace earlier ones (positional last, as in Lua). */
function canonicalEntries(entries: Array<[unknown, unknown]>): unknown {
  const map = new Map<string, [unknown, unknown]>();
  for (const [k, v] of entries) map.set(keyId(k), [k, v]);
  return [...map.values()].sort((a, b) => keyId(a[0]).localeCompare(keyId(b[0])));
}

function keyId(key: unknown): string {
  return `${typeof key}:${String(key)}`;
}

/** Holocron's reading in the same canonical form. */
export function canonical(globals: Map<string, LuaValue | null>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [name, v] of globals) out.set(name, canonicalValue(v));
  return out;
}

function canonicalValue(v: LuaValue | null): unknown {
  if (!(v instanceof LuaTable)) return v;
  return canonicalEntries([...v.entries()].map(([k, x]) => [k, canonicalValue(x)]));
}

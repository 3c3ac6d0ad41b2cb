// One read in a fresh process, for bench:ingest: prints {"ms":…,"peakMb":…,"baseMb":…}.
// `holocron` takes the path `holocron ingest` takes (dist/core/inventory/source-file.js:
// hash and sniff pass, compression worker, windowed parse on the same descriptor);
// `luaparse` parses to an AST and walks it into plain objects (what using the
// library would take).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const [method, file] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const peakKb = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? process.resourceUsage().maxRSS);

function walk(node) {
  switch (node.type) {
    case 'StringLiteral':
      return Buffer.from(node.value, 'latin1').toString('utf8');
    case 'NumericLiteral':
    case 'BooleanLiteral':
      return node.value;
    case 'NilLiteral':
      return null;
    case 'UnaryExpression':
      return -walk(node.argument);
    case 'TableConstructorExpression': {
      const table = { items: [], fields: new Map() };
      for (const field of node.fields) {
        if (field.type === 'TableValue') table.items.push(walk(field.value));
        else table.fields.set(field.type === 'TableKeyString' ? field.key.name : walk(field.key), walk(field.value));
      }
      return table;
    }
    default:
      throw new Error(`unexpected ${node.type}`);
  }
}

const baseMb = peakKb() / 1024;
const reader = method === 'holocron' ? await import(new URL('../../dist/core/inventory/source-file.js', import.meta.url)) : undefined;
const luaparse = method === 'holocron' ? undefined : require('luaparse');
const started = performance.now();
let globals;
if (reader) {
  const source = reader.openSourceFile(file);
  const gzip = reader.compressSourceFile(source);
  globals = reader.parseSourceFile(source);
  await gzip;
  reader.closeSourceFile(source);
} else {
  const bytes = readFileSync(file);
  const ast = luaparse.parse(bytes.toString('latin1'), { luaVersion: '5.1', encodingMode: 'pseudo-latin1', comments: false });
  globals = new Map(ast.body.map((s) => [s.variables[0].name, walk(s.init[0])]));
}
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ ms, peakMb: peakKb() / 1024, baseMb, globals: globals.size }));

/**
 * The weekly knowledge quests exist twice: in the addon (Quests.lua, what the
 * collector checks) and in migration 0023 (what the server asks about). A
 * patch that changes one must change the other; this test parses both.
 */
import fs from 'node:fs';
import path from 'node:path';
import luaparse from 'luaparse';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';

type Row = [questId: number, expansion: string, skillLine: number, kind: string];

interface Node { type: string; [key: string]: unknown }

function addonRows(): Row[] {
  const source = fs.readFileSync(path.join(REPO_ROOT, 'addon/Holocron/Quests.lua'), 'latin1');
  const ast = luaparse.parse(source, { encodingMode: 'pseudo-latin1', luaVersion: '5.1' }) as unknown as { body: Node[] };
  const local = ast.body.find((n) => n.type === 'LocalStatement' && (n.variables as Node[])[0]?.name === 'QUESTS');
  expect(local, 'local QUESTS = { … } in Quests.lua').toBeDefined();
  const table = (local!.init as Node[])[0]!;
  return (table.fields as Node[]).map((field) => {
    const values = ((field.value as Node).fields as Node[]).map((f) => f.value as Node);
    const atom = (n: Node) => (n.type === 'NumericLiteral' ? (n.value as number) : (n.raw as string).slice(1, -1));
    return values.map(atom) as Row;
  });
}

function migrationRows(): Row[] {
  const sql = fs.readFileSync(path.join(REPO_ROOT, 'sql/migrations/0023_missing_utility.sql'), 'utf8');
  const insert = sql.slice(sql.indexOf('INSERT INTO holocron.weekly_knowledge_quests'));
  const values = insert.slice(0, insert.indexOf(';'));
  return [...values.matchAll(/\((\d+), '(\w+)', (\d+), '(\w+)'\)/g)].map((m) => [Number(m[1]), m[2]!, Number(m[3]), m[4]!]);
}

describe('weekly knowledge quests', () => {
  it('are the same list in Quests.lua and migration 0023', () => {
    const addon = addonRows();
    expect(addon.length).toBe(152);
    const byId = (a: Row, b: Row) => a[0] - b[0];
    expect(migrationRows().sort(byId)).toEqual([...addon].sort(byId));
  });

  it('have one treatise per profession and expansion, each with an item in the migration', () => {
    const sql = fs.readFileSync(path.join(REPO_ROOT, 'sql/migrations/0023_missing_utility.sql'), 'utf8');
    const treatiseBlock = sql.slice(sql.indexOf('INSERT INTO holocron.knowledge_treatises'));
    const treatiseQuests = [...treatiseBlock.slice(0, treatiseBlock.indexOf(';')).matchAll(/\((\d+), (\d+), '/g)].map((m) => Number(m[1]));
    const addonTreatises = addonRows().filter((r) => r[3] === 'treatise').map((r) => r[0]);
    expect(treatiseQuests.sort()).toEqual(addonTreatises.sort());
    expect(new Set(addonRows().filter((r) => r[3] === 'treatise').map((r) => `${r[1]}:${r[2]}`)).size).toBe(22);
  });
});

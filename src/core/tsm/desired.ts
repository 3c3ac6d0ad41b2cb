/**
 * What our entries should hold, in the shapes TSM keeps on load
 * (tsm-savedvariables.md §2 and §4): groups with all seven module lists,
 * operations complete with the file's own field types.
 */
import { LuaTable, table, type LuaValue } from '../lua/lua-table.js';
import { cloneLua, fromJson } from './emit.js';
import { GROUP_SEP, TSM_MODULES, type GroupPlan, type TsmModule } from './plan.js';

/**
 * Our groups as TSM keeps them: the 7 module lists each; ours with
 * `override = true`, the others a copy of the parent's list (TSM overwrites
 * an inherited list with the parent's on every load, so we write what it would).
 */
export function wantGroups(plan: GroupPlan, groups: LuaTable | undefined, ops: LuaTable | undefined): Map<string, LuaValue> {
  const out = new Map<string, LuaValue>();
  const base = table(groups?.get(''));
  const lists = new Map<string, Map<TsmModule, string[]>>();
  for (const group of plan.groups) {
    const cut = group.path.lastIndexOf(GROUP_SEP);
    const parent = cut > 0 ? lists.get(group.path.slice(0, cut)) : undefined;
    const info = new LuaTable();
    const mine = new Map<TsmModule, string[]>();
    for (const module of TSM_MODULES) {
      const own = group.operations[module];
      const inherited = parent?.get(module) ?? baseList(base, module, ops, plan);
      const names = own ?? inherited;
      mine.set(module, names);
      const list = new LuaTable();
      for (const n of names) list.push(n);
      if (own) list.set('override', true);
      info.set(module, list);
    }
    lists.set(group.path, mine);
    out.set(group.path, info);
  }
  return out;
}

/**
 * The base group's list as TSM will have it after its own sanitizing: names
 * of operations the module will not have are dropped (a module table missing
 * altogether is recreated with #Default, so that name stays).
 */
function baseList(base: LuaTable | undefined, module: TsmModule, ops: LuaTable | undefined, plan: GroupPlan): string[] {
  const list = table(base?.get(module));
  const names = list ? list.items.filter((n): n is string => typeof n === 'string') : ['#Default'];
  const existing = table(ops?.get(module));
  const ours = plan.operations[module] ?? {};
  // The module's table as it will be after our write: absent only if it is absent now and we add nothing.
  if (!existing && Object.keys(ours).length === 0) return names;
  return names.filter((n) => existing?.has(n) === true || Object.hasOwn(ours, n));
}

/**
 * Our operations, complete: every field of the module's #Default in this
 * file, ours on top with the type the file uses (TSM resets a field whose
 * type differs; 10.1.7 keeps some quantities as numbers, 11.x as strings).
 */
export function wantOperations(plan: GroupPlan, ops: LuaTable | undefined): Map<string, LuaValue> {
  const out = new Map<string, LuaValue>();
  for (const module of TSM_MODULES) {
    const named = plan.operations[module];
    if (!named || Object.keys(named).length === 0) continue;
    const def = table(table(ops?.get(module))?.get('#Default'));
    const moduleTable = new LuaTable();
    for (const [name, settings] of Object.entries(named)) {
      const op = def ? (cloneLua(def) as LuaTable) : new LuaTable();
      for (const [field, raw] of Object.entries(settings)) {
        const value = fromJson(raw);
        if (value === undefined) continue;
        if (def && !def.has(field)) continue; // TSM deletes fields it does not know
        op.set(field, likeDefault(value, def?.get(field)));
      }
      for (const field of ['ignorePlayer', 'ignoreFactionrealm', 'relationships']) op.set(field, new LuaTable());
      moduleTable.set(name, op);
    }
    out.set(module, moduleTable);
  }
  return out;
}

function likeDefault(value: LuaValue, def: LuaValue | undefined): LuaValue {
  if (typeof def === 'number' && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (typeof def === 'string' && typeof value === 'number') return String(value);
  return value;
}

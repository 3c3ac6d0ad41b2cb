/**
 * The group plan: seed 003's group rules (goblin.tsm_group_rule) applied to
 * the market analysis and craft profit of one region. Pure data — no file is
 * touched here; splice.ts turns a plan into edits of TradeSkillMaster.lua.
 */
import type { Database } from '../db/pool.js';
import { ConfigError } from '../errors.js';

export const TSM_MODULES = ['Auctioning', 'Crafting', 'Mailing', 'Shopping', 'Sniper', 'Vendoring', 'Warehousing'] as const;
export type TsmModule = (typeof TSM_MODULES)[number];

/** TSM's limit of operations per group and module (more are cut off on load). */
export const MODULE_MAX: Record<TsmModule, number> = { Auctioning: 20, Mailing: 50, Warehousing: 12, Crafting: 1, Shopping: 1, Sniper: 1, Vendoring: 1 };

/** TSM joins group names with a backtick. */
export const GROUP_SEP = '`';

export const DEFAULT_ROOT = 'Holocron';

export interface PlannedGroup {
  /** Full TSM path (backtick-joined, starting with the root). */
  path: string;
  /** Our operations (full names) per module; modules not listed inherit. */
  operations: Partial<Record<TsmModule, string[]>>;
  items: number;
}

export interface PlannedItem {
  itemString: string;
  path: string;
  marketValue: number | null;
  dailySold: number | null;
  saleRate: number | null;
  profit: number | null;
  margin: number | null;
}

export interface GroupPlan {
  root: string;
  region: string;
  /** Parents before children, the root first. */
  groups: PlannedGroup[];
  items: PlannedItem[];
  /** Our operations' settings (what differs from the module's #Default), by module and full name. */
  operations: Partial<Record<TsmModule, Record<string, Record<string, unknown>>>>;
}

/** A root group name TSM accepts and that cannot be confused with a path. */
export function checkRootName(root: string): string {
  if (root === '' || root !== root.trim() || /[`/:\x00-\x1f]/.test(root)) {
    throw new ConfigError(`"${root}" cannot be the root group's name: it must be non-empty, without leading or trailing spaces, "/", ":", "\`" or control characters`, {
      hint: 'Choose another with --root <name> or HOLOCRON_TSM_ROOT.',
    });
  }
  return root;
}

/**
 * Between the root's name and an operation's: our operations are "Holocron: Flip Fast".
 * Root names may not contain ":", so "Holocron Auto: …" is never taken for "Holocron"'s.
 */
export const OPERATION_SEP = ': ';

/** Our operation's name in the file: the root's name first, so it is recognisably ours. */
export function operationName(root: string, name: string): string {
  return `${root}${OPERATION_SEP}${name}`;
}

interface RuleRow {
  path: string;
  operations: Record<string, unknown>;
}

interface OperationRow {
  module: TsmModule;
  name: string;
  settings: Record<string, unknown>;
}

interface PlanRow {
  path: string;
  item_string: string;
  market_value: string | null;
  daily_sold: string | null;
  sale_rate: string | null;
  profit: string | null;
  margin: string | null;
}

export async function planGroups(db: Pick<Database, 'query'>, options: { region: string; root?: string; connectedRealmId?: number }): Promise<GroupPlan> {
  const root = checkRootName(options.root ?? DEFAULT_ROOT);
  const rules = await db.query<RuleRow>('SELECT path, operations FROM goblin.tsm_group_rule WHERE enabled ORDER BY path');
  const ops = await db.query<OperationRow>('SELECT module, name, settings FROM goblin.tsm_operation ORDER BY module, name');
  const rows = await db.query<PlanRow>(
    `SELECT path, item_string, market_value::text, daily_sold::text, sale_rate::text, profit::text, margin::text
     FROM goblin.tsm_group_plan($1, $2)`,
    [options.region, options.connectedRealmId ?? null],
  );
  return buildPlan(root, options.region, rules, ops, rows);
}

function buildPlan(root: string, region: string, rules: RuleRow[], ops: OperationRow[], rows: PlanRow[]): GroupPlan {
  const known = new Set(ops.map((o) => `${o.module}\u0000${o.name}`));
  const full = (relative: string) => (relative === '' ? root : `${root}${GROUP_SEP}${relative.split('/').join(GROUP_SEP)}`);
  const groups = new Map<string, PlannedGroup>();
  const ensure = (path: string): PlannedGroup => {
    let group = groups.get(path);
    if (!group) {
      const cut = path.lastIndexOf(GROUP_SEP);
      if (cut > 0) ensure(path.slice(0, cut));
      group = { path, operations: {}, items: 0 };
      groups.set(path, group);
    }
    return group;
  };
  ensure(root);
  for (const rule of rules) {
    const group = ensure(full(rule.path));
    for (const [module, names] of Object.entries(rule.operations)) {
      if (!(TSM_MODULES as readonly string[]).includes(module) || !Array.isArray(names) || names.some((n) => typeof n !== 'string')) {
        throw new ConfigError(`group rule "${rule.path}": operations must map TSM modules (${TSM_MODULES.join(', ')}) to lists of names, got ${module}`);
      }
      const mod = module as TsmModule;
      if (names.length > MODULE_MAX[mod]) throw new ConfigError(`group rule "${rule.path}": TSM allows at most ${MODULE_MAX[mod]} ${mod} operation(s) per group`);
      for (const name of names as string[]) {
        if (!known.has(`${mod}\u0000${name}`)) throw new ConfigError(`group rule "${rule.path}" names ${mod} operation "${name}", which is not in goblin.tsm_operation`);
      }
      if (names.length > 0) group.operations[mod] = (names as string[]).map((n) => operationName(root, n));
    }
  }
  // Our groups are told from a user's group of the same name by the "<root>: …" operations they use.
  if (![...groups.values()].some((g) => Object.keys(g.operations).length > 0)) {
    throw new ConfigError('goblin.tsm_group_rule gives no group an operation: holocron recognises its own groups in TradeSkillMaster.lua by their operations', {
      hint: "Give the root rule (path '') at least one, e.g. UPDATE goblin.tsm_group_rule SET operations = '{\"Auctioning\": [\"Post\"]}' WHERE path = ''.",
    });
  }
  const items: PlannedItem[] = rows.map((r) => ({
    itemString: r.item_string,
    path: full(r.path),
    marketValue: num(r.market_value),
    dailySold: num(r.daily_sold),
    saleRate: num(r.sale_rate),
    profit: num(r.profit),
    margin: num(r.margin),
  }));
  for (const item of items) ensure(item.path).items += 1;
  const operations: GroupPlan['operations'] = {};
  for (const op of ops) (operations[op.module] ??= {})[operationName(root, op.name)] = op.settings;
  const ordered = [...groups.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { root, region, groups: ordered, items, operations };
}

function num(text: string | null): number | null {
  return text === null ? null : Number(text);
}

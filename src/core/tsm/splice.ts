/**
 * Plans the edits that put a GroupPlan into TradeSkillMaster.lua: our root
 * group's entries in `p@<Profile>@userData@groups`, its items in `…@items`,
 * and our operations in the operations table TSM reads. Each edit replaces a
 * byte range; everything else in the file stays byte for byte (see
 * tsm-savedvariables.md §9). Entries of ours from an earlier sync are removed
 * and written again at the end of their table, so the same plan twice gives
 * the same bytes.
 */
import { ConfigError, DataError, UsageError } from '../errors.js';
import { LuaTable, str, table, type LuaKey, type LuaValue } from '../lua/lua-table.js';
import type { SavedVariables } from '../lua/saved-variables.js';
import { wantGroups, wantOperations } from './desired.js';
import { detectStyle, entryLines, type FileStyle } from './emit.js';
import { globalTableStart, scanTable, type EntrySpan, type TableSpan } from './lua-spans.js';
import { GROUP_SEP, TSM_MODULES, operationName, type GroupPlan } from './plan.js';

export const DB_GLOBAL = 'TradeSkillMasterDB';

export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** What our part of one settings key should hold after the sync. */
export interface OwnedKey {
  key: string;
  /** Does an entry (by key, and value for items) belong to us? */
  ours: (entryKey: LuaKey, value: LuaValue | undefined) => boolean;
  /** Our entries as they should be. For operations: per module. */
  want: Map<string, LuaValue>;
  nested: boolean;
}

export interface SplicePlan {
  edits: Edit[];
  owned: OwnedKey[];
  profiles: string[];
  operationsKey: string;
  /** Items the plan wanted that the user already keeps in a group of their own. */
  keptInUserGroups: Array<{ profile: string; itemString: string; group: string }>;
  counts: { groups: number; items: number; operations: number };
}

export interface SpliceOptions {
  profile?: string;
}

export function tsmTable(sv: SavedVariables, file: string): LuaTable {
  const db = table(sv.get(DB_GLOBAL));
  if (!db) throw new DataError(`${file}: no ${DB_GLOBAL} table — is this TradeSkillMaster's SavedVariables file?`);
  return db;
}

/** Profiles to write: the one asked for, or every profile a character uses. */
export function chooseProfiles(db: LuaTable, asked: string | undefined, file: string): string[] {
  const listed = (table(table(db.get('_scopeKeys'))?.get('profile'))?.items ?? []).filter((p): p is string => typeof p === 'string');
  if (asked !== undefined) {
    if (!listed.includes(asked)) {
      throw new UsageError(`${file}: TSM has no profile "${asked}" (profiles: ${listed.join(', ') || 'none'})`, {
        hint: 'TSM resets a profile it does not list; create it in game first, or name one of the listed profiles.',
      });
    }
    return [asked];
  }
  const current = table(db.get('_currentProfile'));
  const used = new Set<string>();
  if (current) for (const [, v] of current.entries()) if (typeof v === 'string' && listed.includes(v)) used.add(v);
  if (used.size === 0 && listed.includes('Default')) used.add('Default');
  if (used.size === 0) throw new DataError(`${file}: no profile to write into (_currentProfile and _scopeKeys.profile name none)`);
  return [...used].sort();
}

/** TSM reads operations from the global key when "global operations" is on (schema ≥ 121 renamed it). */
export function operationsKey(db: LuaTable, profile: string): string {
  if (db.get('g@ @coreOptions@globalOperations') !== true) return `p@${profile}@userData@operations`;
  if (db.has('g@ @userData@sharedOperations')) return 'g@ @userData@sharedOperations';
  const version = db.get('_version');
  return typeof version === 'number' && version >= 121 ? 'g@ @userData@sharedOperations' : 'g@ @userData@operations';
}

export function isOurPath(root: string, path: string): boolean {
  return path === root || path.startsWith(root + GROUP_SEP);
}

/**
 * A group named like our root counts as ours only when its subtree uses one
 * of our operations ("<root>: …"); otherwise it is the user's and we refuse.
 */
export function checkRootIsOurs(groups: LuaTable | undefined, root: string, file: string, profile: string): void {
  if (!groups) return;
  const subtree = groups.stringKeys().filter((k) => isOurPath(root, k));
  if (subtree.length === 0) return;
  const prefix = operationName(root, '');
  for (const path of subtree) {
    const info = table(groups.get(path));
    if (!info) continue;
    for (const [, list] of info.entries()) {
      const t = table(list);
      if (t && t.items.some((name) => typeof name === 'string' && name.startsWith(prefix))) return;
    }
  }
  throw new ConfigError(`${file}: profile "${profile}" already has a group "${root}" of your own (it uses none of holocron's "${prefix}…" operations); holocron will not write into it`, {
    hint: `Choose another root group with --root <name> (or HOLOCRON_TSM_ROOT), e.g. --root "${root} Auto", or rename your group in TSM.`,
  });
}

export function planSplice(b: Buffer, sv: SavedVariables, plan: GroupPlan, file: string, options: SpliceOptions = {}): SplicePlan {
  const db = tsmTable(sv, file);
  const profiles = chooseProfiles(db, options.profile, file);
  const dbOpen = globalTableStart(b, DB_GLOBAL);
  const top = scanTable(b, dbOpen);
  const style = fileStyle(b, top);
  const topIndex = new Map<string | number, EntrySpan>(top.entries.map((e) => [e.key, e]));
  const owned: OwnedKey[] = [];
  const keptInUserGroups: SplicePlan['keptInUserGroups'] = [];
  const opsKeys = new Set<string>();
  let items = 0;
  for (const profile of profiles) {
    const groupsKey = `p@${profile}@userData@groups`;
    const groups = table(db.get(groupsKey));
    checkRootIsOurs(groups, plan.root, file, profile);
    const ops = table(db.get(operationsKey(db, profile)));
    owned.push({ key: groupsKey, ours: (k) => typeof k === 'string' && isOurPath(plan.root, k), want: wantGroups(plan, groups, ops), nested: false });
    const itemsKey = `p@${profile}@userData@items`;
    const current = table(db.get(itemsKey));
    const wantItems = new Map<string, LuaValue>();
    for (const item of plan.items) {
      const theirs = str(current?.get(item.itemString));
      if (theirs !== undefined && !isOurPath(plan.root, theirs)) keptInUserGroups.push({ profile, itemString: item.itemString, group: theirs });
      else wantItems.set(item.itemString, item.path);
    }
    items = Math.max(items, wantItems.size);
    owned.push({ key: itemsKey, ours: (_k, v) => typeof v === 'string' && isOurPath(plan.root, v), want: wantItems, nested: false });
    opsKeys.add(operationsKey(db, profile));
  }
  const prefix = operationName(plan.root, '');
  for (const key of opsKeys) {
    owned.push({ key, ours: (k) => typeof k === 'string' && k.startsWith(prefix), want: wantOperations(plan, table(db.get(key))), nested: true });
  }
  const edits: Edit[] = [];
  const topInserts: string[] = [];
  for (const o of owned) {
    const span = topIndex.get(o.key);
    const current = table(db.get(o.key));
    if (!span || !current) {
      if (span) throw new DataError(`${file}: ${o.key} is not a table`);
      const value = new LuaTable();
      for (const [k, v] of o.want) value.set(k, v);
      topInserts.push(entryLines(o.key, value, style.unit, style));
      continue;
    }
    const inner = scanTable(b, span.valueStart);
    const indent = lineIndent(b, span.start) + style.unit;
    if (!o.nested) {
      edits.push(...replaceEntries(b, inner, current, o.ours, o.want, indent, style));
      continue;
    }
    // Operations: one table per module.
    const modules = new Map<string | number, EntrySpan>(inner.entries.map((e) => [e.key, e]));
    const newModules: string[] = [];
    for (const module of TSM_MODULES) {
      const want = table(o.want.get(module));
      const wantMap = new Map<string, LuaValue>();
      if (want) for (const [k, v] of want.entries()) wantMap.set(String(k), v);
      const mSpan = modules.get(module);
      const mTable = table(current.get(module));
      if (!mSpan || !mTable) {
        if (wantMap.size > 0) newModules.push(entryLines(module, want!, indent, style));
        continue;
      }
      const mInner = scanTable(b, mSpan.valueStart);
      edits.push(...replaceEntries(b, mInner, mTable, o.ours, wantMap, indent + style.unit, style));
    }
    if (newModules.length > 0) edits.push(...insertBeforeClose(b, inner, newModules.join(''), indent, style));
  }
  if (topInserts.length > 0) edits.push(...insertBeforeClose(b, top, topInserts.join(''), style.unit, style));
  edits.sort((x, y) => x.start - y.start || x.end - y.end);
  const operations = Object.values(plan.operations).reduce((n, ops) => n + Object.keys(ops ?? {}).length, 0);
  return { edits, owned, profiles, operationsKey: [...opsKeys].join(', '), keptInUserGroups, counts: { groups: plan.groups.length, items, operations } };
}

export function applyEdits(b: Buffer, edits: Edit[]): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (const e of edits) {
    if (e.start < at) throw new Error('overlapping edits');
    parts.push(b.subarray(at, e.start), Buffer.from(e.text, 'utf8'));
    at = e.end;
  }
  parts.push(b.subarray(at));
  return Buffer.concat(parts);
}

function fileStyle(b: Buffer, top: TableSpan): FileStyle {
  const first = top.entries[0];
  if (!first) return { eol: b.includes('\r\n') ? '\r\n' : '\n', unit: '\t', indexComments: b.includes('-- [1]') };
  const lineStart = b.lastIndexOf(0x0a, first.start - 1) + 1;
  return detectStyle(b, lineStart, first.start);
}

/** Removes our entries of one table and writes the wanted ones before its `}`. */
function replaceEntries(
  b: Buffer,
  span: TableSpan,
  current: LuaTable,
  ours: OwnedKey['ours'],
  want: Map<string, LuaValue>,
  indent: string,
  style: FileStyle,
): Edit[] {
  const edits: Edit[] = [];
  const kept: EntrySpan[] = [];
  for (const entry of span.entries) {
    if (!ours(entry.key, current.get(entry.key))) {
      kept.push(entry);
      continue;
    }
    const whole = wholeLines(b, entry.start, entry.end);
    edits.push({ start: whole.start, end: whole.end, text: '' });
  }
  const keys = [...want.keys()].sort();
  const text = keys.map((k) => entryLines(k, want.get(k)!, indent, style)).join('');
  if (text !== '') edits.push(...insertBeforeClose(b, { ...span, entries: kept }, text, indent.slice(0, indent.length - style.unit.length), style));
  return mergeAdjacent(edits);
}

/**
 * An insertion at the table's `}`: on the brace's own line when it has one,
 * else as new lines. Lua needs a separator after the last entry before ours;
 * WoW always writes one, a hand-edited file may not: then a `,` goes right
 * after that entry's value (so our lines stay whole lines, removable later).
 */
function insertBeforeClose(b: Buffer, span: TableSpan, text: string, braceIndent: string, style: FileStyle): Edit[] {
  const edits: Edit[] = [];
  const last = span.entries[span.entries.length - 1];
  if (last && last.end === last.valueEnd) edits.push({ start: last.valueEnd, end: last.valueEnd, text: ',' });
  let ls = span.close;
  while (ls > 0 && (b[ls - 1] === 0x20 || b[ls - 1] === 0x09)) ls -= 1;
  if (ls > 0 && b[ls - 1] === 0x0a && ls > span.open) edits.push({ start: ls, end: ls, text });
  else edits.push({ start: span.close, end: span.close, text: `${style.eol}${text}${braceIndent}` });
  return edits;
}

/** A removal that ends where an insertion starts becomes one edit (applyEdits needs them ordered). */
function mergeAdjacent(edits: Edit[]): Edit[] {
  edits.sort((x, y) => x.start - y.start || x.end - y.end);
  const out: Edit[] = [];
  for (const e of edits) {
    const last = out[out.length - 1];
    if (last && e.start <= last.end) {
      last.end = Math.max(last.end, e.end);
      last.text += e.text;
    } else out.push({ ...e });
  }
  return out;
}

/** The entry with its indentation and line ending when it sits on lines of its own. */
function wholeLines(b: Buffer, start: number, end: number): { start: number; end: number } {
  let ls = start;
  while (ls > 0 && (b[ls - 1] === 0x20 || b[ls - 1] === 0x09)) ls -= 1;
  let le = end;
  while (b[le] === 0x20 || b[le] === 0x09) le += 1;
  const atLineStart = ls === 0 || b[ls - 1] === 0x0a;
  if (!atLineStart) return { start, end };
  if (b[le] === 0x0d && b[le + 1] === 0x0a) return { start: ls, end: le + 2 };
  if (b[le] === 0x0a) return { start: ls, end: le + 1 };
  return { start, end };
}

function lineIndent(b: Buffer, at: number): string {
  const ls = b.lastIndexOf(0x0a, at - 1) + 1;
  let p = ls;
  while (b[p] === 0x20 || b[p] === 0x09) p += 1;
  return b.toString('latin1', ls, p);
}

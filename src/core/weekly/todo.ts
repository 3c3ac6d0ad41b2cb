/**
 * Boredom mode: one ranked list of what is worth doing now — the hitlist, the
 * shopping list, open logistics jobs, pets, profession weeklies — filtered by
 * character, kind and the time available. Ranking rule (README "todo"): value
 * per minute, best first.
 */
import type { Database } from '../db/pool.js';
import { UsageError } from '../errors.js';
import { resolveCharacter } from '../inventory/resolve.js';
import { hitlistCandidates, logisticsCandidates, petCandidates, utilityCandidates, type TodoCandidate } from './todo-sources.js';

export interface TodoItem extends Omit<TodoCandidate, 'ownerId' | 'account'> {
  /** Copper per minute, rounded: value / minutes. */
  score: number;
}

export interface TodoOptions {
  character?: string;
  kind?: string;
  /** Only what fits in this many minutes, taken best first. */
  minutes?: number;
}

export interface TodoList {
  items: TodoItem[];
  /** Every kind the unfiltered list has, for "nothing of kind X". */
  kinds: string[];
  character: string | null;
  kind: string | null;
  budget: number | null;
  /** Minutes the listed items take together. */
  totalMinutes: number;
}

export const TODO_KINDS = ['hitlist', 'logistics', 'pet', 'shopping', 'weekly'] as const;

export function score(c: Pick<TodoCandidate, 'value' | 'minutes'>): number {
  return Math.round(c.value / Math.max(1, c.minutes));
}

/** Value per minute, then the bigger value, the shorter task, who and what (stable across runs). */
export function rankTodo(candidates: readonly TodoCandidate[]): TodoItem[] {
  return candidates
    .map((c) => ({ kind: c.kind, character: c.character, what: c.what, why: c.why, reward: c.reward, minutes: c.minutes, value: c.value, score: score(c) }))
    .sort(
      (a, b) =>
        b.score - a.score ||
        b.value - a.value ||
        a.minutes - b.minutes ||
        (a.character ?? '').localeCompare(b.character ?? '') ||
        a.what.localeCompare(b.what),
    );
}

/** Walks the ranked list and keeps each item that still fits the minutes left. */
export function fitMinutes(items: readonly TodoItem[], budget: number): TodoItem[] {
  let left = budget;
  const kept: TodoItem[] = [];
  for (const item of items) {
    if (item.minutes > left) continue;
    kept.push(item);
    left -= item.minutes;
  }
  return kept;
}

export function checkKind(kind: string): string {
  const trimmed = kind.trim().toLowerCase();
  if (!/^[a-z][a-z0-9_-]*$/.test(trimmed)) throw new UsageError(`--kind takes a kind such as ${TODO_KINDS.join(', ')} (got '${kind}')`);
  return trimmed;
}

export async function loadTodo(db: Database, options: TodoOptions = {}): Promise<TodoList> {
  const who = options.character !== undefined ? await resolveCharacter(db, options.character) : null;
  const kind = options.kind !== undefined ? checkKind(options.kind) : null;
  const hitlist = await hitlistCandidates(db);
  const all = [...hitlist, ...(await utilityCandidates(db)), ...(await logisticsCandidates(db)), ...(await petCandidates(db))];
  const hitlistKinds = new Set(hitlist.map((h) => h.kind));
  const mine = who === null ? all : all.filter((c) => c.ownerId === who.ownerId || (c.ownerId === null && c.account === who.account));
  const ofKind = kind === null ? mine : mine.filter((c) => c.kind === kind || (kind === 'hitlist' && hitlistKinds.has(c.kind)));
  const ranked = rankTodo(ofKind);
  const items = options.minutes !== undefined ? fitMinutes(ranked, options.minutes) : ranked;
  return {
    items,
    kinds: [...new Set(all.map((c) => c.kind))].sort(),
    character: who?.label ?? null,
    kind,
    budget: options.minutes ?? null,
    totalMinutes: items.reduce((n, i) => n + i.minutes, 0),
  };
}

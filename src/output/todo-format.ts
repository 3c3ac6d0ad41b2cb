import type { TodoItem, TodoList } from '../core/weekly/todo.js';
import { formatGold } from './money.js';

export function whoLabel(i: TodoItem): string {
  return i.character ?? 'any character';
}

/** Copper per minute as gold: "12g/min". */
export function scoreLabel(i: TodoItem): string {
  return `${formatGold(i.score)}/min`;
}

export const TODO_COLUMNS = [
  { header: '#', value: (i: TodoItem & { rank: number }) => String(i.rank), align: 'right' as const },
  { header: 'kind', value: (i: TodoItem) => i.kind },
  { header: 'who', value: whoLabel, shrinkTo: 12 },
  { header: 'what', value: (i: TodoItem) => i.what, shrinkTo: 24 },
  { header: 'min', value: (i: TodoItem) => String(i.minutes), align: 'right' as const },
  { header: 'value', value: (i: TodoItem) => formatGold(i.value), align: 'right' as const },
  { header: 'per min', value: scoreLabel, align: 'right' as const, optional: true },
  { header: 'reward', value: (i: TodoItem) => i.reward, shrinkTo: 12, optional: true },
  { header: 'why', value: (i: TodoItem) => i.why, shrinkTo: 12, optional: true },
];

export function numbered(items: readonly TodoItem[]): Array<TodoItem & { rank: number }> {
  return items.map((item, i) => ({ ...item, rank: i + 1 }));
}

export function todoSummary(list: TodoList): string {
  const scope = [list.character, list.kind && `kind ${list.kind}`, list.budget !== null && `${list.budget} min available`].filter(Boolean).join(', ');
  return `${list.items.length} thing(s) to do${scope ? ` (${scope})` : ''}, ${list.totalMinutes} min in all, best value per minute first`;
}

/** What to say instead of an empty table. */
export function emptyNote(list: TodoList): string {
  if (list.kind !== null && !list.kinds.includes(list.kind) && list.kind !== 'hitlist') {
    return `nothing of kind '${list.kind}'; kinds on the list now: ${list.kinds.join(', ') || 'none'}`;
  }
  return list.budget !== null ? `nothing fits in ${list.budget} min` : 'nothing to do: every weekly is done and no job is open';
}

/** One line per item for cron and pipes, never cut: rank, minutes, value, who, what, then why and reward. */
export function todoLines(list: TodoList): string[] {
  if (list.items.length === 0) return [todoSummary(list), emptyNote(list)];
  return [
    todoSummary(list),
    ...numbered(list.items).map(
      (i) => `${i.rank}. [${i.kind}] ${whoLabel(i)}: ${i.what} — ${i.minutes} min, ${formatGold(i.value)} (${scoreLabel(i)}); ${i.reward}; why: ${i.why}`,
    ),
  ];
}

/** The --json document: an array of items with stable keys. */
export function todoJson(list: TodoList): TodoItem[] {
  return list.items.map((i) => ({ kind: i.kind, character: i.character, what: i.what, why: i.why, reward: i.reward, minutes: i.minutes, value: i.value, score: i.score }));
}

import { formatBytes, formatCount, type BoardSnapshot, type ProgressBoard, type TaskLine } from './progress-board.js';

/**
 * What a progress board shows within a terminal of a given size: one overall
 * line, the tasks in flight, and the failures. Finished tasks are only counted:
 * a board with a line per task outgrows the screen at real scale (200 datasets),
 * and a frame taller than the terminal scrolls its top away on every redraw.
 */
export interface BoardTotals {
  finished: number;
  total: number;
  /** Summed over tasks that report rows; undefined when none does. */
  rows: number | undefined;
  /** Summed over byte-counted tasks; undefined when none is. */
  bytes: number | undefined;
  /** Bytes (or items, for item-counted boards) per second since the start. */
  rate: { perSecond: number; unit: 'bytes' | 'items' } | undefined;
  elapsedMs: number;
  etaMs: number | undefined;
}

const FINISHED = new Set<TaskLine['state']>(['done', 'failed', 'skipped']);

export function boardTotals(lines: readonly TaskLine[], elapsedMs: number): BoardTotals {
  const finished = lines.filter((l) => FINISHED.has(l.state)).length;
  const withRows = lines.filter((l) => l.rows !== undefined);
  const byteLines = lines.filter((l) => l.unit === 'bytes');
  const bytes = byteLines.length ? byteLines.reduce((sum, l) => sum + l.done, 0) : undefined;
  const seconds = Math.max(elapsedMs, 1) / 1000;
  const items = lines.filter((l) => l.unit === 'items').reduce((sum, l) => sum + Math.min(l.done, l.total ?? l.done), 0);
  const rate =
    bytes !== undefined ? { perSecond: bytes / seconds, unit: 'bytes' as const } : items > 0 ? { perSecond: items / seconds, unit: 'items' as const } : undefined;
  return {
    finished,
    total: lines.length,
    rows: withRows.length ? withRows.reduce((sum, l) => sum + (l.rows ?? 0), 0) : undefined,
    bytes,
    rate,
    elapsedMs,
    etaMs: eta(lines, finished, elapsedMs),
  };
}

/**
 * By items when every task knows its total in items (seed), else by tasks: the
 * sizes of datasets not yet fetched are unknown, their count is not.
 */
function eta(lines: readonly TaskLine[], finished: number, elapsedMs: number): number | undefined {
  if (lines.length === 0 || finished === lines.length) return undefined;
  if (lines.every((l) => l.unit === 'items' && l.total !== undefined)) {
    const done = lines.reduce((sum, l) => sum + Math.min(l.done, l.total!), 0);
    const total = lines.reduce((sum, l) => sum + l.total!, 0);
    return done > 0 ? (elapsedMs * (total - done)) / done : undefined;
  }
  return finished > 0 ? (elapsedMs * (lines.length - finished)) / finished : undefined;
}

/** "45 s", "3 min 10 s", "2 h 5 min": an estimate needs no milliseconds. */
export function formatEta(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

/**
 * The overall line, as much of it as fits `width`: the noun goes first, then the
 * title, bytes and rate; the count and ETA stay.
 */
export function overallLine(names: { title: string; noun: string; itemName: string }, totals: BoardTotals, done: boolean, width: number): string {
  const { title, noun, itemName } = names;
  const count = `${totals.finished}/${totals.total}`;
  const rows = totals.rows !== undefined ? `${formatCount(totals.rows)} rows` : undefined;
  const bytes = totals.bytes !== undefined ? formatBytes(totals.bytes) : undefined;
  const rate = totals.rate
    ? totals.rate.unit === 'bytes'
      ? `${formatBytes(Math.round(totals.rate.perSecond))}/s`
      : `${formatCount(totals.rate.perSecond)} ${itemName}/s`
    : undefined;
  const time = done ? `done in ${formatEta(totals.elapsedMs)}` : totals.etaMs !== undefined ? `ETA ${formatEta(totals.etaMs)}` : undefined;
  const join = (head: string | undefined, parts: Array<string | undefined>) => {
    const body = parts.filter((p): p is string => p !== undefined).join(', ');
    return head ? `${head}  ${body}` : body;
  };
  const candidates = [
    join(title, [`${count} ${noun}`, rows, bytes, rate, time]),
    join(title, [count, rows, bytes, rate, time]),
    join(undefined, [count, rows, bytes, rate, time]),
    join(undefined, [count, rows, rate, time]),
    join(undefined, [count, rows, time]),
    join(undefined, [count, time]),
  ];
  return candidates.find((c) => c.length <= width) ?? candidates.at(-1)!;
}

export interface FittedBoard {
  running: TaskLine[];
  /** In flight but not shown; when non-zero a line says so. */
  moreRunning: number;
  failures: TaskLine[];
  moreFailures: number;
}

/**
 * Picks the task lines for a board of at most `height` lines, the overall line
 * included. Tasks in flight come first (their number is bounded by the
 * concurrency); failures take the rest, but at least half when both overflow.
 */
export function fitBoard(lines: readonly TaskLine[], height: number): FittedBoard {
  const space = Math.max(0, height - 1);
  const running = lines.filter((l) => l.state === 'running');
  const failed = lines.filter((l) => l.state === 'failed');
  const runSpace = failed.length > 0 ? Math.min(running.length, Math.max(space - failed.length, Math.ceil(space / 2))) : Math.min(running.length, space);
  const inFlight = take(running, runSpace);
  const used = inFlight.shown.length + (inFlight.more > 0 ? 1 : 0);
  const failures = take(failed, space - used);
  return { running: inFlight.shown, moreRunning: inFlight.more, failures: failures.shown, moreFailures: failures.more };
}

/** As many as fit in `space` lines; when some do not, the last line says how many. */
function take(items: TaskLine[], space: number): { shown: TaskLine[]; more: number } {
  if (items.length <= space) return { shown: items, more: 0 };
  if (space <= 0) return { shown: [], more: 0 };
  return { shown: items.slice(0, space - 1), more: items.length - (space - 1) };
}

function moreLine(count: number, shown: number, what: 'in flight' | 'failures'): string {
  if (what === 'in flight') return shown > 0 ? `and ${count} more in flight` : `${count} in flight`;
  return shown > 0 ? `and ${count} more failures` : `${count} failures`;
}

export type SegmentStyle = 'title' | 'running' | 'failed' | 'dim';
export interface FrameSegment {
  text: string;
  style?: SegmentStyle;
}
/** One terminal line of the board; the renderer truncates it to the width. */
export interface FrameLine {
  key: string;
  segments: FrameSegment[];
}

const MAX_BAR = 24;

/**
 * The board as text for a terminal of `columns` × `rows`: at most `rows - 1`
 * lines (a frame that fills the screen makes Ink clear the terminal on every
 * redraw), each meant to be cut at `columns`.
 */
export function boardFrame(
  board: Pick<ProgressBoard, 'title' | 'noun' | 'itemName' | 'elapsedMs'>,
  snapshot: BoardSnapshot,
  size: { columns: number; rows: number },
): FrameLine[] {
  const totals = boardTotals(snapshot.lines, board.elapsedMs());
  const overall: FrameLine = { key: 'overall', segments: [{ text: overallLine(board, totals, snapshot.finished, size.columns), style: 'title' }] };
  if (snapshot.finished || size.rows < 3) return [overall];
  const fitted = fitBoard(snapshot.lines, size.rows - 1);
  const width = Math.max(8, ...[...fitted.running, ...fitted.failures].map((l) => l.label.length));
  const barWidth = Math.max(6, Math.min(MAX_BAR, size.columns - width - 32));
  const frame = [overall];
  for (const line of fitted.running) {
    frame.push({
      key: line.id,
      segments: [
        { text: line.label.padEnd(width), style: 'running' },
        { text: ` ${bar(line, barWidth)} ` },
        { text: amount(line), style: 'dim' },
        { text: ` ${line.detail}` },
      ],
    });
  }
  if (fitted.moreRunning > 0) frame.push({ key: 'more-running', segments: [{ text: moreLine(fitted.moreRunning, fitted.running.length, 'in flight'), style: 'dim' }] });
  for (const line of fitted.failures) {
    frame.push({ key: line.id, segments: [{ text: line.label.padEnd(width), style: 'failed' }, { text: ` ${line.detail}` }] });
  }
  if (fitted.moreFailures > 0) frame.push({ key: 'more-failures', segments: [{ text: moreLine(fitted.moreFailures, fitted.failures.length, 'failures'), style: 'failed' }] });
  return frame;
}

/** How wide each line of `frame` is on a terminal `columns` wide (long lines are cut there). */
export function frameWidths(frame: readonly FrameLine[], columns: number): number[] {
  return frame.map((line) => Math.min(columns, line.segments.reduce((sum, s) => sum + s.text.length, 0)));
}

function bar(line: TaskLine, width: number): string {
  const fraction = line.state === 'done' ? 1 : line.total ? Math.min(1, line.done / line.total) : 0;
  const filled = Math.round(fraction * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

function amount(line: TaskLine): string {
  const show = (n: number) => (line.unit === 'bytes' ? formatBytes(n) : formatCount(n));
  return line.total ? `${show(line.done)}/${show(line.total)}` : show(line.done);
}

/**
 * Live state of long-running work (one line per task) that an Ink view renders
 * on a terminal. Commands update it from core events; nothing here draws.
 */
export type TaskState = 'waiting' | 'running' | 'done' | 'failed' | 'skipped';

export interface TaskLine {
  id: string;
  label: string;
  state: TaskState;
  /** Progress numerator and denominator; total unknown → no bar, just the count. */
  done: number;
  total: number | undefined;
  unit: 'bytes' | 'items';
  /** Rows loaded so far, when the task loads rows (summed on the overall line). */
  rows?: number | undefined;
  /** Short text after the bar: rows loaded, rate, ETA, outcome. */
  detail: string;
}

/** A log line written while the board was on screen; shown above it. */
export interface BoardNote {
  id: number;
  text: string;
}

export interface BoardSnapshot {
  lines: TaskLine[];
  notes: BoardNote[];
  /** Set by finish(): the work is over and only the overall line remains. */
  finished: boolean;
}

export interface BoardOptions {
  /** What a task is called on the overall line ("12/200 datasets"). */
  noun?: string;
  /** What item-counted tasks count, for the rate ("documents/s"). */
  itemName?: string;
  now?: () => number;
  /**
   * Listeners hear of changes at most this often. A large download reports
   * thousands of chunks; each notification costs a React render and layout.
   */
  refreshMs?: number;
}

export class ProgressBoard {
  readonly noun: string;
  readonly itemName: string;
  readonly now: () => number;
  private started: number | undefined;
  private readonly refreshMs: number;
  private readonly lines = new Map<string, TaskLine>();
  private notes: BoardNote[] = [];
  private finished = false;
  private readonly listeners = new Set<() => void>();
  private cached: BoardSnapshot | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastNotified = -Infinity;

  constructor(
    readonly title: string,
    options: BoardOptions = {},
  ) {
    this.noun = options.noun ?? 'tasks';
    this.itemName = options.itemName ?? 'items';
    this.now = options.now ?? Date.now;
    this.refreshMs = options.refreshMs ?? 250;
  }

  /** Time since the first task appeared (loading the display and the database is not work done). */
  elapsedMs(): number {
    return this.started === undefined ? 0 : this.now() - this.started;
  }

  /** Stable between changes, as React's useSyncExternalStore requires. */
  snapshot(): BoardSnapshot {
    this.cached ??= { lines: [...this.lines.values()], notes: this.notes, finished: this.finished };
    return this.cached;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  upsert(id: string, patch: Partial<Omit<TaskLine, 'id'>>): void {
    this.started ??= this.now();
    const current = this.lines.get(id) ?? { id, label: id, state: 'waiting', done: 0, total: undefined, unit: 'items', detail: '' };
    this.lines.set(id, { ...current, ...patch });
    this.changed(false);
  }

  /** A log line: printed above the board, in order, instead of through it. */
  note(text: string): void {
    this.notes = [...this.notes, { id: this.notes.length, text }];
    this.changed(true);
  }

  /** The work is over: the next frame is the overall line alone, drawn now. */
  finish(): void {
    this.finished = true;
    this.changed(true);
  }

  private changed(urgent: boolean): void {
    this.cached = undefined;
    const wait = this.lastNotified + this.refreshMs - this.now();
    if (urgent || wait <= 0) return this.notify();
    this.timer ??= setTimeout(() => this.notify(), wait).unref();
  }

  private notify(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.lastNotified = this.now();
    for (const listener of this.listeners) listener();
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** 1234567 → "1,234,567" (toLocaleString goes through ICU and is slow). */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

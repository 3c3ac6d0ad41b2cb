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
  /** Short text after the bar: rows loaded, rate, ETA, outcome. */
  detail: string;
}

export class ProgressBoard {
  private readonly lines = new Map<string, TaskLine>();
  private readonly listeners = new Set<() => void>();
  private cached: { lines: TaskLine[] } | undefined;

  constructor(readonly title: string) {}

  /** Stable between changes, as React's useSyncExternalStore requires. */
  snapshot(): { lines: TaskLine[] } {
    this.cached ??= { lines: [...this.lines.values()] };
    return this.cached;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  upsert(id: string, patch: Partial<Omit<TaskLine, 'id'>>): void {
    const current = this.lines.get(id) ?? { id, label: id, state: 'waiting', done: 0, total: undefined, unit: 'items', detail: '' };
    this.lines.set(id, { ...current, ...patch });
    this.cached = undefined;
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

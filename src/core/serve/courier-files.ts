/**
 * The courier files the bridge downloads: written by the same writeCourier as
 * `holocron courier` into HOLOCRON_HOME/courier, once after a burst of
 * ingests settles (debounced), never per request. ETags are the content's
 * hash, cached until the file's size or mtime moves.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { COURIER_FILES, type CourierReport } from '../courier/courier.js';

export interface CourierEntry {
  name: string;
  etag: string;
  size: number;
  mtime: string;
  bytes: Buffer;
}

export class CourierFiles {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly cache = new Map<string, { key: string; entry: CourierEntry }>();
  lastWrittenAt: Date | undefined;
  lastError: string | undefined;

  constructor(
    readonly dir: string,
    private readonly write: (outDir: string) => Promise<CourierReport>,
    private readonly delayMs: number,
    private readonly onDone: (outcome: { ms: number; written?: number; error?: string }) => void,
  ) {}

  /** Regenerates `delayMs` after the last call: ten files from one /reload give one courier run. */
  schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.regenerate(), this.delayMs);
  }

  async regenerate(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.running) await this.running;
    const started = performance.now();
    this.running = this.write(this.dir)
      .then((report) => {
        this.lastWrittenAt = new Date();
        this.lastError = undefined;
        this.onDone({ ms: performance.now() - started, written: report.files.filter((f) => f.written).length });
      })
      .catch((error: unknown) => {
        this.lastError = (error as Error).message;
        this.onDone({ ms: performance.now() - started, error: this.lastError });
      })
      .finally(() => (this.running = undefined));
    await this.running;
  }

  /** Waits for a scheduled or running regeneration (graceful shutdown). */
  async settle(): Promise<void> {
    if (this.timer) await this.regenerate();
    while (this.running) await this.running;
  }

  list(): CourierEntry[] {
    return COURIER_FILES.map((name) => this.get(name)).filter((e): e is CourierEntry => e !== undefined);
  }

  get(name: string): CourierEntry | undefined {
    if (!(COURIER_FILES as readonly string[]).includes(name)) return undefined;
    const file = path.join(this.dir, name);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return undefined;
    }
    const key = `${stat.size}:${stat.mtimeMs}`;
    const cached = this.cache.get(name);
    if (cached?.key === key) return cached.entry;
    const bytes = fs.readFileSync(file);
    const entry = { name, etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 32)}"`, size: bytes.length, mtime: stat.mtime.toISOString(), bytes };
    this.cache.set(name, { key, entry });
    return entry;
  }
}

import type { Clock } from '../clock.js';

/**
 * At most `limit` request starts in any `windowMs` (Blizzard: 100 per second per
 * client; going over earns a 429 for the rest of that second). Slots are reserved
 * synchronously, so concurrent callers never over-book.
 */
export class RateLimiter {
  private readonly starts: number[] = [];
  private next = 0;

  constructor(
    private readonly clock: Clock,
    private readonly limit = 100,
    private readonly windowMs = 1000,
  ) {}

  /** Waits for a slot; returns the time the request may start (ms). */
  async acquire(): Promise<number> {
    const now = this.clock.now();
    let at = now;
    if (this.starts.length < this.limit) {
      this.starts.push(now);
    } else {
      // The slot used `limit` starts ago must be at least a window old.
      at = Math.max(now, this.starts[this.next]! + this.windowMs);
      this.starts[this.next] = at;
      this.next = (this.next + 1) % this.limit;
    }
    if (at > now) await this.clock.sleep(at - now);
    return at;
  }
}

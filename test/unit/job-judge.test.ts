/** When a logistics job is done or cancelled, from the counts later inventories show. */
import { describe, expect, it } from 'vitest';
import { MAIL_GRACE_MS, judge, type Counts } from '../../src/core/liquidation/jobs.js';

const HOUR = 3_600_000;
const row = (kind: 'mail' | 'sell' | 'vendor' | 'cage' | 'withdraw', count: number, source: number, destination: number | null = null) => ({
  kind,
  count,
  source_count_at_open: String(source),
  destination_count_at_open: destination === null ? null : String(destination),
});
const now = (source: number, destination: number | null = null, seen: Partial<Counts> = {}): Counts => ({ source, destination, sourceSeen: 0, destinationSeen: 0, ...seen });

describe('judging an open job', () => {
  it('is done when the items reached the destination, whatever the source shows', () => {
    expect(judge(row('mail', 200, 400, 10), now(400, 210))).toEqual({ status: 'done', reason: 'arrived' });
  });

  it('is done when a mail left its sender and the recipient was not seen since', () => {
    expect(judge(row('mail', 200, 400, 10), now(200, 10, { sourceSeen: 5 * HOUR, destinationSeen: 0 }))).toEqual({ status: 'done', reason: 'sent' });
    expect(judge(row('mail', 200, 400, 10), now(200, 10, { sourceSeen: 5 * HOUR, destinationSeen: 5 * HOUR + MAIL_GRACE_MS }))).toEqual({ status: 'done', reason: 'sent' });
  });

  it('is cancelled when a mail left its sender but the recipient, seen well after, never got it', () => {
    expect(judge(row('mail', 200, 400, 10), now(200, 10, { sourceSeen: 5 * HOUR, destinationSeen: 7 * HOUR }))).toEqual({ status: 'cancelled', reason: 'left the sender but never reached the recipient' });
  });

  it('stays open while part is left to move and the source still holds it', () => {
    expect(judge(row('mail', 200, 400, 10), now(300, 10))).toBeUndefined();
    expect(judge(row('sell', 50, 50), now(50))).toBeUndefined();
  });

  it('is done when sold, listed or caged items left the source', () => {
    expect(judge(row('sell', 50, 80), now(30))).toEqual({ status: 'done', reason: 'listed or sold' });
    expect(judge(row('vendor', 3, 3), now(0))).toEqual({ status: 'done', reason: 'sold to a vendor' });
    expect(judge(row('cage', 2, 3), now(1))).toEqual({ status: 'done', reason: 'caged' });
  });

  it('is cancelled when the source holds less than is still to move', () => {
    // 15 of 20 sold, 5 to go: open.
    expect(judge(row('sell', 20, 20), now(5))).toBeUndefined();
    // A row asking more than its source had (its source changed under it): 20 to go, 10 held.
    expect(judge(row('vendor', 40, 30), now(10))).toEqual({ status: 'cancelled', reason: 'the source holds 10 of the 20 still to move' });
    // A journal keeps one of the species: two to cage from three is open; two from two can never be done.
    expect(judge(row('cage', 2, 3), now(3))).toBeUndefined();
    expect(judge(row('cage', 2, 2), now(2))).toEqual({ status: 'cancelled', reason: 'the source holds 1 of the 2 still to move' });
  });

  it('closes a withdrawal from the warband bank only when the items reach the raider', () => {
    expect(judge(row('withdraw', 12, 12, 0), now(0, 12))).toEqual({ status: 'done', reason: 'arrived' });
    // Someone else emptied the shared bank: not the raider's doing, and nothing is left to take.
    expect(judge(row('withdraw', 12, 12, 0), now(0, 0))).toEqual({ status: 'cancelled', reason: 'the source holds 0 of the 12 still to move' });
    expect(judge(row('withdraw', 12, 50, 0), now(38, 0))).toBeUndefined();
  });
});

import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { describe, expect, it } from 'vitest';
import { BinaryCopyWriter } from '../../src/core/db/copy-binary.js';
import { useTestDatabase } from '../helpers/db.js';

const t = useTestDatabase();

describe('BinaryCopyWriter against a real server', () => {
  it('round-trips every field type holocron writes', async () => {
    const numerics = [0, 1, -1, 0.5, 150.1234, 12_345_678.9, 99_999_999_999.9999, 10_000, 0.0001, -42.42, Number.NaN];
    const int8s = [0, 1, -1, 2 ** 32, 2 ** 32 + 5, -(2 ** 40) - 3, Number.MAX_SAFE_INTEGER, 99_999_999_999];
    const rows: Array<[number, number | null, number | null, number | null, number[] | null, number | null, number]> = [];
    for (let i = 0; i < Math.max(numerics.length, int8s.length); i++) {
      rows.push([Date.UTC(2026, 10, 21, 3, i, 7, 250), i % 3 === 0 ? null : i * 1000, int8s[i % int8s.length]!, i % 4 === 0 ? null : -i, i % 2 ? [i, -i, 2 ** 31 - 1] : i % 5 === 0 ? [] : null, numerics[i % numerics.length]!, i * 1.5]);
    }
    await t.db.query('CREATE TABLE public.copy_probe (at timestamptz, a int4, b int8, c int2, d int4[], e numeric, f float8)');
    const writer = new BinaryCopyWriter(64);
    writer.header();
    for (const [at, a, b, c, d, e, f] of rows) {
      writer.beginRow(7, 200);
      writer.timestamptz(at);
      writer.int4(a);
      writer.int8(b);
      writer.int2(c);
      writer.int4Array(d);
      writer.numeric4(e);
      writer.float8(f);
    }
    writer.trailer();
    await t.db.withClient((client) => pipeline([writer.take()], client.query(copyFrom('COPY public.copy_probe FROM STDIN WITH (FORMAT binary)'))));
    const back = await t.db.query<{ at: Date; a: number | null; b: number; c: number | null; d: number[] | null; e: string; f: number }>(
      'SELECT at, a, b, c, d, e::text AS e, f FROM public.copy_probe',
    );
    expect(back).toEqual(
      rows.map(([at, a, b, c, d, e, f]) => ({
        at: new Date(at),
        a,
        b,
        c,
        d,
        e: Number.isNaN(e) ? 'NaN' : e!.toFixed(4),
        f,
      })),
    );
  });
});

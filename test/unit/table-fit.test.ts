/** Tables fit the terminal: long names are cut first, then optional columns left out. */
import { describe, expect, it } from 'vitest';
import { fit, type Column } from '../../src/ui/components/Table.js';

const col = (header: string, options: Partial<Column<string>> = {}): Column<string> => ({ header, value: () => '', ...options });
const columns = [col('holder', { shrinkTo: 6 }), col('item', { shrinkTo: 8 }), col('count'), col('price', { optional: true }), col('seller', { optional: true })];
const natural = [16, 30, 5, 16, 17];
const width = (r: { shown: number[]; widths: number[] }) => r.shown.reduce((s, i) => s + r.widths[i]!, 0) + 2 * (r.shown.length - 1);

describe('fitting a table to its room', () => {
  it('keeps everything at natural width when it fits', () => {
    expect(fit(columns, natural, 200)).toEqual({ shown: [0, 1, 2, 3, 4], widths: natural });
  });

  it('cuts the column with most to spare first', () => {
    const r = fit(columns, natural, 84);
    expect(r.shown).toEqual([0, 1, 2, 3, 4]);
    expect(width(r)).toBe(84);
    expect(r.widths[0]).toBe(16);
    expect(r.widths[1]).toBe(22);
  });

  it('leaves out the last optional column when cutting to the floors is not enough, and cuts less then', () => {
    const r = fit(columns, natural, 59);
    expect(r.shown).toEqual([0, 1, 2, 3]);
    expect(width(r)).toBeLessThanOrEqual(59);
    expect(r.widths[1]).toBeGreaterThan(8);
  });

  it('never cuts below a floor or drops a column that is not optional', () => {
    const r = fit(columns, natural, 10);
    expect(r.shown).toEqual([0, 1, 2]);
    expect(r.widths.slice(0, 3)).toEqual([6, 8, 5]);
  });
});

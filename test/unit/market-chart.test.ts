import { describe, expect, it } from 'vitest';
import { columnChart, sparkline } from '../../src/output/market-format.js';

describe('market chart', () => {
  it('draws columns in eighths of a cell from half the lowest value to the highest', () => {
    // Scale 5 … 20 over 2 cells (16 eighths): 10 → 5.33 eighths, 20 → 16, none → blank.
    const chart = columnChart([10, 20, null], 2);
    expect(chart).toEqual({ rows: [' █ ', '▅█ '], low: 5, high: 20 });
  });

  it('keeps a flat series visible and returns nothing without values', () => {
    expect(columnChart([7, 7], 1).rows).toEqual(['██']);
    expect(columnChart([null], 3)).toEqual({ rows: [], low: 0, high: 0 });
  });

  it('scales a sparkline to its largest value, leaving zeros blank', () => {
    expect(sparkline([0, 1, 2, 4])).toBe(' ▂▄█');
    expect(sparkline([0, 0])).toBe('  ');
  });
});

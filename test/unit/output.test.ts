import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { emitReport, outputMode } from '../../src/output/report.js';
import { DbStatusView } from '../../src/ui/DbStatusView.js';
import { renderStatic } from '../../src/ui/render.js';

const tty = { isTTY: true } as NodeJS.WriteStream;
const pipe = { isTTY: false } as NodeJS.WriteStream;

describe('outputMode', () => {
  it('uses Ink only on a terminal outside CI', () => {
    expect(outputMode({}, tty, {})).toBe('ink');
    expect(outputMode({}, pipe, {})).toBe('plain');
    expect(outputMode({}, tty, { CI: '1' })).toBe('plain');
    expect(outputMode({ plain: true }, tty, {})).toBe('plain');
    expect(outputMode({}, tty, { TERM: 'dumb' })).toBe('plain');
  });

  it('--json wins everywhere', () => {
    expect(outputMode({ json: true }, tty, {})).toBe('json');
    expect(outputMode({ json: true }, pipe, {})).toBe('json');
  });
});

describe('emitReport', () => {
  const collect = async (mode: 'json' | 'plain' | 'ink') => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString()));
    await emitReport(mode, { data: { n: 2 }, json: (d) => d, plain: (d) => [`n is ${d.n}`] }, out);
    return text;
  };

  it('prints exactly one JSON document in json mode', async () => {
    expect(JSON.parse(await collect('json'))).toEqual({ n: 2 });
  });

  it('prints plain lines without escape codes', async () => {
    const text = await collect('plain');
    expect(text).toBe('n is 2\n');
    expect(text).not.toMatch(/\u001b\[/);
  });
});

describe('DbStatusView', () => {
  it('renders every field', () => {
    const frame = renderStatic(DbStatusView({ fields: [['server', 'embedded PostgreSQL 18.4'], ['schemas', 'goblin, ops']] }));
    expect(frame).toContain('Holocron database');
    expect(frame).toContain('embedded PostgreSQL 18.4');
    expect(frame).toContain('goblin, ops');
  });
});

describe('ingest summary table', () => {
  it('says what a TradeSkillMaster file gave the ledger, where inventory counts would be empty', async () => {
    const { IngestSummaryView } = await import('../../src/ui/IngestSummaryView.js');
    const tsm = {
      path: '/wtf/Account/MAIN/SavedVariables/TradeSkillMaster.lua',
      account: 'MAIN',
      status: 'ingested',
      formats: ['tsm-accounting'],
      sizeBytes: 211_000,
      ms: 120,
      notes: [],
      ledger: { read: 499, added: 499, grown: 0, unchanged: 0, duplicates: 0, skipped: 0 },
    } as unknown as import('../../src/core/inventory/ingest.js').FileReport;
    const text = renderStatic(IngestSummaryView({ files: [tsm], totals: '1 file(s)' }));
    expect(text).toContain('ledger, log or profile');
    expect(text).toContain('499 accounting rows read, 499 new to the ledger');
  });
});

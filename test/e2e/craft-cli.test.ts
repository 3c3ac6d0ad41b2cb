/**
 * `holocron craft` as a user runs it: the built CLI over a database seeded by
 * the seed writers and priced like a scrape (test/helpers/craft-fixture.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliOnTty } from '../helpers/cli.js';
import { CRAFT, alchemyCatalogue, insertCraftMarket, writeCatalogue } from '../helpers/craft-fixture.js';
import { useTestDatabase } from '../helpers/db.js';

const t = useTestDatabase();
const env = () => ({ DATABASE_URL: t.url });

describe('holocron craft', () => {
  beforeAll(async () => {
    await writeCatalogue(t.db, alchemyCatalogue());
    await insertCraftMarket(t.db);
  });

  it('prints the profession as JSON: cost at the cheapest tiers, value per output tier, notes', async () => {
    const run = await runCli(['craft', '--profession', 'Alchemy', '--region', 'us', '--json'], { env: env() });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      profession: { id: number; name: string };
      note: string | null;
      rows: Array<{ recipeId: number; outputQuality: number | null; reagentCost: number | null; outputValue: number | null; profit: number | null; margin: number | null; soldPerDay: number | null; missingReagents: string[]; optionalReagents: string[] }>;
    };
    expect(report.profession).toEqual({ id: CRAFT.alchemy, name: 'Alchemy' });
    expect(report.rows[0]).toMatchObject({ recipeId: CRAFT.recipes.manaPotion, outputQuality: 2, reagentCost: 7540, outputValue: 15_000, profit: 6710, margin: 0.4473, soldPerDay: 120, optionalReagents: ['Modify Item Level - Minor'] });
    expect(report.rows.find((r) => r.recipeId === CRAFT.recipes.tempered)).toMatchObject({ reagentCost: null, missingReagents: ["Arathor's Spear"] });
  });

  it('prints plain lines off a terminal, filtered by --min-profit and sorted by --sort', async () => {
    const run = await runCli(['craft', '--profession', String(CRAFT.alchemy), '--region', 'US', '--min-profit', '10s', '--sort', 'margin'], { env: env() });
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^Alchemy \(171\) in us, prices as of 2026-11-20 10:00 UTC: 2 row\(s\) by margin, profit at least 10s 0c$/);
    expect(lines[1]).toMatch(/^Algari Mana Potion \[430345\] → Algari Mana Potion q2 {2}cost 75s 40c {2}value 1g 50s 0c {2}profit 67s 10c {2}margin 44\.7% {2}sold\/day 120\.0 {2}\(optional: Modify Item Level - Minor\)$/);
    expect(lines[2]).toMatch(/q1 .*profit 19s 60c {2}margin 19\.6% {2}sold\/day —/);
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('draws a table on a terminal', async () => {
    const tty = await runCliOnTty(['craft', '--profession', 'alchemy', '--region', 'us'], { env: env() });
    if (!tty) return;
    expect(tty.code).toBe(0);
    expect(tty.stdout).toMatch(/recipe +output +q +cost +value +profit +margin +sold\/day/);
    expect(tty.stdout).toMatch(/Algari Mana Potion +Algari Mana Potion +q2 +75s 40c +1g 50s 0c +67s 10c +44\.7% +120\.0/);
    // Why a cost is missing survives a narrow terminal dropping the notes column.
    expect(tty.stdout).toContain("no cost for Tempered Potion: no price for Arathor's Spear");
  });

  it('prices with a connected realm when asked', async () => {
    const run = await runCli(['craft', '--profession', 'blacksmithing', '--region', 'us', '--realm', String(CRAFT.realm), '--json'], { env: env() });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { connectedRealmId: number; rows: Array<{ reagentCost: number; profit: number; reagents: Array<{ source: string }> }> };
    expect(report.connectedRealmId).toBe(CRAFT.realm);
    expect(report.rows[0]).toMatchObject({ reagentCost: 5000, profit: 12_100, reagents: [{ source: 'realm' }] });
  });

  it('says there is no market data and exits 0', async () => {
    const run = await runCli(['craft', '--profession', 'alchemy', '--region', 'eu'], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/no eu market data yet \(run holocron scrape\)/);
  });

  it('refuses an unknown profession with 64, listing the seeded ones', async () => {
    const run = await runCli(['craft', '--profession', 'cooking', '--region', 'us'], { env: env() });
    expect(run.code).toBe(64);
    expect(run.stderr).toMatch(/unknown profession 'cooking'; known: Alchemy \(171\), Blacksmithing \(164\)/);
  });

  it.each([
    [['craft', '--region', 'us'], /name the profession/],
    [['craft', '--profession', 'alchemy'], /--region must be us, eu, kr or tw/],
    [['craft', '--profession', 'alchemy', '--region', 'xx'], /--region must be us, eu, kr or tw \(got 'xx'\)/],
    [['craft', '--profession', 'alchemy', '--region', 'us', '--sort', 'fun'], /--sort must be one of profit, margin, sold/],
    [['craft', '--profession', 'alchemy', '--region', 'us', '--min-profit', 'lots'], /--min-profit takes money like 20g/],
    [['craft', '--profession', 'alchemy', '--region', 'us', '--realm', 'x1'], /--realm must be a whole number/],
  ])('refuses %j with 64', async (args, message) => {
    const run = await runCli(args, { env: env() });
    expect(run.code).toBe(64);
    expect(run.stderr).toMatch(message);
  });
});

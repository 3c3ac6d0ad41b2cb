import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, REPO_ROOT, runCli } from '../helpers/cli.js';
import { useTestDatabase } from '../helpers/db.js';
import { insertMarket, writeAccount } from '../helpers/liquidation-fixture.js';
import { TmuxWindow, tmuxAvailable } from '../helpers/tmux.js';
import { useTempDirs } from '../helpers/tmp.js';

/**
 * `holocron dashboard` as a user at an 80×24 terminal runs it: the built CLI
 * in a tmux window, over an account with characters, items, prices and open
 * jobs. Each tab shows its data within the window, search answers as you
 * type, and q leaves the alternate screen.
 */
const t = useTestDatabase();
const tmp = useTempDirs();
const SIZE = { columns: 80, rows: 24 };

beforeAll(async () => {
  const env = { DATABASE_URL: t.url };
  expect((await runCli(['ingest', writeAccount(tmp('holocron-dashboard-account-'))], { env })).code).toBe(0);
  await insertMarket(t.db);
  expect((await runCli(['liquidate', '--apply'], { env })).code).toBe(0);
});

/** Looks at the screen every 100 ms until it shows `what` (the test's timeout bounds the wait). */
async function until(window: TmuxWindow, what: RegExp): Promise<string[]> {
  let screen: string[] = [];
  for (let look = 0; look < 300; look++) {
    screen = window.capture();
    if (what.test(screen.join('\n'))) return screen;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the screen never showed ${what}; last screen:\n${screen.join('\n')}`);
}

function expectWithinTheWindow(window: TmuxWindow, screen: string[]): void {
  expect(screen.length).toBeLessThanOrEqual(SIZE.rows);
  // Joined, a line the terminal had to wrap comes back whole and too long.
  for (const line of window.capture({ join: true })) expect(line.length, line).toBeLessThanOrEqual(SIZE.columns);
  // One tab bar: a frame drawn a line off would leave a second one behind.
  expect(screen.filter((line) => line.startsWith('Holocron ')), screen.join('\n')).toHaveLength(1);
}

describe('holocron dashboard on an 80×24 terminal', () => {
  it('shows every tab, searches as you type, and restores the terminal on q', async (ctx) => {
    ctx.skip(!tmuxAvailable(), 'tmux is not installed (.ci/run installs it)');
    const home = tmp('holocron-dashboard-home-');
    const env = { DATABASE_URL: t.url, HOLOCRON_HOME: home, HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm-256color', LANG: 'C.UTF-8', PWD: REPO_ROOT };
    const window = TmuxWindow.start(home, [process.execPath, BIN, 'dashboard'], env, SIZE);
    try {
      let screen = await until(window, /10 sell jobs pending/);
      expect(window.alternateScreen()).toBe(true);
      expect(screen[0]).toMatch(/^Holocron \[1 Home\]/);
      expect(screen.join('\n')).toMatch(/5 characters {2}13 open jobs/);
      expectWithinTheWindow(window, screen);

      window.keys('2');
      screen = await until(window, /\[2 Market\][\s\S]*Liquidity \(1\/7\)/);
      expect(screen.join('\n')).toMatch(/^> Mycobloom +610 +579g 50s 0c/m);
      expectWithinTheWindow(window, screen);

      window.keys('3');
      screen = await until(window, /\[3 Operations\][\s\S]*Jobs \(1\/13\)/);
      expect(screen.join('\n')).toMatch(/13 open jobs: 13 liquidation/);
      expect(screen.at(-1)).toMatch(/p plan {2}a apply {2}r restock/);
      expectWithinTheWindow(window, screen);

      window.keys('4');
      screen = await until(window, /\[4 Roster\][\s\S]*Thrall-Stormrage/);
      expect(screen.join('\n')).toMatch(/Characters \(1\/5\)/);
      expectWithinTheWindow(window, screen);

      window.keys('5');
      screen = await until(window, /\[5 Collection\][\s\S]*Mechanical Squirrel/);
      expect(screen.join('\n')).toMatch(/^> Mechanical Squirrel +3 +2/m);
      expectWithinTheWindow(window, screen);

      window.keys('/');
      await until(window, /Where is my \[_\]\?/);
      window.keys('mycob', { literal: true });
      screen = await until(window, /^> Mycobloom +\d/m);
      expect(screen.join('\n')).toMatch(/Where is my \[mycob_\]\?/);
      expectWithinTheWindow(window, screen);
      window.keys('Enter');
      screen = await until(window, /Where it is/);
      expect(screen.join('\n')).toMatch(/^ +400 {2}Farmer-Stormrage, backpack$/m);
      window.keys('Escape');
      await until(window, /Where is my \[mycob_\]\?/);
      window.keys('Escape');
      await until(window, /\[5 Collection\]/);

      window.keys('q');
      screen = await until(window, /^exited \d+$/m);
      expect(screen).toContain('exited 0');
      expect(window.alternateScreen()).toBe(false);
      expect(screen.some((line) => line.startsWith('Holocron '))).toBe(false);
    } finally {
      window.kill();
    }
  }, 120_000);

  it('prints the tabs as JSON or as plain lines without a terminal, for cron and scripts', async () => {
    const env = { DATABASE_URL: t.url };
    const all = await runCli(['dashboard', '--json'], { env });
    expect(all.code).toBe(0);
    const tabs = JSON.parse(all.stdout) as Record<string, { tab: string }>;
    expect(Object.keys(tabs)).toEqual(['home', 'market', 'operations', 'roster', 'collection']);
    expect(tabs.operations).toMatchObject({ queued: { liquidation: 13 } });
    const roster = await runCli(['dashboard', '--json', '--tab', 'Roster'], { env });
    expect(JSON.parse(roster.stdout)).toMatchObject({ tab: 'roster', characters: expect.arrayContaining([expect.objectContaining({ character: 'Thrall-Stormrage' })]) });
    const plain = await runCli(['dashboard'], { env });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^== Home ==\n· 10 sell jobs pending$/m);
    expect(plain.stdout).toMatch(/^== Collection ==$/m);
    expect(plain.stdout).not.toContain('\u001b');
    const bad = await runCli(['dashboard', '--tab', 'bank'], { env });
    expect([bad.code, bad.stderr]).toEqual([64, expect.stringMatching(/no tab 'bank': one of home, market/)]);
  });
});

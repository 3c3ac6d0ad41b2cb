import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auctionsBody, generateAuctions } from '../helpers/auction-generator.js';
import { BIN, REPO_ROOT } from '../helpers/cli.js';
import { useTestDatabase } from '../helpers/db.js';
import { FakeBlizzard, tokenBody } from '../helpers/fake-blizzard.js';
import { TmuxWindow, tmuxAvailable } from '../helpers/tmux.js';
import { useTempDirs } from '../helpers/tmp.js';

/**
 * The live board of `holocron scrape --region us,eu --realms all` at real scale
 * (100 connected realms per region, 204 datasets), drawn by the built CLI in an
 * 80×24 tmux window: it must fit the window for the whole run, so its top line
 * never scrolls away and no stale frame is left behind.
 */
const t = useTestDatabase();
const server = new FakeBlizzard();
const T0 = new Date('2026-11-22T09:00:00Z');
const REALMS = Array.from({ length: 100 }, (_, i) => i + 1);
const FAILING = new Set([3, 50]);
const DATASETS = 2 * (2 + REALMS.length);
const SIZE = { columns: 80, rows: 24 };
// The overall line; narrower windows drop the title and the noun first.
const OVERALL = /^(holocron scrape\s+)?(\d+)\/(\d+)( datasets)?, /;

beforeAll(async () => {
  await server.start();
  for (const region of ['us', 'eu']) {
    server.route(region, '/data/wow/auctions/commodities', {
      body: auctionsBody(generateAuctions({ auctions: 2000, items: 80, seed: region === 'us' ? 1 : 2 })),
      gzip: true,
      lastModified: T0,
    });
    server.route(region, '/data/wow/token/index', { body: tokenBody(2_000_000_000, T0), lastModified: T0 });
    server.routeRealms(region, REALMS, (id) =>
      FAILING.has(id)
        ? { status: 500, body: { code: 500, detail: 'Internal Server Error' } }
        : {
            body: auctionsBody(generateAuctions({ auctions: 150, items: 30, seed: id, kind: 'realm', firstAuctionId: id * 10_000 }), 'realm', id),
            gzip: true,
            lastModified: T0,
            // Slow enough that the run lasts seconds and a capture catches it in the middle.
            trickle: { bytes: 1024, pauseMs: 25 },
          },
    );
  }
});
afterAll(async () => {
  await server.stop();
});

const tmp = useTempDirs();

interface Board {
  overall: string;
  finished: number;
  total: number;
  /** The lines under the overall line, to the end of the screen. */
  body: string[];
}

/** The board at the bottom of the screen: from the last overall line down. */
function boardOf(screen: string[]): Board | undefined {
  const top = screen.findLastIndex((line) => OVERALL.test(line));
  if (top < 0) return undefined;
  const [, , finished, total] = OVERALL.exec(screen[top]!)!;
  return { overall: screen[top]!, finished: Number(finished), total: Number(total), body: screen.slice(top + 1) };
}

const RUNNING = /^\S+\/realm\/\d+\s+[█░]+ |^\S+\/(commodities|token)\s+[█░]+ /;
const FAILED = /^\S+\s+failed: /;

function expectNothingWiderThanTheWindow(window: TmuxWindow): void {
  // Joined, a line the terminal had to wrap comes back whole and too long.
  for (const line of window.capture({ history: true, join: true })) expect(line.length, line).toBeLessThanOrEqual(SIZE.columns);
}

describe('holocron scrape on an 80×24 terminal, 100 realms per region', () => {
  it('keeps the board within the window during and after the run', async (ctx) => {
    ctx.skip(!tmuxAvailable(), 'tmux is not installed (.ci/run installs it)');
    const home = tmp('holocron-board-home-');
    const env = {
      ...server.env(),
      DATABASE_URL: t.url,
      HOLOCRON_HOME: home,
      HOME: home,
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      TERM: 'xterm-256color',
      LANG: 'C.UTF-8',
    };
    const window = TmuxWindow.start(home, [process.execPath, BIN, 'scrape', '--region', 'us,eu', '--realms', 'all'], { ...env, PWD: REPO_ROOT }, SIZE);
    try {
      let midRun: { screen: string[]; board: Board } | undefined;
      let screen: string[] = [];
      for (let i = 0; i < 900 && !screen.some((l) => /^exited \d+$/.test(l)); i++) {
        screen = window.capture();
        const board = boardOf(screen);
        const inFlight = board?.body.filter((l) => RUNNING.test(l)).length ?? 0;
        const failures = board?.body.filter((l) => FAILED.test(l)).length ?? 0;
        if (!midRun && board && board.total === DATASETS && board.finished < board.total && inFlight > 0 && failures > 0) {
          midRun = { screen, board };
          // The whole history as it stands mid-run: one board, nothing wrapped.
          expect(window.capture({ history: true }).filter((l) => OVERALL.test(l)), 'stale frames in the scrollback').toHaveLength(1);
          expectNothingWiderThanTheWindow(window);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(midRun, `no capture showed the board mid-run with a failure; last screen:\n${screen.join('\n')}`).toBeDefined();
      const { board } = midRun!;
      expect(midRun!.screen.length).toBeLessThanOrEqual(SIZE.rows);
      expect(1 + board.body.length).toBeLessThanOrEqual(SIZE.rows - 1);
      for (const line of board.body) expect(line, 'a line of the board').toMatch(new RegExp(`${RUNNING.source}|${FAILED.source}|^and \\d+ more (failures|in flight)$`));

      // After the run: the board's last frame (its overall line) is still on screen above the summary.
      expect(screen).toContain('exited 75');
      const last = boardOf(screen)!;
      expect(last.overall).toMatch(new RegExp(`${DATASETS}/${DATASETS}.*done in`));
      expect(screen.join('\n')).toMatch(/^us\s+102\s+100\s+0\s+0\s+2\s/m);
      expect(screen.join('\n')).toMatch(/^eu\s+102\s+100\s+0\s+0\s+2\s/m);
      for (const region of ['us', 'eu']) for (const id of FAILING) expect(screen.join('\n')).toMatch(new RegExp(`^${region}/realm/${id}\\s+500\\s.*HTTP 500 after`, 'm'));
      expect(screen.join('\n')).toMatch(/scrape finished in .*: 200 stored, 0 unchanged, 0 skipped, 4 failed/);
      expect(window.capture({ history: true }).filter((l) => OVERALL.test(l))).toHaveLength(1);
      expectNothingWiderThanTheWindow(window);
    } finally {
      window.kill();
    }
  }, 180_000);
});

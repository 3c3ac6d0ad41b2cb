/**
 * npm run bench:web — the web Command Center in a real headless Chromium,
 * against `holocron serve` on the issues' 60k-stack account:
 *   - page load: navigation start to the load event, and to the first tab's
 *     data rendered (the page's 'tab-rendered' mark), in a fresh browser
 *     context each round (nothing cached in the browser; target ≤ 500 ms on
 *     loopback), twice: right after a data change (NOTIFY holocron_data, so
 *     the server builds the tab anew) and again with the server's tab cache warm;
 *   - search as you type: each keystroke's input event to its results
 *     rendered (the page's 'search' measure; target ≤ 50 ms);
 *   - baselines in the same rounds: a load of the bare /healthz document, and
 *     a fetch() of /healthz from the page (the floor of a round trip).
 * Rounds interleave the four, and medians are reported.
 * Options (env): BENCH_WEB_ROUNDS=15; HOLOCRON_CHROMIUM=/path/to/chromium.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Browser, BrowserContext } from 'playwright-core';
import { ingestBenchAccount } from './lib/bench-account.js';
import { benchDatabase, machineLine, median } from './lib/bench-db.js';
import { findChromium, launchChromium } from '../test/helpers/chromium.js';
import { startServe } from '../test/helpers/serve-process.js';
import { ITEM_POOL } from '../test/helpers/syndicator-generator.js';

const ROUNDS = Number(process.env.BENCH_WEB_ROUNDS ?? 15);
const TOKEN = 'bench-token-0123456789abcdef';
const TABS = ['home', 'market', 'operations', 'roster', 'collection'];

// Nothing measured here makes a TLS connection; a CA bundle would only slow each Node start.
delete process.env.NODE_EXTRA_CA_CERTS;

const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil(0.95 * values.length) - 1)]!;
const ms = (v: number) => `${v.toFixed(1)} ms`;

async function context(browser: Browser): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await ctx.addInitScript(`localStorage.setItem('holocron.token', ${JSON.stringify(TOKEN)})`);
  return ctx;
}

/** Load event and first data rendered, in ms after navigation start, of a fresh context's first visit. */
async function pageLoad(browser: Browser, url: string, rendered: boolean): Promise<{ load: number; rendered: number }> {
  const ctx = await context(browser);
  try {
    const page = await ctx.newPage();
    await page.goto(url, { waitUntil: 'load' });
    if (rendered) await page.waitForSelector('main[data-rendered]');
    return await page.evaluate<{ load: number; rendered: number }>(`(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const mark = performance.getEntriesByName('tab-rendered')[0];
      return { load: nav.loadEventEnd, rendered: mark ? mark.startTime : NaN };
    })()`);
  } finally {
    await ctx.close();
  }
}

const main = async () => {
  const chromium = findChromium();
  if (!chromium) throw new Error('no chromium at /usr/bin/chromium: apt-get install chromium, or set HOLOCRON_CHROMIUM');
  const db = await benchDatabase('holocron_bench_web');
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'holocron-bench-web-'));
  const env = { HOLOCRON_HOME: home, DATABASE_URL: db.url };
  const lines: string[] = [`holocron bench:web — ${new Date().toISOString()}`, machineLine(), `database: ${db.kind}`];
  try {
    const stacks = await ingestBenchAccount(path.join(home, 'bench'), env);
    lines.push(`bench account: ${stacks.toLocaleString('en-US')} stacks; Chromium ${chromium}`);
    const server = await startServe(['--rate', '100000', '--courier-delay', '600000'], { ...env, HOLOCRON_TOKEN: TOKEN });
    const base = `http://127.0.0.1:${server.port}`;
    const browser = await launchChromium(chromium);
    try {
      // Warm-up: the server's statements prepared, Chromium's caches of its own code filled.
      for (let i = 0; i < 2; i++) await pageLoad(browser, `${base}/#home`, true);
      const notifier = new pg.Client(db.config);
      await notifier.connect();
      const blank: number[] = [];
      const load: number[] = [];
      const rendered: number[] = [];
      const coldLoad: number[] = [];
      const coldRendered: number[] = [];
      const tabs: Record<string, number[]> = Object.fromEntries(TABS.map((t) => [t, []]));
      const fetchFloor: number[] = [];
      const search: number[] = [];
      const words = [...new Set(ITEM_POOL.map((item) => item.name.split(' ')[0]!.toLowerCase().slice(0, 5)))];
      const ctx = await context(browser);
      const page = await ctx.newPage();
      await page.goto(`${base}/#operations`);
      await page.waitForSelector('main[data-rendered="operations"]');
      for (let round = 0; round < ROUNDS; round++) {
        blank.push((await pageLoad(browser, `${base}/healthz`, false)).load);
        // A change as an ingest makes it; past serve's 300 ms debounce every tab is built anew.
        await notifier.query(`SELECT pg_notify('holocron_data', 'bench')`);
        await new Promise((resolve) => setTimeout(resolve, 800));
        const cold = await pageLoad(browser, `${base}/#home`, true);
        coldLoad.push(cold.load);
        coldRendered.push(cold.rendered);
        const first = await pageLoad(browser, `${base}/#home`, true);
        load.push(first.load);
        rendered.push(first.rendered);
        fetchFloor.push(
          await page.evaluate<number>(`(async () => {
            const t0 = performance.now();
            await (await fetch('/healthz', { cache: 'no-store' })).json();
            return performance.now() - t0;
          })()`),
        );
        // Typed at a person's pace (120 ms a key): each keystroke's results render before the next.
        const word = words[round % words.length]!;
        await page.evaluate(`performance.clearMeasures('search')`);
        await page.fill('.search input', '');
        await page.locator('.search input').pressSequentially(word, { delay: 120 });
        await page.waitForSelector(`.results[data-query="${word}"]`);
        search.push(...(await page.evaluate<number[]>(`performance.getEntriesByName('search').map((m) => m.duration)`)));
        // Switching tabs: hash change to the tab's data rendered.
        for (const tab of TABS) {
          const took = await page.evaluate<number>(`new Promise((resolve) => {
            const t0 = performance.now();
            new PerformanceObserver((list, observer) => {
              if (list.getEntries().some((e) => e.detail === ${JSON.stringify(tab)})) { observer.disconnect(); resolve(performance.now() - t0); }
            }).observe({ type: 'mark' });
            location.hash = ${JSON.stringify(tab)};
          })`);
          tabs[tab]!.push(took);
        }
        await page.evaluate(`location.hash = 'operations'`);
        await page.waitForSelector('main[data-rendered="operations"]');
        process.stderr.write(`round ${round + 1}: after a change ${cold.rendered.toFixed(0)} ms, cached ${first.rendered.toFixed(0)} ms\n`);
      }
      await ctx.close();
      await notifier.end();
      // The server's own time per route (its request log), to tell the page's share from the core's.
      const serverMs = (route: RegExp) =>
        median(
          server
            .stderr()
            .split('\n')
            .flatMap((line) => {
              const m = /"path":"([^"]+)","status":200,"ms":([\d.]+)/.exec(line);
              return m && route.test(m[1]!) ? [Number(m[2])] : [];
            }),
        );
      lines.push(
        `page load in Chromium, fresh context each round (nothing cached), median of ${ROUNDS} interleaved rounds:`,
        `  baseline: the bare /healthz document   load event ${ms(median(blank))}`,
        `  Command Center (#home), after a change load event ${ms(median(coldLoad))}, first tab data rendered ${ms(median(coldRendered))} (p95 ${ms(p95(coldRendered))}; target ≤ 500 ms)`,
        `  Command Center (#home), tab cached     load event ${ms(median(load))}, first tab data rendered ${ms(median(rendered))} (p95 ${ms(p95(rendered))}; target ≤ 500 ms)`,
        `tab switch (hash change → data rendered; home cached, the others built anew after the round's change), median: ${TABS.map((t) => `${t} ${ms(median(tabs[t]!))}`).join(', ')}`,
        `search as you type, keystroke → results rendered, ${search.length} keystrokes: median ${ms(median(search))}, p95 ${ms(p95(search))} (target ≤ 50 ms)`,
        `  baseline: fetch('/healthz') from the page, median ${ms(median(fetchFloor))}`,
        `server time per request (serve's log; cached answers included), median: ${TABS.map((t) => `dashboard/${t} ${ms(serverMs(new RegExp(`^/api/v1/dashboard/${t}$`)))}`).join(', ')}, search ${ms(serverMs(/^\/api\/v1\/search$/))}, / ${ms(serverMs(/^\/$/))}`,
        `load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`,
      );
    } finally {
      await browser.close();
      server.child.kill('SIGTERM');
      await server.exited;
    }
  } finally {
    await db.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
  process.stdout.write(`${lines.join('\n')}\n`);
};

await main();

import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActionResult, DashboardAction, TabName, TabOf } from '../../src/core/dashboard/types.js';
import type { SearchResult } from '../../src/core/inventory/search.js';
import type { DashboardSource } from '../../src/ui/dashboard/source.js';
import { EMPTY_ROSTER, TABS, searchResult } from '../helpers/dashboard-tabs.js';

// Chalk decides on colour when it is first loaded: forced on, so that the
// NO_COLOR test proves the app itself leaves colour out.
process.env.FORCE_COLOR = '1';
const { render } = await import('ink-testing-library');
const { App } = await import('../../src/ui/dashboard/App.js');

const ESC = '\u001b';
const SIZE = { columns: 80, rows: 24 };

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A source over plain tab objects that records what the app asked for. */
function fakeSource(overrides: Partial<{ [T in TabName]: TabOf<T> }> = {}) {
  const tabs = { ...TABS, ...overrides };
  const calls = { loads: [] as TabName[], actions: [] as DashboardAction[], searches: [] as string[] };
  let notify: ((what: string[]) => void) | undefined;
  const source: DashboardSource & { searchAnswers?: Map<string, Deferred<SearchResult>> } = {
    load: async <T extends TabName>(tab: T) => {
      calls.loads.push(tab);
      return tabs[tab] as unknown as TabOf<T>;
    },
    run: async (action): Promise<ActionResult> => {
      calls.actions.push(action);
      return { action: action.action, summary: `${action.action} ran`, lines: action.action === 'liquidate-plan' ? ['auction Banker → Seller: 20 × Crate'] : [] };
    },
    search: async (text) => {
      calls.searches.push(text);
      const waiting = source.searchAnswers?.get(text);
      return waiting ? waiting.promise : searchResult(text, text.toLowerCase().startsWith('sulf') ? ['Sulfuron Hammer'] : []);
    },
    listen: async (onChange) => {
      notify = onChange;
      return { close: async () => undefined };
    },
  };
  return { source, calls, listening: () => notify !== undefined, notify: (what: string[]) => notify?.(what), setTab: <T extends TabName>(tab: T, data: TabOf<T>) => ((tabs as Record<TabName, unknown>)[tab] = data) };
}

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

/** The app on ink-testing-library's stdout, sized as a terminal of columns × rows would report it. */
async function mount(source: DashboardSource, options: { color?: boolean; columns?: number; rows?: number; initialData?: Partial<{ [T in TabName]: TabOf<T> }> } = {}) {
  const instance = render(<App source={source} color={options.color ?? false} {...(options.initialData && { initialData: options.initialData })} />);
  unmount = instance.unmount;
  Object.defineProperty(instance.stdout, 'columns', { configurable: true, get: () => options.columns ?? SIZE.columns });
  Object.defineProperty(instance.stdout, 'rows', { configurable: true, get: () => options.rows ?? SIZE.rows });
  instance.stdout.emit('resize');
  const frame = () => instance.lastFrame() ?? '';
  const text = () => stripVTControlCharacters(frame());
  /** Waits until the screen shows `what`; gives up with the screen in the message after a few hundred looks. */
  const until = async (what: string | RegExp) => {
    for (let look = 0; look < 300; look++) {
      if (typeof what === 'string' ? text().includes(what) : what.test(text())) return text();
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`the screen never showed ${String(what)}:\n${text()}`);
  };
  const press = async (keys: string) => {
    instance.stdin.write(keys);
    await new Promise((r) => setTimeout(r, 20));
  };
  return { frame, text, until, press };
}

/** Every frame fits an 80×24 terminal: at most 23 lines (Ink's fullscreen path clears the screen at 24), none wider than 80. */
function expectFits(frame: string) {
  const lines = stripVTControlCharacters(frame).split('\n');
  expect(lines.length).toBeLessThanOrEqual(SIZE.rows - 1);
  for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(SIZE.columns);
}

describe('holocron dashboard (Ink)', () => {
  it('draws each tab with its data, 1–5 and tab switching', async () => {
    const { source } = fakeSource();
    const app = await mount(source);
    let screen = await app.until('3 mail jobs pending');
    expect(screen).toContain('[1 Home]');
    expect(screen).toContain('Vault unlocked on Main-Stormrage');
    expect(screen).toContain('Auction value: 500,000g');
    expect(screen).toContain('items 1,234,567g');
    expect(screen).toMatch(/data as of scrape commodities 2026-11-22 04:00/);
    expectFits(app.frame());

    await app.press('2');
    screen = await app.until('Sulfuron Hammer');
    expect(screen).toContain('[2 Market]');
    expect(screen).toMatch(/^in {2}[ ▁▂▃▄▅▆▇█]+$/m);
    expect(screen).toMatch(/Sulfuron Hammer\s+100g 0s 0c\s+\+11\.1%.*[▁▂▃▄▅▆▇█]{5}/);
    expect(screen).toContain('Liquidity (12)');
    expectFits(app.frame());

    await app.press('3');
    screen = await app.until('Crate of Stuff 1');
    expect(screen).toContain('[3 Operations]');
    expect(screen).toContain('30 open jobs: 20 liquidation, 8 restock, 2 other');
    expect(screen).toMatch(/p plan {2}a apply {2}r restock/);
    expectFits(app.frame());

    await app.press('\t');
    screen = await app.until('Alt1-Stormrage');
    expect(screen).toContain('[4 Roster]');
    expect(screen).toMatch(/Alt1-Stormrage\s+.*600\.0\s+R0 D2 W0\s+done\s+\+12/);
    expectFits(app.frame());

    await app.press('5');
    screen = await app.until('Mechanical Squirrel');
    expect(screen).toContain('Rare Wanted Drake');
    expect(screen).toContain('900 of 1,800 species');
    expectFits(app.frame());
  });

  it('names the command that fills an empty tab', async () => {
    const { source } = fakeSource({ roster: EMPTY_ROSTER });
    const app = await mount(source);
    await app.until('3 mail jobs');
    await app.press('4');
    const screen = await app.until('no characters');
    expect(screen).toContain('run `holocron ingest <WoW folder>`');
    expectFits(app.frame());
  });

  it('moves the selection with j/k within the height and opens the detail with enter', async () => {
    const { source } = fakeSource();
    const app = await mount(source);
    await app.until('3 mail jobs');
    await app.press('4');
    await app.until('Alt1-Stormrage');
    for (let i = 0; i < 30; i++) await app.press('j');
    let screen = await app.until(/^> Alt31-Stormrage/m);
    // The window follows the selection: the first rows scrolled away, the frame still fits.
    expect(screen).not.toContain('Alt1-Stormrage ');
    expect(screen).toContain('Characters (31/40)');
    expectFits(app.frame());
    await app.press('k');
    await app.until(/^> Alt30-Stormrage/m);
    await app.press('\r');
    screen = await app.until('great vault');
    expect(screen).toContain('Alt30-Stormrage (Main)');
    expect(screen).toContain('knowledge points not yet taken this week: 15');
    expectFits(app.frame());
    await app.press('\u001b');
    await app.until(/^> Alt30-Stormrage/m);
  });

  it('charts a mover’s price history in its detail', async () => {
    const { source } = fakeSource();
    const app = await mount(source);
    await app.until('3 mail jobs');
    await app.press('2');
    await app.until('Sulfuron Hammer');
    await app.press('\r');
    const screen = await app.until('scale from');
    expect(screen).toMatch(/^ {2}[ ▁▂▃▄▅▆▇█]{30}$/m);
    expect(screen).toContain('2026-11-01 … 2026-11-30');
    expectFits(app.frame());
  });

  it('searches as you type, keeps only the newest answer, and lists the places', async () => {
    const { source, calls } = fakeSource();
    const first = deferred<SearchResult>();
    source.searchAnswers = new Map([['sul', first]]);
    const app = await mount(source);
    await app.until('3 mail jobs');
    await app.press('/');
    await app.until('Where is my [_]?');
    await app.press('sul');
    await app.until('Where is my [sul_]?');
    // Wait until the debounced search for "sul" has gone out, then type on.
    while (!calls.searches.includes('sul')) await new Promise((r) => setTimeout(r, 10));
    await app.press('f');
    await app.until('Sulfuron Hammer');
    // The late answer to "sul" arrives after the one to "sulf": it is dropped.
    first.resolve(searchResult('sul', ['Stale Answer']));
    await new Promise((r) => setTimeout(r, 50));
    let screen = app.text();
    expect(screen).not.toContain('Stale Answer');
    expect(screen).toMatch(/> Sulfuron Hammer\s+1\s+1 Banker-Stormrage, bank tab 2 \(\+1 more\)/);
    // One search per pause, not per key.
    expect(calls.searches).toEqual(['sul', 'sulf']);
    expectFits(app.frame());
    await app.press('\r');
    screen = await app.until('Where it is');
    expect(screen).toContain('Banker-Stormrage, bank tab 2');
    expect(screen).toContain('Warband, warband tab 1');
    await app.press('\u001b');
    await app.until('Where is my [sulf_]?');
    await app.press('\u001b');
    await app.until('[1 Home]');
  });

  it('asks before an action, runs it on y and shows the result in the status line', async () => {
    const { source, calls } = fakeSource();
    const app = await mount(source);
    await app.until('3 mail jobs');
    await app.press('3');
    await app.until('Crate of Stuff 1');
    await app.press('j');
    await app.press('d');
    let screen = await app.until('mark job 102 (mail Crate of Stuff 2) done? y/n');
    expect(calls.actions).toEqual([]);
    await app.press('n');
    await app.until('nothing done');
    expect(calls.actions).toEqual([]);
    await app.press('d');
    await app.press('y');
    await app.until('job-done ran');
    expect(calls.actions).toEqual([{ action: 'job-done', ids: [102] }]);
    await app.press('p');
    await app.press('y');
    screen = await app.until('auction Banker → Seller: 20 × Crate');
    expect(calls.actions.at(-1)).toEqual({ action: 'liquidate-plan' });
    expect(screen).toMatch(/^Liquidation plan\nliquidate-plan ran\n\nauction Banker/m);
    expectFits(app.frame());
    expect(screen).toContain('liquidate-plan ran');
  });

  it('reloads the tab on screen when the data changes', async () => {
    const fake = fakeSource();
    const app = await mount(fake.source);
    await app.until('3 mail jobs');
    // The app listens once its first data is on screen.
    while (!fake.listening()) await new Promise((r) => setTimeout(r, 10));
    fake.setTab('home', { ...TABS.home, alerts: [{ level: 'info', text: '7 mail jobs pending', tab: 'operations' }] });
    fake.notify(['logistics_queue']);
    const screen = await app.until('7 mail jobs pending');
    expect(screen).not.toContain('3 mail jobs pending');
  });

  it('shows the tab as last seen until the fresh read arrives', async () => {
    const fresh = deferred<TabOf<'home'>>();
    const fake = fakeSource();
    const source: DashboardSource = { ...fake.source, load: async <T extends TabName>(tab: T) => (tab === 'home' ? fresh.promise : fake.source.load(tab)) as Promise<TabOf<T>> };
    const seen = { ...TABS.home, alerts: [{ level: 'info' as const, text: '9 mail jobs pending', tab: 'operations' as const }] };
    const app = await mount(source, { initialData: { home: seen } });
    await app.until('9 mail jobs pending');
    fresh.resolve(TABS.home);
    const screen = await app.until('3 mail jobs');
    expect(screen).not.toContain('9 mail jobs pending');
  });

  it('says what size it needs on a terminal smaller than 80×24', async () => {
    const { source } = fakeSource();
    const app = await mount(source, { columns: 79, rows: 30 });
    expect((await app.until('needs 80×24')).trim()).toBe('needs 80×24 (this terminal is 79×30)');
    const short = await mount(source, { columns: 120, rows: 20 });
    expect((await short.until('needs 80×24')).trim()).toBe('needs 80×24 (this terminal is 120×20)');
  });

  it('leaves colour out entirely without colour, and marks the selection and tab in text', async () => {
    const coloured = await mount(fakeSource().source, { color: true });
    await coloured.until('3 mail jobs');
    // Chalk is on here, so any ESC code left in the plain frames would come from the app.
    expect(coloured.frame()).toContain(`${ESC}[`);
    unmount?.();

    const plain = await mount(fakeSource().source, { color: false });
    await plain.until('3 mail jobs');
    expect(plain.frame()).not.toContain(ESC);
    expect(plain.frame()).toMatch(/^> · 3 mail jobs pending/m);
    expect(plain.frame()).toContain('[1 Home]');
    await plain.press('/');
    await plain.press('sulf');
    await plain.until('Sulfuron Hammer');
    expect(plain.frame()).not.toContain(ESC);
  });
});

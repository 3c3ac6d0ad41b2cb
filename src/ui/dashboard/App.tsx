import { Box, useApp, useInput } from 'ink';
import { useCallback, useEffect, useRef, useState } from 'react';
import { TAB_NAMES, TAB_TITLES, type DashboardAction, type DashboardTab, type JobView, type TabName } from '../../core/dashboard/types.js';
import { hitDetail, shortTimeOfDay } from '../../output/dashboard-format.js';
import { useTerminalSize } from '../use-terminal-size.js';
import { DetailPane, type Detail } from './DetailPane.js';
import { Footer, type KeyHint } from './Footer.js';
import { locate, rowCount, type TabLayout } from './layout.js';
import { Line } from './Line.js';
import { SearchPane, searchHits, type SearchState } from './SearchPane.js';
import type { DashboardSource } from './source.js';
import { ColorContext } from './style.js';
import { TabBar } from './TabBar.js';
import { TabBody } from './TabBody.js';
import { layoutOf } from './views.js';

export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;
/** Typing pauses this long before a search goes out. */
export const SEARCH_DEBOUNCE_MS = 80;
/** Tab bar, rule, status line, key line. */
const CHROME = 4;

export interface AppProps {
  source: DashboardSource;
  initialTab?: TabName;
  /** False under NO_COLOR: nothing is styled. */
  color?: boolean;
  /** Called once, after the first frame that shows a tab's data (the benchmark's mark). */
  onPaint?: (tab: TabName) => void;
  /** Tabs as last seen (their "as of" says when), shown until the fresh read arrives. */
  initialData?: Partial<Record<TabName, DashboardTab>>;
}

type Mode = { kind: 'browse' } | { kind: 'search' } | { kind: 'detail'; detail: Detail; offset: number; back: 'browse' | 'search' };

interface Question {
  text: string;
  action: DashboardAction;
}

/** The whole full-screen app: one render tree, never taller than the terminal. */
export function App({ source, initialTab = 'home', color = true, onPaint, initialData = {} }: AppProps) {
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const [tab, setTab] = useState<TabName>(initialTab);
  const [data, setData] = useState<Partial<Record<TabName, DashboardTab>>>(initialData);
  const [loading, setLoading] = useState<TabName | null>(initialTab);
  const [selected, setSelected] = useState<Record<TabName, number>>({ home: 0, market: 0, operations: 0, roster: 0, collection: 0 });
  const [mode, setMode] = useState<Mode>({ kind: 'browse' });
  const [question, setQuestion] = useState<Question | null>(null);
  const [status, setStatus] = useState<{ text: string; warn?: boolean }>({ text: '' });
  const [search, setSearch] = useState<SearchState>({ text: '', result: null, pending: false, selected: 0 });

  const tabRef = useRef(tab);
  tabRef.current = tab;
  const loads = useRef(0);
  const load = useCallback(
    (which: TabName) => {
      const seq = ++loads.current;
      setLoading(which);
      source.load(which).then(
        (loaded) => {
          // Kept even when a newer load is out: it is still that tab's newest data.
          setData((prev) => ({ ...prev, [which]: loaded }));
          if (seq === loads.current) setLoading(null);
        },
        (error: unknown) => {
          if (seq === loads.current) setLoading(null);
          setStatus({ text: `could not load ${TAB_TITLES[which]}: ${messageOf(error)}`, warn: true });
        },
      );
    },
    [source],
  );

  // Every visit reloads; the old data stays on screen until the new arrives.
  useEffect(() => load(tab), [tab, load]);

  // Listening starts after the first data is on screen: its connection would compete with the first paint.
  const ready = Object.keys(data).length > 0;
  useEffect(() => {
    if (!source.listen || !ready) return;
    let handle: { close(): Promise<void> } | undefined;
    let gone = false;
    source.listen(() => load(tabRef.current)).then(
      (h) => (gone ? void h.close() : (handle = h)),
      (error: unknown) => setStatus({ text: `live updates off: ${messageOf(error)}`, warn: true }),
    );
    return () => {
      gone = true;
      void handle?.close();
    };
  }, [source, load, ready]);

  const painted = useRef(false);
  useEffect(() => {
    if (painted.current || !data[tab]) return;
    painted.current = true;
    onPaint?.(tab);
  }, [data, tab, onPaint]);

  const searches = useRef(0);
  useEffect(() => {
    const text = search.text.trim();
    const seq = ++searches.current;
    if (!text) {
      setSearch((s) => ({ ...s, result: null, pending: false, selected: 0 }));
      return;
    }
    setSearch((s) => ({ ...s, pending: true }));
    const timer = setTimeout(() => {
      source.search(text).then(
        // An answer to an older text is dropped: only the newest counts.
        (result) => seq === searches.current && setSearch((s) => ({ ...s, result, pending: false, selected: 0 })),
        (error: unknown) => {
          if (seq !== searches.current) return;
          setSearch((s) => ({ ...s, pending: false }));
          setStatus({ text: `search failed: ${messageOf(error)}`, warn: true });
        },
      );
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [search.text, source]);

  const current = data[tab];
  const layout: TabLayout | null = current ? layoutOf(current) : null;
  const count = layout ? rowCount(layout) : 0;
  const at = Math.min(selected[tab], Math.max(0, count - 1));
  const bodyHeight = rows - 1 - CHROME;

  const selectedRow = (): { row: unknown; detail: Detail } | undefined => {
    if (!layout) return undefined;
    const place = locate(layout.sections, at);
    if (!place) return undefined;
    const s = layout.sections[place.section]!;
    const row = s.rows[place.row];
    return { row, detail: { title: s.title, lines: s.detail(row) } };
  };
  const selectedJob = (): JobView | undefined => {
    if (tab !== 'operations' || !layout) return undefined;
    const place = locate(layout.sections, at);
    return place ? (layout.sections[place.section]!.rows[place.row] as JobView) : undefined;
  };

  const perform = async (action: DashboardAction) => {
    setStatus({ text: `${action.action}…` });
    try {
      const result = await source.run(action);
      setStatus({ text: result.summary });
      if (result.lines.length > 0) setMode({ kind: 'detail', detail: { title: ACTION_TITLES[action.action], lines: [result.summary, '', ...result.lines] }, offset: 0, back: 'browse' });
    } catch (error) {
      setStatus({ text: `${action.action} failed: ${messageOf(error)}`, warn: true });
    }
    load('operations');
  };

  const ask = (text: string, action: DashboardAction) => setQuestion({ text: `${text} y/n`, action });

  const operationKey = (input: string) => {
    const job = selectedJob();
    if (input === 'p') ask('plan a liquidation (changes nothing)?', { action: 'liquidate-plan' });
    else if (input === 'a') ask('apply the liquidation plan (creates mail and auction jobs)?', { action: 'liquidate-apply' });
    else if (input === 'r') ask('generate the restock manifest (changes nothing)?', { action: 'restock-manifest', apply: false });
    else if (input === 'R') ask('apply the restock manifest (creates jobs)?', { action: 'restock-manifest', apply: true });
    else if ((input === 'd' || input === 'c') && !job) setStatus({ text: 'select a job first (j/k)', warn: true });
    else if (input === 'd' && job) ask(`mark job ${job.id} (${job.kind} ${job.itemName ?? job.itemId}) done?`, { action: 'job-done', ids: [job.id] });
    else if (input === 'c' && job) ask(`cancel job ${job.id} (${job.kind} ${job.itemName ?? job.itemId})?`, { action: 'job-cancel', ids: [job.id] });
  };

  const move = (by: number) => setSelected((s) => ({ ...s, [tab]: Math.max(0, Math.min(count - 1, Math.min(s[tab], count - 1) + by)) }));

  // Keys can arrive between a render and the effect that hands useInput the new
  // handler: through the ref they always reach the newest one.
  const onKey = useRef<Parameters<typeof useInput>[0]>(() => undefined);
  useInput((input, key) => onKey.current(input, key));
  onKey.current = (input, key) => {
    if (question) {
      if (input === 'y' || input === 'Y') void perform(question.action);
      else setStatus({ text: 'nothing done' });
      setQuestion(null);
      return;
    }
    if (mode.kind === 'search') {
      const hits = searchHits(search);
      if (key.escape) setMode({ kind: 'browse' });
      else if (key.return) {
        const hit = hits[search.selected];
        if (hit) setMode({ kind: 'detail', detail: { title: 'Where it is', lines: hitDetail(hit) }, offset: 0, back: 'search' });
      } else if (key.downArrow) setSearch((s) => ({ ...s, selected: Math.min(hits.length - 1, s.selected + 1) }));
      else if (key.upArrow) setSearch((s) => ({ ...s, selected: Math.max(0, s.selected - 1) }));
      else if (key.backspace || key.delete) setSearch((s) => ({ ...s, text: s.text.slice(0, -1) }));
      else if (key.ctrl && input === 'u') setSearch((s) => ({ ...s, text: '' }));
      else if (input && !key.ctrl && !key.meta && !key.tab && printable(input)) setSearch((s) => ({ ...s, text: s.text + input }));
      return;
    }
    if (input === 'q') return exit();
    if (mode.kind === 'detail') {
      if (key.escape) setMode({ kind: mode.back });
      else if (input === 'j' || key.downArrow) setMode({ ...mode, offset: mode.offset + 1 });
      else if (input === 'k' || key.upArrow) setMode({ ...mode, offset: Math.max(0, mode.offset - 1) });
      return;
    }
    const number = TAB_NAMES[Number(input) - 1];
    if (number && /^[1-5]$/.test(input)) setTab(number);
    else if (key.tab) setTab(TAB_NAMES[(TAB_NAMES.indexOf(tab) + (key.shift ? TAB_NAMES.length - 1 : 1)) % TAB_NAMES.length]!);
    else if (input === '/') setMode({ kind: 'search' });
    else if (input === 'j' || key.downArrow) move(1);
    else if (input === 'k' || key.upArrow) move(-1);
    else if (key.return) {
      const picked = selectedRow();
      const alert = current?.tab === 'home' ? current.alerts[at] : undefined;
      if (alert && alert.tab !== 'home') setTab(alert.tab);
      else if (picked) setMode({ kind: 'detail', detail: picked.detail, offset: 0, back: 'browse' });
    } else if (tab === 'operations') operationKey(input);
  };

  if (columns < MIN_COLUMNS || rows < MIN_ROWS) {
    return (
      <ColorContext.Provider value={color}>
        <Line text={`needs ${MIN_COLUMNS}×${MIN_ROWS} (this terminal is ${columns}×${rows})`} />
      </ColorContext.Provider>
    );
  }

  const note = loading ? `loading ${TAB_TITLES[loading]}…` : current ? `as of ${shortTimeOfDay(current.generatedAt)}` : '';
  return (
    <ColorContext.Provider value={color}>
      <Box flexDirection="column" width={columns} height={rows - 1}>
        <TabBar active={tab} width={columns} note={note} />
        <Line text={'─'.repeat(columns)} tone="dim" />
        <Box height={bodyHeight} flexDirection="column" overflow="hidden">
          {mode.kind === 'search' ? (
            <SearchPane search={search} width={columns} height={bodyHeight} />
          ) : mode.kind === 'detail' ? (
            <DetailPane detail={mode.detail} width={columns} height={bodyHeight} offset={mode.offset} />
          ) : layout ? (
            <TabBody layout={layout} width={columns} height={bodyHeight} selected={at} />
          ) : (
            <Line text={loading ? `loading ${TAB_TITLES[tab]}…` : `${TAB_TITLES[tab]} could not be loaded`} tone="dim" />
          )}
        </Box>
        <Footer status={question?.text ?? status.text} tone={question || status.warn ? 'warn' : undefined} hints={hintsFor(mode, tab, question !== null)} width={columns} />
      </Box>
    </ColorContext.Provider>
  );
}

const ACTION_TITLES: Record<DashboardAction['action'], string> = {
  'liquidate-plan': 'Liquidation plan',
  'liquidate-apply': 'Liquidation applied',
  'restock-manifest': 'Restock manifest',
  'job-done': 'Jobs done',
  'job-cancel': 'Jobs cancelled',
};

function hintsFor(mode: Mode, tab: TabName, asking: boolean): KeyHint[] {
  if (asking) return [{ keys: 'y', does: 'yes' }, { keys: 'n', does: 'no' }];
  if (mode.kind === 'search') return [{ keys: 'type', does: 'to search' }, { keys: '↑/↓', does: 'move' }, { keys: 'enter', does: 'places' }, { keys: 'esc', does: 'back' }, { keys: 'ctrl-c', does: 'quit', keep: 9 }];
  if (mode.kind === 'detail') return [{ keys: 'j/k', does: 'scroll' }, { keys: 'esc', does: 'back', keep: 8 }, { keys: 'q', does: 'quit', keep: 9 }];
  const operations: KeyHint[] =
    tab === 'operations'
      ? [
          { keys: 'p', does: 'plan', keep: 7 },
          { keys: 'a', does: 'apply', keep: 7 },
          { keys: 'r', does: 'restock', keep: 7 },
          { keys: 'R', does: 'apply restock', keep: 6 },
          { keys: 'd', does: 'done', keep: 7 },
          { keys: 'c', does: 'cancel', keep: 7 },
        ]
      : [];
  return [
    { keys: '1-5', does: 'tabs', keep: 3 },
    { keys: '/', does: 'search', keep: 6 },
    { keys: 'j/k', does: 'move', keep: 2 },
    { keys: 'enter', does: 'detail', keep: 4 },
    ...operations,
    { keys: 'q', does: 'quit', keep: 9 },
  ];
}

function printable(input: string): boolean {
  return !/[\u0000-\u001f\u007f]/.test(input);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

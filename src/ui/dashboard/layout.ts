import type { Missing } from '../../core/dashboard/types.js';
import { missingLine } from '../../output/dashboard-format.js';
import type { Column } from '../components/Table.js';

/** One selectable list of a tab: a table whose selected row opens a detail pane. */
export interface Section<Row = unknown> {
  title: string;
  columns: ReadonlyArray<Column<Row>>;
  rows: readonly Row[];
  detail: (row: Row) => string[];
  /** Said instead of an empty table. */
  empty: string;
}

export interface HeadLine {
  text: string;
  tone?: 'title' | 'warn' | 'dim';
}

/** What a tab view gives the body: lines on top, then its lists. */
export interface TabLayout {
  head: HeadLine[];
  sections: Section[];
}

/** Erases the row type so sections of different rows fit one array. */
export function section<Row>(s: Section<Row>): Section {
  return s as unknown as Section;
}

/** The section and row the flat selection index points at. */
export function locate(sections: readonly Section[], selected: number): { section: number; row: number } | undefined {
  let index = selected;
  for (let s = 0; s < sections.length; s++) {
    const count = sections[s]!.rows.length;
    if (index < count) return { section: s, row: index };
    index -= count;
  }
  return undefined;
}

export function rowCount(layout: TabLayout): number {
  return layout.sections.reduce((sum, s) => sum + s.rows.length, 0);
}

/**
 * Lines each section gets (title and header included): a fair share each, what
 * a short section leaves over going to the others, the selected one first.
 */
export function allocate(sections: readonly Section[], room: number, selectedSection: number): number[] {
  const need = sections.map((s) => (s.rows.length === 0 ? 2 : 2 + s.rows.length));
  const fair = Math.floor(room / Math.max(1, sections.length));
  const given = need.map((n) => Math.min(n, fair));
  let left = room - given.reduce((a, b) => a + b, 0);
  const order = sections.map((_, i) => i).sort((a, b) => (a === selectedSection ? -1 : b === selectedSection ? 1 : a - b));
  for (const i of order) {
    const more = Math.min(left, need[i]! - given[i]!);
    given[i]! += more;
    left -= more;
  }
  return given;
}

/** First row shown of `count` when `visible` fit and `selected` must be among them, kept near the middle. */
export function windowStart(count: number, visible: number, selected: number): number {
  if (selected < 0 || count <= visible) return 0;
  return Math.max(0, Math.min(selected - Math.floor(visible / 2), count - visible));
}

/** A tab's missing parts first: what is not there yet and which command fills it. */
export function missingHead(missing: readonly Missing[]): HeadLine[] {
  return missing.map((m) => ({ text: missingLine(m), tone: 'warn' }));
}

import { Box } from 'ink';
import { fit, type Column } from '../components/Table.js';
import { windowStart } from './layout.js';
import { Line } from './Line.js';

const GAP = 2;
const MARK = '> ';

interface SelectTableProps<Row> {
  columns: ReadonlyArray<Column<Row>>;
  rows: readonly Row[];
  width: number;
  /** Lines for the header and the rows. */
  height: number;
  /** Index into rows, or -1 when the selection is elsewhere. */
  selected: number;
}

/**
 * A table that fits its box: columns fitted to the width as Table does
 * (widths from every row, so they hold still while scrolling), rows windowed
 * around the selection, which is marked with `>` rather than by colour alone.
 */
export function SelectTable<Row>({ columns, rows, width, height, selected }: SelectTableProps<Row>) {
  if (height < 1) return null;
  const all = rows.map((row) => columns.map((column) => column.value(row)));
  const natural = columns.map((column, i) => Math.max(column.header.length, ...all.map((r) => (r[i] ?? '').length)));
  const { shown, widths } = fit(columns, natural, width - MARK.length);
  const cell = (text: string, i: number) => {
    const w = widths[i]!;
    const cut = text.length > w ? `${text.slice(0, Math.max(0, w - 1))}…` : text;
    return columns[i]?.align === 'right' ? cut.padStart(w) : cut.padEnd(w);
  };
  const line = (cells: string[]) => shown.map((i) => cell(cells[i] ?? '', i)).join(' '.repeat(GAP)).trimEnd();
  const visible = Math.max(0, height - 1);
  const start = windowStart(all.length, visible, selected);
  return (
    <Box flexDirection="column">
      <Line text={`${' '.repeat(MARK.length)}${line(columns.map((c) => c.header))}`} tone="header" />
      {all.slice(start, start + visible).map((cells, i) => {
        const here = start + i === selected;
        return <Line key={start + i} text={`${here ? MARK : ' '.repeat(MARK.length)}${line(cells)}`} tone={here ? 'selected' : undefined} />;
      })}
    </Box>
  );
}

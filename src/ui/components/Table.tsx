import { Box, Text } from 'ink';

export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  align?: 'left' | 'right';
  /** May be cut (with "…") down to this many characters when the table is wider than its room. */
  shrinkTo?: number;
  /** Left out, last such column first, when cutting was not enough. */
  optional?: boolean;
}

interface TableProps<Row> {
  columns: ReadonlyArray<Column<Row>>;
  rows: readonly Row[];
  /** Characters a line may take (the terminal's width); unlimited when absent. */
  width?: number;
}

const GAP = 2;

/**
 * A plain aligned table; widths come from the content, headers are bold. Lines
 * end at their last character: padding past it would wrap into a blank line.
 * Given a width, it fits: shrinkable columns are cut first, then optional
 * columns dropped, so a row never wraps into the next line.
 */
export function Table<Row>({ columns, rows, width }: TableProps<Row>) {
  const all = rows.map((row) => columns.map((column) => column.value(row)));
  const natural = columns.map((column, i) => Math.max(column.header.length, ...all.map((r) => (r[i] ?? '').length)));
  const { shown, widths } = fit(columns, natural, width ?? Number.POSITIVE_INFINITY);
  const cell = (text: string, i: number) => {
    const w = widths[i]!;
    const cut = text.length > w ? `${text.slice(0, Math.max(0, w - 1))}…` : text;
    return columns[i]?.align === 'right' ? cut.padStart(w) : cut.padEnd(w);
  };
  const line = (cells: string[]) => shown.map((i) => cell(cells[i] ?? '', i)).join(' '.repeat(GAP)).trimEnd();
  return (
    <Box flexDirection="column">
      <Text bold>{line(columns.map((c) => c.header))}</Text>
      {all.map((row, r) => (
        <Text key={r}>{line(row)}</Text>
      ))}
    </Box>
  );
}

/**
 * Which columns to show and how wide, so that the line takes at most `room`
 * characters: shrinkable columns are cut as far as needed, the one with most
 * to spare first; when cutting them
 * to their floor is not enough, the last optional column goes and the cutting
 * starts again from full widths.
 */
export function fit<Row>(columns: ReadonlyArray<Column<Row>>, natural: readonly number[], room: number): { shown: number[]; widths: number[] } {
  let shown = columns.map((_, i) => i);
  for (;;) {
    const widths = [...natural];
    const total = () => shown.reduce((sum, i) => sum + widths[i]!, 0) + GAP * Math.max(0, shown.length - 1);
    // One character at a time from the column with the most to spare: long names lose most.
    for (let excess = total() - room; excess > 0; excess--) {
      const spare = (i: number) => widths[i]! - Math.min(columns[i]!.shrinkTo ?? Number.POSITIVE_INFINITY, natural[i]!);
      const widest = shown.filter((i) => columns[i]!.shrinkTo !== undefined && spare(i) > 0).sort((a, b) => spare(b) - spare(a))[0];
      if (widest === undefined) break;
      widths[widest]! -= 1;
    }
    const droppable = shown.filter((i) => columns[i]!.optional);
    if (total() <= room || droppable.length === 0) return { shown, widths };
    shown = shown.filter((i) => i !== droppable[droppable.length - 1]);
  }
}

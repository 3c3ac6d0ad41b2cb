import { Box, Text } from 'ink';

export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  align?: 'left' | 'right';
}

interface TableProps<Row> {
  columns: ReadonlyArray<Column<Row>>;
  rows: readonly Row[];
}

/**
 * A plain aligned table; widths come from the content, headers are bold. Lines
 * end at their last character: padding past it would wrap into a blank line.
 */
export function Table<Row>({ columns, rows }: TableProps<Row>) {
  const cells = rows.map((row) => columns.map((column) => column.value(row)));
  const widths = columns.map((column, i) => Math.max(column.header.length, ...cells.map((r) => (r[i] ?? '').length)));
  const pad = (text: string, i: number) =>
    columns[i]?.align === 'right' ? text.padStart(widths[i] ?? 0) : text.padEnd(widths[i] ?? 0);
  return (
    <Box flexDirection="column">
      <Text bold>{columns.map((c, i) => pad(c.header, i)).join('  ').trimEnd()}</Text>
      {cells.map((row, r) => (
        <Text key={r}>{row.map((cell, i) => pad(cell, i)).join('  ').trimEnd()}</Text>
      ))}
    </Box>
  );
}

/** What an aligned plain table needs of a column (src/ui/components/Table.tsx's Column has it too). */
export interface AlignedColumn<Row> {
  header: string;
  value: (row: Row) => string;
  align?: 'left' | 'right';
}

/**
 * Plain aligned lines for cron and pipes: header first, columns two spaces
 * apart, widths from the content, never cut; lines end at their last character.
 */
export function alignedLines<Row>(columns: ReadonlyArray<AlignedColumn<Row>>, rows: readonly Row[]): string[] {
  const cells = rows.map((row) => columns.map((c) => c.value(row)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) => values.map((v, i) => (columns[i]!.align === 'right' ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)];
}

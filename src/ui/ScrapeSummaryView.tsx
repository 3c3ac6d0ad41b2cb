import { Box, Text } from 'ink';
import { formatBytes, formatCount, formatDuration } from '../output/progress-board.js';
import { Table } from './components/Table.js';

interface Row {
  dataset: string;
  status: string;
  httpStatus: number | null;
  rows: number | null;
  bytes: number | null;
  durationMs: number;
  snapshotAt: string | null;
  error: string | null;
}

export function ScrapeSummaryView({ rows, footer }: { rows: Row[]; footer: string }) {
  const sorted = [...rows].sort((a, b) => a.dataset.localeCompare(b.dataset));
  return (
    <Box flexDirection="column">
      <Table
        columns={[
          { header: 'dataset', value: (r: Row) => r.dataset },
          { header: 'status', value: (r: Row) => r.status },
          { header: 'rows', value: (r: Row) => (r.rows ? formatCount(r.rows) : ''), align: 'right' },
          { header: 'size', value: (r: Row) => (r.bytes ? formatBytes(r.bytes) : ''), align: 'right' },
          { header: 'time', value: (r: Row) => formatDuration(r.durationMs), align: 'right' },
          { header: 'snapshot', value: (r: Row) => r.snapshotAt ?? '' },
          { header: 'note', value: (r: Row) => r.error ?? '' },
        ]}
        rows={sorted}
      />
      <Text bold>{footer}</Text>
    </Box>
  );
}

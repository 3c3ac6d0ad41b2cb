import { Box, Text } from 'ink';
import { formatBytes, formatCount, formatDuration } from '../output/progress-board.js';
import { errorWithoutUrl, type RegionTotals } from '../output/scrape-summary.js';
import { Table, type Column } from './components/Table.js';

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

interface Props {
  regions: RegionTotals[];
  rows: Row[];
  /** Every dataset (-v); otherwise only the failures. */
  everyDataset: boolean;
  footer: string;
}

const DATASET_COLUMNS: Array<Column<Row>> = [
  { header: 'dataset', value: (r) => r.dataset },
  { header: 'status', value: (r) => r.status },
  { header: 'rows', value: (r) => (r.rows ? formatCount(r.rows) : ''), align: 'right' },
  { header: 'size', value: (r) => (r.bytes ? formatBytes(r.bytes) : ''), align: 'right' },
  { header: 'time', value: (r) => formatDuration(r.durationMs), align: 'right' },
  { header: 'snapshot', value: (r) => r.snapshotAt ?? '' },
  { header: 'note', value: (r) => r.error ?? '' },
];

const FAILURE_COLUMNS: Array<Column<Row>> = [
  { header: 'failed', value: (r) => r.dataset },
  { header: 'http', value: (r) => (r.httpStatus === null ? '' : String(r.httpStatus)), align: 'right' },
  { header: 'time', value: (r) => formatDuration(r.durationMs), align: 'right' },
  { header: 'error', value: (r) => errorWithoutUrl(r.error ?? '') },
];

/** Totals per region, the failures (or with -v every dataset), and the one-line outcome. */
export function ScrapeSummaryView({ regions, rows, everyDataset, footer }: Props) {
  const listed = [...rows].filter((r) => everyDataset || r.status === 'failed').sort((a, b) => a.dataset.localeCompare(b.dataset, 'en', { numeric: true }));
  return (
    <Box flexDirection="column">
      <Table
        columns={[
          { header: 'region', value: (t: RegionTotals) => t.region },
          { header: 'datasets', value: (t: RegionTotals) => String(t.datasets), align: 'right' },
          { header: 'stored', value: (t: RegionTotals) => String(t.stored), align: 'right' },
          { header: 'unchanged', value: (t: RegionTotals) => String(t.unchanged), align: 'right' },
          { header: 'skipped', value: (t: RegionTotals) => String(t.skipped), align: 'right' },
          { header: 'failed', value: (t: RegionTotals) => String(t.failed), align: 'right' },
          { header: 'rows', value: (t: RegionTotals) => formatCount(t.rows), align: 'right' },
          { header: 'size', value: (t: RegionTotals) => formatBytes(t.bytes), align: 'right' },
        ]}
        rows={regions}
      />
      {listed.length > 0 && (
        <Box marginTop={1}>
          <Table columns={everyDataset ? DATASET_COLUMNS : FAILURE_COLUMNS} rows={listed} />
        </Box>
      )}
      <Text bold>{footer}</Text>
    </Box>
  );
}

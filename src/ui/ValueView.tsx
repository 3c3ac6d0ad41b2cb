import { Box, Text } from 'ink';
import type { ValueReport, ValueRow } from '../core/inventory/valuation.js';
import { formatGold, ownerLabel } from '../output/money.js';
import { formatCount } from '../output/progress-board.js';
import { Table } from './components/Table.js';

const money = (copper: number) => (copper ? formatGold(copper) : '');

export function ValueView({ report, summary }: { report: ValueReport; summary: string[] }) {
  const itemColumns = [
    { header: 'item', value: (r: ValueRow) => r.key },
    { header: 'count', value: (r: ValueRow) => formatCount(r.count ?? 0), align: 'right' as const },
    { header: 'each', value: (r: ValueRow) => (r.unitPrice != null ? formatGold(r.unitPrice) : ''), align: 'right' as const },
    { header: 'price', value: (r: ValueRow) => r.priceSource ?? '' },
    { header: 'value', value: (r: ValueRow) => formatGold(r.total), align: 'right' as const },
  ];
  const ownerColumns = [
    { header: report.by === 'character' ? 'owner' : report.by, value: (r: ValueRow) => ownerLabel(r) },
    { header: 'gold', value: (r: ValueRow) => money(r.gold), align: 'right' as const },
    { header: 'market', value: (r: ValueRow) => money(r.market), align: 'right' as const },
    { header: 'realm mkt', value: (r: ValueRow) => money(r.realmMarket), align: 'right' as const },
    { header: 'vendor', value: (r: ValueRow) => money(r.vendor), align: 'right' as const },
    { header: 'unpriced', value: (r: ValueRow) => (r.unpricedItems ? String(r.unpricedItems) : ''), align: 'right' as const },
    { header: 'total', value: (r: ValueRow) => formatGold(r.total), align: 'right' as const },
  ];
  return (
    <Box flexDirection="column">
      <Text bold color="green">
        {summary[0]}
      </Text>
      {summary.slice(1).map((line, i) => (
        <Text key={i}>{line}</Text>
      ))}
      <Box marginTop={1}>
        <Table columns={report.by === 'item' ? itemColumns : ownerColumns} rows={report.rows} />
      </Box>
      {report.moreRows > 0 && <Text color="gray">… {report.moreRows} more (--limit)</Text>}
    </Box>
  );
}

import { Box, Text } from 'ink';
import type { LiquidationPlan, SellRow } from '../core/liquidation/plan.js';
import { KEPT_SHOWN, headerLines, itemLabel, jobLine, keptByReason, keptLine, liquidity } from '../output/liquidation-format.js';
import { formatGold } from '../output/money.js';
import { formatCount } from '../output/progress-board.js';
import { Table } from './components/Table.js';

// Narrow terminals cut names first, then leave out where it is sold, how liquid and the price source.
const SELL_COLUMNS = [
  { header: 'holder', value: (r: SellRow) => r.holder + (r.stale ? ' (stale)' : ''), shrinkTo: 12 },
  { header: 'place', value: (r: SellRow) => r.location, shrinkTo: 6 },
  { header: 'item', value: (r: SellRow) => itemLabel(r), shrinkTo: 16 },
  { header: 'count', value: (r: SellRow) => formatCount(r.count), align: 'right' as const },
  { header: 'each', value: (r: SellRow) => formatGold(r.unitValue), align: 'right' as const },
  { header: 'value', value: (r: SellRow) => formatGold(r.value), align: 'right' as const },
  { header: 'price', value: (r: SellRow) => r.priceSource, optional: true },
  { header: 'liquidity', value: (r: SellRow) => liquidity(r), optional: true },
  { header: 'sold by', value: (r: SellRow) => (r.sellerAt === r.holder ? '' : r.sellerAt), optional: true },
];

export function LiquidateView({ plan, all, footer, width }: { plan: LiquidationPlan; all: boolean; footer: string[]; width: number }) {
  const [title, ...header] = headerLines(plan);
  const sell = [...plan.sell].sort((a, b) => b.value - a.value);
  return (
    <Box flexDirection="column">
      <Text bold color="green">
        {title}
      </Text>
      {header.map((line, i) => (
        <Text key={i}>{line}</Text>
      ))}
      {plan.warnings.map((w, i) => (
        <Text key={`w${i}`} color="yellow">
          warning: {w}
        </Text>
      ))}
      <Box marginTop={1}>{sell.length ? <Table columns={SELL_COLUMNS} rows={sell} width={width} /> : <Text>Nothing to sell.</Text>}</Box>
      {plan.jobs.length > 0 && (
        <Box marginTop={1} flexDirection="column">
          <Text bold>Jobs{footer.some((l) => l.startsWith('queued')) ? '' : ' (--apply queues them)'}</Text>
          {plan.jobs.map((job) => (
            <Text key={job.key}>  {jobLine(job)}</Text>
          ))}
        </Box>
      )}
      {plan.kept.length > 0 && (
        <Box marginTop={1} flexDirection="column">
          <Text bold>Kept</Text>
          {keptByReason(plan.kept).map((group) => {
            const shown = all ? group.rows : group.rows.slice(0, KEPT_SHOWN);
            return (
              <Box key={group.reason} flexDirection="column">
                <Text color="cyan">
                  {'  '}
                  {group.reason}: {formatCount(group.rows.length)} line(s), {formatCount(group.count)} item(s)
                </Text>
                {shown.map((row, i) => (
                  <Text key={i} color="gray">
                    {'    '}
                    {keptLine(row)}
                  </Text>
                ))}
                {shown.length < group.rows.length && <Text color="gray">    … {formatCount(group.rows.length - shown.length)} more (--all)</Text>}
              </Box>
            );
          })}
        </Box>
      )}
      {footer.map((line, i) => (
        <Text key={`f${i}`}>{line}</Text>
      ))}
    </Box>
  );
}

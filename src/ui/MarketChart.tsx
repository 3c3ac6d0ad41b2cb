import { Box, Text } from 'ink';
import type { MarketHistory } from '../core/goblin/market/history.js';
import { HISTORY_COLUMNS, columnChart, headerLine, measuresLine, sparkline } from '../output/market-format.js';
import { formatGold } from '../output/money.js';
import { formatCount } from '../output/progress-board.js';
import { Table } from './components/Table.js';

const CHART_HEIGHT = 8;
/** Cells per day: wide enough to read, narrow enough for 60 days in 180 columns. */
const cellWidth = (days: number) => (days <= 20 ? 3 : days <= 40 ? 2 : 1);

const widen = (line: string, width: number) => [...line].map((c) => c.repeat(width)).join('');

/** The price history as a column chart of market value, with min, quantity and sold beneath. */
export function MarketChart({ history, width }: { history: MarketHistory; width?: number }) {
  const days = history.days;
  const w = cellWidth(days.length);
  const value = columnChart(
    days.map((d) => d.marketValue),
    CHART_HEIGHT,
  );
  const min = days.map((d) => d.minPrice ?? 0);
  const axis = days.length > 0 ? `${days[0]!.day.slice(5)}${' '.repeat(Math.max(1, days.length * w - 10))}${days[days.length - 1]!.day.slice(5)}` : '';
  return (
    <Box flexDirection="column">
      <Text bold color="green">
        {headerLine(history)}
      </Text>
      <Text>{measuresLine(history)}</Text>
      {value.rows.length > 0 && (
        <Box flexDirection="column" marginTop={1}>
          <Text color="gray">
            market value: top {formatGold(value.high)}, base {formatGold(value.low)}
          </Text>
          {value.rows.map((row, i) => (
            <Text key={i} color="yellow">
              {widen(row, w)}
            </Text>
          ))}
          <Text color="gray">{axis}</Text>
          <Text>
            <Text color="cyan">{widen(sparkline(min), w)}</Text> <Text color="gray">min</Text>
          </Text>
          <Text>
            <Text color="blue">{widen(sparkline(days.map((d) => d.quantity)), w)}</Text>{' '}
            <Text color="gray">quantity (max {formatCount(Math.max(...days.map((d) => d.quantity)))})</Text>
          </Text>
          <Text>
            <Text color="magenta">{widen(sparkline(days.map((d) => d.sold)), w)}</Text>{' '}
            <Text color="gray">sold (max {formatCount(Math.max(...days.map((d) => d.sold)))})</Text>
          </Text>
        </Box>
      )}
      {days.length > 0 && (
        <Box marginTop={1}>
          <Table columns={HISTORY_COLUMNS} rows={days} {...(width !== undefined && { width })} />
        </Box>
      )}
    </Box>
  );
}

import { Box, Text } from 'ink';
import type { CraftReport, CraftRow } from '../core/goblin/craft/profit.js';
import { craftHeading, gold, marginText, notesText, outputName, soldText, tierText } from '../output/craft-format.js';
import { Table } from './components/Table.js';

const columns = [
  { header: 'recipe', value: (r: CraftRow) => r.recipeName, shrinkTo: 18 },
  { header: 'output', value: outputName, shrinkTo: 18 },
  { header: 'q', value: tierText },
  { header: 'cost', value: (r: CraftRow) => gold(r.reagentCost), align: 'right' as const },
  { header: 'value', value: (r: CraftRow) => gold(r.outputValue), align: 'right' as const },
  { header: 'profit', value: (r: CraftRow) => gold(r.profit), align: 'right' as const },
  { header: 'margin', value: marginText, align: 'right' as const },
  { header: 'sold/day', value: soldText, align: 'right' as const },
  { header: 'notes', value: notesText, shrinkTo: 20, optional: true },
];

export function CraftView({ report, width }: { report: CraftReport; width: number }) {
  return (
    <Box flexDirection="column">
      <Text bold color="green">
        {craftHeading(report)}
      </Text>
      {report.note !== null && <Text color="yellow">{report.note}</Text>}
      {report.rows.length > 0 && (
        <Box marginTop={1}>
          <Table columns={columns} rows={report.rows} width={width} />
        </Box>
      )}
      {unpriced(report.rows).map((line, i) => (
        <Text key={i} color="gray">
          {line}
        </Text>
      ))}
    </Box>
  );
}

/** The notes column is the first to go on a narrow terminal; why a cost is missing must not. */
function unpriced(rows: readonly CraftRow[]): string[] {
  const seen = new Map<number, string>();
  for (const r of rows) if (r.missingReagents.length && !seen.has(r.recipeId)) seen.set(r.recipeId, `no cost for ${r.recipeName}: no price for ${r.missingReagents.join(', ')}`);
  return [...seen.values()];
}

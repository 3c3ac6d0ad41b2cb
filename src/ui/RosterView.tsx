import { Box, Text } from 'ink';
import type { RosterRow } from '../core/skillweaver/roster.js';
import { ROSTER_COLUMNS, rosterSummary } from '../output/roster-format.js';
import { Table } from './components/Table.js';

export function RosterView({ rows, width }: { rows: readonly RosterRow[]; width: number }) {
  return (
    <Box flexDirection="column">
      <Text bold color="green">
        {rosterSummary(rows)}
      </Text>
      <Box marginTop={1}>{rows.length ? <Table columns={ROSTER_COLUMNS} rows={rows} width={width} /> : <Text>No characters yet: run holocron ingest.</Text>}</Box>
    </Box>
  );
}

import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { ResetResult } from '../core/weekly/reset.js';
import { HITLIST_COLUMNS, PRICE_COLUMNS, SHOPPING_COLUMNS, VAULT_COLUMNS, resetHeadline, shoppingTotal } from '../output/reset-format.js';
import { Table } from './components/Table.js';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold color="cyan">
        {title}
      </Text>
      {children}
    </Box>
  );
}

export function ResetView({ result, width }: { result: ResetResult; width: number }) {
  const b = result.board;
  return (
    <Box flexDirection="column">
      <Text bold color="green">
        {resetHeadline(result)}
      </Text>
      {b && (
        <>
          <Section title={`vault (${b.characters.length} character(s))`}>
            {b.characters.length ? <Table columns={VAULT_COLUMNS} rows={b.characters} width={width} /> : <Text>No characters in this region.</Text>}
          </Section>
          <Section title={`hitlist (${b.hitlist.length})`}>
            {b.hitlist.length ? <Table columns={HITLIST_COLUMNS} rows={b.hitlist} width={width} /> : <Text>Nothing one step short.</Text>}
          </Section>
          <Section title={shoppingTotal(result)}>{b.shopping.items.length > 0 && <Table columns={SHOPPING_COLUMNS} rows={b.shopping.items} width={width} />}</Section>
          {b.priceMoves && (
            <Section title={`price moves since the last reset (${b.priceMoves.length})`}>
              <Table columns={PRICE_COLUMNS} rows={b.priceMoves} width={width} />
            </Section>
          )}
        </>
      )}
      {result.notes.map((note) => (
        <Text key={note} color="yellow">
          note: {note}
        </Text>
      ))}
    </Box>
  );
}

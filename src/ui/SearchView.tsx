import { Box, Text } from 'ink';
import type { ItemPlace, SearchResult } from '../core/inventory/search.js';
import { hitTitle, morePlacesLine, shortTime as when } from '../output/search-format.js';
import { formatCount } from '../output/progress-board.js';
import { Table } from './components/Table.js';

export function SearchView({ result }: { result: SearchResult }) {
  const found = result.hits.filter((h) => h.total > 0);
  if (found.length === 0) return <Text color="yellow">no item matching "{result.query}" is held by any character, guild or warband</Text>;
  return (
    <Box flexDirection="column">
      {found.map((hit) => (
        <Box key={`${hit.itemId}:${hit.petSpeciesId ?? ''}`} flexDirection="column" marginBottom={1}>
          <Text bold color="cyan">
            {hitTitle(hit)}
          </Text>
          <Table
            columns={[
              { header: 'count', value: (p: ItemPlace) => formatCount(p.count), align: 'right' },
              { header: 'owner', value: (p: ItemPlace) => p.owner },
              { header: 'account', value: (p: ItemPlace) => p.account },
              { header: 'where', value: (p: ItemPlace) => p.place },
              { header: 'expires', value: (p: ItemPlace) => when(p.expiresAt) },
              { header: 'seen', value: (p: ItemPlace) => when(p.observedAt) },
            ]}
            rows={hit.places}
          />
          {hit.morePlaces > 0 && <Text dimColor>{morePlacesLine(hit.morePlaces)}</Text>}
        </Box>
      ))}
    </Box>
  );
}

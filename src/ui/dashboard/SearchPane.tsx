import { Box } from 'ink';
import type { ItemHit, SearchResult } from '../../core/inventory/search.js';
import { placeSummary } from '../../output/dashboard-format.js';
import { formatCount } from '../../output/progress-board.js';
import type { Column } from '../components/Table.js';
import { Line } from './Line.js';
import { SelectTable } from './SelectTable.js';

export interface SearchState {
  text: string;
  result: SearchResult | null;
  /** An answer for an older text is still being awaited. */
  pending: boolean;
  selected: number;
}

const COLUMNS: Column<ItemHit>[] = [
  { header: 'item', value: (h) => h.name ?? `item ${h.itemId}`, shrinkTo: 16 },
  { header: 'total', value: (h) => formatCount(h.total), align: 'right' },
  { header: 'biggest place', value: placeSummary, shrinkTo: 20 },
];

/** "Where is my [text]?" as you type, the items found under it. */
export function SearchPane({ search, width, height }: { search: SearchState; width: number; height: number }) {
  const hits = searchHits(search);
  const said = !search.text.trim()
    ? 'type part of a name, an item id or a link'
    : search.pending && !search.result
      ? 'searching…'
      : hits.length === 0 && search.result
        ? `no item matching "${search.result.query}" is held by any character, guild or warband`
        : '';
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Line text={`Where is my [${search.text}_]?${search.pending ? '  …' : ''}`} tone="title" />
      {said ? <Line text={said} tone="dim" /> : <SelectTable columns={COLUMNS} rows={hits} width={width} height={height - 1} selected={search.selected} />}
    </Box>
  );
}

export function searchHits(search: SearchState): ItemHit[] {
  return search.result?.hits.filter((h) => h.total > 0) ?? [];
}

import { Box } from 'ink';
import { formatCount } from '../../output/progress-board.js';
import { allocate, locate, type TabLayout } from './layout.js';
import { Line } from './Line.js';
import { SelectTable } from './SelectTable.js';

interface TabBodyProps {
  layout: TabLayout;
  width: number;
  height: number;
  selected: number;
}

/** A tab's head lines, then its lists sharing what height is left. */
export function TabBody({ layout, width, height, selected }: TabBodyProps) {
  const { head, sections } = layout;
  const at = locate(sections, selected);
  const headShown = head.slice(0, Math.max(0, height - 2 * sections.length));
  const room = height - headShown.length;
  const heights = allocate(sections, room, at?.section ?? 0);
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      {headShown.map((l, i) => (
        <Line key={`h${i}`} text={l.text} tone={l.tone} />
      ))}
      {sections.map((s, i) => {
        const lines = heights[i]!;
        if (lines <= 0) return null;
        const mine = at?.section === i ? at.row : -1;
        const count = s.rows.length;
        const position = mine >= 0 ? `${mine + 1}/${formatCount(count)}` : formatCount(count);
        return (
          <Box key={s.title} flexDirection="column">
            <Line text={count ? `${s.title} (${position})` : s.title} tone="title" />
            {count === 0 ? (
              <Line text={`  ${s.empty}`} tone="dim" />
            ) : (
              <SelectTable columns={s.columns} rows={s.rows} width={width} height={lines - 1} selected={mine} />
            )}
          </Box>
        );
      })}
    </Box>
  );
}

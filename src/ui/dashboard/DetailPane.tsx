import { Box } from 'ink';
import { Line } from './Line.js';

export interface Detail {
  title: string;
  lines: string[];
}

/** The selected row (or an action's result) in full; j/k scroll when it is longer than the pane. */
export function DetailPane({ detail, height, offset }: { detail: Detail; height: number; offset: number }) {
  const room = Math.max(0, height - 1);
  const start = Math.max(0, Math.min(offset, detail.lines.length - room));
  const more = detail.lines.length > room ? ` (${start + 1}–${Math.min(detail.lines.length, start + room)} of ${detail.lines.length})` : '';
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Line text={`${detail.title}${more}`} tone="title" />
      {detail.lines.slice(start, start + room).map((line, i) => (
        <Line key={start + i} text={line} />
      ))}
    </Box>
  );
}

import { Box } from 'ink';
import { Line } from './Line.js';

export interface Detail {
  title: string;
  lines: string[];
}

/**
 * The selected row (or an action's result) in full: long lines wrap rather
 * than lose their end; j/k scroll when it is longer than the pane.
 */
export function DetailPane({ detail, width, height, offset }: { detail: Detail; width: number; height: number; offset: number }) {
  const lines = detail.lines.flatMap((line) => wrap(line, width));
  const room = Math.max(0, height - 1);
  const start = Math.max(0, Math.min(offset, lines.length - room));
  const more = lines.length > room ? ` (${start + 1}–${Math.min(lines.length, start + room)} of ${lines.length})` : '';
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Line text={`${detail.title}${more}`} tone="title" />
      {lines.slice(start, start + room).map((line, i) => (
        <Line key={start + i} text={line} />
      ))}
    </Box>
  );
}

/** Breaks a line at spaces to `width` characters; continuation lines are indented by two. */
export function wrap(line: string, width: number): string[] {
  const out: string[] = [];
  let rest = line;
  while (rest.length > width) {
    const cut = rest.lastIndexOf(' ', width);
    const at = cut > width / 3 ? cut : width;
    out.push(rest.slice(0, at).trimEnd());
    rest = `  ${rest.slice(at).trimStart()}`;
  }
  out.push(rest);
  return out;
}

import { Box, Text } from 'ink';
import { useSyncExternalStore } from 'react';
import { formatBytes, formatCount, type ProgressBoard, type TaskLine } from '../output/progress-board.js';

const BAR_WIDTH = 24;
const STATE_COLOR: Record<TaskLine['state'], string> = {
  waiting: 'gray',
  running: 'cyan',
  done: 'green',
  failed: 'red',
  skipped: 'yellow',
};

/** One line per task: label, a bar when the total is known, counts and detail. */
export function ProgressView({ board }: { board: ProgressBoard }) {
  const { lines } = useSyncExternalStore(
    (listener) => board.subscribe(listener),
    () => board.snapshot(),
  );
  const width = Math.max(8, ...lines.map((l) => l.label.length));
  return (
    <Box flexDirection="column">
      <Text bold>{board.title}</Text>
      {lines.map((line) => (
        <Text key={line.id}>
          <Text color={STATE_COLOR[line.state]}>{line.label.padEnd(width)}</Text> {bar(line)} <Text dimColor>{amount(line)}</Text>{' '}
          {line.detail}
        </Text>
      ))}
    </Box>
  );
}

function bar(line: TaskLine): string {
  const fraction = line.state === 'done' ? 1 : line.total ? Math.min(1, line.done / line.total) : 0;
  const filled = Math.round(fraction * BAR_WIDTH);
  return `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
}

function amount(line: TaskLine): string {
  const show = line.unit === 'bytes' ? formatBytes : formatCount;
  return line.total ? `${show(line.done)}/${show(line.total)}` : show(line.done);
}

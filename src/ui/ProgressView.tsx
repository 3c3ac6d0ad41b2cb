import { Box, Static, Text } from 'ink';
import { useSyncExternalStore } from 'react';
import { boardFrame, type SegmentStyle } from '../output/board-layout.js';
import type { ProgressBoard } from '../output/progress-board.js';
import { useTerminalSize } from './use-terminal-size.js';

const STYLE: Record<SegmentStyle, { bold?: boolean; color?: string; dimColor?: boolean }> = {
  title: { bold: true },
  running: { color: 'cyan' },
  failed: { color: 'red' },
  dim: { dimColor: true },
};

/**
 * The live board: log lines written meanwhile scroll above it (Static); below
 * them the frame of board-layout, re-fitted whenever the terminal is resized.
 * Each line is cut at the terminal's width rather than wrapped.
 */
export function ProgressView({ board }: { board: ProgressBoard }) {
  const snapshot = useSyncExternalStore(
    (listener) => board.subscribe(listener),
    () => board.snapshot(),
  );
  const size = useTerminalSize();
  return (
    <>
      <Static items={snapshot.notes}>{(note) => <Text key={note.id}>{note.text}</Text>}</Static>
      <Box flexDirection="column" width={size.columns}>
        {boardFrame(board, snapshot, size).map((line) => (
          <Text key={line.key} wrap="truncate-end">
            {line.segments.map((segment, i) => (
              <Text key={i} {...(segment.style ? STYLE[segment.style] : {})}>
                {segment.text}
              </Text>
            ))}
          </Text>
        ))}
      </Box>
    </>
  );
}

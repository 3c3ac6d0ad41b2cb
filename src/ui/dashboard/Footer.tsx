import { Box } from 'ink';
import { Line } from './Line.js';

export interface KeyHint {
  keys: string;
  does: string;
  /** Lower goes first when the line is too narrow for all. */
  keep?: number;
}

/**
 * The status line (the last action's outcome, or the question being asked)
 * over the key line. Hints that do not fit are left out, least needed first,
 * so "q quit" never goes.
 */
export function Footer({ status, hints, width, tone }: { status: string; hints: readonly KeyHint[]; width: number; tone?: 'warn' | undefined }) {
  return (
    <Box flexDirection="column">
      <Line text={status} tone={tone} />
      <Line text={hintLine(hints, width)} tone="dim" />
    </Box>
  );
}

export function hintLine(hints: readonly KeyHint[], width: number): string {
  const text = (shown: readonly KeyHint[]) => shown.map((h) => `${h.keys} ${h.does}`).join('  ');
  let shown = [...hints];
  while (text(shown).length > width && shown.length > 1) {
    const least = shown.reduce((low, h) => ((h.keep ?? 5) < (low.keep ?? 5) ? h : low));
    shown = shown.filter((h) => h !== least);
  }
  return text(shown);
}

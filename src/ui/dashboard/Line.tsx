import { Text } from 'ink';
import { useColor } from './style.js';

export type Tone = 'title' | 'warn' | 'dim' | 'selected' | 'header' | 'active';

const STYLE: Record<Tone, { bold?: boolean; dimColor?: boolean; color?: string }> = {
  title: { bold: true, color: 'cyan' },
  warn: { color: 'yellow' },
  dim: { dimColor: true },
  selected: { bold: true, color: 'green' },
  header: { bold: true },
  active: { bold: true, color: 'cyan' },
};

/** One screen line: never wraps (a wrapped line would push the frame past the terminal's height). */
export function Line({ text, tone }: { text: string; tone?: Tone | undefined }) {
  const color = useColor();
  const style = color && tone ? STYLE[tone] : {};
  return (
    <Text wrap="truncate-end" {...style}>
      {text || ' '}
    </Text>
  );
}

import { Box, Text } from 'ink';
import { TAB_NAMES, TAB_TITLES, type TabName } from '../../core/dashboard/types.js';
import { useColor } from './style.js';

/** "Holocron  [1 Home]  2 Market …" and on the right what is going on; the active tab is bracketed, not only coloured. */
export function TabBar({ active, width, note }: { active: TabName; width: number; note: string }) {
  const color = useColor();
  const labels = TAB_NAMES.map((name, i) => (name === active ? `[${i + 1} ${TAB_TITLES[name]}]` : ` ${i + 1} ${TAB_TITLES[name]} `));
  const used = 'Holocron '.length + labels.join('').length;
  const right = note.length <= width - used - 1 ? note.padStart(width - used) : '';
  return (
    <Box>
      <Text wrap="truncate-end">
        <Text bold={color}>Holocron </Text>
        {labels.map((label, i) => (
          <Text key={label} {...(color && TAB_NAMES[i] === active ? { bold: true, color: 'cyan' } : {})}>
            {label}
          </Text>
        ))}
        <Text dimColor={color}>{right}</Text>
      </Text>
    </Box>
  );
}

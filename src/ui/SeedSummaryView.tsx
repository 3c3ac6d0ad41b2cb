import { Box, Text } from 'ink';

export function SeedSummaryView({ lines }: { lines: string[] }) {
  return (
    <Box flexDirection="column">
      <Text bold color="cyan">holocron seed</Text>
      {lines.map((line, i) => (
        <Text key={i} color={/ [1-9][\d,]* failed/.test(line) ? 'red' : undefined}>
          {line}
        </Text>
      ))}
    </Box>
  );
}

import { Box, Text } from 'ink';

interface FieldsProps {
  title?: string;
  fields: ReadonlyArray<readonly [string, string]>;
}

/** Label/value pairs with aligned labels, as in `db status`. */
export function Fields({ title, fields }: FieldsProps) {
  const width = Math.max(...fields.map(([label]) => label.length));
  return (
    <Box flexDirection="column">
      {title ? <Text bold color="cyan">{title}</Text> : null}
      {fields.map(([label, value]) => (
        <Text key={label}>
          <Text dimColor>{label.padEnd(width)}</Text>  {value}
        </Text>
      ))}
    </Box>
  );
}

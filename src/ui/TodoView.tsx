import { Box, Text } from 'ink';
import type { TodoList } from '../core/weekly/todo.js';
import { TODO_COLUMNS, emptyNote, numbered, todoSummary } from '../output/todo-format.js';
import { Table } from './components/Table.js';

export function TodoView({ list, width }: { list: TodoList; width: number }) {
  return (
    <Box flexDirection="column">
      <Text bold color="green">
        {todoSummary(list)}
      </Text>
      <Box marginTop={1}>{list.items.length ? <Table columns={TODO_COLUMNS} rows={numbered(list.items)} width={width} /> : <Text>{emptyNote(list)}</Text>}</Box>
    </Box>
  );
}
